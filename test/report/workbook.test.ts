import ExcelJS from 'exceljs';
import { CATEGORY_CODES } from '../../src/analysis/category';
import { FOCUS_AREAS } from '../../src/analysis/report';
import { testConfig } from '../../src/config';
import { translator, type Lang } from '../../src/i18n';
import type { RoundReport } from '../../src/report/build-report';
import { loadRawData, loadReport, workbookInput } from '../../src/report/service';
import { sheetName, workbookBuffer } from '../../src/report/workbook';
import { freshDb } from '../helpers';
import { roundWithResponses, varied, type Respondent } from './fixtures';

jest.setTimeout(60_000);

/**
 * A round whose perspectives tell different stories, so that every sheet has something to say:
 * FIN far below target (2.5), CUS just below it but within noise (near target, yet gap < 0, so in
 * the JSON's top-level priorities[]), IBP above it (4.5), LG below it except LG-HR, which nobody
 * answered (its figures are null, with reasons). Unit C (2 people) is suppressed, with A as cover.
 */
function currentRespondents(): Respondent[] {
  return Array.from({ length: 20 }, (_, r) => ({
    unit: r < 2 ? 'Subdit C' : r < 11 ? 'Subdit A' : 'Subdit B',
    grade: 'III/a',
    answer: (index: number, code: string) => {
      if (code.startsWith('FIN')) return 2 + ((r + index) % 2);
      if (code.startsWith('CUS')) return r < 3 ? 3 : 3 + ((r + index) % 3);
      if (code.startsWith('IBP')) return 5 - ((r + index) % 2);
      if (code.startsWith('LG-HR')) return 0;
      return 2 + ((r + index) % 3);
    },
  }));
}

const DOWNLOAD_DATE = '2026-12-02';

/** The round's report and its workbook read back with exceljs, as a spreadsheet program would. */
async function download(options: { lang?: Lang; compare?: boolean } = {}): Promise<{ report: RoundReport; book: ExcelJS.Workbook }> {
  const db = freshDb();
  roundWithResponses(db, varied('Subdit A', 'III/a', 20, 3), { name: 'Diagnosis 2026' });
  const current = roundWithResponses(db, currentRespondents(), { name: 'Diagnosis 2027', invited: 25 });
  db.prepare("UPDATE rounds SET opens_on = '2026-11-02', closes_on = '2026-12-02' WHERE id = ?").run(current.row.id);
  const loaded = loadReport(db, testConfig(), { roundId: current.row.id, lang: options.lang ?? 'id', compareWith: options.compare ? 1 : null });
  const buffer = await workbookBuffer(workbookInput(loaded, loadRawData(db, loaded), DOWNLOAD_DATE));
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  return { report: loaded.report, book };
}

function sheet(book: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = book.getWorksheet(name);
  if (!found) throw new Error(`no sheet "${name}" in ${book.worksheets.map((entry) => entry.name).join(', ')}`);
  return found;
}

function rows(worksheet: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  for (let number = 1; number <= worksheet.rowCount; number += 1) out.push((worksheet.getRow(number).values as unknown[]).slice(1));
  return out;
}

/** The first `count` cells of a row, an empty cell as null. */
const cells = (count: number) => (row: unknown[]) => Array.from({ length: count }, (_, index) => row[index] ?? null);

function header(worksheet: ExcelJS.Worksheet): string[] {
  return rows(worksheet)[0].map(String);
}

/** The row of a table sheet whose column `column` holds `value`. */
function rowWhere(worksheet: ExcelJS.Worksheet, column: string, value: unknown, level?: string): Record<string, unknown> {
  const names = header(worksheet);
  const found = rows(worksheet)
    .slice(1)
    .find((row) => row[names.indexOf(column)] === value && (level === undefined || row[0] === level));
  if (!found) throw new Error(`no row with ${column} = ${String(value)} in ${worksheet.name}`);
  return Object.fromEntries(names.map((name, index) => [name, found[index] ?? null]));
}

interface ColourScaleRule {
  type: string;
  cfvo: { type: string; value?: number }[];
  color: { argb: string }[];
}

