import ExcelJS from 'exceljs';
import { recordAudit } from '../audit/log';
import type { Db } from '../db/connection';
import * as actionsDb from '../db/actions';
import * as objectivesDb from '../db/objectives';
import type { PersonRow } from '../db/types';
import { isCalendarDate } from '../dates';
import { PayloadTooLargeError, ValidationError, type Problem } from '../errors';
import { toCsv } from '../export/csv-writer';
import { translator, type Lang } from '../i18n';
import { columnLetter, normaliseColumnName, type CsvColumnSpec, type CsvProblem } from '../import/read-csv';
import { readTable, withoutNeutralisingQuote, type TableFile } from '../import/read-table';
import type { TemplateFile, TemplateFormat } from '../survey/paper-template';
import { columnHeader, DATE_COLUMNS, MATRIX_COLUMNS, QUARTER_COLUMNS, RUPIAH_FORMAT, type MatrixCell } from './matrix';
import { addAction, addObjective, getPlan, perspectiveOrder, planInstrument } from './service';

/**
 * Objectives and action plans drafted in a spreadsheet, imported all or nothing.
 *
 * One table, one row per objective or per action, in the columns of the action-plan matrix
 * (matrix.ts), so that a downloaded matrix imports back as it is. A row with an action (or any
 * action cell) is an action of the objective named by its code; a row with only objective cells
 * defines an objective. An action row may define its objective too (the matrix repeats the
 * objective on each action's row): the first row that names a code defines it, later rows must
 * agree. Codes already in the plan are matched, never changed. Status and progress are read-only.
 *
 * Every row is checked before anything is written; any problem and nothing is written. Then
 * everything is added in one transaction through the plan's service functions, whose own checks
 * and audit entries apply, and one `plan.import` entry records the file.
 */

export type PlanImportColumn = (typeof MATRIX_COLUMNS)[number] | 'quarters';

/** Header spellings accepted besides the canonical name and the matrix headers in both languages. */
const EXTRA_ALIASES: Partial<Record<PlanImportColumn, string[]>> = {
  perspective: ['perspective_code', 'kode perspektif'],
  objective_code: ['kode ss', 'kode sasaran strategis'],
  objective: ['objective_name', 'nama sasaran', 'sasaran'],
  indicator: ['target_indicator', 'indikator target', 'indikator kinerja'],
  target_value: ['nilai target'],
  due_on: ['batas waktu', 'due'],
  action: ['action_title', 'kegiatan', 'judul rencana aksi'],
  pic: ['pj', 'pic', 'nip pic'],
  members: ['anggota tim', 'tim'],
  starts_on: ['tanggal mulai', 'start date'],
  ends_on: ['tanggal selesai', 'end date'],
  horizon: ['jangka waktu'],
  tw1: ['tw1', 'triwulan i'],
  tw2: ['tw2', 'triwulan ii'],
  tw3: ['tw3', 'triwulan iii'],
  tw4: ['tw4', 'triwulan iv'],
  quarters: ['tw'],
  budget: ['anggaran', 'budget', 'pagu'],
  budget_code: ['kode mak', 'mak', 'akun'],
  progress: ['progres', 'progress'],
  dimensions: ['dimension_codes', 'kode dimensi'],
};

const IMPORT_COLUMNS: PlanImportColumn[] = [...MATRIX_COLUMNS, 'quarters'];
const REQUIRED: ReadonlySet<PlanImportColumn> = new Set(['perspective', 'objective_code', 'objective']);

function columnSpecs(): CsvColumnSpec[] {
  const id = translator('id');
  const en = translator('en');
  const claimed = new Set<string>();
  return IMPORT_COLUMNS.map((name) => {
    const spellings = [name, columnHeader(id, name), columnHeader(en, name), ...(EXTRA_ALIASES[name] ?? [])];
    const aliases: string[] = [];
    for (const spelling of spellings) {
      const key = normaliseColumnName(spelling);
      if (claimed.has(key)) continue;
      claimed.add(key);
      if (spelling !== name) aliases.push(spelling);
    }
    return { name, required: REQUIRED.has(name), aliases };
  });
}

