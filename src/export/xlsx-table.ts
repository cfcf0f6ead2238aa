import type ExcelJS from 'exceljs';

/**
 * A sheet that is one table, as the planning staff's workbooks write them: a bold, frozen header
 * row and an autofilter, a width and a number format per column, each value written as a value
 * (a number stays a number under its format; a text such as "=HYPERLINK(…)" stays text).
 */

export type SheetCell = string | number | Date | null;

export interface SheetColumn {
  header: string;
  width: number;
  format?: string;
  wrap?: boolean;
}

/** A tint behind one column's cell per row (ARGB, null for none): the word in the cell carries the meaning, the tint only repeats it. */
export interface SheetHighlight {
  column: number;
  fills: readonly (string | null)[];
}

export function tableSheet(workbook: ExcelJS.Workbook, name: string, columns: readonly SheetColumn[], rows: readonly SheetCell[][], highlight?: SheetHighlight): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({ header: column.header, width: column.width, style: { alignment: { vertical: 'top' as const, wrapText: column.wrap ?? false }, ...(column.format ? { numFmt: column.format } : {}) } }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF3' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  rows.forEach((row, index) => {
    const added = sheet.addRow(row);
    const fill = highlight?.fills[index];
    if (highlight && fill) added.getCell(highlight.column).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
  });
  if (columns.length) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return sheet;
}
