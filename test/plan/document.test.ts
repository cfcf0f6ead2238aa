import { strategyDocumentHtml, strategyDocumentView, strategyMapFor } from '../../src/plan/document';
import { createPlan } from '../../src/plan/service';
import { showPlan } from '../../src/plan/show';
import { freshDb } from '../helpers';
import { ACTION_TITLES, documentedShow, PICS } from './document-fixtures';
import { NOW, REPORT_SETTINGS } from './fixtures';

const MINUS = '\u2212';

function html(lang: 'id' | 'en' = 'id', options: Parameters<typeof documentedShow>[2] = {}): Promise<string> {
  return strategyDocumentHtml(documentedShow(freshDb(), lang, options), { lang, selfContained: true, generatedOn: '2027-01-10' });
}

/** The text of one section, from its heading to the next section. */
function section(page: string, id: string): string {
  const start = page.indexOf(`id="${id}"`);
  expect(start).toBeGreaterThan(-1);
  const end = page.indexOf('<section', start);
  return page.slice(start, end === -1 ? undefined : end);
}

describe('the strategy document (HTML)', () => {
  let page: string;
  beforeAll(async () => {
    page = await html();
  });

  it('is an Indonesian HTML document with no script', () => {
    expect(page).toMatch(/^<!doctype html>\s*<html lang="id">/);
    expect(page).not.toMatch(/<script/i);
  });

  it('has a cover with the organisation, the kind of document, the plan, the period and the date written out', () => {
    const cover = page.slice(page.indexOf('class="doc-cover"'), page.indexOf('</header>'));
    expect(cover).toContain('Direktorat Contoh');
    expect(cover).toContain('Dokumen Strategi');
    expect(cover).toContain('Rencana Kinerja 2027');
    expect(cover).toContain('Periode 2027');
    expect(cover).toContain('10 Januari 2027');
    expect(cover).toContain('<h1>');
  });

  it('states the vision, every mission line and every value', () => {
    const direction = section(page, 'doc-direction-h');
    expect(direction).toContain('Menjadi direktorat yang profesional, akuntabel dan melayani.');
    expect(direction).toContain('<li>Membangun SDM yang kompeten dan berintegritas</li>');
    expect(direction).toContain('<li>Sinergi</li>');
  });

  it('summarises the interviews (who, position, date) and the themes per perspective with their counts', () => {
    const aspirations = section(page, 'doc-aspirations-h');
    expect(aspirations).toContain('<th scope="row">Ir. Hendra Wijaya</th><td>Kepala Subdirektorat A</td><td class="nowrap">3 Desember 2026</td>');
    expect(aspirations).toContain('Proses Bisnis Internal: 2 tema dari 2 narasumber');
    expect(aspirations).toContain('Keuangan: 1 tema dari 1 narasumber');
    expect(aspirations).toContain('SOP yang dipatuhi semua pegawai');
    // A theme without a perspective code is not lost.
    expect(aspirations).toContain('Tema tanpa perspektif');
    expect(aspirations).toContain('Budaya kerja yang terjaga');
  });

  it('gives strengths and weaknesses their diagnosis figures with decimal commas, the signed gap and the 95 % interval', () => {
    const situation = section(page, 'doc-situation-h');
    // Work culture: mean 4.5, target 4, interval 4.4336–4.5664 (report fixture).
    expect(situation).toMatch(/S1<\/th>\s*<td>Budaya Kerja<\/td>\s*<td class="num">4,50<\/td>\s*<td class="num">4,00<\/td>\s*<td class="num">\+0,50<\/td>\s*<td class="num nowrap">4,43–4,57<\/td>/);
    expect(situation).toMatch(new RegExp(`W1</th>\\s*<td>Kepatuhan terhadap Standar dan Prosedur</td>\\s*<td class="num">2,50</td>\\s*<td class="num">4,00</td>\\s*<td class="num doc-below">${MINUS}1,50</td>\\s*<td class="num nowrap">2,43–2,57</td>`));
    expect(situation).toContain('Gap (skor − target)');
    expect(situation).toContain('<span class="doc-code">O1</span> Kebijakan transformasi digital pemerintah (SPBE)');
    expect(situation).toContain('<span class="doc-code">T2</span> Pemotongan anggaran di tengah tahun');
  });

  it('lays the TOWS options out in a 2 × 2 matrix, each with the codes of the factors it cites', () => {
    const situation = section(page, 'doc-situation-h');
    const tows = situation.slice(situation.indexOf('class="doc-table doc-tows"'));
    expect(tows).toContain('<th scope="col">Kekuatan (S)</th><th scope="col">Kelemahan (W)</th>');
    expect(tows).toContain('<th scope="row">Peluang (O)</th>');
    expect(tows).toContain('<th scope="row">Ancaman (T)</th>');
    expect(tows).toContain('<span class="doc-code">SO1</span> Memanfaatkan budaya kerja yang kuat untuk mempercepat layanan digital <span class="doc-factors-cited">(Faktor: S1, O1)</span>');
    expect(tows).toContain('(Faktor: W2, O2)');
    expect(tows).toContain('(Faktor: W1, T2)');
    // SO and WO share the opportunities row, in that order.
    expect(tows.indexOf('SO1')).toBeLessThan(tows.indexOf('WO1'));
    expect(tows.indexOf('WO1')).toBeLessThan(tows.indexOf('ST1'));
  });

  it('draws the strategy map and lists every link as text', () => {
    const map = section(page, 'doc-map-h');
    expect(map).toContain('<svg');
    expect(map).toContain('role="img"');
    const links = map.slice(map.indexOf('doc-map-links-h'));
    expect(links.match(/<li>/g)).toHaveLength(6);
    expect(links).toContain('SS5 Meningkatnya kompetensi SDM → mendorong → SS3 Meningkatnya kepatuhan terhadap SOP');
  });

  it('lists the objectives per perspective with the gaps they answer and their indicators', () => {
    const objectives = section(page, 'doc-objectives-h');
    expect(objectives).toContain('<h3>Pembelajaran dan Pertumbuhan</h3>');
    expect(objectives).toContain('Meningkatnya kompetensi SDM');
    expect(objectives).toContain(`Pengembangan Kompetensi SDM (LG-HR): skor 2,50, gap ${MINUS}1,50`);
    expect(objectives).toContain('<th scope="row">Rata-rata jam pelatihan per pegawai</th><td class="num">20</td><td>JP</td>');
    // A target with decimals keeps them, with a comma.
    expect(objectives).toContain('<td class="num">60,5</td>');
    // An objective without indicators says so.
    expect(objectives).toContain('Belum ada indikator.');
  });

  it('prints every action with its person in charge, quarters, budget in rupiah and status in words', () => {
    const actions = section(page, 'doc-actions-h');
    for (const title of ACTION_TITLES) expect(actions).toContain(title);
    for (const pic of PICS) expect(actions).toContain(pic);
    expect(actions).toContain('Rp 12.500.000');
    expect(actions).toContain('Rp 4.750.000');
    expect(actions).toContain('Rp 0');
    // The total leaves the cancelled action (Rp 25.000.000) out: 193,500,000 − 25,000,000.
    expect(actions).toContain('Rp 168.500.000');
    expect(actions).toContain('Sesuai jadwal');
    expect(actions).toContain('Dibatalkan');
    expect(actions).toContain('Alasan: Digabung dengan pelatihan');
    expect(actions).toContain('10% selesai');
    expect(actions).toContain('<th scope="colgroup" colspan="4" class="doc-quarter">Triwulan (TW)</th>');
    // Reconciliation runs in all four quarters: four marks in its row.
    const row = actions.slice(actions.indexOf('Rekonsiliasi realisasi anggaran bulanan'), actions.indexOf('</tr>', actions.indexOf('Rekonsiliasi realisasi anggaran bulanan')));
    expect(row.match(/✓/g)).toHaveLength(4);
  });

  it('ends with the signature block: place and date, position, name and NIP', () => {
    const signature = section(page, 'doc-signature-h');
    expect(signature).toContain('Jakarta, 10 Januari 2027');
    expect(signature).toContain('Direktur Contoh');
    expect(signature).toContain('Dr. Siti Rahmawati, M.Si.');
    expect(signature).toContain('NIP 197501012000032001');
  });

  it('inlines its stylesheet under a Content Security Policy that allows only that stylesheet', () => {
    expect(page).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'sha256-');
    expect(page).toContain('.strategy-document');
    expect(page).not.toContain('href="/static/potret.css"');
  });
});

