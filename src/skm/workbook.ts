import ExcelJS from 'exceljs';
import { tableSheet, type SheetCell, type SheetColumn } from '../export/xlsx-table';
import { translator, type Translate } from '../i18n';
import type { SkmReport } from './analysis';
import type { SkmDocumentOptions } from './document';

/**
 * The SKM report as a workbook, in the download's language (Indonesian by default): Ringkasan
 * (the index, its grade, the questionnaires, the period), Unsur (per element n, NRR, weighted NRR,
 * weight, converted value, grade and the answers 1–4), Profil (respondents per group), one sheet of
 * the index per respondent group, and Tren (the earlier rounds). Values are the JSON report's at
 * full precision, stored as numbers and shown rounded by their number format; a suppressed group
 * says "disembunyikan" and carries no figure at all.
 */

const TWO_DECIMALS = '0.00';
const THREE_DECIMALS = '0.000';
const WEIGHT_FORMAT = '0.0000';
const SHARE_FORMAT = '0.0%';
const WHOLE = '0';
const DATE_FORMAT = 'dd/mm/yyyy';

function excelDate(value: string): Date {
  return new Date(`${value}T00:00:00Z`);
}

function summarySheet(workbook: ExcelJS.Workbook, report: SkmReport, options: SkmDocumentOptions, t: Translate): void {
  const sheet = workbook.addWorksheet(t('skm.sheet.summary'));
  sheet.columns = [{ width: 34 }, { width: 40 }];
  const title = sheet.addRow([`${t('skm.report.title')} — ${report.round.name}`]);
  title.font = { bold: true, size: 14 };
  const { round } = report;
  const rows: [string, SheetCell, string?][] = [
    [t('skm.sheet.organisation'), options.organisation?.name || null],
    [t('skm.sheet.unit'), options.organisation?.unit || null],
    [t('skm.sheet.round'), round.name],
    [t('skm.report.method_period'), `${round.period_start} – ${round.period_end}`],
    [t('skm.period_start'), excelDate(round.period_start), DATE_FORMAT],
    [t('skm.period_end'), excelDate(round.period_end), DATE_FORMAT],
    [t('skm.report.method_population'), round.population, WHOLE],
    [t('skm.required_sample'), round.required_sample, WHOLE],
    [t('skm.sheet.responses'), round.responses, WHOLE],
    [t('skm.sheet.channel', { channel: t('skm.channel.online') }), round.by_channel.online, WHOLE],
    [t('skm.sheet.channel', { channel: t('skm.channel.kiosk') }), round.by_channel.kiosk, WHOLE],
    [t('skm.sheet.channel', { channel: t('skm.channel.paper') }), round.by_channel.paper, WHOLE],
    [t('skm.ikm'), report.ikm, TWO_DECIMALS],
    [t('skm.sheet.ikm_exact'), report.ikm_exact],
    [t('skm.grade'), report.grade],
    [t('skm.sheet.grade_label'), report.grade_label],
    [t('skm.sheet.min_group_size'), round.min_group_size, WHOLE],
    [t('skm.sheet.date'), excelDate(options.generatedOn), DATE_FORMAT],
  ];
  for (const [label, value, format] of rows) {
    const row = sheet.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { horizontal: 'left' };
    if (format) row.getCell(2).numFmt = format;
  }
  sheet.addRow([]);
  sheet.addRow([t('skm.sheet.precision')]);
}

function elementsSheet(workbook: ExcelJS.Workbook, report: SkmReport, t: Translate): void {
  const columns: SheetColumn[] = [
    { header: t('skm.sheet.col.key'), width: 14 },
    { header: t('skm.report.element'), width: 40, wrap: true },
    { header: t('skm.report.n'), width: 8, format: WHOLE },
    { header: t('skm.report.nrr'), width: 10, format: TWO_DECIMALS },
    { header: t('skm.sheet.col.weight'), width: 10, format: WEIGHT_FORMAT },
    { header: t('skm.report.nrr_weighted'), width: 14, format: THREE_DECIMALS },
    { header: t('skm.report.converted'), width: 14, format: TWO_DECIMALS },
    { header: t('skm.grade'), width: 10 },
    { header: t('skm.sheet.grade_label'), width: 16 },
    ...(['1', '2', '3', '4'] as const).map((score) => ({ header: t('skm.sheet.col.answers', { score }), width: 11, format: WHOLE })),
  ];
  const rows = report.elements.map((element): SheetCell[] => [
    element.key,
    element.name,
    element.n,
    element.nrr,
    element.weight,
    element.nrr_weighted,
    element.ikm_element,
    element.grade,
    element.grade_label,
    element.distribution['1'],
    element.distribution['2'],
    element.distribution['3'],
    element.distribution['4'],
  ]);
  tableSheet(workbook, t('skm.sheet.elements'), columns, rows);
}

