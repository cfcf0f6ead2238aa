import ExcelJS from 'exceljs';
import { listBudgetLines, listBudgetMonths } from '../../src/db/budget';
import type { Db } from '../../src/db/connection';
import { insertPeriodClosure } from '../../src/db/monitoring';
import { findPlan } from '../../src/db/plans';
import { AppError, type Problem } from '../../src/errors';
import { absorptionAt, budgetFigures } from '../../src/monitoring/budget';
import { addSpendingType, importBudgetFile, parseMonth, setAbsorptionSettings, setBudgetLine, setBudgetMonth, setBudgetMonths, type BudgetImportOptions } from '../../src/monitoring/budget-service';
import { createPlan } from '../../src/plan/service';
import { countRows, freshDb } from '../helpers';
import { diagnosedPlan, NOW } from '../plan/fixtures';

const OPTIONS: BudgetImportOptions = { fileName: 'realisasi-2027.csv', actor: 'planner', now: NOW };

/** Rows as Excel in an Indonesian locale saves them: UTF-8 with BOM, semicolons, CRLF. */
function excelCsv(rows: readonly (readonly string[])[], header: readonly string[] = ['Bulan', 'Jenis Belanja', 'Rencana', 'Realisasi']): Buffer {
  return Buffer.from('\uFEFF' + [header, ...rows].map((row) => row.join(';')).join('\r\n') + '\r\n', 'utf8');
}

/** What a refused change must leave exactly as it was. */
function counts(db: Db): Record<string, number> {
  return { budget_lines: countRows(db, 'budget_lines'), budget_months: countRows(db, 'budget_months'), spending_types: countRows(db, 'spending_types'), audit_log: countRows(db, 'audit_log') };
}

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

async function refused(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the import to be refused');
}

function problemAt(problems: readonly Problem[], line: number, column: string): Problem {
  const found = problems.find((problem) => problem.line === line && problem.column === column);
  if (!found) throw new Error(`no problem on line ${line}, column ${column}: ${JSON.stringify(problems)}`);
  return found;
}

function auditEntries(db: Db, action: string): Record<string, unknown>[] {
  return (db.prepare('SELECT details FROM audit_log WHERE action = ? ORDER BY id').all(action) as { details: string }[]).map((row) => JSON.parse(row.details));
}

/** A 2027 plan with pagu 120,000,000 for 51 and 60,000,000 (blokir 10,000,000) for 52. */
function planWithBudget(db: Db): number {
  const { planId } = diagnosedPlan(db, { prefill: false });
  setBudgetLine(db, planId, { spending_type: '51', pagu: 'Rp 120.000.000' }, NOW, 'planner');
  setBudgetLine(db, planId, { spending_type: '52', pagu: '60.000.000', blokir: 'Rp 10.000.000' }, NOW, 'planner');
  return planId;
}

