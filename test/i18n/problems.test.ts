import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../src/db/connection';
import { insertRosterEntry } from '../../src/db/roster';
import { AppError, ForbiddenError, UnauthorizedError, type Problem } from '../../src/errors';
import { translateProblem } from '../../src/i18n/problems';
import { createLikertParser } from '../../src/import/likert';
import { checkPaperFile, paperColumnNames, type PaperCheck, type PaperCheckContext, type PaperFileFailure } from '../../src/import/paper';
import { readCsv, type CsvColumnSpec, type CsvProblem } from '../../src/import/read-csv';
import { buildReport } from '../../src/report/build-report';
import { htmlToPdf } from '../../src/report/pdf';
import { checkPerspective } from '../../src/report/tables';
import { addInstrument, getInstrument, type LoadedInstrument } from '../../src/survey/instruments';
import { findPaperUpload, importPaperFile, stashPaperUpload, type PaperImportOptions } from '../../src/survey/paper';
import { addRosterEntry, importRoster, removeRosterEntry } from '../../src/survey/roster';
import { createRound } from '../../src/survey/rounds';
import { insertPeriodClosure } from '../../src/db/monitoring';
import { budgetFigures } from '../../src/monitoring/budget';
import { addSpendingType, importBudgetFile, setAbsorptionSettings, setBudgetLine, setBudgetMonth, setBudgetMonths, type BudgetImportOptions } from '../../src/monitoring/budget-service';
import { createPlan } from '../../src/plan/service';
import { createTestApp, freshDb, loggedIn } from '../helpers';
import { setLogo, saveOrganisation } from '../../src/organisation/profile';
import { PROFILE_INPUT, pngImage, svgImage } from '../organisation/fixtures';
import * as kpi from '../../src/monitoring/indicators';
import * as plans from '../../src/plan/service';
import { diagnosedPlan, NOW as PLAN_NOW, person } from '../plan/fixtures';
import { createSkmFollowup } from '../../src/skm/followup';
import { setSkmRoundOpen } from '../../src/skm/rounds';
import { addForms, skmRound } from '../skm/fixtures';

/**
 * Every message below is produced by the code that shows it (where that is practical), so a
 * reworded service message fails here instead of reaching an Indonesian page in English.
 */

const NOW = new Date('2026-11-28T03:00:00Z');
const UNITS = ['Subdit Perencanaan', 'Subdit Umum', 'Subdit Keuangan'];
const ROSTER_COLUMNS: CsvColumnSpec[] = [
  { name: 'name', required: true },
  { name: 'unit', required: true },
];
const IMPORT: PaperImportOptions = { fileName: 'kertas.csv', importedBy: 'analis', timeZone: 'Asia/Jakarta', now: NOW };

/** The Indonesian differs from the English and says what `fragments` say; English pages keep the message. */
function expectTranslated(message: string, ...fragments: string[]): void {
  const indonesian = translateProblem('id', message);
  expect(indonesian).not.toBe(message);
  for (const fragment of fragments) expect(indonesian).toContain(fragment);
  expect(translateProblem('en', message)).toBe(message);
}

function csvProblems(text: string | Buffer, options: { columns?: CsvColumnSpec[]; maxRows?: number } = {}): CsvProblem[] {
  const result = readCsv(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, { columns: options.columns ?? ROSTER_COLUMNS, maxRows: options.maxRows });
  if (result.ok) throw new Error('expected the CSV to be refused');
  return result.problems;
}

function onlyMessage(problems: readonly { message: string }[]): string {
  expect(problems).toHaveLength(1);
  return problems[0].message;
}

