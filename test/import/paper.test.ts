import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAndPrepare } from '../../src/bootstrap';
import type { Db } from '../../src/db/connection';
import { insertRosterEntry } from '../../src/db/roster';
import { ConflictError, ValidationError } from '../../src/errors';
import { toCsv } from '../../src/export/csv-writer';
import { checkPaperFile, paperColumnNames } from '../../src/import/paper';
import { readCsv } from '../../src/import/read-csv';
import { buildReport } from '../../src/report/build-report';
import {
  findPaperUpload,
  PendingUploadsFullError,
  importPaperFile,
  listPaperBatches,
  paperBatchRejects,
  purgeExpiredPaperUploads,
  stashPaperUpload,
  undoPaperBatch,
  type PaperImportOptions,
} from '../../src/survey/paper';
import { getInstrument } from '../../src/survey/instruments';
import { createRound, closeRoundByHand } from '../../src/survey/rounds';
import { countRows, freshDb } from '../helpers';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'paper');
const UNITS = ['Subdit Perencanaan', 'Subdit Umum', 'Subdit Keuangan'];
const NOW = new Date('2026-11-28T03:00:00Z');
const OPTIONS: PaperImportOptions = { fileName: 'forms.csv', importedBy: 'analyst', timeZone: 'Asia/Jakarta', now: NOW };

function fixture(name: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, name));
}

/** A round of the default instrument with one employee in each of UNITS. */
function setup(): { db: Db; roundId: number } {
  const db = freshDb();
  const round = createRound(db, { name: 'Diagnosis 2026' }, NOW, 'test');
  UNITS.forEach((unit, index) => insertRosterEntry(db, { round_id: round.row.id, name: `Pegawai ${index + 1}`, unit, grade: 'III/a', email: null, employee_no: null }));
  return { db, roundId: round.row.id };
}

function itemCodes(db: Db): string[] {
  return getInstrument(db, 'bsc-default').items.map((item) => item.code);
}

/** The fixtures' answer to item i on data row r (see how they were typed): ((7r + 3i) mod 5) + 1. */
function fixtureAnswers(row: number, blanks: number[] = []): number[] {
  return Array.from({ length: 48 }, (_, index) => (blanks.includes(index) ? 0 : ((row * 7 + index * 3) % 5) + 1));
}