describe('setBudgetLine', () => {
  it('reads rupiah as the forms do, defaults to the plan\'s first year and records old → new in the audit log', () => {
    const db = freshDb();
    const planId = planWithBudget(db);
    expect(listBudgetLines(db, planId, 2027)).toEqual([
      { plan_id: planId, year: 2027, spending_type: '51', pagu: 120_000_000, blokir: 0 },
      { plan_id: planId, year: 2027, spending_type: '52', pagu: 60_000_000, blokir: 10_000_000 },
    ]);
    // A new pagu without a blokir keeps the blokir.
    setBudgetLine(db, planId, { spending_type: '52', pagu: '65.000.000,00' }, NOW, 'planner');
    expect(listBudgetLines(db, planId, 2027)[1]).toMatchObject({ pagu: 65_000_000, blokir: 10_000_000 });
    expect(auditEntries(db, 'budget.set')).toEqual([
      { plan: planId, year: 2027, spending_type: '51', pagu: { from: null, to: 120_000_000 }, blokir: { from: null, to: 0 } },
      { plan: planId, year: 2027, spending_type: '52', pagu: { from: null, to: 60_000_000 }, blokir: { from: null, to: 10_000_000 } },
      { plan: planId, year: 2027, spending_type: '52', pagu: { from: 60_000_000, to: 65_000_000 }, blokir: { from: 10_000_000, to: 10_000_000 } },
    ]);
  });

  it('refuses a blokir as large as the pagu, naming both amounts, and writes nothing', () => {
    const db = freshDb();
    const planId = planWithBudget(db);
    const before = counts(db);
    const error = refusal(() => setBudgetLine(db, planId, { spending_type: '53', pagu: '50.000.000', blokir: '50.000.000' }, NOW, 'planner'));
    expect(error.problems).toEqual([{ field: 'blokir', message: 'the blokir (Rp 50.000.000) must be less than the pagu (Rp 50.000.000)', value: '50000000' }]);
    // Lowering the pagu under an existing blokir is refused too.
    expect(refusal(() => setBudgetLine(db, planId, { spending_type: '52', pagu: '9.000.000' }, NOW, 'planner')).problems[0]).toMatchObject({ field: 'blokir' });
    expect(counts(db)).toEqual(before);
  });

  it('refuses a year outside the plan, an unknown type, a decimal amount and a zero pagu, and writes nothing', () => {
    const db = freshDb();
    const planId = planWithBudget(db);
    const before = counts(db);
    expect(refusal(() => setBudgetLine(db, planId, { year: 2030, spending_type: '51', pagu: '1.000' }, NOW, 'planner')).problems).toEqual([
      { field: 'year', message: '2030 is outside the plan period 2027', value: '2030' },
    ]);
    expect(refusal(() => setBudgetLine(db, planId, { spending_type: '59', pagu: '1.000' }, NOW, 'planner')).problems[0]).toEqual({
      field: 'spending_type',
      message: 'no spending type 59; use 51, 52, 53, 57, or add the type first',
      value: '59',
    });
    expect(refusal(() => setBudgetLine(db, planId, { spending_type: '51', pagu: '1.5' }, NOW, 'planner')).problems).toEqual([{ field: 'pagu', message: 'whole rupiah, such as 150000000 or 150.000.000' }]);
    expect(refusal(() => setBudgetLine(db, planId, { spending_type: '51', pagu: 0 }, NOW, 'planner')).problems).toEqual([{ field: 'pagu', message: 'the pagu is more than 0' }]);
    expect(counts(db)).toEqual(before);
  });

  it('takes any year of a multi-year plan', () => {
    const db = freshDb();
    const planId = createPlan(db, { name: 'Renstra 2025–2029', start_year: '2025', end_year: '2029' }, NOW, 'planner');
    setBudgetLine(db, planId, { year: '2028', spending_type: '53', pagu: '1.000.000' }, NOW, 'planner');
    expect(listBudgetLines(db, planId, 2028)).toHaveLength(1);
    expect(refusal(() => setBudgetLine(db, planId, { year: 2024, spending_type: '53', pagu: '1.000.000' }, NOW, 'planner')).problems[0].message).toBe('2024 is outside the plan period 2025–2029');
  });
});

describe('addSpendingType', () => {
  it('adds a 5x code with its names after the four of a typical unit, then takes its pagu', () => {
    const db = freshDb();
    const planId = planWithBudget(db);
    addSpendingType(db, { code: '54', name_id: 'Belanja Lain-lain' }, NOW, 'admin');
    setBudgetLine(db, planId, { spending_type: '54', pagu: '2.000.000' }, NOW, 'planner');
    expect(budgetFigures(db, planId, 2027, { lang: 'en' })!.types.map((type) => [type.code, type.name])).toEqual([
      ['51', 'Personnel'],
      ['52', 'Goods and services'],
      ['54', 'Belanja Lain-lain'],
    ]);
    expect(auditEntries(db, 'budget.type')).toEqual([{ code: '54', name_id: 'Belanja Lain-lain', name_en: 'Belanja Lain-lain' }]);
  });

  it('refuses a code that is not 5x and one that exists', () => {
    const db = freshDb();
    const before = counts(db);
    expect(refusal(() => addSpendingType(db, { code: '61', name_id: 'X' }, NOW, 'admin')).problems[0]).toMatchObject({ field: 'code', message: 'a new spending type is a two-digit code 5x, such as 54' });
    expect(refusal(() => addSpendingType(db, { code: '52', name_id: 'X' }, NOW, 'admin')).problems[0]).toMatchObject({ field: 'code', message: 'spending type 52 already exists' });
    expect(counts(db)).toEqual(before);
  });
});

