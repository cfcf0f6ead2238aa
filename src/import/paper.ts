import { z } from 'zod';
import { CSV_BOM, csvLine, type CsvDialect } from '../export/csv-writer';
import type { LoadedInstrument } from '../survey/instruments';
import { MAX_COMMENT_LENGTH } from '../survey/questionnaire';
import { createLikertParser } from './likert';
import { streamCsv, type CsvColumnSpec, type CsvProblem, type CsvRow, type CsvSeparator, type CsvSource } from './read-csv';

/**
 * The paper-questionnaire pipeline up to the point of writing: read the CSV (read-csv.ts does
 * encodings, separators and line numbers), check every row, and say exactly which forms would be
 * stored and which rows are wrong, where and why. Nothing here touches the database: what the
 * rows are checked against (the roster's units, the form ids already imported) comes in as
 * plain values, so the same check serves the preview, the dry run and the import itself.
 *
 * Speed: this runs once per cell of up to a million forms × 48 items, so the row check works on
 * arrays prepared once per file (item codes in storage order, one Likert parser) and writes the
 * answers into one reused Buffer instead of one object or array per row. scanPaperFile hands
 * the forms over one at a time (the import stages them, memory does not grow with the file);
 * checkPaperFile keeps them all (the preview of an upload, bounded by the upload limits).
 */

export const PAPER_FIXED_COLUMNS = ['form_id', 'unit', 'grade'] as const;

/**
 * Columns a rejects file adds (see rejectsCsv). They are accepted and ignored on import, so the
 * analyst can fix the rejected rows in that file and import it as it is.
 */
export const REJECTS_COLUMNS = ['source_line', 'reason'] as const;

export const MAX_FORM_ID_LENGTH = 100;
export const MAX_UNIT_LENGTH = 200;
export const MAX_GRADE_LENGTH = 100;

/**
 * Problems kept for the preview and the report CSV. Counting goes on past it, and every rejected
 * row keeps its own reasons, but a file with a shifted column fails on every cell of every row
 * (4.8 million problems for 100,000 forms), and listing them all helps nobody.
 */
export const MAX_LISTED_PROBLEMS = 10_000;

/** Reasons written beside one rejected row before "and N more": a row with 40 bad cells needs retyping, not a list. */
const MAX_REASONS_PER_ROW = 10;

export function commentColumn(perspectiveCode: string): string {
  // The same field name as the online one-shot submit (src/survey/questionnaire.ts).
  return `comment_${perspectiveCode}`;
}

/** The header of the CSV template, in the order the analyst types: identity, items, comments. */
export function paperColumnNames(instrument: LoadedInstrument): string[] {
  return [
    ...PAPER_FIXED_COLUMNS,
    ...instrument.items.map((item) => item.code),
    ...instrument.definition.perspectives.map((perspective) => commentColumn(perspective.code)),
  ];
}

/**
 * Every item column is required: a missing one more likely means the wrong template or a deleted
 * column than a questionnaire without that statement, and importing without it would store
 * "no answer" for every form. Grade and comments may be left out of the file.
 */
function paperColumnSpecs(instrument: LoadedInstrument): CsvColumnSpec[] {
  return [
    { name: 'form_id', required: true },
    { name: 'unit', required: true },
    { name: 'grade', required: false },
    ...instrument.items.map((item) => ({ name: item.code, required: true })),
    ...instrument.definition.perspectives.map((perspective) => ({ name: commentColumn(perspective.code), required: false })),
    ...REJECTS_COLUMNS.map((name) => ({ name, required: false })),
  ];
}

export interface PaperCheckContext {
  instrument: LoadedInstrument;
  /** The units on the round's roster, as spelled there. */
  rosterUnits: readonly string[];
  /** form_id → the batch that imported it (null for a form not imported by a batch), for the round. */
  importedFormIds: ReadonlyMap<string, number | null>;
  /** Accept units that are not on the roster, each with a warning, instead of rejecting the row. */
  allowNewUnits: boolean;
  maxRows: number;
}