/** A paper CSV built in code: every item answered 4 unless a row says otherwise. */
function paperCsv(db: Db, rows: Record<string, string>[], separator = ','): Buffer {
  const columns = paperColumnNames(getInstrument(db, 'bsc-default'));
  const lines = [columns.join(separator)];
  for (const row of rows) lines.push(columns.map((column) => row[column] ?? (column.includes('-') ? '4' : '')).join(separator));
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

function counts(db: Db) {
  return { responses: countRows(db, 'responses'), comments: countRows(db, 'comments'), batches: countRows(db, 'import_batches'), rejects: countRows(db, 'import_rejects') };
}

function storedForms(db: Db) {
  return db
    .prepare("SELECT form_id, unit, grade, channel, submitted_on, answers FROM responses WHERE channel = 'paper' ORDER BY form_id")
    .all()
    .map((row) => {
      const { answers, ...rest } = row as { answers: Buffer };
      return { ...rest, answers: [...answers] };
    });
}

function pendingFileNames(db: Db): string[] {
  return (db.prepare('SELECT file_name FROM pending_imports ORDER BY file_name').all() as { file_name: string }[]).map((row) => row.file_name);
}

function failure<T extends Error>(run: () => unknown, type: new (...args: never[]) => T): T {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected ${type.name}`);
}

describe('paper import: files as offices save them', () => {
  it('imports an Excel-Indonesian file (semicolons, UTF-8 BOM, CRLF, empty trailing columns and rows)', () => {
    const { db, roundId } = setup();
    const result = importPaperFile(db, roundId, fixture('excel-indonesia.csv'), OPTIONS);
    expect(result).toMatchObject({ batchId: 1, rowCount: 3, imported: 3, rejectedCount: 0, problemCount: 0 });
    expect(storedForms(db)).toEqual([
      { form_id: 'P-001', unit: 'Subdit Perencanaan', grade: 'III/c', channel: 'paper', submitted_on: '2026-11-28', answers: fixtureAnswers(1) },
      { form_id: 'P-002', unit: 'Subdit Umum', grade: 'IV/a', channel: 'paper', submitted_on: '2026-11-28', answers: fixtureAnswers(2, [5, 17]) },
      { form_id: 'P-003', unit: 'Subdit Keuangan', grade: null, channel: 'paper', submitted_on: '2026-11-28', answers: fixtureAnswers(3) },
    ]);
  });

  it('keeps the comments of each perspective, including quoted ones holding a separator and a line break', () => {
    const { db, roundId } = setup();
    importPaperFile(db, roundId, fixture('excel-indonesia.csv'), OPTIONS);
    expect(db.prepare('SELECT perspective_code, text, batch_id FROM comments ORDER BY text').all()).toEqual([
      { perspective_code: 'LG', text: 'Aplikasi sering lambat', batch_id: 1 },
      { perspective_code: 'FIN', text: 'Pagu; realisasi rendah', batch_id: 1 },
      { perspective_code: 'IBP', text: 'Pelatihan kurang,\r\nperlu ditambah', batch_id: 1 },
    ]);
  });

  it('imports a Google Sheets file (commas, LF, no final newline, its own header spelling and column order)', () => {
    const { db, roundId } = setup();
    importPaperFile(db, roundId, fixture('google-sheets.csv'), OPTIONS);
    expect(storedForms(db)).toEqual([
      { form_id: 'G-01', unit: 'Subdit Umum', grade: 'III/a', channel: 'paper', submitted_on: '2026-11-28', answers: fixtureAnswers(4) },
      // "subdit  perencanaan" is the roster's unit written differently: stored as the roster spells it.
      { form_id: 'G-02', unit: 'Subdit Perencanaan', grade: null, channel: 'paper', submitted_on: '2026-11-28', answers: fixtureAnswers(5, [0]) },
    ]);
    expect(db.prepare('SELECT perspective_code, text FROM comments ORDER BY perspective_code').all()).toEqual([
      { perspective_code: 'FIN', text: 'Anggaran terlambat, perlu percepatan' },
      { perspective_code: 'LG', text: 'Kata "SOP" belum jelas' },
    ]);
  });

  it('reports a unit matched to the roster despite its spelling as a warning', () => {
    const { db, roundId } = setup();
    const result = importPaperFile(db, roundId, fixture('google-sheets.csv'), OPTIONS);
    expect(result.warnings).toEqual([
      { line: 3, column: 'unit', value: 'subdit  perencanaan', message: expect.stringContaining('Matched to the roster\'s unit "Subdit Perencanaan"') },
    ]);
  });

  it('reads Likert labels in Indonesian and English in any case, mixed with numbers and spaces', () => {
    const { db, roundId } = setup();
    importPaperFile(db, roundId, fixture('labels-mixed.csv'), OPTIONS);
    // The fixture cycles through these cells, one per item, starting one further on each row.
    const typed = [5, 4, 5, 4, 3, 2, 2, 1, 1, 4, 3, 5]; // Sangat Setuju, setuju, Strongly agree, "  4 ", NETRAL, tidak setuju, Disagree, sangat tidak setuju, 1, Agree, Neutral, SANGAT SETUJU
    const expected = (row: number) => Array.from({ length: 48 }, (_, index) => typed[(index + row) % typed.length]);
    expect(storedForms(db).map((form) => form.answers)).toEqual([expected(0), expected(1)]);
  });

  it('imports UTF-16 text from Excel\'s "Unicode Text" (tab-separated)', () => {
    const { db, roundId } = setup();
    const text = paperCsv(db, [{ form_id: 'U-1', unit: 'Subdit Umum' }], '\t').toString('utf8');
    const file = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(importPaperFile(db, roundId, file, OPTIONS).imported).toBe(1);
    expect(storedForms(db)[0]).toMatchObject({ form_id: 'U-1', unit: 'Subdit Umum' });
  });

  it('stores paper forms like online responses, so the report counts them in the response rate', () => {
    const { db, roundId } = setup();
    importPaperFile(db, roundId, fixture('excel-indonesia.csv'), OPTIONS);
    // Three forms are fewer than the minimum group size (5): they wait, like online answers, until
    // more arrive or the round closes (src/survey/release.ts).
    expect(buildReport(db, roundId, { lang: 'id', alphaMin: 0.6 }).round).toMatchObject({ responses: 0, pending: 3 });
    closeRoundByHand(db, roundId, new Date(), 'cli');
    const report = buildReport(db, roundId, { lang: 'id', alphaMin: 0.6 });
    expect(report.round).toMatchObject({ invited: 3, responses: 3, online: 0, paper: 3, response_rate: 1, pending: 0 });
  });
});

describe('paper import: every problem with its line, column and reason, and nothing written', () => {
  function importEveryError() {
    const { db, roundId } = setup();
    importPaperFile(db, roundId, fixture('earlier-batch.csv'), { ...OPTIONS, fileName: 'earlier-batch.csv' });
    const before = counts(db);
    const error = failure(() => importPaperFile(db, roundId, fixture('every-error.csv'), OPTIONS), ValidationError);
    return { db, before, error };
  }

  it.each([
    ['an answer outside the scale', 3, 'FIN-ANG-01', '6', 'Not an answer on the 1–5 scale. Write a whole number from 1 to 5 or its label'],
    ['an answer that is not a whole number', 4, 'FIN-ANG-02', '4.5', 'Not an answer on the 1–5 scale'],
    ['a blank form_id', 5, 'form_id', '', 'The form_id is blank'],
    ['a form_id repeated in the file', 6, 'form_id', 'P-101', 'The form_id repeats the one on line 2'],
    ['a row with no answers at all', 7, null, null, 'The row has no answers at all'],
    ['a unit that is not on the roster', 8, 'unit', 'Subdit Rahasia', 'This unit is not on the roster of this round'],
    ['a form_id already imported into the round', 9, 'form_id', 'P-900', 'already imported into this round (batch 1)'],
  ])('reports %s on line %i, column %s, and imports nothing', (_kind, line, column, value, message) => {
    const { db, before, error } = importEveryError();
    expect(error.problems).toContainEqual({ line, column, value, message: expect.stringContaining(message) });
    expect(counts(db)).toEqual(before);
  });

  it('reports the seven problems and no others, and says that nothing was imported', () => {
    const { error } = importEveryError();
    expect(error.problems.map((problem) => problem.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(error.message).toBe(
      '7 of 8 row(s) have problems (7 in all); nothing was imported. Fix them, or import the valid rows only and get the others back as a rejects file.',
    );
  });

  it.each(['S', '0', '4,0', '+4', '04', 'setuju sekali'])('does not guess "%s" into an answer', (typed) => {
    const { db, roundId } = setup();
    const file = paperCsv(db, [{ form_id: 'P-1', unit: 'Subdit Umum', 'LG-TI-01': typed }], ';');
    const error = failure(() => importPaperFile(db, roundId, file, OPTIONS), ValidationError);
    expect(error.problems).toEqual([{ line: 2, column: 'LG-TI-01', value: typed, message: expect.stringContaining('Not an answer on the 1–5 scale') }]);
    expect(counts(db).responses).toBe(0);
  });

  it('reports an unknown column in the header, and imports nothing', () => {
    const { db, roundId } = setup();
    const file = Buffer.from(paperCsv(db, [{ form_id: 'P-1', unit: 'Subdit Umum' }]).toString('utf8').replace('LG-PIM-05', 'LG-PIM-06'), 'utf8');
    const error = failure(() => importPaperFile(db, roundId, file, OPTIONS), ValidationError);
    expect(error.problems).toContainEqual({ line: 1, column: 'LG-PIM-06', value: 'LG-PIM-06', message: expect.stringContaining('Unknown column "LG-PIM-06"') });
    expect(counts(db).responses).toBe(0);
  });

  it('reports a missing item column, and imports nothing', () => {
    const { db, roundId } = setup();
    const file = Buffer.from(paperCsv(db, [{ form_id: 'P-1', unit: 'Subdit Umum' }]).toString('utf8').replace(',LG-PIM-05', ''), 'utf8');
    const error = failure(() => importPaperFile(db, roundId, file, OPTIONS), ValidationError);
    expect(error.problems).toContainEqual({ line: 1, column: 'LG-PIM-05', value: null, message: 'Required column "LG-PIM-05" is missing from the header (line 1).' });
    expect(counts(db).responses).toBe(0);
  });

  it('reports a comment longer than 2,000 characters, and imports nothing', () => {
    const { db, roundId } = setup();
    const long = 'x'.repeat(2001);
    const error = failure(() => importPaperFile(db, roundId, paperCsv(db, [{ form_id: 'P-1', unit: 'Subdit Umum', comment_CUS: long }]), OPTIONS), ValidationError);
    expect(error.problems).toEqual([{ line: 2, column: 'comment_CUS', value: long, message: expect.stringContaining('longer than 2000 characters') }]);
    expect(counts(db).comments).toBe(0);
  });

  it('reports a file with a header but no forms', () => {
    const { db, roundId } = setup();
    const error = failure(() => importPaperFile(db, roundId, paperCsv(db, []), OPTIONS), ValidationError);
    expect(error.problems).toEqual([{ line: 2, column: null, value: null, message: 'The file has no forms: type one form per row below the header.' }]);
  });

  it('refuses a file with more rows than the limit, naming the limit, and imports nothing', () => {
    const { db, roundId } = setup();
    const file = paperCsv(db, [1, 2, 3].map((n) => ({ form_id: `P-${n}`, unit: 'Subdit Umum' })));
    const error = failure(() => importPaperFile(db, roundId, file, { ...OPTIONS, maxRows: 2 }), ValidationError);
    expect(error.problems).toEqual([{ line: 4, column: null, value: null, message: expect.stringContaining('more than 2 rows') }]);
    expect(counts(db).responses).toBe(0);
  });

  it('treats form ids that differ only in capitals or spaces as the same form', () => {
    const { db, roundId } = setup();
    const error = failure(
      () => importPaperFile(db, roundId, paperCsv(db, [{ form_id: 'P-001', unit: 'Subdit Umum' }, { form_id: ' p-001 ', unit: 'Subdit Umum' }]), OPTIONS),
      ValidationError,
    );
    expect(error.problems).toEqual([{ line: 3, column: 'form_id', value: ' p-001 ', message: expect.stringContaining('repeats the one on line 2') }]);
  });
});

describe('paper import: batches', () => {
  it('records each import as a batch with file name, SHA-256, forms, who and when', () => {
    const { db, roundId } = setup();
    const file = fixture('excel-indonesia.csv');
    importPaperFile(db, roundId, file, { ...OPTIONS, fileName: 'kuesioner-kertas.csv' });
    expect(listPaperBatches(db, roundId)).toEqual([
      {
        id: 1,
        round_id: roundId,
        file_name: 'kuesioner-kertas.csv',
        sha256: crypto.createHash('sha256').update(file).digest('hex'),
        row_count: 3,
        imported_by: 'analyst',
        imported_at: '2026-11-28T03:00:00.000Z',
        rejected_count: 0,
      },
    ]);
  });

  it('refuses the same file twice with a message naming the earlier batch, adding nothing', () => {
    const { db, roundId } = setup();
    importPaperFile(db, roundId, fixture('excel-indonesia.csv'), { ...OPTIONS, fileName: 'senin.csv' });
    const before = counts(db);
    const error = failure(() => importPaperFile(db, roundId, fixture('excel-indonesia.csv'), { ...OPTIONS, fileName: 'selasa.csv' }), ConflictError);
    expect(error.message).toBe(
      'This file was already imported into this round as batch 1 ("senin.csv", 3 forms, 2026-11-28, by analyst). Nothing was imported. To import it again, undo batch 1 first.',
    );
    expect(counts(db)).toEqual(before);
  });

  it('undoes a batch: its forms and comments go, other batches and online responses stay', () => {
    const { db, roundId } = setup();
    importPaperFile(db, roundId, fixture('excel-indonesia.csv'), OPTIONS);
    importPaperFile(db, roundId, fixture('google-sheets.csv'), OPTIONS);
    db.prepare("INSERT INTO responses (id, round_id, channel, unit, grade, answers, submitted_on) VALUES (42, ?, 'online', 'Subdit Umum', NULL, ?, '2026-11-20')").run(roundId, Buffer.alloc(48, 3));
    const undone = undoPaperBatch(db, roundId, 1, new Date(), 'test');
    expect(undone).toMatchObject({ id: 1, row_count: 3 });
    expect(db.prepare('SELECT form_id, channel FROM responses ORDER BY channel, form_id').all()).toEqual([
      { form_id: null, channel: 'online' },
      { form_id: 'G-01', channel: 'paper' },
      { form_id: 'G-02', channel: 'paper' },
    ]);
    expect(db.prepare('SELECT DISTINCT batch_id FROM comments').all()).toEqual([{ batch_id: 2 }]);
    expect(listPaperBatches(db, roundId).map((batch) => batch.id)).toEqual([2]);
  });

  it('imports a file again once its batch is undone', () => {
    const { db, roundId } = setup();
    importPaperFile(db, roundId, fixture('excel-indonesia.csv'), OPTIONS);
    undoPaperBatch(db, roundId, 1, new Date(), 'test');
    expect(importPaperFile(db, roundId, fixture('excel-indonesia.csv'), OPTIONS)).toMatchObject({ imported: 3 });
    expect(countRows(db, 'responses')).toBe(3);
  });

  it('answers an unknown batch with "not found"', () => {
    const { db, roundId } = setup();
    expect(() => undoPaperBatch(db, roundId, 7, new Date(), 'test')).toThrow(`No import batch 7 in round ${roundId}`);
  });
});

describe('paper import: skip invalid rows', () => {
  function importSkipping() {
    const { db, roundId } = setup();
    importPaperFile(db, roundId, fixture('earlier-batch.csv'), OPTIONS);
    const result = importPaperFile(db, roundId, fixture('every-error.csv'), { ...OPTIONS, skipInvalid: true });
    return { db, roundId, result };
  }

  it('imports the valid rows and reports the others', () => {
    const { db, result } = importSkipping();
    expect(result).toMatchObject({ batchId: 2, rowCount: 8, imported: 1, rejectedCount: 7, problemCount: 7 });
    expect(db.prepare('SELECT form_id FROM responses WHERE batch_id = 2').all()).toEqual([{ form_id: 'P-101' }]);
  });

  it('returns every rejected row as typed, in the file\'s columns, with its line and reason', () => {
    const { db, result } = importSkipping();
    const original = readCsv(fixture('every-error.csv'), { columns: paperColumnNames(getInstrument(db, 'bsc-default')).map((name) => ({ name, required: false })) });
    const rejects = readCsv(Buffer.from(result.rejectsCsv as string, 'utf8'), {
      columns: [...paperColumnNames(getInstrument(db, 'bsc-default')), 'source_line', 'reason'].map((name) => ({ name, required: false })),
    });
    if (!original.ok || !rejects.ok) throw new Error('unreadable');
    expect(rejects.separator).toBe(';');
    expect(rejects.rows.map((row) => row.cells.source_line)).toEqual(['3', '4', '5', '6', '7', '8', '9']);
    rejects.rows.forEach((row) => {
      const typed = original.rows.find((candidate) => String(candidate.line) === row.cells.source_line);
      const { source_line: _line, reason: _reason, ...cells } = row.cells;
      expect(cells).toEqual(typed?.cells);
    });
    expect(rejects.rows[0].cells.reason).toMatch(/^FIN-ANG-01: Not an answer on the 1–5 scale/);
    expect(rejects.rows[4].cells.reason).toMatch(/^The row has no answers at all/);
  });

  it('keeps the rejected rows with the batch', () => {
    const { db, roundId, result } = importSkipping();
    const kept = paperBatchRejects(db, roundId, 2);
    expect(kept.rowCount).toBe(7);
    expect(kept.csv.toString('utf8')).toBe(result.rejectsCsv);
  });

  it('imports a rejects file once its rows are corrected (source_line and reason are ignored)', () => {
    const { db, roundId, result } = importSkipping();
    const columns = [...paperColumnNames(getInstrument(db, 'bsc-default')), 'source_line', 'reason'];
    const rejects = readCsv(Buffer.from(result.rejectsCsv as string, 'utf8'), { columns: columns.map((name) => ({ name, required: false })) });
    if (!rejects.ok) throw new Error('unreadable');
    const corrections: Record<string, Record<string, string>> = {
      'P-102': { 'FIN-ANG-01': '5' },
      'P-103': { 'FIN-ANG-02': '4' },
      'P-107': { 'FIN-ANG-01': '3' },
      'P-108': { unit: 'Subdit Umum' },
    };
    const corrected = rejects.rows
      .filter((row) => row.cells.form_id in corrections)
      .map((row) => columns.map((column) => corrections[row.cells.form_id][column] ?? row.cells[column]));
    const again = importPaperFile(db, roundId, Buffer.from(toCsv(columns, corrected, { dialect: 'semicolon' }), 'utf8'), OPTIONS);
    expect(again).toMatchObject({ imported: 4, rejectedCount: 0 });
    expect(db.prepare('SELECT form_id FROM responses WHERE batch_id = 3 ORDER BY form_id').all()).toEqual([
      { form_id: 'P-102' },
      { form_id: 'P-103' },
      { form_id: 'P-107' },
      { form_id: 'P-108' },
    ]);
  });

  it('refuses a file in which no row is valid, importing nothing', () => {
    const { db, roundId } = setup();
    const file = paperCsv(db, [{ form_id: '', unit: 'Subdit Umum' }]);
    const error = failure(() => importPaperFile(db, roundId, file, { ...OPTIONS, skipInvalid: true }), ValidationError);
    expect(error.message).toBe('None of the 1 row(s) can be imported; nothing was imported.');
    expect(counts(db)).toEqual({ responses: 0, comments: 0, batches: 0, rejects: 0 });
  });
});

describe('paper import: options', () => {
  it('accepts a unit that is not on the roster, with a warning, when new units are allowed', () => {
    const { db, roundId } = setup();
    const file = paperCsv(db, [
      { form_id: 'P-1', unit: 'Balai Diklat' },
      { form_id: 'P-2', unit: 'balai  diklat' },
    ]);
    const result = importPaperFile(db, roundId, file, { ...OPTIONS, allowNewUnits: true });
    expect(result.warnings).toEqual([
      { line: 2, column: 'unit', value: 'Balai Diklat', message: 'This unit is not on the roster of this round; 2 form(s) will be stored with it as a new unit (first on line 2).' },
    ]);
    expect(db.prepare('SELECT DISTINCT unit FROM responses').all()).toEqual([{ unit: 'Balai Diklat' }]);
  });

  it('stores a form whose unit is left blank without a unit', () => {
    const { db, roundId } = setup();
    importPaperFile(db, roundId, paperCsv(db, [{ form_id: 'P-1', unit: '' }]), OPTIONS);
    expect(storedForms(db)[0]).toMatchObject({ form_id: 'P-1', unit: null });
  });

  it('checks everything in a dry run and writes nothing', () => {
    const { db, roundId } = setup();
    const result = importPaperFile(db, roundId, fixture('excel-indonesia.csv'), { ...OPTIONS, dryRun: true });
    expect(result).toMatchObject({ batchId: null, imported: 3, rejectedCount: 0 });
    expect(counts(db)).toEqual({ responses: 0, comments: 0, batches: 0, rejects: 0 });
  });
});

describe('paper import: storage order', () => {
  it('stores the forms in an id order unrelated to the order of the file', () => {
    const { db, roundId } = setup();
    const codes = itemCodes(db);
    // Form n carries n in base 5 in its first four answers (0–4 typed as 1–5), so each stored row
    // says where it stood in the file.
    const rows = Array.from({ length: 200 }, (_, position) => {
      const row: Record<string, string> = { form_id: `P-${position}`, unit: 'Subdit Umum' };
      for (let digit = 0; digit < 4; digit++) row[codes[digit]] = String((Math.floor(position / 5 ** digit) % 5) + 1);
      return row;
    });
    importPaperFile(db, roundId, paperCsv(db, rows), OPTIONS);

    const stored = db.prepare('SELECT answers FROM responses ORDER BY id').all() as { answers: Buffer }[];
    const filePositions = stored.map(({ answers }) => [0, 1, 2, 3].reduce((position, digit) => position + (answers[digit] - 1) * 5 ** digit, 0));
    const fileOrder = Array.from({ length: 200 }, (_, position) => position);
    expect([...filePositions].sort((a, b) => a - b)).toEqual(fileOrder);
    // A shuffle of 200 forms gives back the file order once in 200! (about 10^375) imports: a
    // failure here means the ids follow the file, not bad luck.
    expect(filePositions).not.toEqual(fileOrder);
  });

  it('shuffles the comments apart from their forms, so the nth comment by id is not the nth form\'s', () => {
    // The attack: comments carry no form, but if they were written in the forms' (shuffled) order
    // their ids would rank alike, and pairing by rank would give each comment its unit and answers.
    const { db, roundId } = setup();
    const codes = itemCodes(db);
    const rows = Array.from({ length: 200 }, (_, position) => {
      const row: Record<string, string> = { form_id: `P-${position}`, unit: 'Subdit Umum', comment_LG: `komentar ${position}` };
      for (let digit = 0; digit < 4; digit++) row[codes[digit]] = String((Math.floor(position / 5 ** digit) % 5) + 1);
      return row;
    });
    importPaperFile(db, roundId, paperCsv(db, rows), OPTIONS);
    const forms = (db.prepare('SELECT answers FROM responses ORDER BY id').all() as { answers: Buffer }[]).map(({ answers }) =>
      [0, 1, 2, 3].reduce((position, digit) => position + (answers[digit] - 1) * 5 ** digit, 0),
    );
    const comments = (db.prepare('SELECT text FROM comments ORDER BY id').all() as { text: string }[]).map(({ text }) => Number(text.split(' ')[1]));
    expect([...comments].sort((a, b) => a - b)).toEqual([...forms].sort((a, b) => a - b));
    // Pairing by rank recovers about 1 of 200 by chance; written in the forms' order it would recover all.
    const paired = comments.filter((position, rank) => forms[rank] === position).length;
    expect(paired).toBeLessThan(10);
  });
});

describe('paper import from a file on disk, read a slice at a time', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-paper-stream-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function onDisk(name: string, content: Buffer): { path: string } {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return { path: file };
  }

  function storedComments(db: Db) {
    return (db.prepare('SELECT perspective_code, text FROM comments ORDER BY perspective_code, text').all() as { perspective_code: string; text: string }[]).map((row) => `${row.perspective_code}:${row.text}`);
  }

  it.each(['excel-indonesia.csv', 'google-sheets.csv', 'labels-mixed.csv'])('stores exactly the forms and comments that importing %s from memory stores', (name) => {
    const fromMemory = setup();
    const fromDisk = setup();
    const inMemory = importPaperFile(fromMemory.db, fromMemory.roundId, fixture(name), { ...OPTIONS, allowNewUnits: true });
    const streamed = importPaperFile(fromDisk.db, fromDisk.roundId, onDisk(name, fixture(name)), { ...OPTIONS, allowNewUnits: true });
    expect(streamed).toEqual({ ...inMemory, batchId: streamed.batchId });
    expect(storedForms(fromDisk.db)).toEqual(storedForms(fromMemory.db));
    expect(storedComments(fromDisk.db)).toEqual(storedComments(fromMemory.db));
  });

  it('refuses 50,000 forms for one bad cell in the last row, naming its line and column, and writes nothing', () => {
    const { db, roundId } = setup();
    importPaperFile(db, roundId, fixture('excel-indonesia.csv'), OPTIONS);
    const before = counts(db);
    const codes = itemCodes(db);
    const rows: Record<string, string>[] = Array.from({ length: 50_000 }, (_, index) => ({ form_id: `B-${index}`, unit: 'Subdit Umum', comment_LG: index % 50 === 0 ? 'komentar' : '' }));
    rows[rows.length - 1][codes[7]] = '9';
    const file = onDisk('big.csv', paperCsv(db, rows));
    let error: unknown;
    try {
      importPaperFile(db, roundId, file, OPTIONS);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/^1 of 50000 row\(s\) have problems/);
    expect((error as ValidationError).problems).toEqual([expect.objectContaining({ line: 50_001, column: codes[7], value: '9' })]);
    expect(counts(db)).toEqual(before);
    // Nothing is left staged either.
    expect(db.prepare("SELECT count(*) AS n FROM temp.sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
  });

  it('refuses a form typed twice 40,000 rows apart, and a form already in the round, with the lines', () => {
    const { db, roundId } = setup();
    importPaperFile(db, roundId, paperCsv(db, [{ form_id: 'OLD-1', unit: 'Subdit Umum' }]), OPTIONS);
    const rows = Array.from({ length: 40_002 }, (_, index) => ({ form_id: `D-${index}`, unit: 'Subdit Umum' }));
    rows[40_000].form_id = 'd-0';
    rows[40_001].form_id = 'old-1';
    expect(() => importPaperFile(db, roundId, onDisk('twice.csv', paperCsv(db, rows)), OPTIONS)).toThrow(
      expect.objectContaining({
        problems: [expect.objectContaining({ line: 40_002, column: 'form_id', message: expect.stringContaining('repeats the one on line 2') }), expect.objectContaining({ line: 40_003, message: expect.stringContaining('already imported into this round (batch 1)') })],
      }),
    );
    expect(countRows(db, 'responses')).toBe(1);
  });

  it('imports the valid rows with skipInvalid and keeps the others as the rejects file, as from memory', () => {
    const { db, roundId } = setup();
    const result = importPaperFile(db, roundId, onDisk('every-error.csv', fixture('every-error.csv')), { ...OPTIONS, skipInvalid: true });
    const again = setup();
    const inMemory = importPaperFile(again.db, again.roundId, fixture('every-error.csv'), { ...OPTIONS, skipInvalid: true });
    expect(result.rejectsCsv).toBe(inMemory.rejectsCsv);
    expect(result.imported).toBe(inMemory.imported);
    expect(paperBatchRejects(db, roundId, result.batchId as number).csv.toString('utf8')).toBe(inMemory.rejectsCsv);
  });

  it('refuses the same file twice, by its SHA-256 computed while reading it', () => {
    const { db, roundId } = setup();
    const file = onDisk('forms.csv', fixture('excel-indonesia.csv'));
    const first = importPaperFile(db, roundId, file, OPTIONS);
    expect(first.sha256).toBe(crypto.createHash('sha256').update(fixture('excel-indonesia.csv')).digest('hex'));
    expect(() => importPaperFile(db, roundId, file, OPTIONS)).toThrow(ConflictError);
    expect(countRows(db, 'import_batches')).toBe(1);
  });

  it('reads and stages without locking the database: another connection writes meanwhile', () => {
    const dbFile = path.join(dir, 'potret.db');
    const { db } = openAndPrepare(dbFile);
    const round = createRound(db, { name: 'Diagnosis 2026' }, NOW, 'test');
    const file = onDisk('forms.csv', paperCsv(db, Array.from({ length: 3000 }, (_, index) => ({ form_id: `L-${index}`, unit: 'Subdit Umum' }))));
    const other = openAndPrepare(dbFile).db;
    other.pragma('busy_timeout = 0');
    let wroteMeanwhile = false;
    try {
      importPaperFile(db, round.row.id, file, {
        ...OPTIONS,
        allowNewUnits: true,
        onProgress: (staged) => {
          if (staged !== 2000) return;
          other.prepare("UPDATE rounds SET name = 'Diagnosis 2026 (renamed)' WHERE id = ?").run(round.row.id);
          wroteMeanwhile = true;
        },
      });
      expect(wroteMeanwhile).toBe(true);
      expect(countRows(db, 'responses')).toBe(3000);
    } finally {
      other.close();
      db.close();
    }
  });
});

describe('checkPaperFile', () => {
  it('lists at most 10,000 problems but counts them all', () => {
    const db = freshDb();
    const codes = itemCodes(db);
    const bad = Object.fromEntries(codes.map((code) => [code, 'x']));
    const rows = Array.from({ length: 300 }, (_, index) => ({ form_id: `P-${index}`, unit: '', ...bad }));
    const check = checkPaperFile(paperCsv(db, rows), {
      instrument: getInstrument(db, 'bsc-default'),
      rosterUnits: [],
      importedFormIds: new Map(),
      allowNewUnits: false,
      maxRows: 1000,
    });
    if (!check.ok) throw new Error('unreadable');
    expect(check.problemCount).toBe(300 * 48);
    expect(check.problems).toHaveLength(10_000);
    expect(check.rejected[0].reason).toMatch(/ \| and 38 more problem\(s\) in this row$/);
  });
});

describe('paper import: a kill in the middle', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-paper-kill-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves the database as it was before the import', async () => {
    const dbFile = path.join(dir, 'potret.db');
    const { db } = openAndPrepare(dbFile);
    const round = createRound(db, { name: 'Diagnosis 2026' }, NOW, 'test');
    importPaperFile(db, round.row.id, fixture('excel-indonesia.csv'), { ...OPTIONS, allowNewUnits: true });
    const before = counts(db);
    // 30,000 forms: more than SQLite's page cache holds, so uncommitted pages reach the WAL file.
    const rows = Array.from({ length: 30_000 }, (_, index) => ({ form_id: `K-${index}`, unit: 'Subdit Umum', comment_LG: index % 10 === 0 ? 'komentar' : '' }));
    const csvFile = path.join(dir, 'big.csv');
    fs.writeFileSync(csvFile, paperCsv(db, rows));
    db.close();

    // The child imports with the same code (transpiled on the fly) and stops once the forms are
    // written inside the write transaction, so the kill lands mid-import rather than at a random moment.
    const child = spawn(process.execPath, [path.join(FIXTURES, 'import-child.js'), dbFile, csvFile, '25000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (/paused after \d+/.test(stdout)) resolve();
      });
      child.on('exit', () => reject(new Error(`child exited before pausing: ${stdout} ${stderr}`)));
    });
    const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const reopened = openAndPrepare(dbFile).db;
    try {
      expect(reopened.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(counts(reopened)).toEqual(before);
    } finally {
      reopened.close();
    }
  });
});

describe('uploads waiting for their confirmation', () => {
  it('keeps an upload for a day, then forgets it', () => {
    const { db, roundId } = setup();
    const sha256 = stashPaperUpload(db, roundId, { fileName: 'kertas.csv', content: fixture('excel-indonesia.csv'), uploadedBy: 'analyst' }, NOW);
    expect(findPaperUpload(db, roundId, sha256, new Date(NOW.getTime() + 23 * 3600_000)).file_name).toBe('kertas.csv');
    expect(() => findPaperUpload(db, roundId, sha256, new Date(NOW.getTime() + 25 * 3600_000))).toThrow('This upload is no longer available');
  });

  it('deletes uploads older than a day whenever a new one arrives', () => {
    const { db, roundId } = setup();
    stashPaperUpload(db, roundId, { fileName: 'old.csv', content: fixture('excel-indonesia.csv'), uploadedBy: 'analyst' }, NOW);
    stashPaperUpload(db, roundId, { fileName: 'new.csv', content: fixture('google-sheets.csv'), uploadedBy: 'analyst' }, new Date(NOW.getTime() + 25 * 3600_000));
    expect(pendingFileNames(db)).toEqual(['new.csv']);
  });

  it('deletes uploads older than a day whenever any upload is looked up', () => {
    const { db, roundId } = setup();
    stashPaperUpload(db, roundId, { fileName: 'old.csv', content: fixture('excel-indonesia.csv'), uploadedBy: 'analyst' }, NOW);
    const recent = stashPaperUpload(db, roundId, { fileName: 'recent.csv', content: fixture('google-sheets.csv'), uploadedBy: 'analyst' }, new Date(NOW.getTime() + 2 * 3600_000));
    findPaperUpload(db, roundId, recent, new Date(NOW.getTime() + 25 * 3600_000));
    expect(pendingFileNames(db)).toEqual(['recent.csv']);
  });

  it('refuses, under the write lock, an upload beyond its user\'s limits, storing nothing of it', () => {
    const { db, roundId } = setup();
    const limits = { maxCount: 1, maxBytes: 1024 * 1024 };
    stashPaperUpload(db, roundId, { fileName: 'first.csv', content: fixture('excel-indonesia.csv'), uploadedBy: 'analyst' }, NOW, limits);
    expect(() => stashPaperUpload(db, roundId, { fileName: 'second.csv', content: fixture('google-sheets.csv'), uploadedBy: 'analyst' }, NOW, limits)).toThrow(PendingUploadsFullError);
    expect(() => stashPaperUpload(db, roundId, { fileName: 'big.csv', content: Buffer.alloc(2 * 1024 * 1024, 0x41), uploadedBy: 'other' }, NOW, limits)).toThrow('at most 1 MB');
    expect(pendingFileNames(db)).toEqual(['first.csv']);
    // Another user has limits of their own.
    stashPaperUpload(db, roundId, { fileName: 'theirs.csv', content: fixture('google-sheets.csv'), uploadedBy: 'other' }, NOW, limits);
    expect(pendingFileNames(db)).toEqual(['first.csv', 'theirs.csv']);
  });

  it('deletes uploads older than a day even when the upload looked up is gone', () => {
    const { db, roundId } = setup();
    stashPaperUpload(db, roundId, { fileName: 'old.csv', content: fixture('excel-indonesia.csv'), uploadedBy: 'analyst' }, NOW);
    expect(() => findPaperUpload(db, roundId, 'a'.repeat(64), new Date(NOW.getTime() + 25 * 3600_000))).toThrow('This upload is no longer available');
    expect(pendingFileNames(db)).toEqual([]);
  });

  describe('when Potret starts', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-paper-start-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('deletes the uploads older than a day and keeps the others', () => {
      const dbFile = path.join(dir, 'potret.db');
      const { db } = openAndPrepare(dbFile, NOW);
      const round = createRound(db, { name: 'Diagnosis 2026' }, NOW, 'test');
      stashPaperUpload(db, round.row.id, { fileName: 'old.csv', content: fixture('excel-indonesia.csv'), uploadedBy: 'analyst' }, NOW);
      stashPaperUpload(db, round.row.id, { fileName: 'recent.csv', content: fixture('google-sheets.csv'), uploadedBy: 'analyst' }, new Date(NOW.getTime() + 2 * 3600_000));
      db.close();

      const restarted = openAndPrepare(dbFile, new Date(NOW.getTime() + 25 * 3600_000)).db;
      try {
        expect(pendingFileNames(restarted)).toEqual(['recent.csv']);
      } finally {
        restarted.close();
      }
    });
  });

  it('purgeExpiredPaperUploads counts what it deleted, in every round', () => {
    const { db, roundId } = setup();
    const other = createRound(db, { name: 'Diagnosis 2027' }, NOW, 'test').row.id;
    stashPaperUpload(db, roundId, { fileName: 'a.csv', content: fixture('excel-indonesia.csv'), uploadedBy: 'analyst' }, NOW);
    stashPaperUpload(db, other, { fileName: 'b.csv', content: fixture('excel-indonesia.csv'), uploadedBy: 'analyst' }, NOW);
    expect(purgeExpiredPaperUploads(db, new Date(NOW.getTime() + 24 * 3600_000))).toBe(0);
    expect(purgeExpiredPaperUploads(db, new Date(NOW.getTime() + 24 * 3600_000 + 1))).toBe(2);
  });
});

describe('paper import: consuming the upload it confirms', () => {
  function stash(db: Db, roundId: number, content: Buffer): string {
    return stashPaperUpload(db, roundId, { fileName: 'kertas.csv', content, uploadedBy: 'analyst' }, NOW);
  }

  it('deletes the pending upload of the imported file', () => {
    const { db, roundId } = setup();
    const file = fixture('excel-indonesia.csv');
    stash(db, roundId, file);
    importPaperFile(db, roundId, file, { ...OPTIONS, consumePendingUpload: true });
    expect(countRows(db, 'pending_imports')).toBe(0);
    expect(counts(db).responses).toBe(3);
  });

  it('deletes it inside the import\'s transaction, so a failure later in that transaction brings it back', () => {
    const { db, roundId } = setup();
    // onWritten is called inside the write transaction, after the upload is deleted and the forms written.
    const file = paperCsv(db, Array.from({ length: 1000 }, (_, index) => ({ form_id: `P-${index}`, unit: 'Subdit Umum' })));
    stash(db, roundId, file);
    const pendingSeen: number[] = [];
    expect(() =>
      importPaperFile(db, roundId, file, {
        ...OPTIONS,
        consumePendingUpload: true,
        onWritten: () => {
          pendingSeen.push(countRows(db, 'pending_imports'));
          throw new Error('disk full');
        },
      }),
    ).toThrow('disk full');
    expect(pendingSeen).toEqual([0]);
    expect(countRows(db, 'pending_imports')).toBe(1);
    expect(counts(db)).toEqual({ responses: 0, comments: 0, batches: 0, rejects: 0 });
  });

  it('leaves the pending upload in place when the file is refused', () => {
    const { db, roundId } = setup();
    const file = fixture('every-error.csv');
    stash(db, roundId, file);
    failure(() => importPaperFile(db, roundId, file, { ...OPTIONS, consumePendingUpload: true }), ValidationError);
    expect(countRows(db, 'pending_imports')).toBe(1);
  });

  it('leaves the pending upload in place in a dry run', () => {
    const { db, roundId } = setup();
    const file = fixture('excel-indonesia.csv');
    stash(db, roundId, file);
    importPaperFile(db, roundId, file, { ...OPTIONS, consumePendingUpload: true, dryRun: true });
    expect(countRows(db, 'pending_imports')).toBe(1);
  });

  it('leaves pending uploads alone unless asked to consume one', () => {
    const { db, roundId } = setup();
    const file = fixture('excel-indonesia.csv');
    stash(db, roundId, file);
    importPaperFile(db, roundId, file, OPTIONS);
    expect(countRows(db, 'pending_imports')).toBe(1);
  });
});