describe('setBudgetMonth', () => {
  it('sets the month\'s plan and realisation; a field left out stays, null clears it; each change is audited old → new', () => {
    const db = freshDb();
    const planId = planWithBudget(db);
    setBudgetMonth(db, planId, { spending_type: '52', month: 'Maret', planned: 'Rp 4.000.000' }, NOW, 'planner');
    setBudgetMonth(db, planId, { spending_type: '52', month: 3, realised: '3.500.000' }, NOW, 'planner');
    expect(listBudgetMonths(db, planId, 2027)).toEqual([{ plan_id: planId, year: 2027, spending_type: '52', month: 3, planned: 4_000_000, realised: 3_500_000 }]);
    setBudgetMonth(db, planId, { spending_type: '52', month: 3, realised: null }, NOW, 'planner');
    expect(listBudgetMonths(db, planId, 2027)[0]).toMatchObject({ planned: 4_000_000, realised: null });
    expect(auditEntries(db, 'budget.month')).toEqual([
      { plan: planId, year: 2027, spending_type: '52', month: 3, planned: { from: null, to: 4_000_000 } },
      { plan: planId, year: 2027, spending_type: '52', month: 3, realised: { from: null, to: 3_500_000 } },
      { plan: planId, year: 2027, spending_type: '52', month: 3, realised: { from: 3_500_000, to: null } },
    ]);
  });

  it('refuses a type without a pagu that year and a month inside a closed quarter, naming the quarter', () => {
    const db = freshDb();
    const planId = planWithBudget(db);
    setBudgetMonth(db, planId, { spending_type: '51', month: 5, planned: 10_000_000, realised: 9_000_000 }, NOW, 'planner');
    insertPeriodClosure(db, { plan_id: planId, period: '2027-Q2', closed_by: 'admin', closed_at: NOW.toISOString() });
    const before = counts(db);
    expect(refusal(() => setBudgetMonth(db, planId, { spending_type: '53', month: 1, realised: 1 }, NOW, 'planner')).problems[0]).toEqual({
      field: 'spending_type',
      message: 'spending type 53 has no budget line for 2027: set its pagu first',
      value: '53',
    });
    expect(refusal(() => setBudgetMonth(db, planId, { spending_type: '51', month: 5, realised: 9_500_000 }, NOW, 'planner')).problems[0]).toEqual({
      field: 'realised',
      message: 'quarter 2027-Q2 is closed: its months can no longer be changed (an administrator may reopen it)',
      value: '9500000',
    });
    expect(refusal(() => setBudgetMonth(db, planId, { spending_type: '51', month: 13, realised: 1 }, NOW, 'planner')).problems[0]).toMatchObject({ field: 'month' });
    expect(refusal(() => setBudgetMonth(db, planId, { spending_type: '51', month: 1 }, NOW, 'planner')).problems[0].message).toBe('give the planned amount, the realisation or both');
    expect(counts(db)).toEqual(before);
    // The rest of the year is open.
    setBudgetMonth(db, planId, { spending_type: '51', month: 7, realised: 1_000 }, NOW, 'planner');
  });
});