function conditionalFormats(worksheet: ExcelJS.Worksheet): { ref: string; rules: ColourScaleRule[] }[] {
  return (worksheet as unknown as { conditionalFormattings: { ref: string; rules: ColourScaleRule[] }[] }).conditionalFormattings;
}

function columnLetter(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** The colour scale covering one cell, if any. */
function scaleAt(worksheet: ExcelJS.Worksheet, column: number, row: number): ColourScaleRule | undefined {
  const letter = columnLetter(column);
  for (const format of conditionalFormats(worksheet)) {
    const match = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(format.ref);
    if (!match || match[1] !== letter || match[3] !== letter || row < Number(match[2]) || row > Number(match[4])) continue;
    return format.rules.find((rule) => rule.type === 'colorScale');
  }
  return undefined;
}

const perspectiveSheets = (book: ExcelJS.Workbook, report: RoundReport) => report.perspectives.map((perspective) => book.worksheets.find((entry) => rowsHaveCode(entry, perspective.code)) as ExcelJS.Worksheet);
function rowsHaveCode(worksheet: ExcelJS.Worksheet, code: string): boolean {
  const row = rows(worksheet)[1];
  return row !== undefined && row[1] === code && row[3] === code;
}

describe('the condition report workbook in Indonesian', () => {
  it('names its sheets in Indonesian, each valid for Excel: at most 31 characters, none of []:*?/\\, unique', async () => {
    const { book } = await download({ compare: true });
    const names = book.worksheets.map((entry) => entry.name);
    expect(names).toEqual([
      'Ringkasan',
      'Perbandingan',
      'FIN Keuangan',
      'Pelanggan-Pemangku Kepentingan',
      'IBP Proses Bisnis Internal',
      'LG Pembelajaran dan Pertumbuhan',
      'Peta unit dan golongan',
      'Data mentah',
      'Buku kode',
    ]);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[[\]:*?/\\]|^'|'$/);
    }
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
  });

  it('heads every table sheet with a bold, frozen row of Indonesian column names', async () => {
    const { book, report } = await download({ compare: true });
    const fin = perspectiveSheets(book, report)[0];
    expect(header(fin)).toEqual(
      expect.arrayContaining(['Tingkat', 'Kode', 'Nama / pernyataan', 'Area fokus', 'Rata-rata', 'Target', 'Gap (− = di bawah target)', 'Status target', 'Batas bawah selang 95%', 'Batas atas selang 95%', 'Capaian % (skor ÷ target)', 'Skor % dari maksimum', 'Posisi pada skala (kategori)', 'Keandalan', 'Validitas', 'Catatan']),
    );
    expect(header(sheet(book, 'Perbandingan'))).toEqual(['Tingkat', 'Kode', 'Nama / pernyataan', 'n Diagnosis 2026', 'n Diagnosis 2027', 'Rata-rata Diagnosis 2026', 'Rata-rata Diagnosis 2027', 'Perubahan', 'p', 'd Cohen', 'Signifikan (p < 0,05)', 'Kesimpulan']);
    expect(header(sheet(book, 'Buku kode')).slice(0, 3)).toEqual(['Variabel', 'Label (bahasa Indonesia)', 'Label (bahasa Inggris)']);
    for (const worksheet of book.worksheets.filter((entry) => entry.name !== 'Ringkasan')) {
      expect(worksheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(worksheet.getRow(1).getCell(1).font?.bold).toBe(true);
    }
  });

  it('writes no cell whose whole text is an internal code, flag or English null reason', async () => {
    const { book } = await download({ compare: true });
    const codes = new Set<string>([
      'below_target',
      'near_target',
      'at_or_above_target',
      ...CATEGORY_CODES,
      ...FOCUS_AREAS,
      'true',
      'false',
      'perspective',
      'dimension',
      'item',
      'suppressed',
      'shown',
      'rise',
      'fall',
      'unchanged',
      'no answers',
      'fewer than 2 answers',
      'one item',
      'fewer than 3 complete cases',
      'zero variance',
      'fewer than 3 respondents',
      'group suppressed',
      'cell suppressed',
      'not in current round',
      'no answers in current round',
      'no variance in either round',
    ]);
    const offending: string[] = [];
    let texts = 0;
    for (const worksheet of book.worksheets) {
      // The raw data and the codebook's first column are variable names for SPSS and R.
      if (worksheet.name === 'Data mentah') continue;
      worksheet.eachRow((row) =>
        row.eachCell((cell, column) => {
          if (worksheet.name === 'Buku kode' && column === 1) return;
          if (typeof cell.value === 'boolean') offending.push(`${worksheet.name}!${cell.address}: ${String(cell.value)}`);
          if (typeof cell.value !== 'string') return;
          texts += 1;
          if (codes.has(cell.value.trim())) offending.push(`${worksheet.name}!${cell.address}: ${cell.value}`);
        }),
      );
    }
    expect(texts).toBeGreaterThan(500);
    expect(offending).toEqual([]);
  });

  it('says in words what the codes mean: focus areas, categories, target statuses, reliability, validity and why a figure is missing', async () => {
    const { book, report } = await download();
    const [fin, , ibp, lg] = perspectiveSheets(book, report);
    expect(rowWhere(ibp, 'Kode', 'IBP-SOP')).toMatchObject({ 'Area fokus': 'Kepatuhan terhadap SOP', 'Status target': 'memenuhi target', Tingkat: 'dimensi' });
    expect(rowWhere(fin, 'Kode', 'FIN-ANG')).toMatchObject({ 'Status target': 'di bawah target', 'Posisi pada skala (kategori)': 'rendah' });
    const hr = rowWhere(lg, 'Kode', 'LG-HR');
    expect(hr).toMatchObject({ 'Rata-rata': null, 'Area fokus': 'Pengembangan SDM' });
    expect(String(hr.Catatan)).toMatch(/^tidak ada jawaban: Rata-rata, SD, Gap/);
    const dimension = rowWhere(ibp, 'Kode', 'IBP-KOR');
    expect(['andal', 'kurang andal']).toContain(dimension.Keandalan);
    expect(rowWhere(fin, 'Kode', 'FIN-ANG-01').Tingkat).toBe('butir');
    // Valid or not, or why it could not be judged (as the page's validity column reads).
    const t = translator('id');
    const items = report.items.filter((item) => item.dimension.startsWith('FIN') || item.dimension === 'LG-HR');
    for (const item of items) {
      const sheetOf = item.dimension === 'LG-HR' ? lg : fin;
      const expected = item.valid === null ? t(`report.null.${item.null_reasons.valid ?? (item.null_reasons.item_total_r as 'no answers')}`) : t(item.valid ? 'report.valid' : 'report.not_valid');
      expect(rowWhere(sheetOf, 'Kode', item.code).Validitas).toBe(expected);
    }
    expect(rowWhere(lg, 'Kode', 'LG-HR-01').Validitas).toBe('kurang dari 3 responden menjawab semua butir');
  });

  it('stores the figures of every perspective, dimension and item as the JSON report\'s numbers, formatted for display only', async () => {
    const { book, report } = await download();
    for (const [index, perspective] of report.perspectives.entries()) {
      const worksheet = perspectiveSheets(book, report)[index];
      const dimensions = report.dimensions.filter((dimension) => dimension.perspective === perspective.code);
      for (const [row, level] of [[perspective, 'perspektif'] as const, ...dimensions.map((dimension) => [dimension, 'dimensi'] as const)]) {
        expect(rowWhere(worksheet, 'Kode', row.code, level)).toMatchObject({
          n: row.n,
          'Rata-rata': row.mean,
          SD: row.sd,
          Target: row.target,
          'Gap (− = di bawah target)': row.gap,
          'Batas bawah selang 95%': row.ci95_low,
          'Batas atas selang 95%': row.ci95_high,
          'Capaian % (skor ÷ target)': row.achievement_pct,
          'Skor % dari maksimum': row.scale_pct,
          Alpha: row.alpha,
        });
      }
      for (const item of report.items.filter((entry) => dimensions.some((dimension) => dimension.code === entry.dimension))) {
        expect(rowWhere(worksheet, 'Kode', item.code)).toMatchObject({ n: item.n, 'Rata-rata': item.mean, Median: item.median, 'Tidak favorabel %': item.unfavorable_pct, 'r butir–total': item.item_total_r });
      }
    }
    const fin = perspectiveSheets(book, report)[0];
    const names = header(fin);
    const dataRow = fin.getRow(3);
    expect(dataRow.getCell(names.indexOf('Rata-rata') + 1).numFmt).toBe('0.00');
    expect(dataRow.getCell(names.indexOf('Gap (− = di bawah target)') + 1).numFmt).toBe('+0.00;-0.00;0.00');
    expect(dataRow.getCell(names.indexOf('Capaian % (skor ÷ target)') + 1).numFmt).toBe('0.0"%"');
  });

  it('colours every gap on a red–white–blue scale centred on 0, and the items\' means on one centred on their target', async () => {
    const { book, report } = await download();
    for (const worksheet of perspectiveSheets(book, report)) {
      const names = header(worksheet);
      const gapColumn = names.indexOf('Gap (− = di bawah target)') + 1;
      const meanColumn = names.indexOf('Rata-rata') + 1;
      rows(worksheet).forEach((row, index) => {
        if (index === 0) return;
        const rule = row[0] === 'butir' ? scaleAt(worksheet, meanColumn, index + 1) : scaleAt(worksheet, gapColumn, index + 1);
        expect(rule?.cfvo).toHaveLength(3);
        expect(rule?.color.map((color) => color.argb)).toEqual(['FFD6604D', 'FFF7F7F7', 'FF4393C3']);
        const centre = row[0] === 'butir' ? report.dimensions.find((dimension) => dimension.code === row[2])?.target : 0;
        expect(rule?.cfvo[1]).toEqual({ type: 'num', value: centre });
        // Symmetric, so that a shortfall and a margin of the same size look alike.
        expect((rule?.cfvo[2].value as number) - (centre as number)).toBeCloseTo((centre as number) - (rule?.cfvo[0].value as number), 12);
      });
    }
    // …and beside each coloured gap a target status in words, so that nothing is said by colour alone.
    const fin = perspectiveSheets(book, report)[0];
    expect(rowWhere(fin, 'Kode', 'FIN')['Status target']).toBe('di bawah target');
  });

  it('starts the summary with the round, its dates written out in Indonesian, and the perspectives with interval, status and capaian', async () => {
    const { book, report } = await download();
    const summary = sheet(book, 'Ringkasan');
    const lines = rows(summary);
    const label = (text: string) => lines.find((row) => row[0] === text)?.[1];
    expect(label('Periode survei')).toBe('Diagnosis 2027');
    expect(label('Tanggal dibuka')).toBe('2 November 2026');
    expect(label('Tanggal ditutup')).toBe('2 Desember 2026');
    expect(label('Tanggal laporan')).toBe('2 Desember 2026');
    const headerRow = lines.findIndex((row) => row[0] === 'Kode' && row[1] === 'Perspektif');
    expect(lines[headerRow].slice(0, 16)).toEqual([
      'Kode',
      'Perspektif',
      'n',
      'Rata-rata',
      'SD',
      'Target',
      'Gap (− = di bawah target)',
      'Capaian % (skor ÷ target)',
      'Skor % dari maksimum',
      'Batas bawah selang 95%',
      'Batas atas selang 95%',
      'Status target',
      'Posisi pada skala (kategori)',
      'Favorabel %',
      'Alpha',
      'Keandalan',
    ]);
    report.perspectives.forEach((perspective, index) => {
      const row = lines[headerRow + 1 + index];
      expect(row.slice(0, 12)).toEqual([
        perspective.code,
        perspective.name,
        perspective.n,
        perspective.mean,
        perspective.sd,
        perspective.target,
        perspective.gap,
        perspective.achievement_pct,
        perspective.scale_pct,
        perspective.ci95_low,
        perspective.ci95_high,
        translator('id')(`report.target_status.${perspective.target_status as 'below_target'}`),
      ]);
      expect(scaleAt(summary, 7, headerRow + 2 + index)?.cfvo[1]).toEqual({ type: 'num', value: 0 });
    });
  });

  it('lists the priorities by target status as the executive summary does, largest shortfall first, each with its driving statements', async () => {
    const { book, report } = await download();
    // The case that tells the two rankings apart: CUS is below target by its gap, but its interval contains the target.
    expect(report.priorities.some((dimension) => dimension.code.startsWith('CUS'))).toBe(true);
    expect(report.summary.near_target.map((dimension) => dimension.code)).toEqual(['CUS-LAY', 'CUS-KEP']);
    const lines = rows(sheet(book, 'Ringkasan'));
    const t = translator('id');
    const block = (title: string) => {
      const start = lines.findIndex((row) => row[0] === title);
      expect(start).toBeGreaterThan(0);
      const end = lines.findIndex((row, index) => index > start + 1 && row.length === 0);
      return lines.slice(start + 2, end);
    };
    const priorities = block(t('report.summary.priorities', { count: report.summary.priorities.length })).map(cells(11));
    const expected: unknown[][] = [];
    report.summary.priorities.forEach((dimension, index) => {
      const n = report.dimensions.find((entry) => entry.code === dimension.code)?.n;
      expected.push([dimension.code, dimension.name, index + 1, n, dimension.mean, dimension.target, dimension.gap, dimension.ci95_low, dimension.ci95_high, 'di bawah target', null]);
      for (const statement of dimension.statements) expected.push([statement.code, statement.text, null, statement.n, statement.mean, null, null, null, null, null, statement.unfavorable_pct]);
    });
    expect(priorities).toEqual(expected);
    expect(report.summary.priorities.length).toBeGreaterThan(2);
    expect(report.summary.priorities.every((dimension) => dimension.statements.length > 0)).toBe(true);
    const near = block(t('report.summary.near_target_items'));
    expect(near.map((row) => [row[0], row[9]])).toEqual([
      ['CUS-LAY', 'mendekati target'],
      ['CUS-KEP', 'mendekati target'],
    ]);
    const strengths = block(t('report.summary.strength_items'));
    expect(strengths.filter((row) => typeof row[2] === 'number').map((row) => row[0])).toEqual(report.summary.strengths.map((dimension) => dimension.code));
    expect(strengths.filter((row) => typeof row[2] !== 'number').map((row) => row[1])).toEqual(report.summary.strengths.flatMap((dimension) => dimension.statements.map((statement) => statement.text)));
  });

  it('adds the comparison sheet with the change, Welch\'s p and Cohen\'s d of the JSON report, and the verdict in the page\'s words', async () => {
    const { book, report } = await download({ compare: true });
    const comparison = sheet(book, 'Perbandingan');
    const t = translator('id');
    const rowsOut = report.comparison ? [...report.comparison.perspectives.map((row) => ['perspektif', row] as const), ...report.comparison.dimensions.map((row) => ['dimensi', row] as const)] : [];
    expect(rowsOut.length).toBeGreaterThan(0);
    for (const [level, row] of rowsOut) {
      const cells = rowWhere(comparison, 'Kode', row.code, level);
      expect(cells).toMatchObject({
        'Rata-rata Diagnosis 2026': row.previous_mean,
        'Rata-rata Diagnosis 2027': row.current_mean,
        Perubahan: row.change,
        p: row.p_value,
        'd Cohen': row.cohens_d,
      });
      const verdict = row.direction !== null ? t(`report.direction.${row.direction}`) : t(`report.compare_null.${row.test_null_reason as 'no variance in either round'}`);
      expect(cells.Kesimpulan).toBe(verdict);
    }
    const verdicts = new Set(rows(comparison).slice(1).map((row) => row[11]));
    expect(verdicts).toContain('tidak ada jawaban di periode ini');
    expect([...verdicts].some((verdict) => verdict === 'naik' || verdict === 'turun' || verdict === 'tidak berubah (dalam batas galat)')).toBe(true);
    expect(comparison.getRow(2).getCell(9).numFmt).toBe('[<0.001]"< 0,001";0.000');
    expect(scaleAt(comparison, 8, 2)?.cfvo[1]).toEqual({ type: 'num', value: 0 });
    expect(rows(sheet(book, 'Ringkasan')).find((row) => row[0] === 'Dibandingkan dengan')?.[1]).toBe('Diagnosis 2026');
  });

  it('has no comparison sheet when no comparison round was chosen', async () => {
    const { book, report } = await download();
    expect(report.comparison).toBeNull();
    expect(book.worksheets.map((entry) => entry.name)).not.toContain('Perbandingan');
  });

  it('says "disembunyikan" in every figure of a suppressed group of the heatmap, with the dimension names in the header', async () => {
    const { book, report } = await download();
    const heatmap = sheet(book, 'Peta unit dan golongan');
    expect(header(heatmap).slice(0, 5)).toEqual(['Menurut', 'Kelompok', 'n', 'Status', `${report.dimensions[0].code} ${report.dimensions[0].name}`]);
    const hidden = rows(heatmap).filter((row) => row[1] === 'Subdit C');
    expect(hidden).toHaveLength(1);
    expect(hidden[0][3]).toBe('disembunyikan');
    expect(hidden[0].filter((cell) => typeof cell === 'number')).toEqual([]);
  });
});