function thrown(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

async function rejected(action: Promise<unknown>): Promise<Error> {
  try {
    await action;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('translateProblem: the CSV layer (readCsv)', () => {
  it('translates an empty file', () => {
    expectTranslated(onlyMessage(csvProblems('')), 'Berkas kosong', 'nama kolom');
  });

  it('translates an empty first line', () => {
    expectTranslated(onlyMessage(csvProblems(',,\r\nAni,Subdit Umum\r\n')), 'Baris 1 kosong', 'nama kolom');
  });

  it('translates an unknown column, keeping its name, letter and the expected columns', () => {
    const problems = csvProblems('name,unit,jabatan\r\n');
    expectTranslated(onlyMessage(problems), 'Kolom "jabatan" (kolom C) tidak dikenal', 'Kolom yang diharapkan: name, unit');
  });

  it('translates a column named twice', () => {
    expectTranslated(onlyMessage(csvProblems('name,unit,Name\r\n')), 'Kolom "name" muncul dua kali', '(kolom A dan C)');
  });

  it('translates a missing required column', () => {
    expectTranslated(onlyMessage(csvProblems('name\r\nAni\r\n')), 'Kolom wajib "unit" tidak ada', '(baris 1)');
  });

  it('translates too many rows, keeping the limit', () => {
    const message = onlyMessage(csvProblems('name,unit\r\nAni,A\r\nBudi,B\r\nCitra,C\r\n', { maxRows: 2 }));
    expectTranslated(message, 'lebih dari 2 baris', 'paling banyak 2 baris', 'Bagilah berkas');
  });

  it('translates the note that reading stopped after too many problems', () => {
    const rows = Array.from({ length: 101 }, (_, index) => `Pegawai ${index},Subdit Umum,lebih\r\n`).join('');
    const problems = csvProblems(`name,unit\r\n${rows}`);
    expectTranslated(problems[problems.length - 1].message, 'Pembacaan dihentikan setelah 100 masalah');
  });

  it('translates a value under a column with no name', () => {
    expectTranslated(onlyMessage(csvProblems('name,,unit\r\nAni,lupa,Subdit Umum\r\n')), 'Kolom B berisi data', 'tidak bernama');
  });

  it('translates a value beyond the last named column', () => {
    expectTranslated(onlyMessage(csvProblems('name,unit\r\nAni,Subdit Umum,III/a\r\n')), 'kolom C', 'hanya memiliki 2 kolom', 'tanda kutip');
  });

  it('translates a quoted value that is never closed', () => {
    expectTranslated(onlyMessage(csvProblems('name,unit\r\n"Ani,Subdit Umum\r\n')), 'dimulai pada baris 2', 'tanda kutip penutupnya');
  });

  it('translates any other parser failure, keeping the parser\'s explanation', () => {
    // readCsv's options leave csv-parse no other error to raise today; the message is readCsv's fallback.
    const message = 'The row starting on line 4 could not be read as CSV: Invalid Record Length: expect 2, got 3 on line 4';
    expect(translateProblem('id', message)).toBe('Data yang dimulai pada baris 4 tidak dapat dibaca sebagai CSV: Invalid Record Length: expect 2, got 3 on line 4');
  });

  it('translates an Excel workbook uploaded instead of CSV, with the advice how to save as CSV UTF-8', () => {
    const message = onlyMessage(csvProblems(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])));
    expectTranslated(message, 'buku kerja Excel (.xlsx), bukan berkas CSV', 'Di Excel, pilih File → Save As → "CSV UTF-8 (comma delimited) (*.csv)"', 'di Google Sheets');
  });

  it('translates an old Excel workbook', () => {
    const message = onlyMessage(csvProblems(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00])));
    expectTranslated(message, 'Excel versi lama (.xls)', 'Di Excel, pilih');
  });

  it('translates UTF-16 text that is cut off', () => {
    expectTranslated(onlyMessage(csvProblems(Buffer.from([0xff, 0xfe, 0x6e, 0x00, 0x61]))), 'UTF-16', 'terpotong', 'Di Excel, pilih');
  });

  it('translates a file with NUL bytes', () => {
    expectTranslated(onlyMessage(csvProblems(Buffer.from('n\u0000a\u0000m\u0000e\u0000', 'latin1'))), 'bita NUL', 'Di Excel, pilih');
  });

  it('translates text in another encoding, with and without the line', () => {
    const message = onlyMessage(csvProblems(Buffer.from('name,unit\r\nJos\xe9,Subdit Umum\r\n', 'latin1')));
    expectTranslated(message, 'bukan teks UTF-8 (baris 2 berisi karakter dengan pengodean lain', '"CSV (MS-DOS)"', 'huruf seperti é', 'Di Excel, pilih');
    // Without a line when the offending byte cannot be found (the validators disagree): the same message, less the parenthesis.
    const withoutLine = message.replace(/ \(line \d+ has [^)]*\)/, '');
    expect(withoutLine).not.toBe(message);
    expectTranslated(withoutLine, 'Berkas bukan teks UTF-8: berkas kemungkinan disimpan', 'Di Excel, pilih');
  });
});

describe('translateProblem: answers typed from paper forms', () => {
  it('translates an answer that is not on the scale, keeping the scale and its labels', () => {
    const scale = getInstrument(freshDb(), 'bsc-default').definition.scale;
    const result = createLikertParser(scale)('4.5');
    if (result.ok) throw new Error('4.5 must be refused');
    expectTranslated(result.message, 'Bukan jawaban pada skala 1–5', 'bilangan bulat dari 1 sampai 5', '5 = "Sangat setuju" / "Strongly agree"', 'kosongkan sel');
  });
});

/** A paper CSV built in code: every item answered 4 unless a row says otherwise. */
function paperCsv(instrument: LoadedInstrument, rows: Record<string, string>[]): Buffer {
  const columns = paperColumnNames(instrument);
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((column) => row[column] ?? (column.includes('-') ? '4' : '')).join(','));
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