describe('setBudgetMonths', () => {
  it('writes the months given as setBudgetMonth does, one audit entry per month that changes; a month with neither amount stays', () => {
    const db = freshDb();
    const planId = planWithBudget(db);
    setBudgetMonth(db, planId, { spending_type: '52', month: 4, planned: 1_000 }, NOW, 'planner');
    setBudgetMonths(db, planId, { spending_type: '52', months: { 1: { planned: '4.000.000', realised: 'Rp 3.500.000' }, 2: { planned: '', realised: '' }, 3: { planned: '4.000.000', realised: '' }, 4: {} } }, NOW, 'planner');
    expect(listBudgetMonths(db, planId, 2027)).toEqual([
      { plan_id: planId, year: 2027, spending_type: '52', month: 1, planned: 4_000_000, realised: 3_500_000 },
      { plan_id: planId, year: 2027, spending_type: '52', month: 3, planned: 4_000_000, realised: null },
      { plan_id: planId, year: 2027, spending_type: '52', month: 4, planned: 1_000, realised: null },
    ]);
    expect(auditEntries(db, 'budget.month').map((entry) => entry.month)).toEqual([4, 1, 3]);
  });

  it('reports every month\'s problem under the month\'s field, a wrong type once, and writes none of the months', () => {
    const db = freshDb();
    const planId = planWithBudget(db);
    const before = counts(db);
    const months = { 1: { planned: '4.000.000' }, 2: { planned: '1,5' }, 3: { realised: '1.5' } };
    expect(refusal(() => setBudgetMonths(db, planId, { spending_type: '52', months }, NOW, 'planner')).problems).toEqual([
      { field: 'planned_2', message: 'whole rupiah, such as 150000000 or 150.000.000' },
      { field: 'realised_3', message: 'whole rupiah, such as 150000000 or 150.000.000' },
    ]);
    expect(refusal(() => setBudgetMonths(db, planId, { spending_type: '53', months: { 1: { planned: 1 }, 2: { planned: 2 } } }, NOW, 'planner')).problems).toEqual([
      { field: 'spending_type', message: 'spending type 53 has no budget line for 2027: set its pagu first', value: '53' },
    ]);
    expect(counts(db)).toEqual(before);
  });
});

describe('setAbsorptionSettings', () => {
  it('stores targets per type and the RPD tolerance; null goes back to the defaults; the audit log says old → new', () => {
    const db = freshDb();
    const planId = planWithBudget(db);
    setAbsorptionSettings(db, planId, { targets: { '52': ['20', '45', '70', '95'] }, rpd_tolerance: '2,5' }, NOW, 'planner');
    expect(findPlan(db, planId)).toMatchObject({ absorption_targets: '{"52":[20,45,70,95]}', rpd_tolerance: 2.5 });
    setAbsorptionSettings(db, planId, { targets: null }, NOW, 'planner');
    expect(findPlan(db, planId)).toMatchObject({ absorption_targets: null, rpd_tolerance: 2.5 });
    expect(auditEntries(db, 'budget.settings')).toEqual([
      { plan: planId, targets: { from: 'defaults 15/40/60/90', to: { '52': '20/45/70/95' } }, rpd_tolerance: { from: 5, to: 2.5 } },
      { plan: planId, targets: { from: { '52': '20/45/70/95' }, to: 'defaults 15/40/60/90' }, rpd_tolerance: { from: 2.5, to: 2.5 } },
    ]);
  });

  it('refuses falling, out-of-range, incomplete or unknown targets naming the type, and writes nothing', () => {
    const db = freshDb();
    const planId = planWithBudget(db);
    const before = counts(db);
    const error = refusal(() =>
      setAbsorptionSettings(db, planId, { targets: { '51': [15, 40, 35, 90], '52': [10, 20, 30, 120], '53': [10, 20], '99': [1, 2, 3, 4] }, rpd_tolerance: -1 }, NOW, 'planner'),
    );
    expect(error.problems).toEqual([
      { field: 'targets.99', message: 'no spending type 99; use 51, 52, 53, 57', value: '99' },
      { field: 'targets.51', message: 'spending type 51: the targets are cumulative and cannot fall from TW II (40) to TW III (35)', value: '15, 40, 35, 90' },
      { field: 'targets.52', message: 'spending type 52: each target is a percentage from 0 to 100', value: '10, 20, 30, 120' },
      { field: 'targets.53', message: 'spending type 53: give four targets, TW I to TW IV', value: '10, 20' },
      { field: 'rpd_tolerance', message: 'the RPD tolerance is a percentage from 0 to 100', value: '-1' },
    ]);
    expect(findPlan(db, planId)).toMatchObject({ absorption_targets: null, rpd_tolerance: 5 });
    expect(counts(db)).toEqual(before);
  });
});

