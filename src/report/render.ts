import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { translator } from '../i18n';
import { STATIC_DIR, VIEWS_DIR } from '../paths';
import type { ReportView } from './view-model';

/**
 * The report as one self-contained HTML file (stylesheet inlined, charts inline SVG, no scripts,
 * a Content Security Policy that allows nothing else):
 * what `potret report --format html` writes and what Chromium prints to PDF.
 */
export async function renderStandaloneReport(view: ReportView): Promise<string> {
  const css = fs.readFileSync(path.join(STATIC_DIR, 'potret.css'), 'utf8');
  // The Content Security Policy allows exactly this stylesheet (by hash), not inline styles at large.
  const styleHash = createHash('sha256').update(css, 'utf8').digest('base64');
  return ejs.renderFile(path.join(VIEWS_DIR, 'report', 'standalone.ejs'), { view, css, styleHash, lang: view.lang, t: translator(view.lang) }, { async: false });
}
