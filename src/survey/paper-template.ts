import ExcelJS from 'exceljs';
import type { Db } from '../db/connection';
import { listRosterUnits } from '../db/roster';
import type { CsvDialect } from '../export/csv-writer';
import { translator, type Lang } from '../i18n';
import { paperColumnNames, paperTemplateCsv, PAPER_FIXED_COLUMNS } from '../import/paper';
import type { LoadedInstrument } from './instruments';
import { getRound } from './rounds';

/**
 * The templates staff type paper forms into: a CSV with the header row only, and a workbook with
 * drop-downs for the answers and the roster's units, the statements in both languages and short
 * instructions. The workbook is for typing; it is imported after saving its first sheet as CSV.
 */

/** Rows of the form sheet that get the drop-downs: more forms than one typist enters in one file. */
export const TEMPLATE_ROWS = 10_000;

export interface TemplateFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

export type TemplateFormat = 'csv' | 'xlsx';

export async function paperTemplate(db: Db, roundId: number, format: TemplateFormat, options: { lang: Lang; dialect?: CsvDialect }): Promise<TemplateFile> {
  const round = getRound(db, roundId);
  const baseName = `potret-round-${roundId}-paper-template`;
  if (format === 'csv') {
    return {
      fileName: `${baseName}.csv`,
      contentType: 'text/csv; charset=utf-8',
      body: Buffer.from(paperTemplateCsv(round.instrument, options.dialect ?? 'comma'), 'utf8'),
    };
  }
  return {
    fileName: `${baseName}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: await paperTemplateXlsx(round.instrument, listRosterUnits(db, roundId), options.lang),
  };
}

// exceljs 4.4 writes worksheet.dataValidations with range addresses (one sqref per range) but its
// type definitions leave the property out; this is the part of it used here.
interface RangeValidations {
  add(address: string, validation: ExcelJS.DataValidation): void;
}

function rangeValidations(sheet: ExcelJS.Worksheet): RangeValidations {
  return (sheet as unknown as { dataValidations: RangeValidations }).dataValidations;
}

/** Excel refuses a workbook whose validation prompt is longer than 255 characters (error text: 225). */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

export async function paperTemplateXlsx(instrument: LoadedInstrument, rosterUnits: readonly string[], lang: Lang): Promise<Buffer> {
  const t = translator(lang);
  const { definition } = instrument;
  const { scale } = definition;
  const columns = paperColumnNames(instrument);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Potret';

  // The form sheet comes first: Excel saves the active sheet when the analyst saves as CSV.
  const forms = workbook.addWorksheet(t('paper.xlsx.sheet_forms'), { views: [{ state: 'frozen', ySplit: 1 }] });
  const textColumns = new Set<string>([...PAPER_FIXED_COLUMNS]);
  forms.columns = columns.map((name) => ({
    header: name,
    key: name,
    width: name === 'unit' ? 30 : name.startsWith('comment_') ? 40 : Math.max(12, name.length + 2),
    // Typed as text: Excel would turn form number "007" into 7 and grade "3/4" into a date.
    style: textColumns.has(name) || name.startsWith('comment_') ? { numFmt: '@' } : {},
  }));
  const header = forms.getRow(1);
  header.font = { bold: true };
  const itemByCode = new Map(instrument.items.map((item) => [item.code, item]));
  columns.forEach((name, index) => {
    const item = itemByCode.get(name);
    if (item) header.getCell(index + 1).note = `${item.text.id}\n\n${item.text.en}`;
  });

  const lastRow = TEMPLATE_ROWS + 1;
  const firstItem = columns.indexOf(instrument.items[0].code) + 1;
  const lastItem = firstItem + instrument.items.length - 1;
  const labels = scale.labels.map((label) => `${label.value} = ${label.id} / ${label.en}`).join('; ');
  const values: string[] = [];
  for (let value = scale.min; value <= scale.max; value++) values.push(String(value));
  rangeValidations(forms).add(`${forms.getColumn(firstItem).letter}2:${forms.getColumn(lastItem).letter}${lastRow}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${values.join(',')}"`],
    showInputMessage: true,
    promptTitle: clip(t('paper.xlsx.answer_prompt_title'), 32),
    prompt: clip(labels, 255),
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: clip(t('paper.xlsx.answer_error_title'), 32),
    error: clip(t('paper.xlsx.answer_error', { min: scale.min, max: scale.max }), 225),
  });

  const units = workbook.addWorksheet(t('paper.xlsx.sheet_units'));
  units.columns = [{ header: 'unit', key: 'unit', width: 40 }];
  units.getRow(1).font = { bold: true };
  for (const unit of rosterUnits) units.addRow({ unit });
  if (rosterUnits.length > 0) {
    const unitColumn = forms.getColumn(columns.indexOf('unit') + 1).letter;
    // A warning, not a stop: a unit missing from the roster can still be typed, and the import
    // then asks whether new units are allowed.
    rangeValidations(forms).add(`${unitColumn}2:${unitColumn}${lastRow}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`${quoteSheet(units.name)}!$A$2:$A$${rosterUnits.length + 1}`],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: clip(t('paper.xlsx.unit_error_title'), 32),
      error: clip(t('paper.xlsx.unit_error'), 225),
    });
  }

  const items = workbook.addWorksheet(t('paper.xlsx.sheet_items'), { views: [{ state: 'frozen', ySplit: 1 }] });
  items.columns = [
    { header: t('paper.xlsx.code'), key: 'code', width: 14 },
    { header: t('paper.xlsx.perspective'), key: 'perspective', width: 24 },
    { header: t('paper.xlsx.dimension'), key: 'dimension', width: 30 },
    { header: t('paper.xlsx.statement_id'), key: 'id', width: 70 },
    { header: t('paper.xlsx.statement_en'), key: 'en', width: 70 },
  ];
  items.getRow(1).font = { bold: true };
  for (const perspective of definition.perspectives) {
    for (const dimension of perspective.dimensions) {
      for (const item of dimension.items) {
        const row = items.addRow({ code: item.code, perspective: perspective.name[lang], dimension: dimension.name[lang], id: item.text.id, en: item.text.en });
        row.alignment = { wrapText: true, vertical: 'top' };
      }
    }
  }
  items.addRow([]);
  items.addRow([t('paper.xlsx.scale_title')]).font = { bold: true };
  items.addRow([t('paper.xlsx.value'), t('paper.xlsx.label_id'), t('paper.xlsx.label_en')]).font = { bold: true };
  for (const label of scale.labels) items.addRow([label.value, label.id, label.en]);

  const help = workbook.addWorksheet(t('paper.xlsx.sheet_help'));
  help.getColumn(1).width = 110;
  help.addRow([t('paper.xlsx.help_title')]).font = { bold: true, size: 14 };
  for (const key of ['paper.xlsx.help_rows', 'paper.xlsx.help_answers', 'paper.xlsx.help_units', 'paper.xlsx.help_comments', 'paper.xlsx.help_save'] as const) {
    help.addRow([t(key, { min: scale.min, max: scale.max, sheet: forms.name })]).alignment = { wrapText: true, vertical: 'top' };
  }

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
