import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { translator, type Lang } from '../i18n';
import { STATIC_DIR, VIEWS_DIR } from '../paths';
import type { ReportView } from './view-model';

/**
 * The report as one self-contained HTML file (stylesheet inlined, charts inline SVG, no scripts,
 * a Content Security Policy that allows nothing else):
 * what `potret report --format html` writes and what Chromium prints to PDF.
 */
export async function renderStandaloneReport(view: ReportView): Promise<string> {
  return renderDocument(['report', 'standalone.ejs'], view, { lang: view.lang, selfContained: true });
}

/**
 * A leader's document (condition report, strategy document, evaluation report) from its view
 * template: self-contained with the stylesheet inlined and allowed by its hash in the Content
 * Security Policy (not inline styles at large), or linked, for the page.
 */
export async function renderDocument(template: readonly string[], view: unknown, options: { lang: Lang; selfContained: boolean }): Promise<string> {
  const css = options.selfContained ? fs.readFileSync(path.join(STATIC_DIR, 'potret.css'), 'utf8') : '';
  const styleHash = options.selfContained ? createHash('sha256').update(css, 'utf8').digest('base64') : '';
  return ejs.renderFile(path.join(VIEWS_DIR, ...template), { view, css, styleHash, selfContained: options.selfContained, lang: options.lang, t: translator(options.lang) }, { async: false });
}
