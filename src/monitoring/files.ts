import type { Config } from '../config';
import type { Lang } from '../i18n';
import type { Evaluation } from './evaluation';

export interface EvaluationFile {
  fileName: string;
  contentType: string;
  body: Buffer | string;
}

/** The evaluation report's downloads (the document lands with its renderer). */
export async function evaluationFile(_evaluation: Evaluation, format: 'html' | 'pdf' | 'xlsx', _options: { lang: Lang; generatedOn: string; config: Readonly<Config> }): Promise<EvaluationFile> {
  throw new Error(`evaluation ${format} is not built yet`);
}