describe('parseMonth', () => {
  it('reads 1–12 and the months\' Indonesian and English names, full or short', () => {
    expect(['1', '03', '12', 'Januari', 'feb', 'Maret', 'APR', 'Mei', 'May', 'Juni', 'Jul', 'Agt.', 'Agustus', 'Sept', 'Okt', 'Nopember', 'Des', 'December'].map(parseMonth)).toEqual([
      1, 3, 12, 1, 2, 3, 4, 5, 5, 6, 7, 8, 8, 9, 10, 11, 12, 12,
    ]);
    expect(['0', '13', '1.5', 'Maretan', '', 'Q1'].map(parseMonth)).toEqual([null, null, null, null, null, null]);
  });
});

const MONTHS_ID = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agt', 'Sep', 'Okt', 'Nov', 'Des'];

/**
 * A year as a work unit keeps it: both types planned every month, realised January to June.
 *   51: plan Rp 10.000.000 a month, realised Rp 9.000.000 a month → June 54,000,000 of 120,000,000 = 45 %.
 *   52: plan 4.000.000,00 a month, realised 1.234.567 a month → June 7,407,402 of 50,000,000 = 14.814804 %.
 */
function yearFile(): Buffer {
  const rows: string[][] = [];
  MONTHS_ID.forEach((month, index) => rows.push([month, '51', 'Rp 10.000.000', index < 6 ? 'Rp 9.000.000' : '']));
  MONTHS_SHORT.forEach((month, index) => rows.push([month, '52 Belanja Barang', '4.000.000,00', index < 6 ? '1.234.567' : '']));
  return excelCsv(rows);
}

