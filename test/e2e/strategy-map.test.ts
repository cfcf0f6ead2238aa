import type { Browser } from 'playwright-core';
import { strategyMapSvg, type StrategyMapInput, type StrategyMapLabels } from '../../src/plan/strategy-map';
import { launchBrowser } from './browser';

jest.setTimeout(60_000);

const labels: StrategyMapLabels = {
  leadsTo: 'menyebabkan',
  status: { red: 'Merah (< 80 %)', yellow: 'Kuning (80–< 100 %)', green: 'Hijau (≥ 100 %)' },
  noObjectives: 'Belum ada sasaran',
};

/** Names chosen to be hard to fit: long Indonesian names, capitals, wide letters, one unbroken word. */
const names = [
  'Meningkatnya kepercayaan masyarakat terhadap pengelolaan keuangan daerah',
  'TERWUJUDNYA AKUNTABILITAS KINERJA INSTANSI PEMERINTAH',
  'Meningkatnya kepuasan pengguna layanan',
  'Mewujudkan WBK/WBBM menuju birokrasi bersih dan melayani',
  'Informasi publik yang mudah diakses',
  'Proses bisnis yang efektif dan efisien',
  'Pengendalian intern yang andal',
  'Perencanaan dan penganggaran berbasis kinerja',
  'Digitalisasilayananterpaduberbasiselektronik',
  'SDM yang kompeten dan berintegritas',
  'Sistem informasi yang terintegrasi',
  'Organisasi yang adaptif & <responsif> "cepat"',
];
const plan: StrategyMapInput = {
  title: 'Peta strategi — Rencana 2027',
  perspectives: [
    { code: 'S', name: 'Perspektif Pemangku Kepentingan' },
    { code: 'C', name: 'Perspektif Pelanggan' },
    { code: 'P', name: 'Perspektif Proses Bisnis Internal' },
    { code: 'L', name: 'Perspektif Pembelajaran dan Pertumbuhan' },
  ],
  objectives: names.map((name, index) => ({
    id: index + 1,
    code: index === 3 ? 'SS-PELANGGAN-04' : `SS${index + 1}`,
    name,
    perspective: ['S', 'S', 'C', 'C', 'C', 'P', 'P', 'P', 'P', 'L', 'L', 'L'][index],
    status: (['green', 'yellow', 'red', null] as const)[index % 4],
  })),
  links: [[10, 6], [10, 7], [11, 9], [12, 8], [6, 3], [9, 4], [9, 5], [3, 1], [4, 1], [7, 2], [8, 2], [9, 6], [3, 5], [11, 4], [10, 2], [5, 7]].map(([cause, effect]) => ({ cause, effect })),
};

describe('the strategy map in a real browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders under a policy that forbids styles, with every line of text inside its box in the browser font', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const violations: string[] = [];
    page.on('console', (message) => violations.push(message.text()));
    await page.setContent(
      `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body>${strategyMapSvg(plan, labels)}</body></html>`,
    );
    const overflow = await page.evaluate(() =>
      Array.from(document.querySelectorAll('g[data-objective]')).flatMap((group) => {
        const box = (group.querySelector('rect') as SVGRectElement).getBBox();
        return Array.from(group.querySelectorAll('text'))
          .map((line) => ({ line, bounds: line.getBBox() }))
          .filter(({ bounds }) => bounds.x < box.x || bounds.x + bounds.width > box.x + box.width || bounds.y < box.y || bounds.y + bounds.height > box.y + box.height)
          .map(({ line }) => `${group.getAttribute('data-objective')}: ${line.textContent}`);
      }),
    );
    expect(overflow).toEqual([]);
    // The band names fit across the map, and the links are drawn (a bad path would have no length).
    expect(await page.evaluate(() => Array.from(document.querySelectorAll('path[data-cause]')).filter((path) => (path as SVGPathElement).getTotalLength() > 0).length)).toBe(plan.links.length);
    expect(violations.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
    await page.close();
  });
});
