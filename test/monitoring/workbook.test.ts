import ExcelJS from 'exceljs';
import { evaluationWorkbook } from '../../src/monitoring/document';
import { RUPIAH_FORMAT } from '../../src/plan/matrix';
import { emptyEvaluationFixture, evaluationFixture } from './evaluation-fixture';

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook;
}

/** The sheet's rows as objects keyed by the header row's texts. */
function records(sheet: ExcelJS.Worksheet): { cells: Record<string, ExcelJS.Cell>; values: Record<string, ExcelJS.CellValue> }[] {
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((value) => String(value ?? ''));
  const rows: { cells: Record<string, ExcelJS.Cell>; values: Record<string, ExcelJS.CellValue> }[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells: Record<string, ExcelJS.Cell> = {};
    const values: Record<string, ExcelJS.CellValue> = {};
    header.forEach((name, column) => {
      if (!name) return;
      cells[name] = row.getCell(column);
      values[name] = row.getCell(column).value;
    });
    rows.push({ cells, values });
  });
  return rows;
}

describe('evaluationWorkbook', () => {
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    workbook = await load(await evaluationWorkbook(evaluationFixture(), 'id'));
  });

  it('has one sheet per table, named in Indonesian', () => {
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Ringkasan',
      'Indikator',
      'Sasaran & Perspektif',
      'Anggaran',
      'Anggaran per triwulan',
      'Rencana aksi terlambat',
      'Pertanyaan uji strategi',
      'Perubahan survei',
    ]);
  });

  it('names the sheets in English for lang=en', async () => {
    const english = await load(await evaluationWorkbook(evaluationFixture('en'), 'en'));
    expect(english.worksheets.map((sheet) => sheet.name)).toEqual(['Summary', 'Indicators', 'Objectives & Perspectives', 'Budget', 'Budget by quarter', 'Actions behind', 'Prompts', 'Survey changes']);
  });

  it('gives the NKO on the summary as a number with one decimal shown, and its status in words', () => {
    const sheet = workbook.getWorksheet('Ringkasan') as ExcelJS.Worksheet;
    let nko: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === 'Nilai Kinerja Organisasi (NKO)') nko = row;
    });
    expect(nko).toBeDefined();
    expect(nko?.getCell(2).value).toBeCloseTo(97.4, 10);
    expect(nko?.getCell(2).numFmt).toBe('0.0');
    expect(nko?.getCell(3).value).toBe('Kuning');
  });

  it('lists every indicator with every field, numbers as numbers, the status as a word and one set of columns per period', () => {
    const rows = records(workbook.getWorksheet('Indikator') as ExcelJS.Worksheet);
    expect(rows.map((row) => row.values.Kode)).toEqual(['IKU 1.1', 'IKU 2.1', 'IKU 3.1', 'IKU 3.2', 'IKU 4.1', 'IKU 5.1', 'IKU 5.2']);
    const sop = rows[2];
    expect(sop.values['Target s.d. periode']).toBe(50);
    expect(sop.values.Realisasi).toBe(35);
    expect(sop.values['Capaian (%)']).toBe(70);
    expect(sop.cells['Capaian (%)'].numFmt).toBe('0.0');
    expect(sop.values['Indeks (%)']).toBe(70);
    expect(sop.values.Status).toBe('Merah');
    expect(sop.values.Polaritas).toBe('Makin tinggi makin baik');
    expect(sop.values['Penanggung jawab']).toBe('Budi Santoso, S.Kom.');
    expect(sop.values['Realisasi TW I 2027']).toBe(35);
    expect(sop.values['Target TW II 2027']).toBe(50);
    // The monthly indicator fills the month columns; the missing month stays empty, not 0.
    const training = rows[5];
    expect(training.values['Realisasi Januari 2027']).toBe(1.2);
    expect(training.values['Realisasi Mei 2027']).toBeNull();
    expect(training.values['Periode belum dilaporkan']).toBe('Mei 2027');
    // Not reported: empty cells and the words, never 0.
    const findings = rows[3];
    expect(findings.values.Realisasi).toBeNull();
    expect(findings.values['Capaian (%)']).toBeNull();
    expect(findings.values.Status).toBe('Belum dilaporkan');
    const range = rows[6];
    expect(range.values['Batas bawah']).toBe(40);
    expect(range.values['Batas atas']).toBe(60);
  });

  it('writes objectives under their perspectives, with the organisation on top', () => {
    const rows = records(workbook.getWorksheet('Sasaran & Perspektif') as ExcelJS.Worksheet);
    expect(rows.map((row) => `${row.values.Tingkat} ${row.values.Kode ?? ''}`.trim())).toEqual([
      'Organisasi',
      'Perspektif CUS',
      'Sasaran SS1',
      'Perspektif FIN',
      'Sasaran SS2',
      'Perspektif IBP',
      'Sasaran SS3',
      'Sasaran SS4',
      'Perspektif LG',
      'Sasaran SS5',
    ]);
    expect(rows[0].values['Nilai (indeks)']).toBeCloseTo(97.4, 10);
    expect(rows[6].values['Nilai (indeks)']).toBe(70);
    expect(rows[6].values.Status).toBe('Merah');
    expect(rows[6].values['Rencana aksi: Sesuai jadwal']).toBe(2);
  });

  it('gives the budget per spending type per month: plan and realisation in rupiah, cumulative absorption, target and RPD deviation in percent', () => {
    const rows = records(workbook.getWorksheet('Anggaran') as ExcelJS.Worksheet);
    expect(rows).toHaveLength(4 * 12);
    const march = rows.find((row) => row.values['Kode belanja'] === '52' && row.values.Bulan === 3);
    expect(march?.values['Rencana RPD (Rp)']).toBe(60_000_000);
    expect(march?.cells['Rencana RPD (Rp)'].numFmt).toBe(RUPIAH_FORMAT);
    expect(march?.values['Realisasi (Rp)']).toBe(33_000_000);
    expect(march?.values['Serapan kumulatif (%)']).toBeCloseTo((90 / 800) * 100, 10);
    expect(march?.values['Target (%)']).toBe(15);
    expect(march?.values['Deviasi RPD (%)']).toBeCloseTo(45, 10);
    expect(march?.values['Dalam toleransi']).toBe('Tidak');
    // Months not realised yet are empty, not 0.
    const july = rows.find((row) => row.values['Kode belanja'] === '52' && row.values.Bulan === 7);
    expect(july?.values['Realisasi (Rp)']).toBeNull();
    expect(july?.values['Serapan kumulatif (%)']).toBeNull();
  });

  it('gives the quarters per spending type with ceiling, blocked funds and whether the target was met', () => {
    const rows = records(workbook.getWorksheet('Anggaran per triwulan') as ExcelJS.Worksheet);
    const total = rows.find((row) => row.values['Kode belanja'] === 'Jumlah' && row.values.Triwulan === 2);
    expect(total?.values['Pagu (Rp)']).toBe(2_450_000_000);
    expect(total?.values['Blokir (Rp)']).toBe(50_000_000);
    expect(total?.values['Serapan kumulatif (%)']).toBeCloseTo(36.8, 10);
    expect(total?.values.Tercapai).toBe('Tidak');
  });

  it('lists the actions behind with dates as dates and percentages as numbers', () => {
    const rows = records(workbook.getWorksheet('Rencana aksi terlambat') as ExcelJS.Worksheet);
    expect(rows).toHaveLength(3);
    expect(rows[2].values['Penanggung jawab']).toBe('Rina Marlina');
    expect(rows[2].values.Status).toBe('Melewati tenggat');
    expect(rows[2].values['Progres (%)']).toBe(80);
    expect(rows[2].values.Tenggat).toEqual(new Date('2027-05-31T00:00:00Z'));
    expect(rows[1].values['Progres (%)']).toBeNull();
  });

  it('writes each prompt with its kind in words and the question for the meeting', () => {
    const rows = records(workbook.getWorksheet('Pertanyaan uji strategi') as ExcelJS.Worksheet);
    expect(rows.map((row) => row.values.Jenis)).toEqual(['Asumsi strategi mungkin keliru', 'Kesenjangan survei belum tertutup', 'Aksi selesai tanpa dampak pada indikator']);
    expect(String(rows[0].values['Pertanyaan untuk rapat pimpinan'])).toContain('apakah asumsi strategi mungkin keliru');
    expect(rows[1].values['Gap (skor − target)']).toBe(-0.62);
  });

  it('writes the survey changes with their test, unchanged in words when not significant', () => {
    const rows = records(workbook.getWorksheet('Perubahan survei') as ExcelJS.Worksheet);
    expect(rows[0].values['p (uji Welch)']).toBe(0.412);
    expect(rows[0].values.Keterangan).toBe('tidak berubah (dalam batas galat)');
    expect(rows[2].values.Keterangan).toBe('naik, bermakna');
  });

  it('never writes a figure as text (a spending-type code such as 51 is an identifier and stays text)', () => {
    const codes = new Set(['51', '52', '53']);
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row, number) => {
        if (number === 1) return;
        row.eachCell((cell) => {
          if (typeof cell.value === 'string' && !codes.has(cell.value)) expect(cell.value).not.toMatch(/^[-−]?\d+([.,]\d+)?%?$|^Rp/);
        });
      });
    }
  });

  it('still builds when nothing is reported and no budget is entered', async () => {
    const empty = await load(await evaluationWorkbook(emptyEvaluationFixture(), 'id'));
    expect(records(empty.getWorksheet('Anggaran') as ExcelJS.Worksheet)).toHaveLength(0);
    expect(records(empty.getWorksheet('Indikator') as ExcelJS.Worksheet).every((row) => row.values.Status === 'Belum dilaporkan')).toBe(true);
  });
});