describe('the condition report workbook in English', () => {
  it('uses English sheet names, headers and words throughout', async () => {
    const { book, report } = await download({ lang: 'en', compare: true });
    expect(book.worksheets.map((entry) => entry.name)).toEqual(['Summary', 'Comparison', 'FIN Financial', 'CUS Customer and stakeholders', 'IBP Internal business process', 'LG Learning and growth', 'Heatmap', 'Raw data', 'Codebook']);
    const fin = sheet(book, 'FIN Financial');
    expect(header(fin)).toEqual(expect.arrayContaining(['Level', 'Code', 'Mean', 'Gap (− = below target)', 'Target status', 'Lower bound of the 95% interval', 'Focus area', 'Notes']));
    expect(rowWhere(fin, 'Code', 'FIN-ANG')).toMatchObject({ Level: 'dimension', 'Target status': 'below target', Mean: report.dimensions.find((dimension) => dimension.code === 'FIN-ANG')?.mean });
    const summary = rows(sheet(book, 'Summary'));
    expect(summary.find((row) => row[0] === 'Closing date')?.[1]).toBe('2 December 2026');
    expect(header(sheet(book, 'Comparison'))).toEqual(['Level', 'Code', 'Name / statement', 'n Diagnosis 2026', 'n Diagnosis 2027', 'Mean Diagnosis 2026', 'Mean Diagnosis 2027', 'Change', 'p', "Cohen's d", 'Significant (p < 0.05)', 'Reading']);
    const indonesian = /Rata-rata|di bawah target|Ringkasan|tidak ada jawaban|disembunyikan|Kepatuhan terhadap SOP/;
    for (const worksheet of book.worksheets.filter((entry) => entry.name !== 'Codebook' && entry.name !== 'Raw data')) {
      worksheet.eachRow((row) =>
        row.eachCell((cell) => {
          // Statements and names come from the instrument in English too; only the catalogue's words are checked.
          if (typeof cell.value === 'string') expect(cell.value).not.toMatch(indonesian);
        }),
      );
    }
  });
});

