import { recordAudit } from '../audit/log';
import type { Db } from '../db/connection';
import { prepared } from '../db/connection';
import { insertSkmResponse, insertSkmSuggestion, type SkmResponseRow } from '../db/skm';
import { shuffle } from '../db/random-ids';
import { calendarDate } from '../dates';
import { ConflictError, NotFoundError, ValidationError, type Problem } from '../errors';
import { toCsv, type CsvDialect } from '../export/csv-writer';
import { createLikertParser, type LikertCellParser } from '../import/likert';
import { columnLetter, type ColumnPosition, type CsvColumnSpec } from '../import/read-csv';
import { readTable, withoutNeutralisingQuote } from '../import/read-table';
import { OPTION_COUNT } from './instrument';
import { sha256Of } from '../survey/paper';
import { getSkmRound, type SkmRound } from './rounds';

/**
 * SKM paper forms typed into a file (CSV in any dialect, or XLSX): one row per form, the profile,
 * one column per element (1–4 or the answer's words), the suggestion. All or nothing: one
 * problem anywhere and nothing is stored, every problem named with its line and column. A batch
 * can be undone as a whole; the same file twice is refused.
 */

const MAX_SUGGESTION = 2000;
const GENDERS: Record<string, 'male' | 'female'> = { l: 'male', 'laki-laki': 'male', 'laki laki': 'male', pria: 'male', male: 'male', m: 'male', p: 'female', perempuan: 'female', wanita: 'female', female: 'female', f: 'female' };

/** The columns of the template, in the order a typist reads a form: profile, elements (U1…), suggestion. */
export function skmPaperColumns(round: SkmRound): CsvColumnSpec[] {
  return [
    { name: 'form_id', required: false, aliases: ['nomor', 'no_form', 'nomor_form'] },
    { name: 'gender', required: false, aliases: ['jenis_kelamin', 'jk'] },
    { name: 'age', required: false, aliases: ['umur', 'usia'] },
    { name: 'education', required: false, aliases: ['pendidikan'] },
    { name: 'occupation', required: false, aliases: ['pekerjaan'] },
    { name: 'service', required: false, aliases: ['layanan', 'jenis_layanan'] },
    // Every element column is required: a missing one means the wrong template, not a form without the question.
    ...round.elements.map((element, index) => ({ name: element.key, required: true, aliases: [`u${index + 1}`] })),
    { name: 'suggestion', required: false, aliases: ['saran', 'saran_pengaduan', 'saran_dan_pengaduan'] },
  ];
}

/** The template's header: Indonesian column names, U1…U9 for the elements as the standard form numbers them. */
export function skmPaperTemplate(round: SkmRound, dialect: CsvDialect): string {
  const header = ['nomor', 'jenis_kelamin', 'umur', 'pendidikan', 'pekerjaan', 'layanan', ...round.elements.map((_, index) => `U${index + 1}`), 'saran'];
  return toCsv(header, [], { dialect });
}

/** A form as read from the file: the stored profile columns, the answers, the suggestion. */
type ParsedForm = Pick<SkmResponseRow, 'answers' | 'gender' | 'age' | 'education' | 'occupation' | 'service'> & { suggestion: string | null };

function elementParsers(round: SkmRound): LikertCellParser[] {
  return round.elements.map((element) =>
    createLikertParser({ min: 1, max: OPTION_COUNT, labels: element.options.map((option, index) => ({ value: index + 1, id: option.id, en: option.en })) }),
  );
}

function choice(list: readonly string[], raw: string): string | null | undefined {
  const text = raw.trim();
  if (text === '') return null;
  return list.find((entry) => entry.toLowerCase() === text.toLowerCase());
}

export interface SkmPaperImportOptions {
  fileName: string;
  actor: string;
  now: Date;
  timeZone: string;
  maxRows?: number;
  dryRun?: boolean;
}

export interface SkmPaperImportResult {
  batchId: number | null;
  forms: number;
  suggestions: number;
}

