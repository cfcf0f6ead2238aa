import { testConfig } from '../../src/config';
import { AppError } from '../../src/errors';
import { evaluationFile, isEvaluationFileFormat } from '../../src/monitoring/files';
import { evaluationFixture } from './evaluation-fixture';

describe('evaluationFile: the downloads of an evaluation', () => {
  it('knows its formats and nothing else', () => {
    expect(['html', 'pdf', 'xlsx'].every(isEvaluationFileFormat)).toBe(true);
    expect(isEvaluationFileFormat('csv')).toBe(false);
  });

  it('gives the self-contained report as HTML, named by plan and period', async () => {
    const file = await evaluationFile(evaluationFixture(), 'html', { lang: 'id', generatedOn: '2027-07-05', config: testConfig() });
    expect(file.fileName).toBe('potret-plan-1-evaluation-2027-Q2.html');
    expect(file.contentType).toBe('text/html; charset=utf-8');
    expect(String(file.body)).toContain('Content-Security-Policy');
  });

  it('gives the workbook as XLSX', async () => {
    const file = await evaluationFile(evaluationFixture(), 'xlsx', { lang: 'en', generatedOn: '2027-07-05', config: testConfig() });
    expect(file.fileName).toBe('potret-plan-1-evaluation-2027-Q2.xlsx');
    expect((file.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses the PDF with 503 when the server has no Chromium', async () => {
    const error = await evaluationFile(evaluationFixture(), 'pdf', { lang: 'id', generatedOn: '2027-07-05', config: testConfig({ chromium: '/nonexistent/chromium' }) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(503);
  });
});