export interface PaperForm {
  line: number;
  formId: string;
  unit: string | null;
  grade: string | null;
  /** One byte per item in the instrument's storage order, 0 = no answer (a view into a shared Buffer). */
  answers: Buffer;
  /** perspective code → comment; null when the form has none (most have none). */
  comments: [string, string][] | null;
}

export interface RejectedPaperRow {
  line: number;
  /** The cells as typed, keyed by canonical column name. */
  cells: Record<string, string>;
  reason: string;
}

export interface PaperCheck {
  ok: true;
  separator: CsvSeparator;
  /** The file's columns in file order, by canonical name. */
  columns: string[];
  /** Data rows read (blank rows are not counted). */
  rowCount: number;
  forms: PaperForm[];
  rejected: RejectedPaperRow[];
  /** The first MAX_LISTED_PROBLEMS problems; problemCount counts them all. */
  problems: CsvProblem[];
  problemCount: number;
  /** Things accepted that the analyst should know about (new units, unit spellings matched to the roster). */
  warnings: CsvProblem[];
}

/** The file cannot be read as a paper CSV at all (encoding, header, size): no row can be imported. */
export interface PaperFileFailure {
  ok: false;
  problems: CsvProblem[];
}

const IdentitySchema = z.object({
  form_id: z
    .string()
    .trim()
    .min(1, 'The form_id is blank: write the number printed on the paper form, so that the form can be found again and is never imported twice.')
    .max(MAX_FORM_ID_LENGTH, `The form_id is longer than ${MAX_FORM_ID_LENGTH} characters: check that this is the form number.`),
  unit: z.string().trim().max(MAX_UNIT_LENGTH, `The unit is longer than ${MAX_UNIT_LENGTH} characters.`),
  grade: z.string().trim().max(MAX_GRADE_LENGTH, `The grade is longer than ${MAX_GRADE_LENGTH} characters.`),
});

/** Form ids are compared without regard to case or surrounding spaces: "p-001" and "P-001 " are one form typed twice. */
function formIdKey(formId: string): string {
  return formId.toUpperCase();
}

/** Units are matched to the roster like column names: case and runs of spaces do not matter. */
function unitKey(unit: string): string {
  return unit.replace(/\s+/g, ' ').toLowerCase();
}

interface NewUnit {
  spelling: string;
  firstLine: number;
  forms: number;
}

interface RespelledUnit {
  written: string;
  stored: string;
  firstLine: number;
}

/** What a streamed check found, without the rows themselves: they went to the handlers as they were read. */
export interface PaperScan {
  ok: true;
  separator: CsvSeparator;
  columns: string[];
  rowCount: number;
  formCount: number;
  rejectedCount: number;
  problems: CsvProblem[];
  problemCount: number;
  warnings: CsvProblem[];
  /** The line of the form with this form_id (compared as formIdKey does), if the file has it. */
  lineOfFormId(formId: string): number | undefined;
}

export interface PaperScanHandlers {
  /** Each form that passed every check, in file order. Its answers are a view into a buffer reused for the next form: copy them to keep them. */
  onForm(form: PaperForm): void;
  /** Once, when the header has passed its checks: the file's columns by canonical name. */
  onHeader?(header: { columns: string[]; separator: CsvSeparator }): void;
  /** Each row that did not pass, with its cells as typed and the reasons. */
  onRejected?(row: RejectedPaperRow): void;
  /** Every byte of the file as read. */
  onBytes?(slice: Buffer): void;
}

/**
 * checkPaperFile a row at a time: every check, message and line number is the same, but the
 * forms go to `handlers` as they are read instead of into one list, so that a file of a million
 * forms is never held whole. What is kept grows only with the form ids (to catch a form typed
 * twice) and the problems (listed up to MAX_LISTED_PROBLEMS).
 */