describe('the strategy document in other cases', () => {
  it('links the stylesheet instead when it is not self-contained (the page in the app)', async () => {
    const page = await strategyDocumentHtml(documentedShow(freshDb()), { lang: 'id', selfContained: false, generatedOn: '2027-01-10' });
    expect(page).toContain('<link rel="stylesheet" href="/static/potret.css">');
    expect(page).not.toContain('Content-Security-Policy');
  });

  it('escapes names from user input: a <script> in an objective name is text, also in the map', async () => {
    const page = await html('id', { objectiveName: '<script>alert("x")</script> Kompetensi' });
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Kompetensi');
  });

  it('leaves lines to sign on when the signatory is not filled in', async () => {
    const page = await html('id', { signatory: false });
    const signature = section(page, 'doc-signature-h');
    expect(signature).toContain(', 10 Januari 2027');
    expect(signature.match(/class="doc-blank/g)?.length).toBeGreaterThanOrEqual(4);
    expect(signature).toContain('NIP <span class="doc-blank">');
  });

  it('is written in English with lang=en: English labels, decimal points, rupiah with commas, English objective names', async () => {
    const page = await html('en');
    expect(page).toMatch(/<html lang="en">/);
    expect(page).toContain('Strategy document');
    expect(page).toContain('10 January 2027');
    expect(page).toContain('<td class="num">4.50</td>');
    expect(page).toContain('Rp 12,500,000');
    expect(page).toContain('Higher staff competence');
    expect(page).toContain('SS5 Higher staff competence → leads to → SS3 Better SOP compliance');
    expect(page).toContain('Gap (score − target)');
    expect(page).toContain('On track');
    // The vision has its English text; a theme typed only in Indonesian is kept and shown as written.
    expect(page).toContain('A professional, accountable directorate that serves.');
  });

  it('marks Indonesian text shown in the English document as Indonesian', () => {
    const db = freshDb();
    const show = documentedShow(db, 'en');
    const view = strategyDocumentView({ ...show, vision: { id: 'Visi saja', en: '' } }, { lang: 'en', generatedOn: '2027-01-10' });
    expect(view.direction.vision).toEqual({ text: 'Visi saja', lang: 'id' });
  });

  it('says briefly that a section is empty instead of leaving a blank heading', async () => {
    const db = freshDb();
    const planId = createPlan(db, { name: 'Rencana Kosong', organisation: '', start_year: '2027', end_year: '2029' }, NOW, 'planner');
    const show = showPlan(db, planId, { asOf: '2027-01-10', lang: 'id', report: REPORT_SETTINGS });
    const page = await strategyDocumentHtml(show, { lang: 'id', selfContained: true, generatedOn: '2027-01-10' });
    expect(page).toContain('Periode 2027–2029');
    expect(page).toContain('Organisasi belum diisi');
    expect(page).toContain('Visi belum dirumuskan.');
    expect(page).toContain('Belum ada wawancara pimpinan yang dicatat.');
    expect(page).toContain('Belum ada kekuatan yang dicatat.');
    expect(page).toContain('Belum ada pilihan strategi yang dirumuskan.');
    expect(page).toContain('Belum ada sasaran strategis, sehingga peta strategi belum dapat digambar.');
    expect(page).toContain('Belum ada sasaran strategis.');
    expect(page).toContain('Belum ada rencana aksi.');
    expect(page).not.toContain('<svg');
  });
});

describe('strategyMapFor', () => {
  it('draws the plan map and its text alternative from the read model, one line per link', () => {
    const show = documentedShow(freshDb());
    const map = strategyMapFor(show, 'id');
    expect(map.svg).toMatch(/^<svg/);
    expect(map.text.links).toHaveLength(show.links.length);
    expect(map.text.links[0].text).toContain('mendorong');
    expect(map.text.unlinked).toEqual([]);
  });
});
