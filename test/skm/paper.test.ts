import { ConflictError, ValidationError } from '../../src/errors';
import { countSkmResponses } from '../../src/db/skm';
import { importSkmPaperFile, listSkmPaperBatches, skmPaperTemplate, undoSkmPaperBatch } from '../../src/skm/paper';
import { createSkmRound } from '../../src/skm/rounds';
import { countRows, freshDb } from '../helpers';

const NOW = new Date('2026-12-02T03:00:00Z');
const OPTIONS = { fileName: 'skm-kertas.csv', actor: 'analis', now: NOW, timeZone: 'Asia/Jakarta' };

function setup() {
  const db = freshDb();
  const round = createSkmRound(db, { name: 'SKM 2026', period_start: '2026-07-01', period_end: '2026-12-31', services: 'A01 Perizinan\nA02 Konsultasi' }, NOW, 'test');
  return { db, round };
}

/** The Indonesian Excel dialect: BOM, semicolons, CRLF, header in Indonesian, some answers in words. */
function excelFile(rows: string[][]): Buffer {
  const header = ['nomor', 'jenis_kelamin', 'umur', 'pendidikan', 'pekerjaan', 'layanan', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9', 'saran'];
  return Buffer.from(`\uFEFF${[header, ...rows].map((row) => row.join(';')).join('\r\n')}\r\n`, 'utf8');
}

function form(index: number): string[] {
  // Answer of element e on form i: 1 + (i + e) mod 4; the first element written as its words.
  const answers = Array.from({ length: 9 }, (_, element) => String(1 + ((index + element) % 4)));
  answers[0] = ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'][index % 4];
  return [`F${index + 1}`, index % 2 ? 'P' : 'L', String(20 + (index % 40)), 'S1', 'swasta', index % 3 ? 'A01' : 'A02', ...answers, index % 10 === 0 ? `Saran nomor ${index + 1}` : ''];
}

describe('SKM paper forms', () => {
  it('imports 400 forms in the Indonesian Excel dialect in one batch, answers in digits or words', async () => {
    const { db, round } = setup();
    const rows = Array.from({ length: 400 }, (_, index) => form(index));
    const result = await importSkmPaperFile(db, round.row.id, excelFile(rows), OPTIONS);
    expect(result).toMatchObject({ forms: 400, suggestions: 40 });
    expect(countSkmResponses(db, round.row.id)).toBe(400);
    expect(countRows(db, 'skm_suggestions')).toBe(40);
    // By hand: over 400 forms each element takes 1, 2, 3 and 4 a hundred times each.
    const first = db.prepare("SELECT substr(answers, 1, 1) AS a, count(*) AS n FROM skm_responses GROUP BY a ORDER BY a").all() as { a: Buffer; n: number }[];
    expect(first.map((row) => row.n)).toEqual([100, 100, 100, 100]);
    const stored = db.prepare('SELECT channel, gender, service, submitted_on, day_part FROM skm_responses LIMIT 1').get();
    expect(stored).toMatchObject({ channel: 'paper', submitted_on: '2026-12-02', day_part: null });
    expect(listSkmPaperBatches(db, round.row.id)).toEqual([expect.objectContaining({ row_count: 400, file_name: 'skm-kertas.csv' })]);
  });

  it('refuses a file with a bad cell, naming its line and column, and stores nothing', async () => {
    const { db, round } = setup();
    const rows = [form(0), form(1), form(2)];
    rows[1][8] = '5'; // U3 on line 3
    rows[2][5] = 'B99'; // an unknown service on line 4
    let error: unknown;
    try {
      await importSkmPaperFile(db, round.row.id, excelFile(rows), OPTIONS);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const problems = (error as ValidationError).problems;
    expect(problems).toEqual([
      expect.objectContaining({ line: 3, column: 'I (U3)', value: '5' }),
      expect.objectContaining({ line: 4, column: 'F (layanan)', value: 'B99', message: "one of the round's services: A01, A02" }),
    ]);
    expect(countSkmResponses(db, round.row.id)).toBe(0);
    expect(countRows(db, 'skm_import_batches')).toBe(0);
  });

  it('refuses a file without an element column, and the same file twice', async () => {
    const { db, round } = setup();
    const missing = Buffer.from('nomor;U1;U2\r\n1;4;4\r\n');
    await expect(importSkmPaperFile(db, round.row.id, missing, OPTIONS)).rejects.toBeInstanceOf(ValidationError);
    const file = excelFile([form(0)]);
    await importSkmPaperFile(db, round.row.id, file, OPTIONS);
    await expect(importSkmPaperFile(db, round.row.id, file, OPTIONS)).rejects.toBeInstanceOf(ConflictError);
    expect(countSkmResponses(db, round.row.id)).toBe(1);
  });

  it('undoes a batch with its suggestions, audited', async () => {
    const { db, round } = setup();
    const { batchId } = await importSkmPaperFile(db, round.row.id, excelFile([form(0), form(1)]), OPTIONS);
    undoSkmPaperBatch(db, round.row.id, batchId as number, NOW, 'analis');
    expect(countSkmResponses(db, round.row.id)).toBe(0);
    expect(countRows(db, 'skm_suggestions')).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'skm.import_undo'").get()).toEqual({ n: 1 });
  });

  it('offers a template with the Indonesian column names and U1…U9', () => {
    const { round } = setup();
    expect(skmPaperTemplate(round, 'semicolon')).toBe('\uFEFFnomor;jenis_kelamin;umur;pendidikan;pekerjaan;layanan;U1;U2;U3;U4;U5;U6;U7;U8;U9;saran\r\n');
  });
});