describe('translateProblem: checking a paper-questionnaire file', () => {
  const instrument = getInstrument(freshDb(), 'bsc-default');
  const firstItem = instrument.items[0].code;

  function check(rows: Record<string, string>[], context: Partial<PaperCheckContext> = {}): PaperCheck | PaperFileFailure {
    return checkPaperFile(paperCsv(instrument, rows), { instrument, rosterUnits: UNITS, importedFormIds: new Map(), allowNewUnits: false, maxRows: 1000, ...context });
  }

  function problemsOf(rows: Record<string, string>[], context: Partial<PaperCheckContext> = {}): CsvProblem[] {
    const result = check(rows, context);
    if (!result.ok) throw new Error('expected the file to be readable');
    return result.problems;
  }

  it('translates a file without forms', () => {
    const result = check([]);
    if (result.ok) throw new Error('expected the file to be refused');
    expectTranslated(onlyMessage(result.problems), 'Berkas tidak berisi formulir');
  });

  it('translates a blank form_id', () => {
    expectTranslated(onlyMessage(problemsOf([{ form_id: ' ', unit: 'Subdit Umum' }])), 'Kolom form_id kosong', 'formulir kertas');
  });

  it('translates a form_id, unit or grade that is too long', () => {
    expectTranslated(onlyMessage(problemsOf([{ form_id: 'P'.repeat(101), unit: 'Subdit Umum' }])), 'Isi kolom form_id lebih dari 100 karakter');
    expectTranslated(onlyMessage(problemsOf([{ form_id: 'P-1', unit: 'U'.repeat(201) }])), 'Isi kolom unit lebih dari 200 karakter.');
    expectTranslated(onlyMessage(problemsOf([{ form_id: 'P-1', unit: 'Subdit Umum', grade: 'G'.repeat(101) }])), 'Isi kolom grade lebih dari 100 karakter.');
  });

  it('translates a form_id typed twice', () => {
    const problems = problemsOf([{ form_id: 'P-1', unit: 'Subdit Umum' }, { form_id: 'p-1', unit: 'Subdit Umum' }]);
    expectTranslated(onlyMessage(problems), 'sama dengan nilai pada baris 2', 'bernomor salah');
  });

  it('translates a form imported before, with and without its batch', () => {
    const inBatch = onlyMessage(problemsOf([{ form_id: 'P-1', unit: 'Subdit Umum' }], { importedFormIds: new Map([['P-1', 3]]) }));
    expectTranslated(inBatch, 'sudah diimpor ke periode ini (batch 3): setiap formulir', 'Batalkan impor batch');
    const noBatch = onlyMessage(problemsOf([{ form_id: 'P-1', unit: 'Subdit Umum' }], { importedFormIds: new Map([['P-1', null]]) }));
    expectTranslated(noBatch, 'sudah diimpor ke periode ini: setiap formulir');
  });

  it('translates a row without any answer', () => {
    const blanks = Object.fromEntries(instrument.items.map((item) => [item.code, '']));
    expectTranslated(onlyMessage(problemsOf([{ form_id: 'P-1', unit: 'Subdit Umum', ...blanks }])), 'tidak berisi jawaban sama sekali');
  });

  it('translates a comment that is too long, keeping both lengths', () => {
    const column = `comment_${instrument.definition.perspectives[0].code}`;
    const problems = problemsOf([{ form_id: 'P-1', unit: 'Subdit Umum', [column]: 'k'.repeat(2001) }]);
    expectTranslated(onlyMessage(problems), 'Komentar lebih dari 2000 karakter (2001 karakter)');
  });

  it('translates an unknown unit: with the roster\'s units, with "and N more", and without a roster', () => {
    const shortList = onlyMessage(problemsOf([{ form_id: 'P-1', unit: 'Subdit Hukum' }]));
    expectTranslated(shortList, 'Unit ini tidak ada di daftar pegawai periode ini. Unit pada daftar pegawai: "Subdit Perencanaan", "Subdit Umum", "Subdit Keuangan". Perbaiki ejaannya');
    const twelve = Array.from({ length: 12 }, (_, index) => `Unit ${index + 1}`);
    const longList = onlyMessage(problemsOf([{ form_id: 'P-1', unit: 'Subdit Hukum' }], { rosterUnits: twelve }));
    expectTranslated(longList, '"Unit 10", dan 2 unit lainnya. Perbaiki ejaannya');
    const noRoster = onlyMessage(problemsOf([{ form_id: 'P-1', unit: 'Subdit Hukum' }], { rosterUnits: [] }));
    expectTranslated(noRoster, 'belum memiliki daftar pegawai', 'izinkan unit baru');
  });

  it('translates the warnings for a unit matched to the roster and for a new unit', () => {
    const result = check([{ form_id: 'P-1', unit: 'subdit  umum' }, { form_id: 'P-2', unit: 'Subdit Hukum' }], { allowNewUnits: true });
    if (!result.ok) throw new Error('expected the file to be readable');
    expect(result.warnings).toHaveLength(2);
    expectTranslated(result.warnings[0].message, 'Dicocokkan dengan unit "Subdit Umum" pada daftar pegawai', 'disimpan sebagai "Subdit Umum"');
    expectTranslated(result.warnings[1].message, 'Unit ini tidak ada di daftar pegawai periode ini; 1 formulir akan disimpan', '(pertama kali pada baris 3)');
  });

  it('translates each problem of a row by its own pattern', () => {
    const problems = problemsOf([{ form_id: '', unit: 'Subdit Umum', [firstItem]: '9' }]);
    const translated = problems.map((problem) => translateProblem('id', problem.message));
    expect(translated).toHaveLength(2);
    expect(translated[0]).toMatch(/^Kolom form_id kosong: /);
    expect(translated[1]).toMatch(/^Bukan jawaban pada skala 1–5\. /);
  });
});

describe('translateProblem: importing paper questionnaires', () => {
  function setup(): { db: Db; roundId: number; instrument: LoadedInstrument } {
    const db = freshDb();
    const round = createRound(db, { name: 'Diagnosis 2026' }, NOW, 'test');
    UNITS.forEach((unit, index) => insertRosterEntry(db, { round_id: round.row.id, name: `Pegawai ${index + 1}`, unit, grade: null, email: null, employee_no: null }));
    return { db, roundId: round.row.id, instrument: round.instrument };
  }

  it('translates a file that cannot be read', () => {
    const { db, roundId } = setup();
    expectTranslated(thrown(() => importPaperFile(db, roundId, Buffer.alloc(0), IMPORT)).message, 'Berkas tidak dapat dibaca; tidak ada yang diimpor.');
  });

  it('translates a file refused for its problems, and one with no row to import', () => {
    const { db, roundId, instrument } = setup();
    const file = paperCsv(instrument, [{ form_id: 'P-1', unit: 'Subdit Umum' }, { form_id: 'P-2', unit: 'Subdit Umum', [instrument.items[0].code]: '6', [instrument.items[1].code]: '0' }]);
    expectTranslated(thrown(() => importPaperFile(db, roundId, file, IMPORT)).message, '1 dari 2 baris bermasalah (2 masalah seluruhnya); tidak ada yang diimpor.', 'berkas baris yang ditolak');
    const bad = paperCsv(instrument, [{ form_id: 'P-3', unit: 'Subdit Hukum' }]);
    expectTranslated(thrown(() => importPaperFile(db, roundId, bad, { ...IMPORT, skipInvalid: true })).message, 'Tidak satu pun dari 1 baris dapat diimpor');
  });

  it('translates the note on problems left out of the list', () => {
    const { db, roundId, instrument } = setup();
    const wrong = Object.fromEntries(instrument.items.map((item) => [item.code, 'x']));
    const rows = Array.from({ length: 210 }, (_, index) => ({ form_id: `P-${index + 1}`, unit: 'Subdit Umum', ...wrong }));
    const problems: Problem[] = thrown(() => importPaperFile(db, roundId, paperCsv(instrument, rows), IMPORT)).problems;
    expectTranslated(problems[problems.length - 1].message, `…dan ${210 * instrument.items.length - 10_000} masalah lain tidak dicantumkan.`);
  });

  it('translates a file imported twice, keeping the batch, file name, count, date and user', () => {
    const { db, roundId, instrument } = setup();
    const file = paperCsv(instrument, [{ form_id: 'P-1', unit: 'Subdit Umum' }]);
    importPaperFile(db, roundId, file, IMPORT);
    const message = thrown(() => importPaperFile(db, roundId, file, IMPORT)).message;
    expectTranslated(message, 'sebagai batch 1 ("kertas.csv", 1 formulir, 2026-11-28, oleh analis)', 'Tidak ada yang diimpor', 'batalkan batch 1 terlebih dahulu');
  });

  it('translates a form imported by someone else during the check', () => {
    // Only a second import committing between the check and the write lock produces it.
    const message = 'Form "P-007" (line 9) was imported into this round by someone else while this file was being checked. Nothing was imported: check the file again.';
    expectTranslated(message, 'Formulir "P-007" (baris 9) telah diimpor', 'periksa kembali berkas ini');
  });

  it('translates an upload that is no longer waiting for its confirmation', () => {
    const { db, roundId } = setup();
    expectTranslated(thrown(() => findPaperUpload(db, roundId, 'a'.repeat(64), NOW)).message, 'sudah tidak tersedia', 'paling lama 24 jam', 'unggah kembali berkasnya');
  });

  it('translates a rejects download of an unreadable upload, on the page in Indonesian', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db);
    const round = createRound(db, { name: 'Diagnosis 2026' }, NOW, 'test');
    const sha256 = stashPaperUpload(db, round.row.id, { fileName: 'kertas.xlsx', content: Buffer.from([0x50, 0x4b, 0x03, 0x04]), uploadedBy: 'admin' }, new Date());
    const url = `/rounds/${round.row.id}/paper/uploads/${sha256}/rejects.csv`;
    const json = await agent.get(url).set('Accept', 'application/json');
    expect(json.status).toBe(422);
    expectTranslated(json.body.error, 'Berkas tidak dapat dibaca.');
    const page = await agent.get(url);
    expect(page.status).toBe(422);
    expect(page.text).toContain('Berkas tidak dapat dibaca.');
    expect(page.text).toContain('Berkas ini adalah buku kerja Excel (.xlsx), bukan berkas CSV.');
  });
});

