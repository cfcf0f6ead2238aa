import { chromiumGate, htmlToPng, PDF_BUSY_MESSAGE } from '../../src/report/pdf';
import { createTestApp, loggedIn } from '../helpers';
import { CHROMIUM } from '../e2e/browser';
import { roundWithResponses, varied } from './fixtures';

/**
 * Twelve PDF downloads at once used to start twelve Chromiums (132 processes, 14.5 GB). Every
 * Chromium run of the process passes one gate: POTRET_PDF_CONCURRENCY at once (default 1),
 * POTRET_PDF_QUEUE waiting (default 4), and any further request is answered 503 at once.
 */
describe('Chromium runs behind one gate', () => {
  it('answers a PDF download 503 with Retry-After and a page that says why while every place is taken, and serves it once one is free', async () => {
    const { app, db } = createTestApp({ pdfConcurrency: 1, pdfQueue: 0, chromium: CHROMIUM });
    roundWithResponses(db, [...varied('Subdit A', 'III/a', 6, 3), ...varied('Subdit B', 'III/b', 6, 4)]);
    const { agent } = await loggedIn(app, db);
    const release = await chromiumGate().enter();
    try {
      const refused = await agent.get('/rounds/1/report.pdf');
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('10');
      expect(refused.headers['content-disposition']).toBeUndefined();
      expect(refused.text).toContain('Server sedang sibuk');
      expect(refused.text).toContain('Server sedang mencetak dokumen lain; coba lagi dalam beberapa detik.');
      const english = await agent.get('/rounds/1/report.pdf?lang=en').set('Accept', 'application/json');
      expect(english.body.error).toBe(PDF_BUSY_MESSAGE);
    } finally {
      release?.();
    }
    const served = await agent.get('/rounds/1/report.pdf').buffer(true);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('application/pdf');
  });

  it('lets the queue wait its turn, one Chromium at a time, and refuses the one beyond it', async () => {
    createTestApp({ pdfConcurrency: 1, pdfQueue: 1 });
    const html = '<!doctype html><html><body><p>Potret</p></body></html>';
    const size = { width: 200, height: 100, scale: 1 };
    const first = htmlToPng(html, CHROMIUM, size);
    const second = htmlToPng(html, CHROMIUM, size);
    await expect(htmlToPng(html, CHROMIUM, size)).rejects.toMatchObject({ status: 503, retryAfterSeconds: 10 });
    expect(chromiumGate().running).toBe(1);
    expect(chromiumGate().waiting).toBe(1);
    const pictures = await Promise.all([first, second]);
    for (const picture of pictures) expect(picture.subarray(1, 4).toString()).toBe('PNG');
    expect(chromiumGate().running).toBe(0);
  });
});