export function scanPaperFile(file: CsvSource, context: PaperCheckContext, handlers: PaperScanHandlers): PaperScan | PaperFileFailure {
  let checker: PaperRowChecker | null = null;
  let formCount = 0;
  let rejectedCount = 0;
  const problems: CsvProblem[] = [];
  let problemCount = 0;
  const csv = streamCsv(
    file,
    { columns: paperColumnSpecs(context.instrument), maxRows: context.maxRows },
    (row) => {
      const checked = (checker as PaperRowChecker).check(row);
      if (checked.ok) {
        formCount++;
        handlers.onForm(checked.form);
        return;
      }
      rejectedCount++;
      problemCount += checked.problems.length;
      for (const problem of checked.problems) {
        if (problems.length < MAX_LISTED_PROBLEMS) problems.push(problem);
      }
      handlers.onRejected?.({ line: row.line, cells: row.cells, reason: rowReason(checked.problems) });
    },
    {
      onBytes: handlers.onBytes,
      onHeader: ({ columns, separator }) => {
        checker = createPaperRowChecker(context, columns);
        handlers.onHeader?.({ columns, separator });
      },
    },
  );
  if (!csv.ok) return { ok: false, problems: csv.problems };
  if (csv.rowCount === 0) {
    return { ok: false, problems: [{ line: 2, column: null, value: null, message: 'The file has no forms: type one form per row below the header.' }] };
  }
  const done = checker as unknown as PaperRowChecker;
  return {
    ok: true,
    separator: csv.separator,
    columns: csv.columns,
    rowCount: csv.rowCount,
    formCount,
    rejectedCount,
    problems,
    problemCount,
    warnings: done.warnings(),
    lineOfFormId: (formId) => done.lineOfFormId(formId),
  };
}

/** Reads and checks the whole file, keeping every form and rejected row: the preview of an upload. */
export function checkPaperFile(file: CsvSource, context: PaperCheckContext): PaperCheck | PaperFileFailure {
  const itemCount = context.instrument.items.length;
  // The accepted forms' answers, back to back in slabs: a form's answers are a view into one.
  const slabForms = 4096;
  let slab = Buffer.alloc(0);
  let slabOffset = 0;
  const forms: PaperForm[] = [];
  const rejected: RejectedPaperRow[] = [];
  const scan = scanPaperFile(file, context, {
    onForm(form) {
      if (slabOffset + itemCount > slab.length) {
        slab = Buffer.alloc(slabForms * itemCount);
        slabOffset = 0;
      }
      const answers = slab.subarray(slabOffset, slabOffset + itemCount);
      form.answers.copy(answers);
      slabOffset += itemCount;
      forms.push({ ...form, answers });
    },
    onRejected: (row) => rejected.push(row),
  });
  if (!scan.ok) return scan;
  const { separator, columns, rowCount, problems, problemCount, warnings } = scan;
  return { ok: true, separator, columns, rowCount, forms, rejected, problems, problemCount, warnings };
}

interface PaperRowChecker {
  check(row: CsvRow): { ok: true; form: PaperForm } | { ok: false; problems: CsvProblem[] };
  warnings(): CsvProblem[];
  lineOfFormId(formId: string): number | undefined;
}

