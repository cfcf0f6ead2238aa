import type { Config } from '../config';
import { AppError } from '../errors';
import type { Lang } from '../i18n';
import type { OrganisationProfile } from '../organisation/profile';
import { PdfError } from '../report/pdf';
import { pdfChromium } from '../report/service';
import { evaluationDocumentHtml, evaluationDocumentPdf, evaluationWorkbook } from './document';
import type { Evaluation } from './evaluation';

/** The files an evaluation is downloaded as, for the pages and the command line alike (as plan/files.ts does for a plan). */
export const EVALUATION_FILE_FORMATS = ['html', 'pdf', 'xlsx'] as const;
export type EvaluationFileFormat = (typeof EVALUATION_FILE_FORMATS)[number];

export function isEvaluationFileFormat(value: string): value is EvaluationFileFormat {
  return (EVALUATION_FILE_FORMATS as readonly string[]).includes(value);
}

export interface EvaluationFile {
  fileName: string;
  contentType: string;
  body: string | Buffer;
}

export async function evaluationFile(
  evaluation: Evaluation,
  format: EvaluationFileFormat,
  options: { lang: Lang; generatedOn: string; config: Readonly<Config>; organisation?: OrganisationProfile | null },
): Promise<EvaluationFile> {
  const { lang, generatedOn, organisation } = options;
  const base = `potret-plan-${evaluation.plan.id}-evaluation-${evaluation.period.code}`;
  switch (format) {
    case 'html':
      return { fileName: `${base}.html`, contentType: 'text/html; charset=utf-8', body: await evaluationDocumentHtml(evaluation, { lang, generatedOn, selfContained: true, organisation }) };
    case 'pdf': {
      const chromium = pdfChromium(options.config);
      if (chromium === null) throw new AppError(503, 'PDF export needs Chromium on the server (POTRET_CHROMIUM or chromium on the PATH)');
      try {
        return { fileName: `${base}.pdf`, contentType: 'application/pdf', body: await evaluationDocumentPdf(evaluation, { lang, generatedOn, chromium, organisation }) };
      } catch (error) {
        if (error instanceof PdfError) throw new AppError(503, `The PDF could not be produced: ${error.message}`);
        throw error;
      }
    }
    case 'xlsx':
      return { fileName: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await evaluationWorkbook(evaluation, lang) };
  }
}