export interface PlanImportOptions {
  fileName: string;
  now: Date;
  actor: string;
  /** Most data rows accepted. */
  maxRows: number;
  /** Largest file accepted, in bytes (the upload route has its own limit; the CLI has none). */
  maxBytes?: number;
  /** Check everything and say what would be added, writing nothing. */
  dryRun?: boolean;
}

export interface PlanImportResult {
  dryRun: boolean;
  rows: number;
  /** Objectives added (codes already in the plan are matched, not counted). */
  objectives: number;
  actions: number;
  objective_codes: string[];
}

/** Problems listed in the error; a shifted column fails every row, and the first thousand say it. */
const MAX_LISTED = 1000;

interface ObjectiveDraft {
  key: string;
  code: string;
  perspective: string;
  name: string;
  dimensions: string[];
  /** Where it is defined: the plan (null) or a line of the file. */
  line: number | null;
  existingId: number | null;
}

interface ActionDraft {
  line: number;
  objectiveKey: string;
  title: string;
  target_indicator: string;
  target_value: number | null;
  target_unit: string;
  starts_on: string;
  ends_on: string;
  due_on: string;
  pic_id: number;
  member_ids: number[];
  horizon: 'short_term' | 'continuous';
  quarters: number[];
  budget: number | null;
  budget_code: string;
}

function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** YYYY-MM-DD, or DD/MM/YYYY (also D/M/YYYY) as Excel in an Indonesian locale writes dates to CSV. */
export function parseDate(text: string): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const local = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : local ? [local[3], local[2], local[1]] : null;
  if (!parts) return null;
  const value = `${parts[0]}-${parts[1].padStart(2, '0')}-${parts[2].padStart(2, '0')}`;
  return isCalendarDate(value) ? value : null;
}

/** "20", "12,5", "12.5". Thousands separators are refused rather than guessed (as the plan forms do). */
function parseDecimal(text: string): number | null {
  return /^-?\d+([.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : null;
}

/**
 * Whole rupiah: "150000000", "150.000.000" (Indonesian grouping), "150,000,000", with or without
 * "Rp" and a zero decimal part ("150.000.000,00"). A grouping is accepted only when every group
 * has three digits, so "1.5" is refused, not read as 15.
 */
export function parseRupiah(text: string): number | null {
  const bare = text.replace(/^rp\.?\s*/i, '').replace(/\s+/g, '');
  let digits: string | null = null;
  if (/^\d+$/.test(bare)) digits = bare;
  else if (/^\d{1,3}(\.\d{3})+(,0+)?$/.test(bare)) digits = bare.replace(/,0+$/, '').replace(/\./g, '');
  else if (/^\d{1,3}(,\d{3})+(\.0+)?$/.test(bare)) digits = bare.replace(/\.0+$/, '').replace(/,/g, '');
  else if (/^\d+[.,]0+$/.test(bare)) digits = bare.replace(/[.,]0+$/, '');
  if (digits === null) return null;
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : null;
}

const QUARTER_TOKENS: Record<string, number> = { '1': 1, '2': 2, '3': 3, '4': 4, i: 1, ii: 2, iii: 3, iv: 4, q1: 1, q2: 2, q3: 3, q4: 4, tw1: 1, tw2: 2, tw3: 3, tw4: 4, twi: 1, twii: 2, twiii: 3, twiv: 4 };
const MARKED = new Set(['✓', '✔', '√', 'v', 'x', '1', 'ya', 'y', 'yes', 'true']);
const UNMARKED = new Set(['', '0', '-', '–', 'tidak', 'no', 'false']);

const HORIZON_WORDS: Record<string, 'short_term' | 'continuous'> = {
  short_term: 'short_term',
  'short term': 'short_term',
  'short-term': 'short_term',
  'jangka pendek': 'short_term',
  pendek: 'short_term',
  continuous: 'continuous',
  berkelanjutan: 'continuous',
  'jangka panjang': 'continuous',
};

const EXCEL_SHORTENED = 'looks like a number Excel shortened (e.g. 1,99E+17): format the column as Text and type the number again';

export type PersonLookup = (written: string) => { id: number } | { problem: string };

export function personLookup(people: readonly PersonRow[]): PersonLookup {
  const byNip = new Map(people.filter((person) => person.nip).map((person) => [person.nip as string, person]));
  const byName = new Map<string, PersonRow[]>();
  for (const person of people) {
    const key = squeeze(person.name).toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), person]);
  }
  return (written) => {
    if (/^\d+([.,]\d+)?E\+?\d+$/i.test(written)) return { problem: EXCEL_SHORTENED };
    const digits = written.replace(/\s+/g, '');
    if (/^\d{18}$/.test(digits)) {
      const person = byNip.get(digits);
      return person ? { id: person.id } : { problem: `no one with NIP ${digits} is in the people directory: add them there first` };
    }
    const named = byName.get(squeeze(written).toLowerCase()) ?? [];
    if (named.length === 1) return { id: named[0].id };
    if (named.length > 1) return { problem: `${named.length} people in the directory are named "${squeeze(written)}": write the NIP instead` };
    return { problem: `"${squeeze(written)}" is not in the people directory: write the NIP or the name exactly as in the directory, or add the person there first` };
  };
}