function groupLabel(label: string | null, t: Translate): string {
  return label ?? t('skm.report.not_answered');
}

function profileSheet(workbook: ExcelJS.Workbook, report: SkmReport, t: Translate): void {
  const columns: SheetColumn[] = [
    { header: t('skm.sheet.col.field'), width: 18 },
    { header: t('skm.report.group'), width: 34, wrap: true },
    { header: t('skm.report.n'), width: 8, format: WHOLE },
    { header: t('skm.report.profile_share'), width: 12, format: SHARE_FORMAT },
  ];
  const total = report.round.responses;
  const rows = report.breakdowns.flatMap((breakdown) =>
    breakdown.groups.map((group): SheetCell[] => [t(`skm.report.field.${breakdown.field}`), groupLabel(group.label, t), group.n, total === 0 ? null : group.n / total]),
  );
  tableSheet(workbook, t('skm.sheet.profile'), columns, rows);
}

/** The index and the NRRs per group of every profile field; a suppressed group has its count and the word, no figure. */
function groupsSheet(workbook: ExcelJS.Workbook, report: SkmReport, t: Translate): void {
  const columns: SheetColumn[] = [
    { header: t('skm.sheet.col.field'), width: 18 },
    { header: t('skm.report.group'), width: 34, wrap: true },
    { header: t('skm.report.n'), width: 8, format: WHOLE },
    { header: t('skm.sheet.col.shown'), width: 16 },
    { header: t('skm.ikm'), width: 10, format: TWO_DECIMALS },
    { header: t('skm.grade'), width: 10 },
    ...report.elements.map((element) => ({ header: t('skm.sheet.col.element_nrr', { name: element.name }), width: 14, format: TWO_DECIMALS })),
  ];
  const rows = report.breakdowns.flatMap((breakdown) =>
    breakdown.groups.map((group): SheetCell[] => [
      t(`skm.report.field.${breakdown.field}`),
      groupLabel(group.label, t),
      group.n,
      t(group.suppressed ? 'skm.sheet.suppressed' : 'skm.sheet.shown'),
      ...(group.suppressed ? [null, null, ...report.elements.map(() => null)] : [group.ikm, group.grade, ...report.elements.map((element) => group.nrr[element.key] ?? null)]),
    ]),
  );
  tableSheet(workbook, t('skm.sheet.groups'), columns, rows);
}

function trendSheet(workbook: ExcelJS.Workbook, report: SkmReport, t: Translate): void {
  const columns: SheetColumn[] = [
    { header: t('skm.sheet.round'), width: 30, wrap: true },
    { header: t('skm.period_start'), width: 12, format: DATE_FORMAT },
    { header: t('skm.period_end'), width: 12, format: DATE_FORMAT },
    { header: t('skm.sheet.responses'), width: 11, format: WHOLE },
    { header: t('skm.ikm'), width: 10, format: TWO_DECIMALS },
    { header: t('skm.grade'), width: 10 },
    ...report.elements.map((element) => ({ header: t('skm.sheet.col.element_nrr', { name: element.name }), width: 14, format: TWO_DECIMALS })),
  ];
  const rows = report.trend.map((point): SheetCell[] => [
    point.name,
    excelDate(point.period_start),
    excelDate(point.period_end),
    point.responses,
    point.ikm,
    point.grade,
    ...report.elements.map((element) => point.nrr[element.key] ?? null),
  ]);
  tableSheet(workbook, t('skm.sheet.trend'), columns, rows);
}

export async function skmWorkbook(report: SkmReport, options: SkmDocumentOptions): Promise<Buffer> {
  const t = translator(options.lang);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Potret';
  summarySheet(workbook, report, options, t);
  elementsSheet(workbook, report, t);
  profileSheet(workbook, report, t);
  groupsSheet(workbook, report, t);
  trendSheet(workbook, report, t);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
