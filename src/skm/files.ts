import { listSkmFollowups } from '../db/skm';
import type { Config } from '../config';
import type { Db } from '../db/connection';
import { AppError } from '../errors';
import type { Lang } from '../i18n';
import { loadOrganisation } from '../organisation/profile';
import { htmlToPdf, htmlToPng, PdfError } from '../report/pdf';
import { pdfChromium } from '../report/service';
import { publishedSkmReport, type SkmReport } from './analysis';
import { skmDocumentHtml, skmInfographicHtml } from './document';
import { getSkmRound } from './rounds';
import { skmWorkbook } from './workbook';

/**
 * The files an SKM round's report is downloaded as, for the pages and the command line alike (as
 * monitoring/files.ts does for an evaluation): the report as HTML, PDF or workbook, and the
 * one-page infographic as PNG or PDF. Each is built from the published report only
 * (publishedSkmReport: 409 while the round is open or too small), and reads only.
 */

export const SKM_REPORT_FILE_FORMATS = ['html', 'pdf', 'xlsx'] as const;
export type SkmReportFileFormat = (typeof SKM_REPORT_FILE_FORMATS)[number];

export const SKM_INFOGRAPHIC_FORMATS = ['png', 'pdf'] as const;
export type SkmInfographicFormat = (typeof SKM_INFOGRAPHIC_FORMATS)[number];

/** An A4 page in CSS pixels (96 per inch: 210 × 297 mm), shot at two device pixels per CSS pixel: 1588 × 2246. */
export const INFOGRAPHIC_PIXELS = { width: 794, height: 1123, scale: 2 } as const;

export interface SkmFile {
  fileName: string;
  contentType: string;
  body: string | Buffer;
}

export interface SkmFileOptions {
  lang: Lang;
  /** The document's date (YYYY-MM-DD). */
  generatedOn: string;
  /** Suggestions are listed only from this many questionnaires on (config commentMin). */
  commentMin: number;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function chromiumOf(config: Readonly<Config>): string {
  const chromium = pdfChromium(config);
  if (chromium === null) throw new AppError(503, 'PDF and PNG files need Chromium on the server (POTRET_CHROMIUM or chromium on the PATH)');
  return chromium;
}

/** Chromium's failures are the server's, not the request's: 503 with what Chromium said. */
async function withChromium(make: () => Promise<Buffer>): Promise<Buffer> {
  try {
    return await make();
  } catch (error) {
    if (error instanceof PdfError) throw new AppError(503, `The file could not be produced: ${error.message}`);
    throw error;
  }
}

function loadPublished(db: Db, roundId: number, options: SkmFileOptions): SkmReport {
  return publishedSkmReport(db, getSkmRound(db, roundId), { lang: options.lang, commentMin: options.commentMin });
}

export async function skmReportFile(db: Db, config: Readonly<Config>, roundId: number, format: SkmReportFileFormat, options: SkmFileOptions): Promise<SkmFile> {
  const report = loadPublished(db, roundId, options);
  const document = { lang: options.lang, generatedOn: options.generatedOn, organisation: loadOrganisation(db), followups: listSkmFollowups(db, roundId) };
  const base = `potret-skm-${report.round.id}-report`;
  switch (format) {
    case 'html':
      return { fileName: `${base}.html`, contentType: 'text/html; charset=utf-8', body: await skmDocumentHtml(report, { ...document, selfContained: true }) };
    case 'pdf': {
      const chromium = chromiumOf(config);
      const html = await skmDocumentHtml(report, { ...document, selfContained: true });
      return { fileName: `${base}.pdf`, contentType: 'application/pdf', body: await withChromium(() => htmlToPdf(html, chromium)) };
    }
    case 'xlsx':
      return { fileName: `${base}.xlsx`, contentType: XLSX_TYPE, body: await skmWorkbook(report, document) };
  }
}

export async function skmInfographicFile(db: Db, config: Readonly<Config>, roundId: number, format: SkmInfographicFormat, options: SkmFileOptions): Promise<SkmFile> {
  const report = loadPublished(db, roundId, options);
  const chromium = chromiumOf(config);
  const html = await skmInfographicHtml(report, { lang: options.lang, generatedOn: options.generatedOn, organisation: loadOrganisation(db) });
  const base = `potret-skm-${report.round.id}-infographic`;
  if (format === 'png') return { fileName: `${base}.png`, contentType: 'image/png', body: await withChromium(() => htmlToPng(html, chromium, INFOGRAPHIC_PIXELS)) };
  return { fileName: `${base}.pdf`, contentType: 'application/pdf', body: await withChromium(() => htmlToPdf(html, chromium)) };
}
