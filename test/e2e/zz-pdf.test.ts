import fs from 'node:fs';
import { seedDemo } from '../../src/demo/seed';
import { evaluatePeriod } from '../../src/monitoring/evaluation';
import { evaluationDocumentPdf } from '../../src/monitoring/document';
import { freshDb } from '../helpers';
jest.setTimeout(120_000);
it('pdf', async () => {
  const db = freshDb();
  seedDemo(db, new Date('2026-12-01T03:00:00Z'));
  const evaluation = evaluatePeriod(db, 1, '2027-Q2', { lang: 'id', report: { alphaMin: 0.7, categoryBoundary: 'lower' }, today: '2027-07-10' });
  fs.writeFileSync('/tmp/eval.pdf', await evaluationDocumentPdf(evaluation, { lang: 'id', generatedOn: '2027-07-10', chromium: '/usr/bin/chromium' }));
});
