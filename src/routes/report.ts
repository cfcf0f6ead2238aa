import { Router, type Request, type Response } from 'express';
import { can } from '../auth/permissions';
import { AppError, ValidationError } from '../errors';
import { codebookCsv, gapReportCsv, groupsCsv, parseDialect } from '../report/csv';
import { htmlToPdf, PdfError } from '../report/pdf';
import { comparableRounds, pdfChromium, recordDownload, reportView, type DownloadDescription, type LoadedReport, type ReportRequest } from '../report/service';
import { checkPerspective } from '../report/tables';
import type { CsvDialect } from '../export/csv-writer';
import { getRound, parseRoundId } from '../survey/rounds';
import { actorOf, type AppContext } from './context';
import { logUnexpected } from './errors';
import { requireCapability, today } from './middleware';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function queryText(req: Request, name: string): string | null {
  const value = req.query[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function dialectOf(req: Request): CsvDialect {
  const raw = queryText(req, 'dialect');
  if (raw === null) return 'comma';
  const dialect = parseDialect(raw);
  if (dialect === null) throw new ValidationError('Unknown CSV dialect', [{ field: 'dialect', value: raw, message: 'use comma or semicolon' }]);
  return dialect;
}

/** Downloads carry no figures anyone else should cache. */
function attachment(res: Response, fileName: string, type: string): void {
  res.set('Cache-Control', 'private, no-store');
  res.attachment(fileName);
  res.type(type);
}

/** The condition report (HTML, PDF) and the analyst's downloads (CSV, XLSX); all behind a login. */
export function reportRouter(context: AppContext): Router {
  const { db, config, now, heavy } = context;
  const router = Router();
  const read = requireCapability('reports.read');
  // One row per respondent is for whoever analyses the round, not for every reader of its report.
  const rawData = requireCapability('reports.raw_data');

  function recorded(req: Request, loaded: LoadedReport, download: Omit<DownloadDescription, 'lang'>): void {
    recordDownload(db, loaded.report, { ...download, lang: loaded.lang }, actorOf(req), now());
  }

  /**
   * A streamed download that fails half-way cannot become an error page any more (the headers are
   * gone): log it like the error handler would and cut the connection, so the client sees a broken
   * download instead of waiting for ever.
   */
  function abort(res: Response, error: unknown): void {
    if (!res.headersSent) {
      // Nothing sent yet: the error page is no attachment.
      res.removeHeader('Content-Disposition');
      throw error;
    }
    logUnexpected(config, res.req, error);
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }

  function requested(req: Request): ReportRequest {
    const compare = queryText(req, 'compare');
    return { roundId: parseRoundId(String(req.params.id)), lang: req.lang, compareWith: compare === null ? null : parseRoundId(compare) };
  }

  /** The report, built off the thread that answers requests (see jobs/heavy-work.ts). */
  function load(req: Request): Promise<LoadedReport> {
    return heavy.report(requested(req));
  }

  router.get('/rounds/:id/report', read, async (req, res) => {
    const loaded = await load(req);
    res.render('report/show', {
      view: reportView(db, config, loaded, today(context)),
      compareChoices: comparableRounds(db, loaded.round),
      compareWith: loaded.report.comparison?.round.id ?? null,
      pdf: { available: pdfChromium(config) !== null },
    });
  });

  router.get('/rounds/:id/report.pdf', read, async (req, res) => {
    const chromium = pdfChromium(config);
    if (chromium === null) throw new AppError(503, 'PDF export needs Chromium on the server (POTRET_CHROMIUM or chromium on the PATH)');
    // The document is laid out off the thread that answers requests too: at a ministry's size its charts and tables are no small page.
    const { loaded, html } = await heavy.reportHtml(requested(req), today(context));
    let pdf: Buffer;
    try {
      pdf = await htmlToPdf(html, chromium);
    } catch (error) {
      if (error instanceof PdfError) throw new AppError(503, `The PDF could not be produced: ${error.message}`);
      throw error;
    }
    recorded(req, loaded, { format: 'pdf' });
    attachment(res, `potret-round-${loaded.round.row.id}-report.pdf`, 'application/pdf');
    res.send(pdf);
  });

  router.get('/rounds/:id/report.csv', read, async (req, res) => {
    const dialect = dialectOf(req);
    const loaded = await load(req);
    const perspective = queryText(req, 'perspective');
    checkPerspective(loaded.report, perspective);
    const csv = gapReportCsv(loaded.report, loaded.round.instrument, perspective, dialect, loaded.t, loaded.lang);
    recorded(req, loaded, { format: 'csv', dialect, perspective });
    const suffix = perspective === null ? 'all' : perspective;
    attachment(res, `potret-round-${loaded.round.row.id}-gaps-${suffix}-${dialect}.csv`, 'text/csv; charset=utf-8');
    res.send(csv);
  });

  router.get('/rounds/:id/report/groups.csv', read, async (req, res) => {
    const dialect = dialectOf(req);
    const loaded = await load(req);
    const csv = groupsCsv(loaded.report, dialect, loaded.t);
    recorded(req, loaded, { format: 'groups-csv', dialect });
    attachment(res, `potret-round-${loaded.round.row.id}-groups-${dialect}.csv`, 'text/csv; charset=utf-8');
    res.send(csv);
  });

  router.get('/rounds/:id/raw-data.csv', rawData, async (req, res) => {
    const dialect = dialectOf(req);
    // Row by row, so a ministry-wide round never becomes one string; recorded once the report it
    // comes from is known, before the first row is sent.
    try {
      await heavy.rawCsv(requested(req), dialect, {
        out: res,
        onReport: (loaded) => {
          recorded(req, loaded, { format: 'raw-csv', dialect });
          attachment(res, `potret-round-${loaded.round.row.id}-raw-data-${dialect}.csv`, 'text/csv; charset=utf-8');
        },
      });
    } catch (error) {
      abort(res, error);
    }
  });

  router.get('/rounds/:id/codebook.csv', rawData, (req, res) => {
    const dialect = dialectOf(req);
    // The codebook holds no results: the round's instrument is all it needs.
    const round = getRound(db, parseRoundId(String(req.params.id)));
    attachment(res, `potret-round-${round.row.id}-codebook-${dialect}.csv`, 'text/csv; charset=utf-8');
    res.send(codebookCsv(round.instrument, round.row.min_group_size, dialect));
  });

  router.get('/rounds/:id/report.xlsx', read, async (req, res) => {
    // Readers of the report get its workbook without the raw data and codebook sheets.
    const withRawData = can(req.user, 'reports.raw_data');
    try {
      await heavy.workbook(requested(req), withRawData, today(context), {
        out: res,
        onReport: (loaded) => {
          recorded(req, loaded, { format: 'xlsx', ...(withRawData ? {} : { rawData: false }) });
          attachment(res, `potret-round-${loaded.round.row.id}-report.xlsx`, XLSX_TYPE);
        },
      });
    } catch (error) {
      abort(res, error);
    }
  });

  return router;
}