/** The checks of one row against the instrument, the roster and the rows before it, with what they need prepared once per file. */
function createPaperRowChecker(context: PaperCheckContext, columns: readonly string[]): PaperRowChecker {
  const { instrument } = context;
  const itemCodes = instrument.items.map((item) => item.code);
  const itemCount = itemCodes.length;
  const parseAnswer = createLikertParser(instrument.definition.scale);
  const commentColumns = instrument.definition.perspectives
    .map((perspective) => ({ perspective: perspective.code, column: commentColumn(perspective.code) }))
    .filter((comment) => columns.includes(comment.column));
  const hasGrade = columns.includes('grade');

  const rosterUnitByKey = new Map<string, string>();
  for (const unit of context.rosterUnits) rosterUnitByKey.set(unitKey(unit.trim()), unit);
  const newUnits = new Map<string, NewUnit>();
  const respelledUnits = new Map<string, RespelledUnit>();
  const firstLineByFormId = new Map<string, number>();
  const importedBatchByFormId = new Map<string, number | null>();
  for (const [formId, batchId] of context.importedFormIds) importedBatchByFormId.set(formIdKey(formId), batchId);
  // Every answer is written, 0 for a blank or a bad cell, so the buffer needs no clearing between rows.
  const answers = Buffer.alloc(itemCount);

  function check(row: CsvRow): { ok: true; form: PaperForm } | { ok: false; problems: CsvProblem[] } {
    const { cells, line } = row;
    let rowProblems: CsvProblem[] | null = null;
    const report = (column: string | null, value: string | null, message: string) => {
      (rowProblems ??= []).push({ line, column, value, message });
    };

    const identity = IdentitySchema.safeParse({ form_id: cells.form_id, unit: cells.unit, grade: hasGrade ? cells.grade : '' });
    let formId = '';
    let unit: string | null = null;
    let grade: string | null = null;
    if (identity.success) {
      formId = identity.data.form_id;
      grade = identity.data.grade === '' ? null : identity.data.grade;
      unit = identity.data.unit === '' ? null : identity.data.unit;
    } else {
      for (const issue of identity.error.issues) {
        const column = String(issue.path[0]);
        report(column, cells[column] ?? '', issue.message);
      }
    }

    if (formId !== '') {
      const key = formIdKey(formId);
      const firstLine = firstLineByFormId.get(key);
      if (firstLine !== undefined) {
        report('form_id', cells.form_id, `The form_id repeats the one on line ${firstLine}: a form is typed once; if these are two different forms, one of them has a wrong number.`);
      } else {
        firstLineByFormId.set(key, line);
        const batchId = importedBatchByFormId.get(key);
        if (batchId !== undefined) {
          const where = batchId === null ? '' : ` (batch ${batchId})`;
          report('form_id', cells.form_id, `A form with this form_id is already imported into this round${where}: a form is imported once. Undo that batch first to import it again.`);
        }
      }
    }

    if (unit !== null) {
      const key = unitKey(unit);
      const rosterSpelling = rosterUnitByKey.get(key);
      if (rosterSpelling !== undefined) {
        if (rosterSpelling !== unit && !respelledUnits.has(unit)) respelledUnits.set(unit, { written: unit, stored: rosterSpelling, firstLine: line });
        unit = rosterSpelling;
      } else if (context.allowNewUnits) {
        const known = newUnits.get(key);
        if (known === undefined) newUnits.set(key, { spelling: unit, firstLine: line, forms: 1 });
        else {
          known.forms++;
          unit = known.spelling;
        }
      } else {
        report('unit', cells.unit, unknownUnitMessage(context.rosterUnits));
      }
    }

    let answered = 0;
    let badAnswers = 0;
    for (let index = 0; index < itemCount; index++) {
      const raw = cells[itemCodes[index]];
      const result = parseAnswer(raw);
      if (result.ok) {
        if (result.value === null) answers[index] = 0;
        else {
          answers[index] = result.value;
          answered++;
        }
      } else {
        answers[index] = 0;
        badAnswers++;
        report(itemCodes[index], raw, result.message);
      }
    }
    if (answered === 0 && badAnswers === 0) {
      report(null, null, 'The row has no answers at all: every statement is blank. Type the answers, or delete the row if the form was returned empty.');
    }

    let comments: [string, string][] | null = null;
    for (const { perspective, column } of commentColumns) {
      const text = cells[column].trim();
      if (text === '') continue;
      if (text.length > MAX_COMMENT_LENGTH) {
        report(column, cells[column], `The comment is longer than ${MAX_COMMENT_LENGTH} characters (${text.length}): shorten it.`);
        continue;
      }
      (comments ??= []).push([perspective, text]);
    }

    if (rowProblems === null) return { ok: true, form: { line, formId, unit, grade, answers, comments } };
    return { ok: false, problems: rowProblems };
  }

  function warnings(): CsvProblem[] {
    const found: CsvProblem[] = [];
    for (const { written, stored, firstLine } of respelledUnits.values()) {
      found.push({ line: firstLine, column: 'unit', value: written, message: `Matched to the roster's unit "${stored}" (capitals and spaces do not matter); stored as "${stored}".` });
    }
    for (const { spelling, firstLine, forms: count } of newUnits.values()) {
      found.push({
        line: firstLine,
        column: 'unit',
        value: spelling,
        message: `This unit is not on the roster of this round; ${count} form(s) will be stored with it as a new unit (first on line ${firstLine}).`,
      });
    }
    return found;
  }

  return { check, warnings, lineOfFormId: (formId) => firstLineByFormId.get(formIdKey(formId)) };
}