describe('translateProblem: the budget', () => {
  /** A 2027 plan with a pagu for 51 only. */
  function setup(): { db: Db; planId: number } {
    const db = freshDb();
    const planId = createPlan(db, { name: 'Rencana 2027', start_year: '2027' }, NOW, 'test');
    setBudgetLine(db, planId, { spending_type: '51', pagu: '100.000.000' }, NOW, 'test');
    return { db, planId };
  }

  /** The one problem of a refused change, with the refusal's own message translated too. */
  function refusal(action: () => unknown, title: string): string {
    const error = thrown(action);
    expectTranslated(error.message, title);
    return onlyMessage(error.problems);
  }

  it('translates a spending type refused, keeping its code', () => {
    const { db } = setup();
    expectTranslated(refusal(() => addSpendingType(db, { code: '51', name_id: 'Lagi' }, NOW, 'test'), 'Jenis belanja tidak ditambahkan.'), 'jenis belanja 51 sudah ada');
    expectTranslated(refusal(() => addSpendingType(db, { code: '61', name_id: 'Lain' }, NOW, 'test'), 'Jenis belanja tidak ditambahkan.'), 'berkode dua digit 5x, misalnya 54');
  });

  it('translates a budget line refused, keeping the amounts, years and codes', () => {
    const { db, planId } = setup();
    const line = (input: Record<string, string>) => refusal(() => setBudgetLine(db, planId, input, NOW, 'test'), 'Pagu dan blokir tidak disimpan.');
    expectTranslated(line({ spending_type: '51', pagu: '0' }), 'pagu harus lebih dari 0');
    expectTranslated(line({ spending_type: 'x', pagu: '1' }), 'jenis belanja ditulis dua digit, misalnya 52');
    expectTranslated(line({ spending_type: '51', pagu: '1', year: '2030' }), '2030 berada di luar periode rencana 2027');
    expectTranslated(line({ spending_type: '59', pagu: '1' }), 'tidak ada jenis belanja 59; gunakan 51, 52, 53, 57, atau tambahkan jenis belanjanya terlebih dahulu');
    expectTranslated(line({ spending_type: '51', pagu: '10.000.000', blokir: '12.000.000' }), 'blokir (Rp 12.000.000) harus lebih kecil dari pagu (Rp 10.000.000)');
  });

  it('translates a budget month refused, keeping the month, type, year and quarter', () => {
    const { db, planId } = setup();
    const month = (input: Record<string, string>) => refusal(() => setBudgetMonth(db, planId, input, NOW, 'test'), 'Rencana penarikan dan realisasi bulan itu tidak disimpan.');
    expectTranslated(month({ spending_type: '51', month: '13', planned: '1' }), 'bulan ditulis 1–12 atau namanya, misalnya 3, Maret atau Mar');
    expectTranslated(month({ spending_type: '51', month: '3' }), 'isi rencana penarikan, realisasi, atau keduanya');
    expectTranslated(month({ spending_type: '59', month: '3', planned: '1' }), 'tidak ada jenis belanja 59; gunakan 51, 52, 53, 57');
    expectTranslated(month({ spending_type: '52', month: '3', planned: '1' }), 'jenis belanja 52 belum memiliki pagu untuk tahun 2027: isi pagunya terlebih dahulu');
    insertPeriodClosure(db, { plan_id: planId, period: '2027-Q1', closed_by: 'admin', closed_at: NOW.toISOString() });
    expectTranslated(month({ spending_type: '51', month: '2', realised: '1' }), 'triwulan 2027-Q1 sudah ditutup', 'administrator dapat membukanya kembali');
  });

  it('translates twelve months refused together', () => {
    const { db, planId } = setup();
    const error = thrown(() => setBudgetMonths(db, planId, { spending_type: '51', months: { 1: { planned: '1,5' } } }, NOW, 'test'));
    expectTranslated(error.message, 'tidak ada bulan yang diubah');
  });

  it('translates absorption settings refused, naming the spending type', () => {
    const { db, planId } = setup();
    const settings = (input: Parameters<typeof setAbsorptionSettings>[2]) => refusal(() => setAbsorptionSettings(db, planId, input, NOW, 'test'), 'Pengaturan penyerapan tidak disimpan.');
    expectTranslated(settings({ rpd_tolerance: '150' }), 'toleransi deviasi RPD adalah persentase dari 0 sampai 100');
    expectTranslated(settings({ targets: { '51': [15, 40, 60] } }), 'jenis belanja 51: isi empat target, TW I sampai TW IV');
    expectTranslated(settings({ targets: { '51': ['15', 'empat puluh', '60', '90'] } }), 'jenis belanja 51: setiap target berupa angka, misalnya 40 atau 12,5');
    expectTranslated(settings({ targets: { '51': [15, 40, 60, 120] } }), 'jenis belanja 51: setiap target adalah persentase dari 0 sampai 100');
    expectTranslated(settings({ targets: { '52': [15, 40, 30, 90] } }), 'jenis belanja 52: target bersifat kumulatif dan tidak boleh turun dari TW II (40) ke TW III (30)');
    expectTranslated(settings({ targets: { '99': [15, 40, 60, 90] } }), 'tidak ada jenis belanja 99; gunakan 51, 52, 53, 57');
    expectTranslated(settings({ targets: [] as unknown as Record<string, unknown[]> }), 'target diisi per kode jenis belanja');
  });

  it('translates figures asked for a month that does not exist', () => {
    const { db, planId } = setup();
    expectTranslated(refusal(() => budgetFigures(db, planId, 2027, { lang: 'id', throughMonth: 13 }), 'Angka anggaran tidak dapat dihitung.'), 'bulan 1 sampai 12');
  });

  it('translates the refusals of the page and the API: a year outside the plan, targets not given in fours', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const planId = createPlan(db, { name: 'Rencana 2027', start_year: '2027', end_year: '2028' }, NOW, 'test');
    const outside = await agent.get(`/api/plans/${planId}/budget?year=2030`);
    expect(outside.status).toBe(422);
    expectTranslated(outside.body.error, 'Tidak ada anggaran untuk tahun itu.');
    expectTranslated(onlyMessage(outside.body.problems), 'rencana berlaku 2027–2028');
    const uneven = await agent.post(`/plans/${planId}/budget/settings`).type('form').send({ _csrf: csrf, type: ['51', '52'], tw1: ['10'], tw2: ['20'], tw3: ['30'], tw4: ['40'] });
    expect(uneven.status).toBe(422);
    expect(uneven.text).toContain('isi empat target, TW I sampai TW IV, untuk setiap jenis belanja');
  });

  describe('importing the months from a file', () => {
    const OPTIONS: BudgetImportOptions = { fileName: 'realisasi.csv', actor: 'test', now: NOW };
    const csv = (text: string) => Buffer.from(text, 'utf8');

    it('translates a file that cannot be read: a year outside the plan, no amount column, no months', async () => {
      const { db, planId } = setup();
      const outside = await rejected(importBudgetFile(db, planId, csv('month,spending_type,plan\r\n1,51,1\r\n'), { ...OPTIONS, year: 2030 }));
      expectTranslated(outside.message, 'Berkas anggaran tidak diimpor.');
      const noAmount = (await rejected(importBudgetFile(db, planId, csv('month,spending_type\r\n1,51\r\n'), OPTIONS))) as AppError;
      expectTranslated(noAmount.message, 'Berkas anggaran tidak dapat dibaca; tidak ada yang diimpor.');
      expectTranslated(onlyMessage(noAmount.problems), 'tidak memuat kolom "plan" (rencana, rpd) maupun "realisation" (realisasi)');
      const noMonths = (await rejected(importBudgetFile(db, planId, csv('bulan;jenis_belanja;realisasi\r\n'), OPTIONS))) as AppError;
      expectTranslated(onlyMessage(noMonths.problems), 'Berkas tidak berisi data bulan');
    });

    it('translates each problem of a row, keeping its month, type and line', async () => {
      const { db, planId } = setup();
      const file = csv(['bulan;jenis_belanja;rencana;realisasi', ';51;1;', '2;;1;', '3;Belanja Hibah;1;', '4;51;-;', '5;51;1;', 'Mei;51;2;'].join('\r\n') + '\r\n');
      const error = (await rejected(importBudgetFile(db, planId, file, OPTIONS))) as AppError;
      expectTranslated(error.message, 'Berkas anggaran memuat 5 masalah pada 5 baris; tidak ada yang diimpor.');
      const messages = error.problems.map((problem) => problem.message);
      expect(messages).toHaveLength(5);
      expectTranslated(messages[0], 'bulan kosong: tulis 1–12 atau namanya, misalnya Maret');
      expectTranslated(messages[1], 'jenis belanja kosong: tulis kodenya, misalnya 52');
      expectTranslated(messages[2], 'tidak ada jenis belanja "Belanja Hibah"; gunakan 51, 52, 53, 57');
      expectTranslated(messages[3], 'tulis 0 untuk bulan tanpa penarikan');
      expectTranslated(messages[4], 'bulan 5 jenis belanja 51 sudah ada pada baris 6: satu baris per bulan dan jenis belanja');
    });
  });
});

