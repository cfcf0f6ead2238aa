import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { matrixCsv, matrixRows, matrixWorkbook, RUPIAH_FORMAT } from '../../src/plan/matrix';
import { freshDb } from '../helpers';
import { actionPlan, FORMULA_TITLE, show } from './action-plan-fixture';

function parseCsv(text: string, delimiter: ',' | ';'): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  return parse(text.slice(1), { delimiter, relax_column_count: false });
}

async function loadWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook;
}

const HEADER_ID = [
  'Perspektif', 'Kode sasaran', 'Sasaran strategis', 'Indikator', 'Target', 'Satuan', 'Tenggat', 'Rencana aksi', 'Penanggung jawab', 'Anggota',
  'TW I', 'TW II', 'TW III', 'TW IV', 'Anggaran (Rp)', 'Kode anggaran', 'Status', 'Progres (%)', 'Mulai', 'Selesai', 'Jangka', 'Dimensi',
];

describe('matrixCsv: the action-plan matrix as CSV', () => {
  it('gives one row per action, objectives in map order, an objective without actions on a row of its own', () => {
    const db = freshDb();
    const { planId } = actionPlan(db);
    const rows = parseCsv(matrixCsv(show(db, planId), 'id', 'comma'), ',');
    expect(rows[0]).toEqual(HEADER_ID);
    expect(rows).toHaveLength(4);
    // Internal process (SS2) stands above learning & growth (SS1) in the public-sector order CUS, FIN, IBP, LG.
    expect(rows[1]).toEqual(['Proses Bisnis Internal', 'SS2', 'Meningkatnya kepatuhan SOP', ...Array(18).fill(''), 'IBP-SOP']);
    // Status as of 2027-04-30: 120 of the 181 days from 1 January to 30 June have passed (66.3 %);
    // 50 % reported is more than the 15-point margin behind (50 < 51.3), so "Terlambat".
    expect(rows[2]).toEqual([
      'Pembelajaran dan Pertumbuhan', 'SS1', 'Meningkatnya kompetensi SDM', 'Pegawai terlatih', '20', 'orang', '2027-06-30', 'Pelatihan teknis',
      'Ani Lestari', 'Budi Santoso, S.Kom.; Citra Dewi', '✓', '✓', '', '', '150000000', '5212.001', 'Terlambat', '50', '2027-01-01', '2027-06-30', 'Jangka pendek', 'LG-HR, LG-TI',
    ]);
    // Starts on 1 May, nothing reported by 30 April: "Belum mulai"; no budget given stays blank, not 0.
    expect(rows[3].slice(3, 18)).toEqual(['Aplikasi digunakan', '12.5', '%', '2027-11-30', `'${FORMULA_TITLE}`, 'Budi Santoso, S.Kom.', '', '', '✓', '✓', '✓', '', '', 'Belum mulai', '']);
  });

  it('neutralises a formula in an action title with a leading apostrophe', () => {
    const db = freshDb();
    const { planId } = actionPlan(db);
    const text = matrixCsv(show(db, planId), 'id', 'comma');
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(parseCsv(text, ',')[3][7]).toBe(`'${FORMULA_TITLE}`);
  });

  it('writes the semicolon dialect with decimal commas for Excel in an Indonesian locale', () => {
    const db = freshDb();
    const { planId } = actionPlan(db);
    const text = matrixCsv(show(db, planId), 'id', 'semicolon');
    expect(text.split('\r\n')[0]).toBe('\uFEFF' + HEADER_ID.join(';'));
    const rows = parseCsv(text, ';');
    expect(rows[3][4]).toBe('12,5');
    expect(rows[2][9]).toBe('Budi Santoso, S.Kom.; Citra Dewi');
    expect(text).toContain('"Budi Santoso, S.Kom.; Citra Dewi"');
  });

  it('uses English headers and status words with lang=en', () => {
    const db = freshDb();
    const { planId } = actionPlan(db);
    const table = matrixRows(show(db, planId, 'en'), 'en');
    expect(table.header.slice(0, 4)).toEqual(['Perspective', 'Objective code', 'Strategic objective', 'Indicator']);
    expect(table.header).toContain('Person in charge');
    expect(table.rows[1][16]).toBe('Behind');
    expect(table.rows[2][16]).toBe('Not started');
    expect(table.rows[1][0]).toBe('Learning and growth');
  });
});

