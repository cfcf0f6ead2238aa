import ExcelJS from 'exceljs';
import type { Db } from '../../src/db/connection';
import { AppError, ValidationError, type Problem } from '../../src/errors';
import { translateProblem } from '../../src/i18n/problems';
import { importPlanFile, planImportTemplate, type PlanImportOptions } from '../../src/plan/import';
import { matrixCsv, matrixWorkbook } from '../../src/plan/matrix';
import { addObjective, createPlan } from '../../src/plan/service';
import { freshDb } from '../helpers';
import { actionPlan, FORMULA_TITLE, NIP_ANI, show } from './action-plan-fixture';
import { diagnosedPlan, NOW, person } from './fixtures';

const OPTIONS: PlanImportOptions = { fileName: 'rencana-aksi.csv', now: NOW, actor: 'planner', maxRows: 1000 };

/** The minimum columns the brief names, in canonical spelling; letters A–Q. */
const COLUMNS = ['perspective', 'objective_code', 'objective', 'dimensions', 'action', 'indicator', 'target_value', 'target_unit', 'due_on', 'starts_on', 'ends_on', 'horizon', 'quarters', 'pic', 'members', 'budget', 'budget_code'];

/** Rows as Excel in an Indonesian locale saves them: UTF-8 with BOM, semicolons, CRLF. */
function excelCsv(rows: Record<string, string>[], columns: readonly string[] = COLUMNS): Buffer {
  const quote = (cell: string) => (/[;"\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  const lines = [columns.join(';'), ...rows.map((row) => columns.map((column) => quote(row[column] ?? '')).join(';'))];
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

function counts(db: Db): Record<string, number> {
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { objectives: count('objectives'), actions: count('actions'), action_members: count('action_members'), indicators: count('indicators'), audit_log: count('audit_log') };
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

function problemAt(problems: readonly Problem[], line: number, field: string): Problem {
  const found = problems.find((problem) => problem.line === line && problem.field === field);
  if (!found) throw new Error(`no problem on line ${line}, ${field}: ${JSON.stringify(problems)}`);
  return found;
}

/** A 2027 plan of its own (no baseline: the default instrument) and the directory of the fixture. */
function setUp(db: Db): { planId: number; ani: number; budi: number; citra: number } {
  const { planId } = diagnosedPlan(db);
  return { planId, ani: person(db, 'Ani Lestari', { nip: NIP_ANI }), budi: person(db, 'Budi Santoso, S.Kom.'), citra: person(db, 'Citra Dewi') };
}

const GOOD_ROWS: Record<string, string>[] = [
  { perspective: 'LG', objective_code: 'SS1', objective: 'Meningkatnya kompetensi SDM', dimensions: 'LG-HR, LG-TI' },
  {
    objective_code: 'SS1',
    action: 'Pelatihan teknis',
    indicator: 'Pegawai terlatih',
    target_value: '20',
    target_unit: 'orang',
    due_on: '30/06/2027',
    starts_on: '01/01/2027',
    ends_on: '30/06/2027',
    horizon: 'Jangka pendek',
    quarters: 'I,II',
    pic: NIP_ANI,
    members: 'Citra Dewi',
    budget: 'Rp 150.000.000',
    budget_code: '5212.001',
  },
  // An action row may define its objective, as the matrix repeats it on every action's row.
  { perspective: 'Proses Bisnis Internal', objective_code: 'SS2', objective: 'Meningkatnya kepatuhan SOP', dimensions: 'IBP-SOP', action: 'Penyusunan SOP digital', indicator: 'SOP terbit', target_value: '12,5', target_unit: '%', starts_on: '2027-03-01', ends_on: '2027-12-31', quarters: '2,3,4', pic: 'Budi Santoso, S.Kom.' },
];

describe('importPlanFile: a good file', () => {
  it('creates exactly the objectives and actions of the file, with their fields', async () => {
    const db = freshDb();
    const { planId, ani, budi, citra } = setUp(db);
    const before = counts(db);
    const result = await importPlanFile(db, planId, excelCsv(GOOD_ROWS), OPTIONS);
    expect(result).toEqual({ dryRun: false, rows: 3, objectives: 2, actions: 2, objective_codes: ['SS1', 'SS2'] });
    const after = counts(db);
    expect(after.objectives - before.objectives).toBe(2);
    expect(after.actions - before.actions).toBe(2);
    expect(after.action_members - before.action_members).toBe(1);
    expect(after.indicators).toBe(before.indicators);

    const objectives = db.prepare('SELECT id, perspective_code, code, name FROM objectives WHERE plan_id = ? ORDER BY code').all(planId) as { id: number; perspective_code: string; code: string; name: string }[];
    expect(objectives.map(({ perspective_code, code, name }) => ({ perspective_code, code, name }))).toEqual([
      { perspective_code: 'LG', code: 'SS1', name: 'Meningkatnya kompetensi SDM' },
      { perspective_code: 'IBP', code: 'SS2', name: 'Meningkatnya kepatuhan SOP' },
    ]);
    const cited = db.prepare('SELECT objective_id, dimension_code FROM objective_dimensions ORDER BY objective_id, dimension_code').all();
    expect(cited).toEqual([
      { objective_id: objectives[0].id, dimension_code: 'LG-HR' },
      { objective_id: objectives[0].id, dimension_code: 'LG-TI' },
      { objective_id: objectives[1].id, dimension_code: 'IBP-SOP' },
    ]);
    const actions = db
      .prepare('SELECT objective_id, title, target_indicator, target_value, target_unit, due_on, starts_on, ends_on, horizon, quarters, pic_id, budget, budget_code FROM actions ORDER BY id')
      .all();
    expect(actions).toEqual([
      { objective_id: objectives[0].id, title: 'Pelatihan teknis', target_indicator: 'Pegawai terlatih', target_value: 20, target_unit: 'orang', due_on: '2027-06-30', starts_on: '2027-01-01', ends_on: '2027-06-30', horizon: 'short_term', quarters: 0b0011, pic_id: ani, budget: 150_000_000, budget_code: '5212.001' },
      // No due date: the end date; no horizon: short term, as it lies within 2027; quarters 2–4 = bits 2 + 4 + 8.
      { objective_id: objectives[1].id, title: 'Penyusunan SOP digital', target_indicator: 'SOP terbit', target_value: 12.5, target_unit: '%', due_on: '2027-12-31', starts_on: '2027-03-01', ends_on: '2027-12-31', horizon: 'short_term', quarters: 0b1110, pic_id: budi, budget: null, budget_code: '' },
    ]);
    expect(db.prepare('SELECT person_id FROM action_members').all()).toEqual([{ person_id: citra }]);
  });

  it('records one plan.import audit entry naming the file and the counts', async () => {
    const db = freshDb();
    const { planId } = setUp(db);
    await importPlanFile(db, planId, excelCsv(GOOD_ROWS), OPTIONS);
    const entries = db.prepare("SELECT actor, details FROM audit_log WHERE action = 'plan.import'").all() as { actor: string; details: string }[];
    expect(entries).toHaveLength(1);
    expect(entries[0].actor).toBe('planner');
    expect(JSON.parse(entries[0].details)).toMatchObject({ plan: planId, file: 'rencana-aksi.csv', rows: 3, objectives: 2, actions: 2 });
  });

  it('attaches actions to an objective already in the plan, matched by code in any case', async () => {
    const db = freshDb();
    const { planId } = setUp(db);
    const existing = addObjective(db, planId, { perspective_code: 'LG', code: 'SS1', name: 'Meningkatnya kompetensi SDM' }, NOW, 'planner');
    const result = await importPlanFile(db, planId, excelCsv([{ ...GOOD_ROWS[1], objective_code: 'ss1' }]), OPTIONS);
    expect(result).toMatchObject({ objectives: 0, actions: 1 });
    expect(db.prepare('SELECT objective_id FROM actions').all()).toEqual([{ objective_id: existing }]);
  });

  it('checks everything and writes nothing on a dry run', async () => {
    const db = freshDb();
    const { planId } = setUp(db);
    const before = counts(db);
    const result = await importPlanFile(db, planId, excelCsv(GOOD_ROWS), { ...OPTIONS, dryRun: true });
    expect(result).toMatchObject({ dryRun: true, objectives: 2, actions: 2 });
    expect(counts(db)).toEqual(before);
  });
});

describe('importPlanFile: all or nothing', () => {
  const BAD_ROWS: Record<string, string>[] = [
    { perspective: 'LG', objective_code: 'SS1', objective: 'Meningkatnya kompetensi SDM', dimensions: 'LG-HR, NOPE' },
    { perspective: 'XYZ', objective_code: 'SS2', objective: 'Sasaran kedua' },
    { objective_code: 'SS1', objective: 'Nama yang lain' },
    { objective_code: 'SS9', action: 'Aksi tanpa sasaran', indicator: 'Dokumen', starts_on: '31/02/2027', ends_on: '2027-06-30', pic: 'Tidak Ada Orangnya' },
    { objective_code: 'SS1', action: 'Aksi terbalik', indicator: 'Dokumen', starts_on: '2027-06-01', ends_on: '2027-03-01', pic: 'Citra Dewi', budget: '1.5', quarters: 'V' },
    // A good row: it is not written either.
    GOOD_ROWS[1],
  ];

  it('writes nothing when several rows are wrong, and reports each problem with line, column and value', async () => {
    const db = freshDb();
    const { planId } = setUp(db);
    const before = counts(db);
    const error = await refused(importPlanFile(db, planId, excelCsv(BAD_ROWS), OPTIONS));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(422);
    expect(counts(db)).toEqual(before);

    const { problems } = error;
    expect(problemAt(problems, 2, 'dimensions')).toMatchObject({ column: 'dimensions (D)', value: 'NOPE', message: expect.stringContaining('no dimension "NOPE"') });
    expect(problemAt(problems, 3, 'perspective')).toMatchObject({ column: 'perspective (A)', value: 'XYZ', message: expect.stringContaining('no perspective "XYZ"') });
    expect(problemAt(problems, 4, 'objective')).toMatchObject({ column: 'objective (C)', value: 'Nama yang lain', message: 'objective SS1 is "Meningkatnya kompetensi SDM" on line 2; one code names one objective: use another code or the same name' });
    expect(problemAt(problems, 5, 'starts_on')).toMatchObject({ column: 'starts_on (J)', value: '31/02/2027', message: expect.stringContaining('not a date') });
    expect(problemAt(problems, 5, 'pic')).toMatchObject({ column: 'pic (N)', value: 'Tidak Ada Orangnya' });
    expect(problemAt(problems, 5, 'objective_code')).toMatchObject({ column: 'objective_code (B)', value: 'SS9', message: expect.stringContaining('no objective SS9') });
    expect(problemAt(problems, 6, 'ends_on')).toMatchObject({ column: 'ends_on (K)', value: '2027-03-01', message: 'the end date is before the start date' });
    expect(problemAt(problems, 6, 'budget')).toMatchObject({ column: 'budget (P)', value: '1.5' });
    expect(problemAt(problems, 6, 'quarters')).toMatchObject({ column: 'quarters (M)', value: 'V' });
    expect(problems.some((problem) => problem.line === 7)).toBe(false);
    expect(error.message).toBe(`The plan file has ${problems.length} problem(s) in 5 row(s); nothing was imported`);
  });

  it('refuses a PIC who is not in the people directory', async () => {
    const db = freshDb();
    const { planId } = setUp(db);
    const before = counts(db);
    const error = await refused(importPlanFile(db, planId, excelCsv([GOOD_ROWS[0], { ...GOOD_ROWS[1], pic: 'Dewi Anggraini' }]), OPTIONS));
    expect(error.problems).toEqual([
      {
        line: 3,
        column: 'pic (N)',
        field: 'pic',
        value: 'Dewi Anggraini',
        message: '"Dewi Anggraini" is not in the people directory: write the NIP or the name exactly as in the directory, or add the person there first',
      },
    ]);
    expect(counts(db)).toEqual(before);
  });

  it('refuses an NIP that Excel turned into a shortened number', async () => {
    const db = freshDb();
    const { planId } = setUp(db);
    const error = await refused(importPlanFile(db, planId, excelCsv([GOOD_ROWS[0], { ...GOOD_ROWS[1], pic: '1,98501E+17' }]), OPTIONS));
    expect(problemAt(error.problems, 3, 'pic').message).toMatch(/Excel shortened/);
  });

  it('honours the row limit and the size limit', async () => {
    const db = freshDb();
    const { planId } = setUp(db);
    const before = counts(db);
    const tooMany = await refused(importPlanFile(db, planId, excelCsv(GOOD_ROWS), { ...OPTIONS, maxRows: 2 }));
    expect(tooMany.status).toBe(422);
    expect(tooMany.problems).toEqual([expect.objectContaining({ line: 4, message: expect.stringContaining('more than 2 rows') })]);
    const tooLarge = await refused(importPlanFile(db, planId, excelCsv(GOOD_ROWS), { ...OPTIONS, maxBytes: 100 }));
    expect(tooLarge.status).toBe(413);
    expect(counts(db)).toEqual(before);
  });
});

describe('importPlanFile: the matrix imports back', () => {
  function newPlan(db: Db): number {
    return createPlan(db, { name: 'Rencana Kinerja 2027', organisation: 'Direktorat Lain', start_year: '2027' }, NOW, 'planner');
  }

  function objectivesOf(db: Db, planId: number) {
    return show(db, planId).objectives.map((objective) => ({ code: objective.code, perspective: objective.perspective, name: objective.name, dimensions: objective.dimension_codes }));
  }

  function actionsOf(db: Db, planId: number) {
    return show(db, planId).actions.map((action) => ({
      objective: action.objective_code,
      title: action.title,
      target: action.target,
      pic: action.pic.id,
      members: action.members.map((member) => member.id),
      horizon: action.horizon,
      starts_on: action.starts_on,
      ends_on: action.ends_on,
      quarters: action.quarters,
      budget: action.budget,
      budget_code: action.budget_code,
    }));
  }

  it.each(['comma', 'semicolon'] as const)('reproduces the objectives and actions from the CSV matrix (%s)', async (dialect) => {
    const db = freshDb();
    const { planId } = actionPlan(db);
    const copy = newPlan(db);
    const result = await importPlanFile(db, copy, Buffer.from(matrixCsv(show(db, planId), 'id', dialect), 'utf8'), OPTIONS);
    expect(result).toMatchObject({ objectives: 2, actions: 2 });
    expect(objectivesOf(db, copy)).toEqual(objectivesOf(db, planId));
    expect(actionsOf(db, copy)).toEqual(actionsOf(db, planId));
    // The apostrophe that kept Excel from running the title is not part of it.
    expect(show(db, copy).actions[1].title).toBe(FORMULA_TITLE);
  });

  it('reproduces them from the XLSX matrix (title rows above the header, dates as date cells)', async () => {
    const db = freshDb();
    const { planId } = actionPlan(db);
    const copy = newPlan(db);
    await importPlanFile(db, copy, await matrixWorkbook(show(db, planId), 'id'), { ...OPTIONS, fileName: 'matriks.xlsx' });
    expect(objectivesOf(db, copy)).toEqual(objectivesOf(db, planId));
    expect(actionsOf(db, copy)).toEqual(actionsOf(db, planId));
  });

  it('reports XLSX problems by sheet row and column letter', async () => {
    const db = freshDb();
    const { planId } = setUp(db);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Rencana');
    sheet.addRow(['Daftar rencana aksi 2027']);
    sheet.addRow(COLUMNS);
    sheet.addRow(['LG', 'SS1', 'Meningkatnya kompetensi SDM']);
    sheet.addRow(['', 'SS1', '', '', 'Pelatihan', 'Pegawai terlatih', 20, 'orang', null, new Date('2027-01-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'), '', '1', 'Ani Lestari']);
    const error = await refused(importPlanFile(db, planId, Buffer.from(await workbook.xlsx.writeBuffer()), { ...OPTIONS, fileName: 'rencana.xlsx' }));
    expect(error.problems).toEqual([expect.objectContaining({ line: 4, column: 'ends_on (K)', value: '2026-12-01', message: 'the end date is before the start date' })]);
  });
});

describe('planImportTemplate', () => {
  it('gives the header and one example row in CSV, which imports once the PIC is in the directory', async () => {
    const db = freshDb();
    const { planId } = setUp(db);
    const template = await planImportTemplate(db, planId, 'csv', 'id');
    expect(template.fileName).toMatch(/\.csv$/);
    const lines = template.body.toString('utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFPerspektif;Kode sasaran;Sasaran strategis;Indikator;Target;Satuan;Tenggat;Rencana aksi;Penanggung jawab;Anggota;TW I;TW II;TW III;TW IV;Anggaran (Rp);Kode anggaran;Mulai;Selesai;Jangka;Dimensi');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('Ani Lestari');
    await expect(importPlanFile(db, planId, template.body, { ...OPTIONS, dryRun: true })).resolves.toMatchObject({ objectives: 1, actions: 1 });
  });

  it('gives a workbook with the same columns, which imports too', async () => {
    const db = freshDb();
    const { planId } = setUp(db);
    const template = await planImportTemplate(db, planId, 'xlsx', 'en');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.body as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets[0].getRow(1).getCell(1).value).toBe('Perspective');
    await expect(importPlanFile(db, planId, template.body, { ...OPTIONS, fileName: template.fileName, dryRun: true })).resolves.toMatchObject({ objectives: 1, actions: 1 });
  });
});

describe('importPlanFile: every message has an Indonesian translation', () => {
  function expectTranslated(message: string): void {
    const indonesian = translateProblem('id', message);
    expect({ message, indonesian }).not.toEqual({ message, indonesian: message });
    expect(translateProblem('en', message)).toBe(message);
  }

  it('translates each problem a bad file can raise', async () => {
    const db = freshDb();
    const { planId } = setUp(db);
    person(db, 'Dua Nama');
    person(db, 'Dua Nama');
    addObjective(db, planId, { perspective_code: 'LG', code: 'SS7', name: 'Sasaran lama', dimension_codes: ['LG-HR'] }, NOW, 'planner');
    const action = { objective_code: 'SS7', action: 'Aksi', indicator: 'Dokumen', starts_on: '2027-01-01', ends_on: '2027-06-30', pic: 'Ani Lestari' };
    const rows: Record<string, string>[] = [
      { status: 'Selesai' },
      { ...action, objective_code: '' },
      { perspective: 'LG', objective: 'Tanpa kode' },
      { perspective: 'LG', objective_code: 'SS 1/2', objective: 'Kode salah' },
      { perspective: 'XYZ', objective_code: 'SS3', objective: 'Perspektif salah', dimensions: 'NOPE' },
      { objective_code: 'SS4', objective: 'Tanpa perspektif' },
      { perspective: 'IBP', objective_code: 'SS7', objective: 'Nama lain' },
      { perspective: 'IBP', objective_code: 'SS7', objective: 'Sasaran lama', dimensions: 'LG-TI' },
      { perspective: 'LG', objective_code: 'SS5', objective: 'Baru' },
      { perspective: 'IBP', objective_code: 'SS5', objective: 'Lain', dimensions: 'LG-TI' },
      { ...action, action: '', indicator: '' },
      { ...action, starts_on: '2027-13-01', ends_on: '', due_on: '2026-12-01' },
      { ...action, starts_on: '', ends_on: '2027-06-30' },
      { ...action, starts_on: '2027-06-01', ends_on: '2027-03-01', due_on: '2027-02-01' },
      { ...action, horizon: 'kadang', ends_on: '2028-06-30' },
      { ...action, horizon: 'jangka pendek', ends_on: '2028-06-30' },
      { ...action, quarters: 'V', pic: '' },
      { ...action, pic: '199001012015011099', budget: '1.5', target_value: '1.000.000' },
      { ...action, pic: 'Dua Nama', members: 'Tidak Ada' },
      { ...action, objective_code: 'SS99', pic: '1,98501E+17', action: 'x'.repeat(301) },
    ];
    const error = await refused(importPlanFile(db, planId, excelCsv(rows, [...COLUMNS, 'TW I', 'status']), OPTIONS));
    const withMark = await refused(importPlanFile(db, planId, excelCsv([{ ...action, 'TW I': 'mungkin' }], [...COLUMNS, 'TW I']), OPTIONS));
    const messages = new Set([error.message, ...error.problems.map((problem) => problem.message), ...withMark.problems.map((problem) => problem.message)]);
    // One message per check in import.ts, the variants of "objective … is …" included.
    expect(messages.size).toBeGreaterThanOrEqual(34);
    for (const message of messages) expectTranslated(message);
  });

  it('translates what is said about the file as a whole', async () => {
    const db = freshDb();
    const { planId } = setUp(db);
    const empty = await refused(importPlanFile(db, planId, excelCsv([]), OPTIONS));
    const notXlsx = await refused(importPlanFile(db, planId, Buffer.from('perspective\r\n'), { ...OPTIONS, fileName: 'x.xlsx' }));
    const broken = await refused(importPlanFile(db, planId, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), { ...OPTIONS, fileName: 'x.xlsx' }));
    const blankSheet = new ExcelJS.Workbook();
    blankSheet.addWorksheet('Kosong');
    const blank = await refused(importPlanFile(db, planId, Buffer.from(await blankSheet.xlsx.writeBuffer()), { ...OPTIONS, fileName: 'x.xlsx' }));
    const tooLarge = await refused(importPlanFile(db, planId, excelCsv(GOOD_ROWS), { ...OPTIONS, maxBytes: 100 }));
    for (const error of [empty, notXlsx, broken, blank]) {
      expectTranslated(error.message);
      for (const problem of error.problems) expectTranslated(problem.message);
    }
    expectTranslated(tooLarge.message);
  });
});