describe('translateProblem: the roster', () => {
  it('translates a roster file that cannot be read, one without employees, and one with problems', () => {
    const db = freshDb();
    const roundId = createRound(db, { name: 'Diagnosis 2026' }, NOW, 'test').row.id;
    expectTranslated(thrown(() => importRoster(db, roundId, Buffer.alloc(0), 100, new Date(), 'test')).message, 'Berkas daftar pegawai tidak dapat dibaca.');
    expectTranslated(thrown(() => importRoster(db, roundId, Buffer.from('name,unit\r\n'), 100, new Date(), 'test')).message, 'Berkas daftar pegawai tidak berisi data pegawai.');
    const withProblems = thrown(() => importRoster(db, roundId, Buffer.from('name,unit\r\nAni,\r\n,Subdit Umum\r\n'), 100, new Date(), 'test'));
    expectTranslated(withProblems.message, 'Daftar pegawai memuat 2 masalah; tidak ada yang diimpor.');
  });

  it('translates an employee not saved and one not removed', () => {
    const db = freshDb();
    const roundId = createRound(db, { name: 'Diagnosis 2026' }, NOW, 'test').row.id;
    expectTranslated(thrown(() => addRosterEntry(db, roundId, { name: 'Ani' }, new Date(), 'test')).message, 'Data pegawai tidak disimpan.');
    const entry = addRosterEntry(db, roundId, { name: 'Ani', unit: 'Subdit Umum' }, new Date(), 'test');
    db.prepare("UPDATE roster_entries SET status = 'completed' WHERE id = ?").run(entry.id);
    expectTranslated(thrown(() => removeRosterEntry(db, roundId, entry.id, new Date(), 'test')).message, 'Pegawai tidak dihapus dari daftar.');
  });
});