async function readPlanFile(file: Buffer, options: PlanImportOptions): Promise<TableFile | { problems: CsvProblem[] }> {
  return readTable(file, { fileName: options.fileName, columns: columnSpecs(), maxRows: options.maxRows });
}

function toProblems(problems: readonly CsvProblem[]): Problem[] {
  return problems.map((problem) => ({ line: problem.line, column: problem.column, value: problem.value, message: problem.message }));
}

export async function importPlanFile(db: Db, planId: number, file: Buffer, options: PlanImportOptions): Promise<PlanImportResult> {
  getPlan(db, planId);
  if (options.maxBytes !== undefined && file.length > options.maxBytes) {
    throw new PayloadTooLargeError(
      options.maxBytes >= 1024 * 1024 ? `The file is larger than the limit of ${Math.round(options.maxBytes / 1024 / 1024)} MB` : `The file is larger than the limit of ${options.maxBytes} bytes`,
    );
  }
  const parsed = await readPlanFile(file, options);
  if ('problems' in parsed) throw new ValidationError('The plan file could not be read; nothing was imported', toProblems(parsed.problems));
  if (parsed.rows.length === 0) {
    throw new ValidationError('The plan file could not be read; nothing was imported', [
      { line: 2, column: null, value: null, message: 'The file has no objectives or actions: type one per row below the header.' },
    ]);
  }
  // Everything from here on is synchronous: the check reads the plan and the directory inside the transaction that writes.
  return db.transaction(() => {
    const checked = checkRows(db, planId, parsed);
    if (checked.problems.length > 0) {
      const lines = new Set(checked.problems.map((problem) => problem.line));
      const listed: Problem[] = checked.problems.slice(0, MAX_LISTED);
      if (checked.problems.length > MAX_LISTED) listed.push({ line: null, column: null, value: null, message: `…and ${checked.problems.length - MAX_LISTED} more problem(s) not listed.` });
      throw new ValidationError(`The plan file has ${checked.problems.length} problem(s) in ${lines.size} row(s); nothing was imported`, listed);
    }
    const result: PlanImportResult = {
      dryRun: options.dryRun === true,
      rows: parsed.rows.length,
      objectives: checked.objectives.length,
      actions: checked.actions.length,
      objective_codes: checked.objectives.map((objective) => objective.code),
    };
    if (options.dryRun) return result;
    const { now, actor } = options;
    const objectiveIds = new Map<string, number>();
    for (const draft of checked.allObjectives) if (draft.existingId !== null) objectiveIds.set(draft.key, draft.existingId);
    for (const draft of checked.objectives) {
      const id = atLine(draft.line, () => addObjective(db, planId, { perspective_code: draft.perspective, code: draft.code, name: draft.name, dimension_codes: draft.dimensions }, now, actor));
      objectiveIds.set(draft.key, id);
    }
    for (const draft of checked.actions) {
      const { line, objectiveKey, ...fields } = draft;
      atLine(line, () => addAction(db, planId, { ...fields, objective_id: objectiveIds.get(objectiveKey) }, now, actor));
    }
    recordAudit(db, { actor, action: 'plan.import', details: { plan: planId, file: options.fileName, rows: result.rows, objectives: result.objectives, actions: result.actions } }, now);
    return result;
  })();
}