describe('importBudgetFile: a good file', () => {
  it('imports twelve months of two types in the Indonesian Excel dialect, in one audited transaction', async () => {
    const db = freshDb();
    const planId = planWithBudget(db);
    const result = await importBudgetFile(db, planId, yearFile(), OPTIONS);
    expect(result).toEqual({ dryRun: false, year: 2027, rows: 24, changed: 24, unchanged: 0, spending_types: ['51', '52'] });
    const months = listBudgetMonths(db, planId, 2027);
    expect(months).toHaveLength(24);
    expect(months.find((row) => row.spending_type === '51' && row.month === 6)).toMatchObject({ planned: 10_000_000, realised: 9_000_000 });
    expect(months.find((row) => row.spending_type === '51' && row.month === 7)).toMatchObject({ planned: 10_000_000, realised: null });
    expect(months.find((row) => row.spending_type === '52' && row.month === 8)).toMatchObject({ planned: 4_000_000, realised: null });
    const figures = budgetFigures(db, planId, 2027, { lang: 'id' })!;
    expect(absorptionAt(figures, '51', 6)).toBe(45);
    expect(absorptionAt(figures, '52', 6)).toBeCloseTo(14.814804, 10);
    // (54,000,000 + 7,407,402) ÷ 170,000,000.
    expect(absorptionAt(figures, null, 6)).toBeCloseTo(6_140_740_200 / 170_000_000, 10);
    const [entry] = auditEntries(db, 'budget.import');
    expect(entry).toMatchObject({ plan: planId, file: 'realisasi-2027.csv', year: 2027, rows: 24, changed: 24, unchanged: 0 });
    expect((entry.changes as unknown[])[0]).toEqual({ spending_type: '51', month: 1, planned: { from: null, to: 10_000_000 }, realised: { from: null, to: 9_000_000 } });
  });

  it('a dry run checks and writes nothing; importing the same file again changes nothing', async () => {
    const db = freshDb();
    const planId = planWithBudget(db);
    const before = counts(db);
    expect(await importBudgetFile(db, planId, yearFile(), { ...OPTIONS, dryRun: true })).toMatchObject({ dryRun: true, changed: 24 });
    expect(counts(db)).toEqual(before);
    await importBudgetFile(db, planId, yearFile(), OPTIONS);
    expect(await importBudgetFile(db, planId, yearFile(), OPTIONS)).toMatchObject({ changed: 0, unchanged: 24 });
  });

  it('a blank amount leaves the stored one; a later file adds July\'s realisation only', async () => {
    const db = freshDb();
    const planId = planWithBudget(db);
    await importBudgetFile(db, planId, yearFile(), OPTIONS);
    const july = await importBudgetFile(db, planId, Buffer.from('month,spending_type,realisation\r\n7,51,"9,500,000"\r\n'), OPTIONS);
    expect(july).toMatchObject({ changed: 1, unchanged: 0 });
    expect(listBudgetMonths(db, planId, 2027).find((row) => row.spending_type === '51' && row.month === 7)).toMatchObject({ planned: 10_000_000, realised: 9_500_000 });
  });

  it('reads a workbook: numbers as number cells, the canonical header names', async () => {
    const db = freshDb();
    const planId = planWithBudget(db);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('RPD');
    sheet.addRow(['Realisasi anggaran 2027']);
    sheet.addRow(['bulan', 'jenis_belanja', 'rpd', 'realisasi']);
    sheet.addRow(['Januari', '51', 10_000_000, 9_000_000]);
    sheet.addRow([2, 52, 4_000_000, 'Rp 1.234.567']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await importBudgetFile(db, planId, file, { ...OPTIONS, fileName: 'rpd.xlsx' })).toMatchObject({ rows: 2, changed: 2 });
    expect(listBudgetMonths(db, planId, 2027).map((row) => [row.spending_type, row.month, row.planned, row.realised])).toEqual([
      ['51', 1, 10_000_000, 9_000_000],
      ['52', 2, 4_000_000, 1_234_567],
    ]);
  });
});