describe('matrixWorkbook: the action-plan matrix as XLSX', () => {
  it('has a title naming organisation, plan and period, a frozen header and the rows as typed values', async () => {
    const db = freshDb();
    const { planId } = actionPlan(db);
    const workbook = await loadWorkbook(await matrixWorkbook(show(db, planId), 'id'));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Matriks Rencana Aksi', 'Sasaran Strategis']);
    const sheet = workbook.worksheets[0];
    const title = String(sheet.getCell('A1').value);
    expect(title).toContain('Direktorat Contoh');
    expect(title).toContain('Rencana Kinerja 2027');
    expect(title).toContain('2027');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.getRow(3).values).toEqual([undefined, ...HEADER_ID]);
    expect(sheet.getColumn(8).width).toBeGreaterThan(20);

    const training = sheet.getRow(5);
    expect(training.getCell(8).value).toBe('Pelatihan teknis');
    expect(training.getCell(8).alignment?.wrapText).toBe(true);
    expect([11, 12, 13, 14].map((column) => training.getCell(column).value ?? null)).toEqual(['✓', '✓', null, null]);
    expect(training.getCell(15).value).toBe(150_000_000);
    expect(training.getCell(15).numFmt).toBe(RUPIAH_FORMAT);
    expect(training.getCell(17).value).toBe('Terlambat');
    expect(training.getCell(18).value).toBe(50);
    expect(training.getCell(7).value).toEqual(new Date('2027-06-30T00:00:00Z'));
  });

  it('stores a formula-like action title as text, not as a formula', async () => {
    const db = freshDb();
    const { planId } = actionPlan(db);
    const workbook = await loadWorkbook(await matrixWorkbook(show(db, planId), 'id'));
    const cell = workbook.worksheets[0].getRow(6).getCell(8);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(FORMULA_TITLE);
    expect(cell.formula).toBeUndefined();
  });

  it('lists the objectives with the dimensions they answer and their largest gap on a second sheet', async () => {
    const db = freshDb();
    const { planId } = actionPlan(db);
    const sheet = (await loadWorkbook(await matrixWorkbook(show(db, planId), 'id'))).worksheets[1];
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(String(sheet.getCell('E1').value)).toContain('negatif = di bawah target');
    const ss1 = sheet.getRow(3);
    expect(ss1.getCell(2).value).toBe('SS1');
    expect(ss1.getCell(4).value).toBe('LG-HR Pengembangan Kompetensi SDM\nLG-TI Pemanfaatan Teknologi Informasi');
    // The fixture's respondents answer 2 and 3 alternately on these dimensions: mean 2.5, gap 2.5 − 4 = −1.5.
    expect(ss1.getCell(5).value).toBeCloseTo(-1.5, 12);
    expect(ss1.getCell(6).value).toBe(2);
    expect(ss1.getCell(7).value).toBe(150_000_000);
    expect(sheet.getRow(2).getCell(2).value).toBe('SS2');
    expect(sheet.getRow(2).getCell(6).value).toBe(0);
  });

  it('is in English with lang=en', async () => {
    const db = freshDb();
    const { planId } = actionPlan(db);
    const workbook = await loadWorkbook(await matrixWorkbook(show(db, planId, 'en'), 'en'));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Action plan matrix', 'Strategic objectives']);
    expect(workbook.worksheets[0].getRow(5).getCell(17).value).toBe('Behind');
  });
});
