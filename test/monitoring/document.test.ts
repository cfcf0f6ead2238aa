import { evaluationDocumentHtml, evaluationDocumentView } from '../../src/monitoring/document';
import type { Evaluation } from '../../src/monitoring/evaluation';
import { emptyEvaluationFixture, evaluationFixture, PLAN_CONTEXT } from './evaluation-fixture';

const MINUS = '\u2212';

function html(evaluation: Evaluation = evaluationFixture(), lang: 'id' | 'en' = 'id', options: { selfContained?: boolean } = {}): Promise<string> {
  return evaluationDocumentHtml(evaluation, { lang, generatedOn: '2027-07-05', selfContained: options.selfContained ?? true });
}

/** The markup of one section, from its heading to the next section. */
function section(page: string, id: string): string {
  const start = page.indexOf(`id="${id}"`);
  expect(start).toBeGreaterThan(-1);
  const end = page.indexOf('<section', start);
  return page.slice(start, end === -1 ? undefined : end);
}

/** The text a reader sees: tags, the stylesheet and attribute values left out. */
function visibleText(page: string): string {
  return page
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

describe('the evaluation report (HTML)', () => {
  let page: string;
  beforeAll(async () => {
    page = await html();
  });

  it('is an Indonesian HTML document with no script', () => {
    expect(page).toMatch(/^<!doctype html>\s*<html lang="id">/);
    expect(page).not.toMatch(/<script/i);
  });

  it('has a cover with the organisation, the report and its period, the plan and the date written out', () => {
    const cover = page.slice(page.indexOf('class="ev-cover"'), page.indexOf('</header>'));
    expect(cover).toContain('Direktorat Contoh');
    expect(cover).toContain('<h1><span class="ev-kind">Laporan Evaluasi Kinerja — TW II 2027</span>');
    expect(cover).toContain('Rencana Kinerja 2027–2029');
    expect(cover).toContain('Periode 2027–2029');
    expect(cover).toContain('Keadaan per 30 Juni 2027; capaian dihitung kumulatif sejak 1 Januari 2027.');
    expect(cover).toContain('5 Juli 2027');
  });

  it('opens with an executive summary: the NKO large with its status in words, every perspective, the key points and the questions', () => {
    const summary = section(page, 'ev-summary-h');
    expect(summary).toContain('<p class="ev-nko-value">97,4</p>');
    expect(summary).toMatch(/<span class="ev-status ev-status-yellow"><svg[^>]*aria-hidden="true"[^>]*>.*?<\/svg>Kuning<\/span>/);
    expect(summary).toContain('indeks 80 sampai di bawah 100');
    expect(summary).toMatch(/<th scope="row">Proses Bisnis Internal<\/th><td class="num">30%<\/td><td class="num">90,0<\/td>/);
    expect(summary.match(/<li>/g)?.length).toBe(6 + 3);
    expect(summary).toContain('Belum dilaporkan: IKU 3.2 (Budi Santoso, S.Kom.).');
    expect(summary).toContain('apakah asumsi strategi mungkin keliru');
  });

  it('colours the strategy map by each objective’s status, with the status also in the box title and in a text list', () => {
    const map = section(page, 'ev-map-h');
    const box = (id: number) => {
      const start = map.indexOf(`data-objective="${id}"`);
      return map.slice(start, map.indexOf('</g>', start));
    };
    // Red, yellow and green tints of the strategy map, and the words behind them.
    expect(box(3)).toContain('fill="#fbe3e0"');
    expect(box(3)).toContain('SS3 Meningkatnya kepatuhan terhadap SOP — Merah (indeks di bawah 80)');
    expect(box(2)).toContain('fill="#fcf1cc"');
    expect(box(1)).toContain('fill="#ddf0df"');
    expect(map).toContain('<li>SS3 Meningkatnya kepatuhan terhadap SOP — Merah (70,0)</li>');
    expect(map).toContain('<li>SS5 Meningkatnya kompetensi SDM → mendorong → SS3 Meningkatnya kepatuhan terhadap SOP</li>');
    expect(map).toContain('aria-describedby="ev-map-status-h"');
  });

  it('prints every indicator with its code, name, person in charge, target, realisation, achievement, index and status word', () => {
    const indicators = section(page, 'ev-indicators-h');
    const evaluation = evaluationFixture();
    for (const indicator of evaluation.indicators) {
      expect(indicators).toContain(`<td class="ev-code">${indicator.code}</td>`);
      expect(indicators).toContain(`<th scope="row">${indicator.name}`);
    }
    expect(indicators.match(/<th scope="row">/g)).toHaveLength(evaluation.indicators.length);
    expect(indicators).toMatch(/IKU 3\.1<\/td>\s*<th scope="row">Persentase layanan sesuai SOP<\/th>\s*<td>Budi Santoso, S\.Kom\.<\/td>\s*<td class="num">50%<\/td>\s*<td class="num">35%<\/td>\s*<td class="num">70,0%<\/td>\s*<td class="num">70,0%<\/td>\s*<td><span class="ev-status ev-status-red">/);
    // A range indicator shows its range as the target.
    expect(indicators).toContain('<td class="num">40–60%</td>');
    for (const word of ['Hijau', 'Kuning', 'Merah']) expect(indicators).toContain(`</svg>${word}</span>`);
    expect(indicators.match(/<th scope="col"/g)).toHaveLength(8);
    expect(indicators).toContain('<caption id="ev-indicators-caption">');
  });

  it('names an indicator without a realisation as not reported, never as 0', () => {
    const indicators = section(page, 'ev-indicators-h');
    const row = indicators.slice(indicators.indexOf('IKU 3.2'), indicators.indexOf('</tr>', indicators.indexOf('IKU 3.2')));
    expect(row).toContain('<td class="num ev-missing">belum dilaporkan</td>');
    expect(row).toContain('<span class="ev-status ev-status-none">Belum dilaporkan</span>');
    expect(row).not.toMatch(/>0(,0)?%?</);
  });

  it('draws an S-curve per spending type and for the total, each an image with its figures in words and a table of the months beside it', () => {
    const budget = section(page, 'ev-budget-h');
    expect(budget.match(/<svg[^>]*class="chart-svg absorption-chart"/g)).toHaveLength(4);
    expect(budget).toContain('aria-label="Kurva serapan Belanja Barang (52). serapan s.d. Juni 31,3%; rencana s.d. Juni 42,5%; target TW II 2027 40,0%."');
    expect(budget.match(/<table class="ev-table ev-months">/g)).toHaveLength(4);
    // A month outside the RPD tolerance is marked with a symbol and in words, not by colour.
    expect(budget).toContain('<td class="num ev-outside">45,0%<span aria-hidden="true"> ▲</span><span class="sr-only"> (di luar toleransi)</span></td>');
    expect(budget).toMatch(/Jumlah<\/th>\s*<td class="num nowrap">2\.450\.000\.000<\/td>\s*<td class="num nowrap">50\.000\.000<\/td>\s*<td class="num nowrap">2\.400\.000\.000<\/td>\s*<td class="num nowrap">883\.200\.000<\/td>\s*<td class="num">36,8%<\/td>\s*<td class="num">40,0%<\/td>\s*<td>Belum tercapai<\/td>/);
    expect(budget).toContain('Target serapan triwulanan (15/40/60/90%) adalah setelan bawaan aplikasi, bukan ketentuan resmi.');
  });

  it('lists the actions behind by person in charge, the survey changes with their verdict, and the reminders', () => {
    const behind = section(page, 'ev-behind-h');
    expect(behind).toContain('Penanggung jawab: Agus Pratama');
    expect(behind).toContain('<th scope="row">Percepatan pengadaan barang dan jasa</th>');
    expect(behind).toContain('Melewati tenggat');
    expect(behind).toContain('belum pernah');
    const survey = section(page, 'ev-survey-h');
    expect(survey).toContain('Survei Awal 2026 → Survei Evaluasi 2027');
    expect(survey).toContain('<td>tidak berubah (dalam batas galat)</td>');
    expect(survey).toContain('<td class="ev-significant">naik, bermakna (p &lt; 0,001)</td>');
    expect(survey).toContain(`${MINUS}0,15`);
    const reminders = section(page, 'ev-reminders-h');
    expect(reminders).toContain('Realisasi IKU 3.2 Jumlah temuan ketidakpatuhan SOP untuk TW II 2027');
    expect(reminders).toContain('(belum pernah melapor)');
  });

  it('ends with the signature block of the plan’s signatory', () => {
    const signature = section(page, 'ev-signature-h');
    expect(signature).toContain('Jakarta, 5 Juli 2027');
    expect(signature).toContain('Direktur Contoh');
    expect(signature).toContain('Dr. Siti Rahmawati, M.Si.');
    expect(signature).toContain('NIP 197501012000032001');
  });

  it('writes no NaN, undefined or null anywhere, nor a placeholder left unfilled', () => {
    const withoutStyle = page.replace(/<style>[\s\S]*?<\/style>/, '');
    expect(withoutStyle).not.toMatch(/NaN|undefined|null/);
    expect(visibleText(page)).not.toMatch(/\{\w+\}|evaluation\.(doc|narrative|status)/);
  });

  it('is self-contained: its stylesheet inlined under a Content Security Policy, and not one web address in the file', () => {
    expect(page).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'sha256-');
    expect(page).toContain('.evaluation-document');
    expect(page).not.toMatch(/https?:/);
    expect(page).not.toMatch(/<(img|link|iframe|object)\b/);
  });

  it('gives every table a caption and every header cell a scope', () => {
    const tables = page.match(/<table[\s\S]*?<\/table>/g) ?? [];
    expect(tables.length).toBeGreaterThanOrEqual(8);
    for (const table of tables) {
      expect(table).toMatch(/<caption/);
      expect(table.match(/<th(?=[\s>])(?![^>]*scope=)/g)).toBeNull();
    }
  });
});