describe('translateProblem: the report', () => {
  it('translates a comparison with a round of another instrument, keeping the rounds and codes', () => {
    const db = freshDb();
    const round = createRound(db, { name: 'R' }, NOW, 'test');
    const other = structuredClone(round.instrument.definition);
    other.code = 'bsc-other';
    addInstrument(db, JSON.stringify(other), NOW);
    const otherRound = createRound(db, { name: 'Lain', instrument: 'bsc-other' }, NOW, 'test');
    const error = thrown(() => buildReport(db, round.row.id, { lang: 'id', alphaMin: 0.7, compareWith: otherRound.row.id }));
    expectTranslated(error.message, 'instrumen yang berbeda tidak dapat dibandingkan');
    expectTranslated(onlyMessage(error.problems), `periode ${otherRound.row.id} menggunakan instrumen bsc-other, sedangkan periode ini menggunakan instrumen bsc-default`);
  });

  it('translates a comparison of a round with itself', () => {
    const db = freshDb();
    const round = createRound(db, { name: 'R' }, NOW, 'test');
    const error = thrown(() => buildReport(db, round.row.id, { lang: 'id', alphaMin: 0.7, compareWith: round.row.id }));
    expectTranslated(error.message, 'dengan dirinya sendiri');
    expectTranslated(onlyMessage(error.problems), 'pilih periode yang lebih awal');
  });

  it('translates an unknown perspective, keeping the codes to choose from', () => {
    const db = freshDb();
    const round = createRound(db, { name: 'R' }, NOW, 'test');
    const report = buildReport(db, round.row.id, { lang: 'id', alphaMin: 0.7 });
    const error = thrown(() => checkPerspective(report, 'XYZ'));
    expectTranslated(error.message, 'Perspektif tidak dikenal.');
    expectTranslated(onlyMessage(error.problems), 'gunakan salah satu dari: FIN, CUS, IBP, LG');
  });

  it('translates a PDF that Chromium did not produce, keeping the exit code and what it said', async () => {
    // Node stands in for a Chromium that refuses its options.
    const { app, db } = createTestApp({ chromium: process.execPath });
    const { agent } = await loggedIn(app, db);
    const round = createRound(db, { name: 'R' }, NOW, 'test');
    const response = await agent.get(`/rounds/${round.row.id}/report.pdf`).set('Accept', 'application/json');
    expect(response.status).toBe(503);
    const message: string = response.body.error;
    const code = /exited with code (\S+):/.exec(message)?.[1];
    expect(code).toBeDefined();
    expectTranslated(message, `PDF tidak dapat dibuat: Chromium berhenti dengan kode ${code}: `, 'bad option');
  });

  describe('PDF errors behind the route\'s "The PDF could not be produced: "', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-problems-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('translates a Chromium that cannot start', async () => {
      const error = await rejected(htmlToPdf('<p>laporan</p>', path.join(dir, 'no-chromium-here')));
      expectTranslated(`The PDF could not be produced: ${error.message}`, 'PDF tidak dapat dibuat: Chromium tidak dapat dijalankan: ', 'ENOENT');
    });

    it('translates a Chromium that does not finish in time', async () => {
      const slow = path.join(dir, 'slow-chromium');
      fs.writeFileSync(slow, '#!/bin/sh\nexec sleep 10\n', { mode: 0o755 });
      const error = await rejected(htmlToPdf('<p>laporan</p>', slow, 200));
      expectTranslated(`The PDF could not be produced: ${error.message}`, 'PDF tidak dapat dibuat: Chromium tidak selesai dalam 0.2 detik.');
    });
  });
});

describe('translateProblem: the default error messages', () => {
  it('translates a login required and an action not allowed', () => {
    expectTranslated(new UnauthorizedError().message, 'Anda harus masuk');
    expectTranslated(new ForbiddenError().message, 'Tidak diizinkan.');
  });

  it('leaves a message it does not know unchanged', () => {
    expect(translateProblem('id', 'Something new went wrong')).toBe('Something new went wrong');
  });
});