describe('sheetName', () => {
  it('replaces a slash with a hyphen and falls back to the name alone when code and name are too long', () => {
    expect(sheetName(['CUS Pelanggan/Pemangku Kepentingan', 'Pelanggan/Pemangku Kepentingan'], new Set())).toBe('Pelanggan-Pemangku Kepentingan');
  });

  it('cuts a name that never fits at the last whole word', () => {
    const name = sheetName(['CUS Pelayanan dan Komunikasi dengan Pemangku Kepentingan'], new Set());
    expect(name).toBe('CUS Pelayanan dan Komunikasi');
  });

  it('leaves out the characters Excel refuses and keeps names unique regardless of case', () => {
    const used = new Set<string>();
    expect(sheetName(['Data: [2026]?*'], used)).toBe('Data 2026');
    expect(sheetName(['data 2026'], used)).toBe('data 2026 2');
    expect(sheetName(["'Quoted'"], used)).toBe('Quoted');
  });

  it('never ends a cut name with an apostrophe, which Excel refuses', () => {
    // Cut at the last word that fits, the 31 characters end at the closing apostrophe.
    const name = sheetName(["LG Layanan Terpadu 'Satu Pintu' dan Pengaduan"], new Set());
    expect(name).toBe("LG Layanan Terpadu 'Satu Pintu");
    expect(name).not.toMatch(/'$/);
  });
});