/** The service checks again what was checked here; should it still refuse a row, the whole import rolls back, naming the line. */
function atLine<T>(line: number | null, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof ValidationError && line !== null) {
      throw new ValidationError(`The plan file has ${error.problems.length} problem(s) in 1 row(s); nothing was imported`, error.problems.map((problem) => ({ ...problem, line })));
    }
    throw error;
  }
}

interface CheckedRows {
  problems: Problem[];
  /** New objectives in the order the file defines them. */
  objectives: ObjectiveDraft[];
  allObjectives: ObjectiveDraft[];
  actions: ActionDraft[];
}

const ACTION_CELLS: readonly PlanImportColumn[] = ['action', 'indicator', 'target_value', 'target_unit', 'due_on', 'pic', 'members', 'tw1', 'tw2', 'tw3', 'tw4', 'quarters', 'budget', 'budget_code', 'starts_on', 'ends_on', 'horizon'];

function checkRows(db: Db, planId: number, file: TableFile): CheckedRows {
  const plan = getPlan(db, planId);
  const instrument = planInstrument(db, planId);
  const order = perspectiveOrder(plan);
  const perspectiveByWord = new Map<string, string>();
  for (const perspective of instrument.definition.perspectives) {
    if (!order.includes(perspective.code)) continue;
    for (const word of [perspective.code, perspective.name.id, perspective.name.en]) perspectiveByWord.set(squeeze(word).toLowerCase(), perspective.code);
  }
  const dimensionByCode = new Map(instrument.definition.perspectives.flatMap((perspective) => perspective.dimensions.map((dimension) => [dimension.code.toLowerCase(), dimension.code] as const)));
  const findPerson = personLookup(actionsDb.listPeople(db));
  const firstDay = `${plan.start_year}-01-01`;
  const lastDay = `${plan.end_year}-12-31`;

  const positionOf = new Map(file.positions.map((position) => [position.name, position]));
  const label = (column: PlanImportColumn): string => {
    const position = positionOf.get(column);
    return position ? `${position.header} (${columnLetter(position.index)})` : column;
  };
  const problems: Problem[] = [];

  const objectives = new Map<string, ObjectiveDraft>();
  for (const row of objectivesDb.listObjectives(db, planId)) {
    objectives.set(row.code.toLowerCase(), { key: row.code.toLowerCase(), code: row.code, perspective: row.perspective_code, name: row.name, dimensions: [], line: null, existingId: row.id });
  }
  for (const cited of objectivesDb.listObjectiveDimensions(db, planId)) {
    const draft = [...objectives.values()].find((objective) => objective.existingId === cited.objective_id);
    draft?.dimensions.push(cited.dimension_code);
  }
  const created: ObjectiveDraft[] = [];
  const references: { line: number; key: string; code: string }[] = [];
  const actions: (ActionDraft | null)[] = [];

  for (const row of file.rows) {
    const { line } = row;
    const cell = (column: PlanImportColumn): string => {
      const raw = row.cells[column] ?? '';
      return (file.csv ? withoutNeutralisingQuote(raw.trim()) : raw).trim();
    };
    const report = (column: PlanImportColumn | null, message: string, value?: string) => {
      problems.push({ line, column: column === null ? null : label(column), field: column ?? undefined, value: value ?? (column === null ? null : cell(column) || null), message });
    };
    const text = (column: PlanImportColumn, max: number): string => {
      const value = cell(column);
      if (value.length > max) report(column, `at most ${max} characters`);
      return value;
    };

    const isAction = ACTION_CELLS.some((column) => {
      const value = cell(column);
      return QUARTER_COLUMNS.includes(column as 'tw1') ? !UNMARKED.has(value.toLowerCase()) : value !== '';
    });
    const code = cell('objective_code');
    const name = squeeze(text('objective', 300));
    const perspectiveText = cell('perspective');
    const dimensionsText = cell('dimensions');
    if (!isAction && !code && !name && !perspectiveText && !dimensionsText) {
      report(null, 'The row has neither an objective nor an action: fill in the objective code and name, or the action and the code of its objective.');
      continue;
    }

    // The objective the row names, defines or repeats.
    let key: string | null = null;
    if (!code) report('objective_code', isAction ? 'the objective code is blank: an action names its objective by code (such as SS1)' : 'the objective code is blank: give each objective a code (such as SS1) for its actions to name');
    else if (code.length > 20 || !/^[A-Za-z0-9.\-_ ]+$/.test(code)) report('objective_code', 'an objective code has at most 20 letters, digits, ".", "-" or "_"');
    else key = code.toLowerCase();

    let perspective: string | null = null;
    if (perspectiveText) {
      perspective = perspectiveByWord.get(squeeze(perspectiveText).toLowerCase()) ?? null;
      if (perspective === null) report('perspective', `no perspective "${perspectiveText}" in this plan; use ${order.join(', ')} or their names`);
    }
    let dimensions: string[] | null = null;
    if (dimensionsText) {
      dimensions = [];
      for (const written of dimensionsText.split(/[,;\n]+/).map((part) => part.trim()).filter(Boolean)) {
        const known = dimensionByCode.get(written.toLowerCase());
        if (known === undefined) report('dimensions', `no dimension "${written}" in the plan's instrument; use codes such as ${[...dimensionByCode.values()].slice(0, 4).join(', ')}`, written);
        else if (!dimensions.includes(known)) dimensions.push(known);
      }
    }

    if (key !== null) {
      const known = objectives.get(key);
      if (name) {
        if (known === undefined) {
          if (perspective === null && !perspectiveText) report('perspective', `the perspective is blank: say where objective ${code} stands on the map (${order.join(', ')})`);
          const draft: ObjectiveDraft = { key, code, perspective: perspective ?? '', name, dimensions: dimensions ?? [], line, existingId: null };
          objectives.set(key, draft);
          created.push(draft);
        } else {
          const where = known.line === null ? 'in the plan' : `on line ${known.line}`;
          if (squeeze(known.name).toLowerCase() !== name.toLowerCase()) report('objective', `objective ${known.code} is "${known.name}" ${where}; one code names one objective: use another code or the same name`);
          if (perspective !== null && perspective !== known.perspective && known.perspective) report('perspective', `objective ${known.code} is in perspective ${known.perspective} ${where}`);
          if (dimensions !== null && !sameSet(dimensions, known.dimensions)) report('dimensions', `objective ${known.code} answers ${known.dimensions.join(', ') || 'no dimension'} ${where}`);
        }
      } else {
        if (known === undefined) references.push({ line, key, code });
        else if (perspective !== null && perspective !== known.perspective && known.perspective) report('perspective', `objective ${known.code} is in perspective ${known.perspective} ${known.line === null ? 'in the plan' : `on line ${known.line}`}`);
      }
    }

    if (!isAction) {
      actions.push(null);
      continue;
    }

    const title = text('action', 300);
    if (!title) report('action', 'the action is blank: write what will be done');
    const indicator = text('indicator', 300);
    if (!indicator) report('indicator', "the indicator is blank: say what the action's target measures");
    let targetValue: number | null = null;
    if (cell('target_value')) {
      targetValue = parseDecimal(cell('target_value'));
      if (targetValue === null) report('target_value', 'use a number such as 20 or 12,5');
    }
    const targetUnit = text('target_unit', 40);

    const date = (column: 'starts_on' | 'ends_on' | 'due_on', blank: string | null): string | null => {
      const value = cell(column);
      if (!value) {
        if (blank !== null) report(column, blank);
        return null;
      }
      const parsed = parseDate(value);
      if (parsed === null) report(column, 'not a date: use YYYY-MM-DD (2027-03-31) or DD/MM/YYYY (31/03/2027)');
      return parsed;
    };
    const startsOn = date('starts_on', 'the start date is blank');
    const endsOn = date('ends_on', 'the end date is blank');
    const dueOn = date('due_on', null) ?? endsOn;
    if (startsOn && endsOn && endsOn < startsOn) report('ends_on', 'the end date is before the start date');
    if (startsOn && dueOn && cell('due_on') && dueOn < startsOn) report('due_on', 'the due date is before the start date');

    let horizon: 'short_term' | 'continuous' | null;
    const horizonText = squeeze(cell('horizon')).toLowerCase();
    if (horizonText) {
      horizon = HORIZON_WORDS[horizonText] ?? null;
      if (horizon === null) report('horizon', 'use "Jangka pendek" or "Berkelanjutan" (short_term or continuous)');
    } else {
      // Blank: short term when it fits the plan period, as most actions do.
      horizon = startsOn && endsOn && (startsOn < firstDay || endsOn > lastDay) ? 'continuous' : 'short_term';
    }
    if (horizon === 'short_term' && startsOn && endsOn && (startsOn < firstDay || endsOn > lastDay)) {
      report('ends_on', `a short-term action runs within the plan period (${firstDay} to ${lastDay}); a longer one is continuous`);
    }

    const quarters = new Set<number>();
    QUARTER_COLUMNS.forEach((column, index) => {
      const value = cell(column).toLowerCase();
      if (MARKED.has(value)) quarters.add(index + 1);
      else if (!UNMARKED.has(value)) report(column, 'mark the quarter with ✓ (or x, v, 1), or leave the cell blank');
    });
    for (const token of cell('quarters').split(/[,;/\s]+/).filter(Boolean)) {
      const quarter = QUARTER_TOKENS[token.toLowerCase().replace(/[\s-]/g, '')];
      if (quarter === undefined) report('quarters', 'a quarter is 1–4 or I–IV, such as "1,2" or "I,II"', token);
      else quarters.add(quarter);
    }

    let picId: number | null = null;
    const picText = cell('pic');
    if (!picText) report('pic', 'the person in charge is blank: write their NIP or their name as in the people directory');
    else {
      const found = findPerson(picText);
      if ('problem' in found) report('pic', found.problem);
      else picId = found.id;
    }
    const memberIds: number[] = [];
    for (const written of cell('members').split(/[;\n]+/).map((part) => part.trim()).filter(Boolean)) {
      const found = findPerson(written);
      if ('problem' in found) report('members', found.problem, written);
      else if (found.id !== picId && !memberIds.includes(found.id)) memberIds.push(found.id);
    }

    let budget: number | null = null;
    if (cell('budget')) {
      budget = parseRupiah(cell('budget'));
      if (budget === null) report('budget', 'whole rupiah, such as 150000000 or 150.000.000');
    }
    const budgetCode = text('budget_code', 60);

    actions.push(
      key !== null && startsOn && endsOn && dueOn && horizon && picId !== null
        ? {
            line,
            objectiveKey: key,
            title,
            target_indicator: indicator,
            target_value: targetValue,
            target_unit: targetUnit,
            starts_on: startsOn,
            ends_on: endsOn,
            due_on: dueOn,
            pic_id: picId,
            member_ids: memberIds,
            horizon,
            quarters: [...quarters].sort(),
            budget,
            budget_code: budgetCode,
          }
        : null,
    );
  }

  // A code may be defined on a later row than an action naming it: the file need not be sorted.
  for (const reference of references) {
    if (!objectives.has(reference.key)) {
      problems.push({
        line: reference.line,
        column: label('objective_code'),
        field: 'objective_code',
        value: reference.code,
        message: `no objective ${reference.code} in this plan or this file: define it on a row with its perspective and name`,
      });
    }
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { problems, objectives: created, allObjectives: [...objectives.values()], actions: actions.filter((action): action is ActionDraft => action !== null) };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}

// ——— Template ———

const TEMPLATE_COLUMNS = MATRIX_COLUMNS.filter((column) => column !== 'status' && column !== 'progress');

/** The import header in the chosen language and one example row, fitted to the plan (its year, perspectives, directory). */
export async function planImportTemplate(db: Db, planId: number, format: TemplateFormat, lang: Lang): Promise<TemplateFile> {
  const plan = getPlan(db, planId);
  const t = translator(lang);
  const instrument = planInstrument(db, planId);
  const perspectives = instrument.definition.perspectives;
  // The example answers the HR-development gap of the case, when the instrument has that focus area.
  const perspective = perspectives.find((item) => item.dimensions.some((dimension) => dimension.focus === 'hr_development')) ?? perspectives[0];
  const dimension = perspective.dimensions.find((item) => item.focus === 'hr_development') ?? perspective.dimensions[0];
  const taken = new Set(objectivesDb.listObjectives(db, planId).map((row) => row.code.toLowerCase()));
  let number = 1;
  while (taken.has(`ss${number}`)) number += 1;
  const firstPerson = actionsDb.listPeople(db)[0];
  const year = plan.start_year;
  const example: Record<string, MatrixCell> = {
    perspective: perspective.name[lang],
    objective_code: `SS${number}`,
    objective: t('plan.import.example.objective'),
    indicator: t('plan.import.example.indicator'),
    target_value: 30,
    target_unit: t('plan.import.example.unit'),
    due_on: `${year}-06-30`,
    action: t('plan.import.example.action'),
    pic: firstPerson ? firstPerson.name : t('plan.import.example.pic'),
    members: null,
    tw1: t('plan.matrix.mark'),
    tw2: t('plan.matrix.mark'),
    tw3: null,
    tw4: null,
    budget: 150_000_000,
    budget_code: null,
    starts_on: `${year}-01-01`,
    ends_on: `${year}-06-30`,
    horizon: t('plan.horizon.short_term'),
    dimensions: dimension.code,
  };
  const header = TEMPLATE_COLUMNS.map((column) => columnHeader(t, column));
  const row = TEMPLATE_COLUMNS.map((column) => example[column] ?? null);
  const baseName = `potret-plan-${planId}-import-template`;
  if (format === 'csv') {
    return { fileName: `${baseName}.csv`, contentType: 'text/csv; charset=utf-8', body: Buffer.from(toCsv(header, [row], { dialect: lang === 'id' ? 'semicolon' : 'comma' }), 'utf8') };
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Potret';
  const sheet = workbook.addWorksheet(t('plan.matrix.sheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = TEMPLATE_COLUMNS.map((column, index) => ({
    header: header[index],
    key: column,
    width: Math.max(12, Math.min(36, header[index].length + 4)),
    // Text cells, so that an NIP keeps its 18 digits and a code such as "1.1" stays a code.
    style: column === 'budget' ? { numFmt: RUPIAH_FORMAT } : DATE_COLUMNS.has(column) ? { numFmt: 'dd/mm/yyyy' } : column === 'target_value' ? {} : { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(TEMPLATE_COLUMNS.map((column) => (DATE_COLUMNS.has(column) && typeof example[column] === 'string' ? new Date(`${example[column]}T00:00:00Z`) : (example[column] ?? null))));

  // What the codes and names may be: the plan's perspectives and dimensions, and the people directory.
  const codes = workbook.addWorksheet(columnHeader(t, 'dimensions'));
  codes.columns = [
    { header: columnHeader(t, 'perspective'), key: 'perspective', width: 30 },
    { header: columnHeader(t, 'dimensions'), key: 'code', width: 12 },
    { header: '', key: 'name', width: 40 },
  ];
  codes.getRow(1).font = { bold: true };
  for (const item of perspectives) for (const entry of item.dimensions) codes.addRow({ perspective: `${item.code} ${item.name[lang]}`, code: entry.code, name: entry.name[lang] });
  const people = workbook.addWorksheet(columnHeader(t, 'pic'));
  people.columns = [
    { header: columnHeader(t, 'pic'), key: 'name', width: 36 },
    { header: 'NIP', key: 'nip', width: 22, style: { numFmt: '@' } },
  ];
  people.getRow(1).font = { bold: true };
  for (const person of actionsDb.listPeople(db)) people.addRow({ name: person.name, nip: person.nip ?? '' });
  return {
    fileName: `${baseName}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}