describe('indicator measurement messages, produced by the indicator service', () => {
  function setUp() {
    const db = freshDb();
    const { planId } = diagnosedPlan(db, { prefill: false });
    const objective = plans.addObjective(db, planId, { perspective_code: 'LG', code: 'SS1', name: 'SDM' }, PLAN_NOW, 'planner');
    const first = kpi.addIndicator(db, planId, objective, { code: 'IKU1', name: 'JP', target: '20' }, PLAN_NOW, 'planner');
    const second = kpi.addIndicator(db, planId, objective, { code: 'IKU2', name: 'Pegawai' }, PLAN_NOW, 'planner');
    return { db, planId, objective, first, second };
  }
  const problemOf = (action: () => unknown) => thrown(action).problems[0].message;

  it('translates each refusal of an indicator, its realisations, weights and closed periods', () => {
    const { db, planId, objective, first, second } = setUp();
    expectTranslated(problemOf(() => kpi.addIndicator(db, planId, objective, { name: 'X', target: '0' }, PLAN_NOW, 'p')), 'target 0');
    expectTranslated(problemOf(() => kpi.addIndicator(db, planId, objective, { name: 'X', polarity: 'range', lower_bound: '9', upper_bound: '1' }, PLAN_NOW, 'p')), 'batas atas');
    expectTranslated(problemOf(() => kpi.addIndicator(db, planId, objective, { name: 'X', polarity: 'up' }, PLAN_NOW, 'p')), 'semakin tinggi');
    expectTranslated(problemOf(() => kpi.addIndicator(db, planId, objective, { name: 'X', source: 'survey', source_code: 'ZZ' }, PLAN_NOW, 'p')), 'tidak ada dimensi "ZZ"');
    expectTranslated(problemOf(() => kpi.recordRealisation(db, planId, first, { period: '2027-03', value: '1' }, PLAN_NOW, 'p')), 'dilaporkan quarterly', '2027-Q1');
    expectTranslated(problemOf(() => kpi.recordRealisation(db, planId, first, { period: 'kemarin', value: '1' }, PLAN_NOW, 'p')), 'bukan periode');
    expectTranslated(problemOf(() => kpi.recordRealisation(db, planId, first, { period: '2030-Q1', value: '1' }, PLAN_NOW, 'p')), 'rencana berlaku 2027–2027');
    expectTranslated(problemOf(() => kpi.setWeights(db, planId, 'indicators', objective, { [first]: '60', [second]: '30' }, PLAN_NOW, 'p')), 'bobot indikator SS1 berjumlah 90 %');
    expectTranslated(problemOf(() => kpi.setWeights(db, planId, 'indicators', objective, { [first]: '60' }, PLAN_NOW, 'p')), 'beri bobot untuk setiap indikator SS1', 'IKU2');
    expectTranslated(problemOf(() => kpi.setWeights(db, planId, 'perspectives', null, { CUS: '50', FIN: '50', IBP: '10', LG: '10' }, PLAN_NOW, 'p')), 'bobot perspektif berjumlah 120 %');
    expectTranslated(problemOf(() => kpi.updateMonitoringSettings(db, planId, { index_cap: '120', red_below: '90', green_from: '80' }, PLAN_NOW, 'p')), 'batas hijau');
    kpi.closePeriod(db, planId, '2027-Q1', PLAN_NOW, 'p');
    expectTranslated(problemOf(() => kpi.recordRealisation(db, planId, first, { period: '2027-Q1', value: '1' }, PLAN_NOW, 'p')), '2027-Q1 sudah ditutup');
    expectTranslated(problemOf(() => kpi.closePeriod(db, planId, '2027-Q1', PLAN_NOW, 'p')), '2027-Q1 sudah ditutup');
    expectTranslated(problemOf(() => kpi.reopenPeriod(db, planId, '2027-Q2', { reason: 'x' }, PLAN_NOW, 'p')), 'tidak sedang ditutup');
    expectTranslated(problemOf(() => kpi.reopenPeriod(db, planId, '2027-Q1', { reason: '' }, PLAN_NOW, 'p')), 'alasan');
    expectTranslated(thrown(() => kpi.recordRealisation(db, planId, first, { period: '2027-Q2', value: '1' }, PLAN_NOW, 'p', { ownPersonId: person(db, 'Orang Lain') })).message, 'penanggung jawab indikator');
    expectTranslated('The realisation was not saved', 'Realisasi');
  });
});