describe('the evaluation report in other cases', () => {
  it('links the stylesheet instead when it is not self-contained (the page in the app)', async () => {
    const page = await html(evaluationFixture(), 'id', { selfContained: false });
    expect(page).toContain('<link rel="stylesheet" href="/static/potret.css">');
    expect(page).not.toContain('Content-Security-Policy');
  });

  it('is written in English with lang=en: English labels, decimal points, English names', async () => {
    const page = await html(evaluationFixture('en'), 'en');
    expect(page).toMatch(/<html lang="en">/);
    expect(page).toContain('Performance Evaluation Report — Q2 2027');
    expect(page).toContain('<p class="ev-nko-value">97.4</p>');
    expect(page).toContain('</svg>Yellow</span>');
    expect(page).toContain('5 July 2027');
    expect(page).toContain('2,450,000,000');
    expect(page).toContain('unchanged (within the margin of error)');
    expect(page).toContain('Stakeholder satisfaction: not measured yet — there is no public satisfaction survey yet.');
  });

  it('says in words what is missing when nothing is reported, no budget is entered, no link drawn and no signatory named', async () => {
    const page = await html(emptyEvaluationFixture(), 'id');
    expect(page).toContain('<p class="ev-nko-value">—</p>');
    expect(page).toContain('belum dapat dihitung: belum ada realisasi yang dilaporkan');
    expect(page).toContain('Organisasi belum diisi');
    expect(page).toContain('Anggaran tahun 2027 belum dicatat, sehingga serapan anggaran belum dapat dinilai.');
    expect(page).toContain('Tidak ada rencana aksi yang tertinggal atau melewati tenggat.');
    expect(page).toContain('Belum ada perbandingan survei');
    expect(page).toContain('Tidak ada laporan yang ditunggu.');
    expect(section(page, 'ev-signature-h').match(/class="ev-blank/g)?.length).toBeGreaterThanOrEqual(4);
    expect(page.match(/<td class="num ev-missing">belum dilaporkan<\/td>/g)).toHaveLength(7);
    expect(page.replace(/<style>[\s\S]*?<\/style>/, '')).not.toMatch(/NaN|undefined|null/);
  });

  it('escapes names from user input: a <script> in an objective name is text, also in the map', async () => {
    const evaluation = evaluationFixture();
    evaluation.objectives[0].name = '<script>alert("x")</script> Layanan';
    const page = await html(evaluation);
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('&lt;script&gt;');
  });

  it("builds the view from the evaluation alone: the map's arrows are the plan's links it carries", () => {
    const view = evaluationDocumentView(evaluationFixture(), { lang: 'id', generatedOn: '2027-07-05' });
    expect(view.map.svg).toContain('data-cause');
    expect(view.map.links).toHaveLength(PLAN_CONTEXT.links.length);
    expect(view.map.statuses).toHaveLength(5);
    expect(view.signature.name).toBe(PLAN_CONTEXT.signatory.name);
    const unlinked = evaluationDocumentView({ ...evaluationFixture(), links: [] }, { lang: 'id', generatedOn: '2027-07-05' });
    expect(unlinked.map.svg).not.toContain('data-cause');
  });
});