function unknownUnitMessage(rosterUnits: readonly string[]): string {
  if (rosterUnits.length === 0) {
    return 'The round has no roster, so no unit is known: upload the roster first, or allow new units for this import.';
  }
  const shown = rosterUnits.slice(0, 10).map((unit) => `"${unit}"`).join(', ');
  const more = rosterUnits.length > 10 ? ` and ${rosterUnits.length - 10} more` : '';
  return `This unit is not on the roster of this round. Units on the roster: ${shown}${more}. Correct the spelling, or allow new units for this import.`;
}

/** The reason column of a rejects file: where and what, shortest first, at most MAX_REASONS_PER_ROW. */
function rowReason(problems: CsvProblem[]): string {
  const parts = problems.slice(0, MAX_REASONS_PER_ROW).map((problem) => (problem.column === null ? problem.message : `${problem.column}: ${problem.message}`));
  if (problems.length > MAX_REASONS_PER_ROW) parts.push(`and ${problems.length - MAX_REASONS_PER_ROW} more problem(s) in this row`);
  return parts.join(' | ');
}

/** Reports are written in the dialect of the uploaded file: the analyst's Excel produced it, so it opens them right. */
export function dialectOf(separator: CsvSeparator): CsvDialect {
  return separator === ';' ? 'semicolon' : 'comma';
}

/**
 * The rejected rows as typed, in the file's own columns, plus the line each came from and why it
 * was rejected. Fix the rows in this file and import it again: source_line and reason are ignored.
 * Cells starting with = + - @ get a leading apostrophe (csv-writer's formula neutralisation),
 * which is the one change from the typed text; no valid answer or form id starts with one.
 */
export function rejectsCsv(check: Pick<PaperCheck, 'columns' | 'rejected' | 'separator'>): string {
  const rejects = createRejectsCsv(check.columns, check.separator);
  for (const row of check.rejected) rejects.add(row);
  return rejects.text();
}

/** rejectsCsv a row at a time, each row kept as its line of CSV only (a streamed import keeps no rows). */
export function createRejectsCsv(fileColumns: readonly string[], separator: CsvSeparator): { add(row: RejectedPaperRow): void; text(): string } {
  const dialect = { dialect: dialectOf(separator) };
  const columns = fileColumns.filter((column) => !(REJECTS_COLUMNS as readonly string[]).includes(column));
  const lines = [CSV_BOM, csvLine([...columns, ...REJECTS_COLUMNS], dialect)];
  return {
    add(row) {
      lines.push(csvLine([...columns.map((column) => row.cells[column] ?? ''), String(row.line), row.reason], dialect));
    },
    text: () => lines.join(''),
  };
}

export const PROBLEMS_REPORT_HEADER = ['severity', 'line', 'column', 'value', 'message'];

/** Every problem and warning, one per line, for reading in a spreadsheet beside the file. */
export function problemsReportCsv(
  report: { problems: CsvProblem[]; problemCount?: number; warnings?: CsvProblem[] },
  separator: CsvSeparator,
): string {
  const dialect = { dialect: dialectOf(separator) };
  const lines = [CSV_BOM, csvLine(PROBLEMS_REPORT_HEADER, dialect)];
  const cells = (severity: string, problem: CsvProblem) => [severity, problem.line === null ? null : String(problem.line), problem.column, problem.value, problem.message];
  for (const problem of report.problems) lines.push(csvLine(cells('error', problem), dialect));
  const unlisted = (report.problemCount ?? report.problems.length) - report.problems.length;
  if (unlisted > 0) {
    lines.push(
      csvLine(['error', null, null, null, `…and ${unlisted} more problem(s) not listed. The rejects file has every rejected row with its reasons.`], dialect),
    );
  }
  for (const warning of report.warnings ?? []) lines.push(csvLine(cells('warning', warning), dialect));
  return lines.join('');
}

/** The CSV template: the header row only, so staff type the forms straight below it. */
export function paperTemplateCsv(instrument: LoadedInstrument, dialect: CsvDialect): string {
  return CSV_BOM + csvLine(paperColumnNames(instrument), { dialect });
}
