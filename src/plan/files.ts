import type { Config } from '../config';
import { AppError } from '../errors';
import type { Lang } from '../i18n';
import type { OrganisationProfile } from '../organisation/profile';
import { PdfError } from '../report/pdf';
import { pdfChromium } from '../report/service';
import { strategyDocumentHtml, strategyDocumentPdf } from './document';
import { matrixCsv, matrixWorkbook } from './matrix';
import type { PlanShow } from './show';

/** The files a plan is downloaded as, for the pages and the command line alike. */
export const PLAN_FILE_FORMATS = ['html', 'pdf', 'xlsx', 'csv'] as const;
export type PlanFileFormat = (typeof PLAN_FILE_FORMATS)[number];

export function isPlanFileFormat(value: string): value is PlanFileFormat {
  return (PLAN_FILE_FORMATS as readonly string[]).includes(value);
}

export interface PlanFile {
  fileName: string;
  contentType: string;
  body: string | Buffer;
}

export async function planFile(
  show: PlanShow,
  format: PlanFileFormat,
  options: { lang: Lang; dialect: 'comma' | 'semicolon'; generatedOn: string; config: Readonly<Config>; organisation?: OrganisationProfile | null },
): Promise<PlanFile> {
  const { lang, generatedOn, organisation } = options;
  const base = `potret-plan-${show.id}`;
  switch (format) {
    case 'html':
      return { fileName: `${base}-strategy.html`, contentType: 'text/html; charset=utf-8', body: await strategyDocumentHtml(show, { lang, selfContained: true, generatedOn, organisation }) };
    case 'pdf': {
      const chromium = pdfChromium(options.config);
      if (chromium === null) throw new AppError(503, 'PDF export needs Chromium on the server (POTRET_CHROMIUM or chromium on the PATH)');
      try {
        return { fileName: `${base}-strategy.pdf`, contentType: 'application/pdf', body: await strategyDocumentPdf(show, { lang, generatedOn, chromium, organisation }) };
      } catch (error) {
        if (error instanceof PdfError) throw new AppError(503, `The PDF could not be produced: ${error.message}`);
        throw error;
      }
    }
    case 'xlsx':
      return { fileName: `${base}-matrix.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await matrixWorkbook(show, lang) };
    case 'csv':
      return { fileName: `${base}-matrix-${options.dialect}.csv`, contentType: 'text/csv; charset=utf-8', body: matrixCsv(show, lang, options.dialect) };
  }
}