/** Checks every row; returns the forms or throws with every problem (line and column). */
async function checkFile(round: SkmRound, file: Buffer, options: SkmPaperImportOptions): Promise<ParsedForm[]> {
  const table = await readTable(file, { fileName: options.fileName, columns: skmPaperColumns(round), maxRows: options.maxRows });
  if ('problems' in table) throw new ValidationError('The file could not be read; nothing was imported', table.problems);
  const letter = new Map(table.positions.map((position: ColumnPosition) => [position.name, columnLetter(position.index)]));
  const at = (name: string) => (letter.has(name) ? `${letter.get(name)} (${table.positions.find((position) => position.name === name)?.header ?? name})` : name);
  const parsers = elementParsers(round);
  const { education, occupation } = round.instrument.definition.profile;
  const problems: Problem[] = [];
  const forms: ParsedForm[] = [];
  const seenIds = new Map<string, number>();
  for (const row of table.rows) {
    const cell = (name: string) => (table.csv ? withoutNeutralisingQuote(row.cells[name] ?? '') : (row.cells[name] ?? ''));
    const problem = (column: string, value: string, message: string) => problems.push({ line: row.line, column: at(column), value, message });
    const formId = cell('form_id').trim();
    if (formId !== '') {
      const earlier = seenIds.get(formId.toUpperCase());
      if (earlier !== undefined) problem('form_id', formId, `the form number appears twice (also on line ${earlier})`);
      seenIds.set(formId.toUpperCase(), row.line);
    }
    const answers = Buffer.alloc(round.elements.length);
    round.elements.forEach((element, index) => {
      const raw = cell(element.key);
      const parsed = parsers[index](raw);
      if (!parsed.ok) problem(element.key, raw, `${element.name.en}: ${parsed.message}`);
      else answers[index] = parsed.value ?? 0;
    });
    if (answers.every((value) => value === 0)) problem(round.elements[0].key, '', 'the form has no answer to any element');
    const genderText = cell('gender').trim().toLowerCase();
    const gender = genderText === '' ? null : (GENDERS[genderText] ?? undefined);
    if (gender === undefined) problem('gender', cell('gender'), 'L or P (laki-laki / perempuan)');
    const ageText = cell('age').trim();
    const age = ageText === '' ? null : /^\d{1,3}$/.test(ageText) && Number(ageText) >= 10 && Number(ageText) <= 120 ? Number(ageText) : undefined;
    if (age === undefined) problem('age', ageText, 'an age in whole years from 10 to 120');
    const educationValue = choice(education, cell('education'));
    if (educationValue === undefined) problem('education', cell('education'), `one of ${education.join(', ')}`);
    const occupationValue = choice(occupation, cell('occupation'));
    if (occupationValue === undefined) problem('occupation', cell('occupation'), `one of ${occupation.join(', ')}`);
    const serviceText = cell('service').trim();
    const service = serviceText === '' ? null : round.services.find((entry) => entry.code.toLowerCase() === serviceText.toLowerCase() || entry.name.toLowerCase() === serviceText.toLowerCase());
    if (service === undefined) problem('service', serviceText, round.services.length ? `one of the round's services: ${round.services.map((entry) => entry.code).join(', ')}` : 'the round lists no services; leave the column empty');
    const suggestion = cell('suggestion').trim();
    if (suggestion.length > MAX_SUGGESTION) problem('suggestion', `${suggestion.slice(0, 40)}…`, `at most ${MAX_SUGGESTION} characters`);
    forms.push({ answers, gender: gender ?? null, age: age ?? null, education: educationValue ?? null, occupation: occupationValue ?? null, service: service?.code ?? null, suggestion: suggestion === '' ? null : suggestion });
  }
  if (forms.length === 0) problems.push({ line: null, column: null, value: null, message: 'the file has no forms' });
  if (problems.length) throw new ValidationError(`${problems.length} problem(s) in the file; nothing was imported`, problems);
  return forms;
}

/** Imports a file of SKM paper forms into a round in one transaction. */
export async function importSkmPaperFile(db: Db, roundId: number, file: Buffer, options: SkmPaperImportOptions): Promise<SkmPaperImportResult> {
  const round = getSkmRound(db, roundId);
  const forms = await checkFile(round, file, options);
  const suggestions = forms.filter((form) => form.suggestion !== null).length;
  if (options.dryRun === true) return { batchId: null, forms: forms.length, suggestions };
  const sha256 = sha256Of(file);
  // The file's order is the order the forms were collected in: stored shuffled, with random ids.
  const shuffled = [...forms];
  shuffle(shuffled);
  const texts = shuffled.map((form) => form.suggestion).filter((text): text is string => text !== null);
  shuffle(texts);
  const batchId = db
    .transaction(() => {
      const duplicate = prepared(db, 'SELECT id, imported_at FROM skm_import_batches WHERE round_id = ? AND sha256 = ?').get(roundId, sha256) as { id: number; imported_at: string } | undefined;
      if (duplicate) throw new ConflictError(`This file was imported already (batch ${duplicate.id}); nothing was imported`);
      const id = Number(
        prepared(db, 'INSERT INTO skm_import_batches (round_id, file_name, sha256, row_count, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?)').run(roundId, options.fileName, sha256, forms.length, options.actor, options.now.toISOString())
          .lastInsertRowid,
      );
      const submittedOn = calendarDate(options.now, options.timeZone);
      for (const form of shuffled) {
        insertSkmResponse(db, { round_id: roundId, channel: 'paper', answers: form.answers, gender: form.gender, age: form.age, education: form.education, occupation: form.occupation, service: form.service, submitted_on: submittedOn, day_part: null, batch_id: id });
      }
      for (const text of texts) insertSkmSuggestion(db, { round_id: roundId, text, batch_id: id });
      recordAudit(db, { actor: options.actor, action: 'skm.import', details: { skm_round: roundId, batch: id, file_name: options.fileName, sha256, forms: forms.length } }, options.now);
      return id;
    })
    .immediate();
  return { batchId, forms: forms.length, suggestions };
}

export interface SkmPaperBatch {
  id: number;
  file_name: string;
  row_count: number;
  imported_by: string;
  imported_at: string;
}

export function listSkmPaperBatches(db: Db, roundId: number): SkmPaperBatch[] {
  return prepared(db, 'SELECT id, file_name, row_count, imported_by, imported_at FROM skm_import_batches WHERE round_id = ? ORDER BY id').all(roundId) as SkmPaperBatch[];
}

/** Removes a batch's forms and suggestions (ON DELETE CASCADE), audited. */
export function undoSkmPaperBatch(db: Db, roundId: number, batchId: number, now: Date, actor: string): SkmPaperBatch {
  return db
    .transaction(() => {
      const batch = prepared(db, 'SELECT id, file_name, row_count, imported_by, imported_at FROM skm_import_batches WHERE round_id = ? AND id = ?').get(roundId, batchId) as SkmPaperBatch | undefined;
      if (!batch) throw new NotFoundError(`No import batch ${batchId} in this round`);
      prepared(db, 'DELETE FROM skm_import_batches WHERE id = ?').run(batchId);
      recordAudit(db, { actor, action: 'skm.import_undo', details: { skm_round: roundId, batch: batchId, forms: batch.row_count } }, now);
      return batch;
    })
    .immediate();
}
