import { listBudgetLines, listBudgetMonths } from '../../src/db/budget';
import type { Db } from '../../src/db/connection';
import { findPlan } from '../../src/db/plans';
import { setBudgetLine, setBudgetMonth } from '../../src/monitoring/budget-service';
import { countRows, createTestApp, loggedIn } from '../helpers';
import { createPlan } from '../../src/plan/service';
import { NOW } from '../plan/fixtures';

/**
 * The budget page of a plan (src/routes/budget.ts): the figures of the chosen period's year, the
 * forms per spending type, the import and the absorption settings. The test clock reads 28
 * November 2026, so a plan from 2027 opens on TW I 2027 and its forms write 2027.
 */

/** A 2027–2028 plan whose 2027 has pagu 120,000,000 for 51 and 60,000,000 (blokir 10,000,000) for 52. */
async function budgetFixture(role: 'analyst' | 'viewer' = 'analyst') {
  const test = createTestApp();
  const planId = createPlan(test.db, { name: 'Rencana Kinerja 2027–2028', organisation: 'Direktorat Contoh', start_year: '2027', end_year: '2028' }, NOW, 'planner');
  setBudgetLine(test.db, planId, { spending_type: '51', pagu: '120.000.000' }, NOW, 'planner');
  setBudgetLine(test.db, planId, { spending_type: '52', pagu: '60.000.000', blokir: '10.000.000' }, NOW, 'planner');
  const { agent, csrf } = await loggedIn(test.app, test.db, role);
  return { ...test, agent, csrf, planId };
}

/** What a refused request must leave exactly as it was. */
function budgetRows(db: Db): Record<string, number> {
  return { budget_lines: countRows(db, 'budget_lines'), budget_months: countRows(db, 'budget_months'), spending_types: countRows(db, 'spending_types'), audit_log: countRows(db, 'audit_log') };
}

/** The twelve months of a type's form, blank unless given. */
function monthsForm(given: Record<string, string>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let month = 1; month <= 12; month += 1) {
    fields[`planned_${month}`] = '';
    fields[`realised_${month}`] = '';
  }
  return { ...fields, ...given };
}

/** The settings form as the page sends it: the types in order, four targets each (blank = the defaults). */
function settingsForm(targets: Record<string, readonly string[]>, tolerance = '5'): Record<string, string | string[]> {
  const types = ['51', '52', '53', '57'];
  const column = (quarter: number) => types.map((code) => targets[code]?.[quarter] ?? '');
  return { type: types, tw1: column(0), tw2: column(1), tw3: column(2), tw4: column(3), rpd_tolerance: tolerance };
}

/** Rows as Excel in an Indonesian locale saves them: UTF-8 with BOM, semicolons, CRLF, Indonesian column names. */
function excelCsv(rows: readonly (readonly string[])[], header: readonly string[] = ['Bulan', 'Jenis Belanja', 'Rencana', 'Realisasi']): Buffer {
  return Buffer.from('\uFEFF' + [header, ...rows].map((row) => row.join(';')).join('\r\n') + '\r\n', 'utf8');
}

/** The element with the id and what follows it up to the end of its cell or field. */
function around(html: string, id: string, length = 400): string {
  const at = html.indexOf(`id="${id}"`);
  if (at === -1) throw new Error(`no element with id ${id}`);
  return html.slice(Math.max(0, at - length), at + length);
}

