import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServiceUnavailableError } from '../errors';
import { ConcurrencyGate } from '../jobs/gate';
import { BUILD_PRIORITY } from '../jobs/pool';

/**
 * Server-side PDF: Chromium prints the self-contained report file, exactly as a user's
 * "Save as PDF" would (same print stylesheet); the same run takes a screenshot instead where a
 * picture is wanted (the SKM infographic). Chromium is optional: without it the download
 * is hidden and the report says why.
 */

const CANDIDATES = ['chromium', 'chromium-browser'];

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * POTRET_CHROMIUM when set (and then only that file: a configured path that does not exist means
 * "no PDF", not a silent fallback), else Debian's `chromium` found on the PATH.
 */
export function locateChromium(configured: string | null, searchPath: string): string | null {
  if (configured !== null) return isExecutable(configured) ? configured : null;
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const name of CANDIDATES) {
      const file = path.join(dir, name);
      if (isExecutable(file)) return file;
    }
  }
  return null;
}

export class PdfError extends Error {}

/**
 * Chromium runs at once in this process, and how many more may wait: each run is a browser of
 * its own (a dozen processes, hundreds of megabytes), so twelve downloads at once must not start
 * twelve. Process-wide on purpose: what it protects is the machine's memory, whichever app, route
 * or command asks. The server sets it from POTRET_PDF_CONCURRENCY and POTRET_PDF_QUEUE.
 */
let chromiumRuns = new ConcurrencyGate(1, 4);

/** Seconds a client is asked to wait when every Chromium run and waiting place is taken. */
export const PDF_BUSY_RETRY_SECONDS = 10;

export const PDF_BUSY_MESSAGE = 'The server is printing other documents at this moment; try again in a few seconds';

export function limitChromiumRuns(limits: { pdfConcurrency: number; pdfQueue: number }): void {
  chromiumRuns = new ConcurrencyGate(limits.pdfConcurrency, limits.pdfQueue);
}

/** The gate itself, for tests that take its places to see what a busy server answers. */
export function chromiumGate(): ConcurrencyGate {
  return chromiumRuns;
}

/** What Chromium makes of the page: a PDF as printed, or a screenshot of the window at a pixel scale. */
export type ChromiumOutput = { kind: 'pdf' } | { kind: 'png'; width: number; height: number; scale: number };

/** Prints an HTML document to an A4 PDF (the page size comes from the stylesheet's @page rule). */
export async function htmlToPdf(html: string, chromium: string, timeoutMs = 60_000): Promise<Buffer> {
  return renderWithChromium(html, chromium, { kind: 'pdf' }, timeoutMs);
}

/**
 * A screenshot of an HTML document laid out in a window of width × height CSS pixels, at `scale`
 * device pixels per CSS pixel (an A4 page is 794 × 1123 CSS pixels; at scale 2 the picture is
 * 1588 × 2246). Screen media, not print: the page is laid out as the window shows it.
 */
export async function htmlToPng(html: string, chromium: string, size: { width: number; height: number; scale: number }, timeoutMs = 60_000): Promise<Buffer> {
  return renderWithChromium(html, chromium, { kind: 'png', ...size }, timeoutMs);
}

/**
 * One headless Chromium run over the document, whichever file it is asked to write. The document
 * has no scripts and every text in it is escaped (turning JavaScript off with --blink-settings
 * stops --print-to-pdf from writing anything); the profile is a throw-away directory, and the
 * process is killed after timeoutMs.
 */
function renderWithChromium(html: string, chromium: string, output: ChromiumOutput, timeoutMs = 60_000): Promise<Buffer> {
  const running = chromiumRuns.run(() => runChromium(html, chromium, output, timeoutMs));
  if (!running) throw new ServiceUnavailableError(PDF_BUSY_MESSAGE, PDF_BUSY_RETRY_SECONDS);
  return running;
}

async function runChromium(html: string, chromium: string, output: ChromiumOutput, timeoutMs: number): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-pdf-'));
  try {
    const input = path.join(dir, 'report.html');
    const file = path.join(dir, output.kind === 'pdf' ? 'report.pdf' : 'report.png');
    fs.writeFileSync(input, html);
    const outputArgs =
      output.kind === 'pdf'
        ? ['--no-pdf-header-footer', `--print-to-pdf=${file}`]
        : [`--screenshot=${file}`, `--window-size=${output.width},${output.height}`, `--force-device-scale-factor=${output.scale}`, '--hide-scrollbars'];
    const args = [
      '--headless',
      '--disable-gpu',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${path.join(dir, 'profile')}`,
      ...outputArgs,
      // Chromium's sandbox cannot start as root (containers); the document is our own, without scripts.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      `file://${input}`,
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
      // Below the server's priority (its own processes inherit it), so printing never slows employees' pages.
      try {
        if (child.pid) os.setPriority(child.pid, BUILD_PRIORITY);
      } catch {
        // not permitted here
      }
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < 4000) stderr += chunk.toString();
      });
      const timer = setTimeout(() => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        reject(new PdfError(`Chromium did not finish within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new PdfError(`Chromium could not start: ${error.message}`));
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0 && fs.existsSync(file)) resolve();
        else reject(new PdfError(`Chromium exited with code ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`));
      });
    });
    return fs.readFileSync(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