describe('translateProblem: the organisation profile and its logo', () => {
  const problemOf = (action: () => unknown) => thrown(action).problems[0].message;
  const NOW_ORG = new Date('2026-12-02T03:00:00Z');
  const save = (change: Record<string, unknown>) => problemOf(() => saveOrganisation(freshDb(), { ...PROFILE_INPUT, ...change }, NOW_ORG, 'admin'));
  const logo = (file: Buffer) => problemOf(() => setLogo(freshDb(), file, NOW_ORG, 'admin'));

  it('translates each refused field of the profile', () => {
    expectTranslated(thrown(() => saveOrganisation(freshDb(), { ...PROFILE_INPUT, name: '' }, NOW_ORG, 'admin')).message, 'Profil organisasi');
    expectTranslated(save({ name: '' }), 'nama organisasi');
    expectTranslated(save({ parent: '' }), 'kementerian/lembaga');
    expectTranslated(save({ city: '' }), 'kota');
    expectTranslated(save({ head_nip: '123' }), '18 angka');
    expectTranslated(save({ head_name: '' }), 'nama kepala unit');
    expectTranslated(save({ head_position: '' }), 'jabatan kepala unit');
  });

  it('translates each refusal of a logo', () => {
    expectTranslated(thrown(() => setLogo(freshDb(), Buffer.alloc(0), NOW_ORG, 'admin')).message, 'Logo tidak disimpan');
    expectTranslated(logo(Buffer.alloc(0)), 'pilih berkas PNG atau SVG');
    expectTranslated(logo(pngImage({ padding: 600 * 1024 })), 'batas 512 KB');
    expectTranslated(logo(Buffer.from('teks biasa')), 'PNG atau SVG');
    const damaged = pngImage();
    damaged[17] ^= 0xff;
    expectTranslated(logo(damaged), 'bukan gambar PNG yang valid', 'checksum');
    expectTranslated(logo(pngImage().subarray(0, 40)), 'terpotong');
    expectTranslated(logo(pngImage({ width: 5000, height: 5000 })), '5000 × 5000 piksel');
    expectTranslated(logo(Buffer.from([0x3c, 0xff, 0xfe])), 'UTF-8');
    expectTranslated(logo(svgImage('<script>1</script>')), 'skrip (<script>)');
    expectTranslated(logo(svgImage('<foreignObject/>')), 'HTML sisipan');
    expectTranslated(logo(svgImage('', 'onload="x"')), 'atribut peristiwa (onload=)');
    expectTranslated(logo(svgImage('<image href="https://evil.example/a.png"/>')), 'bukan "https://evil.example/a.png"');
    expectTranslated(logo(svgImage('<a href="#a"><set attributeName="href" to="#b"/></a>')), 'menganimasikan tautan');
    expectTranslated(logo(svgImage('<style>@import "x.css";</style>')), '@import');
    expectTranslated(logo(svgImage('<rect fill="javascript:x"/>')), 'javascript:');
    expectTranslated(logo(svgImage('<style>a{fill:\\75rl(x)}</style>')), 'escape (\\)');
    expectTranslated(logo(svgImage('<style>a{background:image-set("x" 1x)}</style>')), 'image-set()');
    expectTranslated(logo(svgImage('<use xml:base="https://evil.example/" href="#x"/>')), 'alamat dasar (xml:base=)');
    expectTranslated(logo(Buffer.from('<!DOCTYPE svg><svg xmlns="http://www.w3.org/2000/svg"/>')), '<!DOCTYPE>');
    expectTranslated(logo(Buffer.from('<?xml-stylesheet href="a"?><svg xmlns="http://www.w3.org/2000/svg"/>')), 'instruksi pemrosesan');
    expectTranslated(logo(svgImage('<h:p xmlns:h="http://www.w3.org/1999/xhtml"/>')), 'elemen HTML');
    expectTranslated(logo(Buffer.from('<html/>')), 'elemen akarnya <html>');
    expectTranslated(logo(Buffer.from('<svg/>')), 'memerlukan xmlns=');
    expectTranslated(logo(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>')), 'XML yang tersusun');
  });
});

describe('translateProblem: the satisfaction index in the plan and its follow-up', () => {
  const TEN = ['442434433', '332434433', '331433432', '432443333', '332433343', '343434433', '432433330', '332434433', '331433332', '442443433'].map((answers) => ({ answers }));
  function setup() {
    const db = freshDb();
    const { planId } = diagnosedPlan(db, { prefill: false });
    const objective = plans.addObjective(db, planId, { perspective_code: 'CUS', code: 'SS5', name: 'Kepuasan' }, PLAN_NOW, 'planner');
    const rina = person(db, 'Rina');
    const round = skmRound(db, { min_group_size: '3' });
    addForms(db, round.row.id, TEN);
    setSkmRoundOpen(db, round.row.id, false, PLAN_NOW, 'test');
    const make = (input: Record<string, unknown>, today = '2027-02-15') => thrown(() => createSkmFollowup(db, round.row.id, { element: 'time', objective_id: objective, pic_id: rina, ...input }, { lang: 'id', today, now: PLAN_NOW, actor: 'analis' }));
    return { db, planId, objective, make };
  }

  it('translates the refusals of an IKM indicator', () => {
    const { db, planId, objective } = setup();
    const ikm = kpi.addIndicator(db, planId, objective, { code: 'IKU-IKM', name: 'IKM', target: '80', source: 'skm' }, PLAN_NOW, 'planner');
    expectTranslated(onlyMessage(thrown(() => kpi.recordRealisation(db, planId, ikm, { period: '2027-Q1', value: '90' }, PLAN_NOW, 'planner')).problems!), 'IKU-IKM dihitung dari survei kepuasan masyarakat (SKM)');
    expectTranslated(onlyMessage(thrown(() => kpi.addIndicator(db, planId, objective, { name: 'X', target: '80', source: 'skm', source_code: 'parkir' }, PLAN_NOW, 'planner')).problems!), 'tidak ada unsur "parkir" pada survei kepuasan masyarakat', 'gunakan requirements');
    expectTranslated(onlyMessage(thrown(() => kpi.addIndicator(db, planId, objective, { name: 'X', target: '80', source: 'guess' }, PLAN_NOW, 'planner')).problems!), 'skm (survei kepuasan masyarakat)');
  });

  it('translates each refusal of a follow-up made an action', () => {
    const { make } = setup();
    const refused = make({ element: 'cost' });
    expectTranslated(refused.message, 'Tindak lanjut belum dijadikan rencana aksi');
    expectTranslated(onlyMessage(refused.problems!), '"cost" bukan unsur prioritas periode ini (time, complaints, facilities)');
    expectTranslated(onlyMessage(make({ element: '' }).problems!), 'pilih unsur yang ditindaklanjuti');
    expectTranslated(onlyMessage(make({ objective_id: '' }).problems!), 'pilih sasaran rencana');
    expectTranslated(onlyMessage(make({ pic_id: '' }).problems!), 'pilih penanggung jawab rencana aksi');
    expectTranslated(onlyMessage(make({ objective_id: 999 }).problems!), 'tidak ada sasaran 999 pada rencana mana pun');
    expectTranslated(onlyMessage(make({ due_on: '2028-01-31' }).problems!), 'tanggal dari 2027-02-15 sampai 2027-12-31 (akhir rencana)');
    expectTranslated(onlyMessage(make({}, '2028-02-01').problems!), 'rencana berakhir pada 2027-12-31');
  });

  it('translates the refusal of a second follow-up of one element', () => {
    const { db, objective } = setup();
    const roundId = (db.prepare('SELECT id FROM skm_rounds').get() as { id: number }).id;
    const rina = (db.prepare("SELECT id FROM people WHERE name = 'Rina'").get() as { id: number }).id;
    const options = { lang: 'id' as const, today: '2027-02-15', now: PLAN_NOW, actor: 'analis' };
    createSkmFollowup(db, roundId, { element: 'time', objective_id: objective, pic_id: rina }, options);
    expectTranslated(thrown(() => createSkmFollowup(db, roundId, { element: 'time', objective_id: objective, pic_id: rina }, options)).message, 'Waktu penyelesaian sudah ditindaklanjuti dengan rencana aksi', 'pada Rencana Kinerja 2027');
  });
});