describe('the budget page', () => {
  it('renders for a reader: the year per spending type, the months with absorption and deviation flagged in words, no forms', async () => {
    const { agent, db, planId } = await budgetFixture('viewer');
    setBudgetMonth(db, planId, { spending_type: '52', month: 1, planned: '10.000.000', realised: '9.000.000' }, NOW, 'planner');
    setBudgetMonth(db, planId, { spending_type: '52', month: 2, planned: '10.000.000', realised: '10.200.000' }, NOW, 'planner');
    const page = await agent.get(`/plans/${planId}/budget`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Pagu dan blokir 2027');
    expect(page.text).toContain('Rp 120.000.000');
    expect(page.text).toContain('Rp 50.000.000');
    // January: |9 − 10| ÷ 10 = 10 % (outside 5 %); February: 2 % (inside); cumulative absorption 19.2 ÷ 50 = 38.4 %.
    expect(page.text).toMatch(/10,0%\s*<span class="flag-warn"><span aria-hidden="true">⚠<\/span> di luar toleransi/);
    expect(page.text).toMatch(/2,0%\s*<span class="flag-ok"><span aria-hidden="true">✓<\/span> dalam toleransi/);
    expect(page.text).toContain('38,4%');
    expect(page.text).not.toContain('/budget/lines');
    expect(page.text).not.toContain('/budget/settings');
  });

  it('shows the English page with the same figures', async () => {
    const { agent, planId } = await budgetFixture('viewer');
    const page = await agent.get(`/plans/${planId}/budget?lang=en`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ceiling and blocked amount 2027');
    expect(page.text).toContain('Rp 120,000,000');
  });

  it('shows the year of the chosen period, and says when it has no budget yet', async () => {
    const { agent, planId } = await budgetFixture();
    const page = await agent.get(`/plans/${planId}/budget?period=2028-Q2`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Belum ada pagu untuk tahun 2028');
    expect(page.text).toContain('name="year" value="2028"');
  });
});

describe('the pagu form', () => {
  it('saves a pagu typed as people write it and shows it on the page', async () => {
    const { agent, csrf, db, planId } = await budgetFixture();
    const sent = await agent.post(`/plans/${planId}/budget/lines`).type('form').send({ _csrf: csrf, year: '2027', spending_type: '53', pagu: 'Rp 12.500.000', blokir: '', _anchor: 'entry-53' });
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe(`/plans/${planId}/budget?notice=saved#entry-53`);
    expect(listBudgetLines(db, planId, 2027).find((line) => line.spending_type === '53')).toMatchObject({ pagu: 12_500_000, blokir: 0 });
    const page = await agent.get(`/plans/${planId}/budget`);
    expect(page.text).toContain('53 Belanja Modal</th>');
    expect(page.text).toContain('Rp 12.500.000');
    expect(around(page.text, 'f-l53-pagu')).toContain('value="12.500.000"');
  });

  it('refuses a blokir not below the pagu with 422, the message beside the field and the values typed, and writes nothing', async () => {
    const { agent, csrf, db, planId } = await budgetFixture();
    const before = budgetRows(db);
    const refused = await agent.post(`/plans/${planId}/budget/lines`).type('form').send({ _csrf: csrf, year: '2027', spending_type: '51', pagu: '10.000.000', blokir: 'Rp 10.000.000' });
    expect(refused.status).toBe(422);
    const field = around(refused.text, 'e-l51-blokir');
    expect(field).toContain('blokir (Rp 10.000.000) harus lebih kecil dari pagu (Rp 10.000.000)');
    expect(around(refused.text, 'f-l51-blokir')).toContain('value="Rp 10.000.000"');
    expect(around(refused.text, 'f-l51-pagu')).toContain('value="10.000.000"');
    expect(refused.text).toContain('href="#f-l51-blokir"');
    expect(refused.text).toMatch(/<details id="entry-51" open>/);
    expect(budgetRows(db)).toEqual(before);
    expect(listBudgetLines(db, planId, 2027)[0]).toMatchObject({ pagu: 120_000_000, blokir: 0 });
  });
});

describe('the months form', () => {
  it('saves the twelve months of a type as typed, and the page shows absorption against the plan', async () => {
    const { agent, csrf, db, planId } = await budgetFixture();
    const sent = await agent
      .post(`/plans/${planId}/budget/months`)
      .type('form')
      .send({ _csrf: csrf, year: '2027', spending_type: '51', ...monthsForm({ planned_1: '10.000.000', realised_1: 'Rp 10.000.000', planned_2: '10000000', realised_2: '0' }) });
    expect(sent.status).toBe(303);
    expect(listBudgetMonths(db, planId, 2027)).toEqual([
      { plan_id: planId, year: 2027, spending_type: '51', month: 1, planned: 10_000_000, realised: 10_000_000 },
      { plan_id: planId, year: 2027, spending_type: '51', month: 2, planned: 10_000_000, realised: 0 },
    ]);
    const page = await agent.get(`/plans/${planId}/budget`);
    expect(around(page.text, 'f-m51-realised_2')).toContain('value="0"');
    expect(around(page.text, 'f-m51-planned_1')).toContain('value="10.000.000"');
  });

  it('refuses "1,5" with 422 beside that month, keeps every month typed, and writes none of them', async () => {
    const { agent, csrf, db, planId } = await budgetFixture();
    const before = budgetRows(db);
    const refused = await agent
      .post(`/plans/${planId}/budget/months`)
      .type('form')
      .send({ _csrf: csrf, year: '2027', spending_type: '52', ...monthsForm({ planned_1: '10.000.000', realised_1: '9.000.000', planned_3: '1,5' }) });
    expect(refused.status).toBe(422);
    expect(around(refused.text, 'e-m52-planned_3')).toContain('rupiah bulat, misalnya 150000000 atau 150.000.000');
    expect(around(refused.text, 'f-m52-planned_3')).toContain('value="1,5"');
    expect(around(refused.text, 'f-m52-realised_1')).toContain('value="9.000.000"');
    expect(refused.text).toContain('href="#f-m52-planned_3"');
    expect(budgetRows(db)).toEqual(before);
  });

  it('offers no months form for a type without a pagu', async () => {
    const { agent, planId } = await budgetFixture();
    const page = await agent.get(`/plans/${planId}/budget`);
    expect(page.text).toContain('id="f-m51-planned_1"');
    expect(page.text).not.toContain('id="f-m53-planned_1"');
    expect(page.text).toContain('Isi pagunya terlebih dahulu');
  });
});

describe('who may change the budget', () => {
  it('refuses a viewer\'s posts with 403 and writes nothing', async () => {
    const { agent, csrf, db, planId } = await budgetFixture('viewer');
    const before = budgetRows(db);
    const posts: [string, Record<string, string | string[]>][] = [
      ['lines', { year: '2027', spending_type: '53', pagu: '1.000.000' }],
      ['months', { year: '2027', spending_type: '51', ...monthsForm({ planned_1: '1.000.000' }) }],
      ['settings', settingsForm({ '51': ['10', '20', '30', '40'] })],
      ['types', { code: '54', name_id: 'Belanja Lain' }],
    ];
    for (const [path, body] of posts) {
      const response = await agent.post(`/plans/${planId}/budget/${path}`).type('form').send({ _csrf: csrf, ...body });
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
    const upload = await agent.post(`/plans/${planId}/budget/import`).field('_csrf', csrf).attach('file', excelCsv([['1', '51', '1.000.000', '']]), 'rpd.csv');
    expect(upload.status).toBe(403);
    expect(budgetRows(db)).toEqual(before);
    expect(findPlan(db, planId)?.absorption_targets).toBeNull();
  });
});

describe('the import', () => {
  it('imports an Indonesian CSV with semicolons, and a dry run only says what it would do', async () => {
    const { agent, csrf, db, planId } = await budgetFixture();
    const file = excelCsv([
      ['Januari', '51', '10.000.000', '9.500.000'],
      ['Februari', '52 Belanja Barang', 'Rp 5.000.000', ''],
    ]);
    const dryRun = await agent.post(`/plans/${planId}/budget/import?period=2027-Q1`).field('_csrf', csrf).field('year', '2027').field('dry_run', '1').attach('file', file, 'realisasi.csv');
    expect(dryRun.status).toBe(200);
    expect(dryRun.text).toContain('Pemeriksaan saja: 2 baris dapat diimpor untuk tahun 2027 (2 bulan berubah, 0 tetap)');
    expect(countRows(db, 'budget_months')).toBe(0);
    const imported = await agent.post(`/plans/${planId}/budget/import?period=2027-Q1`).field('_csrf', csrf).field('year', '2027').attach('file', file, 'realisasi.csv');
    expect(imported.status).toBe(303);
    expect(imported.headers.location).toBe(`/plans/${planId}/budget?period=2027-Q1&notice=imported`);
    expect(listBudgetMonths(db, planId, 2027)).toEqual([
      { plan_id: planId, year: 2027, spending_type: '51', month: 1, planned: 10_000_000, realised: 9_500_000 },
      { plan_id: planId, year: 2027, spending_type: '52', month: 2, planned: 5_000_000, realised: null },
    ]);
  });

  it('lists the line and column of each problem of a bad file in Indonesian, and imports nothing', async () => {
    const { agent, csrf, db, planId } = await budgetFixture();
    const before = budgetRows(db);
    const file = excelCsv([
      ['Januari', '51', '10.000.000', ''],
      ['Maretz', '51', '1,5', ''],
      ['April', '53', '1.000.000', ''],
    ]);
    const refused = await agent.post(`/plans/${planId}/budget/import`).field('_csrf', csrf).field('year', '2027').attach('file', file, 'realisasi.csv');
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Berkas anggaran memuat 3 masalah pada 2 baris; tidak ada yang diimpor.');
    expect(refused.text).toMatch(/baris 3,\s*kolom Bulan \(A\)\s*\(«Maretz»\):\s*bulan ditulis 1–12 atau namanya/);
    expect(refused.text).toMatch(/baris 3,\s*kolom Rencana \(C\)\s*\(«1,5»\):\s*rupiah bulat/);
    expect(refused.text).toMatch(/baris 4,\s*kolom Jenis Belanja \(B\)\s*\(«53»\):\s*jenis belanja 53 belum memiliki pagu untuk tahun 2027/);
    expect(budgetRows(db)).toEqual(before);
  });

  it('asks for a file when none is chosen', async () => {
    const { agent, csrf, planId } = await budgetFixture();
    const refused = await agent.post(`/plans/${planId}/budget/import`).field('_csrf', csrf).field('year', '2027');
    expect(refused.status).toBe(422);
    expect(around(refused.text, 'e-file')).toContain('pilih berkas CSV atau XLSX');
  });
});

describe('the absorption settings', () => {
  it('refuses targets that fall, naming the type beside its fields, and keeps what was typed', async () => {
    const { agent, csrf, db, planId } = await budgetFixture();
    const before = budgetRows(db);
    const refused = await agent.post(`/plans/${planId}/budget/settings`).type('form').send({ _csrf: csrf, ...settingsForm({ '51': ['10', '35', '60', '90'], '52': ['15', '40', '30', '90'] }) });
    expect(refused.status).toBe(422);
    expect(around(refused.text, 'e-t52')).toContain('jenis belanja 52: target bersifat kumulatif dan tidak boleh turun dari TW II (40) ke TW III (30)');
    expect(around(refused.text, 'f-t52-3')).toContain('value="30"');
    expect(around(refused.text, 'f-t51-2')).toContain('value="35"');
    expect(findPlan(db, planId)?.absorption_targets).toBeNull();
    expect(budgetRows(db)).toEqual(before);
  });

  it('stores the targets of the types filled in and the tolerance; the others keep the defaults and say so', async () => {
    const { agent, csrf, db, planId } = await budgetFixture();
    const sent = await agent.post(`/plans/${planId}/budget/settings`).type('form').send({ _csrf: csrf, ...settingsForm({ '52': ['10', '30', '55', '95'] }, '2,5') });
    expect(sent.status).toBe(303);
    const plan = findPlan(db, planId)!;
    expect(JSON.parse(plan.absorption_targets!)).toEqual({ '52': [10, 30, 55, 95] });
    expect(plan.rpd_tolerance).toBe(2.5);
    const page = await agent.get(`/plans/${planId}/budget`);
    expect(page.text).toContain('pengaturan bawaan, bukan tabel resmi — ubah sesuai ketentuan yang berlaku');
    expect(page.text).toContain('51 Belanja Pegawai (bawaan 15/40/60/90 %)');
    expect(around(page.text, 'f-t52-4')).toContain('value="95"');
    expect(around(page.text, 'f-rpd_tolerance')).toContain('value="2,5"');
  });
});

describe('adding a spending type', () => {
  it('adds a two-digit type with its names, and refuses one that exists', async () => {
    const { agent, csrf, db, planId } = await budgetFixture();
    const added = await agent.post(`/plans/${planId}/budget/types`).type('form').send({ _csrf: csrf, code: '54', name_id: 'Belanja Lain-lain', name_en: 'Other' });
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe(`/plans/${planId}/budget?notice=added`);
    expect((await agent.get(`/plans/${planId}/budget`)).text).toContain('id="f-l54-pagu"');
    const before = budgetRows(db);
    const again = await agent.post(`/plans/${planId}/budget/types`).type('form').send({ _csrf: csrf, code: '54', name_id: 'Lagi' });
    expect(again.status).toBe(422);
    expect(around(again.text, 'e-code')).toContain('jenis belanja 54 sudah ada');
    expect(budgetRows(db)).toEqual(before);
  });
});

describe('GET /api/plans/:plan/budget', () => {
  it('answers the figures of the year asked (the plan\'s first year unless asked), and refuses a year outside the plan', async () => {
    const { agent, planId } = await budgetFixture('viewer');
    expect((await agent.get(`/api/plans/${planId}/budget`)).body).toMatchObject({ year: 2027 });
    const figures = await agent.get(`/api/plans/${planId}/budget?year=2027`);
    expect(figures.status).toBe(200);
    expect(figures.body).toMatchObject({ year: 2027, through_month: 12, total: { pagu: 180_000_000, available: 170_000_000 } });
    expect(figures.body.types.map((type: { code: string }) => type.code)).toEqual(['51', '52']);
    expect((await agent.get(`/api/plans/${planId}/budget?year=2028`)).body).toBeNull();
    const outside = await agent.get(`/api/plans/${planId}/budget?year=2040`);
    expect(outside.status).toBe(422);
    expect(outside.body.problems[0]).toMatchObject({ field: 'year' });
  });
});