describe('importBudgetFile: all or nothing', () => {
  /** Imports `rows` below the Indonesian header into the plan of planWithBudget; returns the problems, having checked that nothing was written. */
  async function problemsOf(rows: string[][], setUp: (db: Db, planId: number) => void = () => {}, options: Partial<BudgetImportOptions> = {}): Promise<{ error: AppError; problems: Problem[] }> {
    const db = freshDb();
    const planId = planWithBudget(db);
    setUp(db, planId);
    const before = counts(db);
    const months = listBudgetMonths(db, planId, 2027);
    const error = await refused(importBudgetFile(db, planId, excelCsv(rows), { ...OPTIONS, ...options }));
    expect(counts(db)).toEqual(before);
    expect(listBudgetMonths(db, planId, 2027)).toEqual(months);
    return { error, problems: error.problems };
  }

  it('refuses an unknown spending type, with its line and column', async () => {
    const { error, problems } = await problemsOf([['Januari', '51', '1.000', '1.000'], ['Februari', '59', '1.000', '1.000']]);
    expect(error.message).toBe('The budget file has 1 problem(s) in 1 row(s); nothing was imported');
    expect(problemAt(problems, 3, 'Jenis Belanja (B)')).toMatchObject({ value: '59', message: 'no spending type "59"; use 51, 52, 53, 57' });
  });

  it('refuses month 13', async () => {
    const { problems } = await problemsOf([['13', '51', '1.000', '1.000']]);
    expect(problemAt(problems, 2, 'Bulan (A)')).toMatchObject({ value: '13', message: 'a month is 1–12 or its name, such as 3, Maret or Mar' });
  });

  it('refuses an amount such as 1.5 instead of reading it as 15, and a dash', async () => {
    const { problems } = await problemsOf([['Januari', '51', '1.000', '1.5'], ['Februari', '51', 'Rp -', '']]);
    expect(problemAt(problems, 2, 'Realisasi (D)')).toMatchObject({ value: '1.5', message: 'whole rupiah, such as 150000000 or 150.000.000' });
    expect(problemAt(problems, 3, 'Rencana (C)')).toMatchObject({ value: 'Rp -', message: 'write 0 for a month without spending, or leave the cell blank while it is not known' });
  });

  it('refuses a second row for the same month and type, naming the first', async () => {
    const { problems } = await problemsOf([['Maret', '52', '1.000', ''], ['3', '52', '2.000', '']]);
    expect(problemAt(problems, 3, 'Bulan (A)')).toMatchObject({ message: 'month 3 of spending type 52 is already on line 2: one row per month and spending type' });
  });

  it('refuses a type without a pagu for the year, saying to set the pagu first', async () => {
    const { problems } = await problemsOf([['Januari', '53', '1.000', '']]);
    expect(problemAt(problems, 2, 'Jenis Belanja (B)')).toMatchObject({ value: '53', message: 'spending type 53 has no budget line for 2027: set its pagu first' });
  });

  it('refuses a change inside a closed quarter, naming it; a row that repeats the stored month passes', async () => {
    const closeQ1 = (db: Db, planId: number) => {
      setBudgetMonth(db, planId, { spending_type: '51', month: 2, planned: 1_000, realised: 900 }, NOW, 'planner');
      insertPeriodClosure(db, { plan_id: planId, period: '2027-Q1', closed_by: 'admin', closed_at: NOW.toISOString() });
    };
    const { problems } = await problemsOf([['Februari', '51', '1.000', '900'], ['Maret', '51', '1.000', '950'], ['April', '51', '1.000', '950']], closeQ1);
    expect(problems).toHaveLength(1);
    expect(problemAt(problems, 3, 'Realisasi (D)')).toMatchObject({ value: '950', message: 'quarter 2027-Q1 is closed: its months can no longer be changed (an administrator may reopen it)' });
  });

  it('refuses a year outside the plan before reading the file', async () => {
    const { problems } = await problemsOf([['Januari', '51', '1.000', '']], () => {}, { year: 2030 });
    expect(problems).toEqual([{ field: 'year', message: '2030 is outside the plan period 2027', value: '2030' }]);
  });

  it('lists every problem of the file at once, and a header without amounts', async () => {
    const { problems } = await problemsOf([['13', '59', 'x', ''], ['Mei', '53', '', '1,5']]);
    expect(problems.map((problem) => [problem.line, problem.column])).toEqual([
      [2, 'Bulan (A)'],
      [2, 'Jenis Belanja (B)'],
      [2, 'Rencana (C)'],
      [3, 'Jenis Belanja (B)'],
      [3, 'Realisasi (D)'],
    ]);
    const db = freshDb();
    const planId = planWithBudget(db);
    const header = await refused(importBudgetFile(db, planId, Buffer.from('bulan;jenis_belanja\n1;51\n'), OPTIONS));
    expect(header.problems[0]).toMatchObject({ line: 1, message: expect.stringContaining('neither a "plan"') });
    const unknown = await refused(importBudgetFile(db, planId, Buffer.from('bulan;jenis_belanja;pagu\n1;51;5\n'), OPTIONS));
    expect(unknown.problems[0]).toMatchObject({ line: 1, column: 'pagu' });
    expect(countRows(db, 'budget_months')).toBe(0);
  });
});
