import { Router, type Request, type Response } from 'express';
import { parseId } from '../ids';
import { localDateTime } from '../dates';
import { ConflictError, NotFoundError, ValidationError, type Problem } from '../errors';
import type { CsvProblem } from '../import/read-csv';
import type { PaperPreviewSummary } from '../jobs/paper-jobs';
import {
  assertRoomForUpload,
  discardPaperUpload,
  findPaperUpload,
  getPaperBatch,
  listPaperBatches,
  listPendingUploadsOf,
  paperBatchRejects,
  PENDING_UPLOAD_HOURS,
  PendingUploadsFullError,
  stashPaperUpload,
  undoPaperBatch,
  type PaperImportResult,
  type PendingUploadLimits,
} from '../survey/paper';
import { paperTemplate } from '../survey/paper-template';
import { getRound, parseRoundId } from '../survey/rounds';
import { actorOf, formBody, type AppContext } from './context';
import { requireCapability } from './middleware';
import { translator, type Lang } from '../i18n';
import { formatQuantity } from '../i18n/format';

/** Problems listed on the preview page; the CSV report has the rest. */
const PROBLEMS_ON_PAGE = 1000;

/** A checkbox is on when sent at all (forms) or sent as "1"/"true" (links to the reports). */
function ticked(value: unknown): boolean {
  return value === '1' || value === 'true' || value === 'on';
}

function parseBatchId(text: string): number {
  return parseId(text) ?? Number.NaN;
}

function pickBatch(batch: { id: number; file_name: string; row_count: number; imported_by: string; imported_at: string }, timeZone: string) {
  // Shown in the office's time zone (imported_at is stored in UTC).
  return { id: batch.id, fileName: batch.file_name, forms: batch.row_count, importedBy: batch.imported_by, importedAt: localDateTime(batch.imported_at, timeZone) };
}

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Why an upload was refused for its user's waiting uploads, beside the file field. */
function pendingFullMessage(lang: Lang, error: PendingUploadsFullError): string {
  const t = translator(lang);
  return error.limit === 'count'
    ? t('paper.pending_full_count', { count: error.waiting.count, max: error.limits.maxCount, hours: PENDING_UPLOAD_HOURS })
    : t('paper.pending_full_bytes', { mb: formatQuantity(megabytes(error.waiting.bytes), lang), max: formatQuantity(megabytes(error.limits.maxBytes), lang), hours: PENDING_UPLOAD_HOURS });
}

function pickProblem(problem: CsvProblem) {
  return { line: problem.line, column: problem.column, value: problem.value, message: problem.message };
}

/** Upload → preview → confirm for paper questionnaires, the batch list with undo, and the templates. */
export function paperRouter(context: AppContext): Router {
  const { db, config, now, heavy } = context;
  const router = Router();
  const manage = requireCapability('paper.manage');

  /** Reads and checks a file against the round off the answering thread (jobs/paper-jobs.ts); nothing is written. */
  function check(roundId: number, content: Buffer, allowNewUnits: boolean): Promise<PaperPreviewSummary> {
    return heavy.paper<PaperPreviewSummary>({ kind: 'paper-preview', roundId, content, options: { allowNewUnits, maxRows: config.maxRows } });
  }
  const pendingLimits: PendingUploadLimits = { maxCount: config.maxPendingUploads, maxBytes: config.maxPendingUploadBytes };

  function indexPage(req: Request, res: Response, status: number, uploadProblems: Problem[] = []) {
    const id = parseRoundId(String(req.params.id));
    const round = getRound(db, id);
    const notice = typeof req.query.notice === 'string' ? req.query.notice : null;
    const batchId = typeof req.query.batch === 'string' ? parseBatchId(req.query.batch) : Number.NaN;
    const batches = listPaperBatches(db, id);
    const noticeBatch = batches.find((batch) => batch.id === batchId);
    const pending = listPendingUploadsOf(db, req.user?.username ?? '', now());
    res.status(status).render('paper/index', {
      round: { id, name: round.row.name },
      scale: { min: round.instrument.definition.scale.min, max: round.instrument.definition.scale.max },
      limits: { megabytes: Math.round(config.maxUploadBytes / 1024 / 1024), rows: config.maxRows },
      notice:
        notice === 'imported' && noticeBatch
          ? { kind: 'imported', batch: noticeBatch.id, forms: noticeBatch.row_count, rejected: noticeBatch.rejected_count }
          : notice === 'undone' && typeof req.query.count === 'string' && /^\d+$/.test(req.query.count)
            ? { kind: 'undone', batch: batchId, forms: Number(req.query.count), rejected: 0 }
            : null,
      batches: batches.map((batch) => ({ ...pickBatch(batch, config.timezone), rejected: batch.rejected_count })),
      totalForms: batches.reduce((sum, batch) => sum + batch.row_count, 0),
      uploadProblems,
      pending: {
        uploads: pending.map((upload) => ({
          roundId: upload.round_id,
          roundName: upload.round_name,
          sha256: upload.sha256,
          fileName: upload.file_name,
          kilobytes: Math.max(1, Math.ceil(upload.bytes / 1024)),
          uploadedAt: localDateTime(upload.uploaded_at, config.timezone),
        })),
        megabytes: megabytes(pending.reduce((sum, upload) => sum + upload.bytes, 0)),
        maxCount: pendingLimits.maxCount,
        maxMegabytes: megabytes(pendingLimits.maxBytes),
        hours: PENDING_UPLOAD_HOURS,
      },
    });
  }

  function previewPage(
    req: Request,
    res: Response,
    input: { roundId: number; sha256: string; fileName: string; allowNewUnits: boolean; skipInvalid: boolean; preview: PaperPreviewSummary; kept: boolean; importProblems?: Problem[]; importMessage?: string },
  ) {
    const round = getRound(db, input.roundId);
    const { preview } = input;
    const check = preview.check.ok ? preview.check : null;
    const fileProblems = preview.check.ok ? [] : preview.check.problems;
    const valid = check?.valid ?? 0;
    const rejected = check?.rejected ?? 0;
    const blockedByFile = preview.duplicateOf !== null || !preview.check.ok;
    const canImportAll = !blockedByFile && rejected === 0 && valid > 0;
    const canImportValid = !blockedByFile && rejected > 0 && valid > 0;
    const status = preview.duplicateOf !== null ? 409 : canImportAll || (canImportValid && input.skipInvalid) ? 200 : 422;
    res.status(input.importMessage ? (input.importProblems ? 422 : 409) : status).render('paper/preview', {
      round: { id: input.roundId, name: round.row.name },
      upload: { sha256: input.sha256, fileName: input.fileName, kept: input.kept },
      options: { allowNewUnits: input.allowNewUnits, skipInvalid: input.skipInvalid },
      query: `allow_new_units=${input.allowNewUnits ? 1 : 0}`,
      duplicate: preview.duplicateOf ? pickBatch(preview.duplicateOf, config.timezone) : null,
      fileProblems: fileProblems.map(pickProblem),
      counts: check ? { rows: check.rowCount, valid, rejected, problems: check.problemCount } : null,
      problems: check ? check.problems.slice(0, PROBLEMS_ON_PAGE).map(pickProblem) : [],
      warnings: check ? check.warnings.map(pickProblem) : [],
      canImportAll,
      canImportValid,
      importMessage: input.importMessage ?? null,
      importProblems: (input.importProblems ?? []).slice(0, PROBLEMS_ON_PAGE),
    });
  }

  router.get('/rounds/:id/paper', manage, (req, res) => indexPage(req, res, 200));

  // The questionnaire to print for staff who answer on paper: the same statements as online, with
  // boxes for the form number, unit and grade that the analyst later types into the CSV.
  router.get('/rounds/:id/paper/form', manage, (req, res) => {
    const round = getRound(db, parseRoundId(String(req.params.id)));
    const lang = req.lang;
    const { definition } = round.instrument;
    res.render('paper/form', {
      title: definition.name[lang],
      description: definition.description?.[lang] ?? null,
      minGroupSize: round.row.min_group_size,
      closesOn: round.row.closes_on,
      scale: definition.scale.labels.map((label) => ({ value: label.value, label: label[lang] })),
      perspectives: definition.perspectives.map((perspective) => ({
        name: perspective.name[lang],
        items: perspective.dimensions.flatMap((dimension) => dimension.items.map((item) => ({ code: item.code, text: item.text[lang] }))),
      })),
    });
  });

  for (const format of ['csv', 'xlsx'] as const) {
    router.get(`/rounds/:id/paper/template.${format}`, manage, async (req, res) => {
      const id = parseRoundId(String(req.params.id));
      const template = await paperTemplate(db, id, format, { lang: req.lang, dialect: req.query.dialect === 'semicolon' ? 'semicolon' : 'comma' });
      res.attachment(template.fileName);
      res.type(template.contentType).send(template.body);
    });
  }

  /**
   * Step 1: show what an import would do, and keep the upload for the confirm step only when it
   * can be imported: a file that is refused whatever is confirmed (unreadable, already imported,
   * no valid row) leaves nothing behind. Nothing is written to the round.
   */
  router.post('/rounds/:id/paper/preview', manage, async (req, res) => {
    const id = parseRoundId(String(req.params.id));
    getRound(db, id);
    const body = formBody(req);
    if (!req.file || req.file.size === 0) {
      return indexPage(req, res, 422, [{ field: 'file', message: res.locals.t('paper.no_file') }]);
    }
    const upload = { fileName: req.file.originalname || 'paper.csv', content: req.file.buffer, uploadedBy: req.user?.username ?? '' };
    const allowNewUnits = ticked(body.allow_new_units);
    const skipInvalid = ticked(body.skip_invalid);
    try {
      // Before the file is read: a user at the limit gets the reason at once.
      assertRoomForUpload(db, id, upload, pendingLimits, now());
      const preview = await check(id, upload.content, allowNewUnits);
      const importable = preview.duplicateOf === null && preview.check.ok && preview.check.valid > 0;
      if (importable) stashPaperUpload(db, id, upload, now(), pendingLimits);
      previewPage(req, res, { roundId: id, sha256: preview.sha256, fileName: upload.fileName, allowNewUnits, skipInvalid, preview, kept: importable });
    } catch (error) {
      if (!(error instanceof PendingUploadsFullError)) throw error;
      indexPage(req, res, 409, [{ field: 'file', message: pendingFullMessage(req.lang, error) }]);
    }
  });

  /** Step 2: import the upload that was previewed, identified by its SHA-256. */
  router.post('/rounds/:id/paper/confirm', manage, async (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const body = formBody(req);
    const sha256 = typeof body.sha256 === 'string' ? body.sha256 : '';
    let pending: ReturnType<typeof findPaperUpload>;
    try {
      pending = findPaperUpload(db, id, sha256, now());
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      // Gone (expired, or confirmed already in another tab): the upload form is the way on.
      return indexPage(req, res, 410, [{ field: 'file', message: error.message }]);
    }
    const allowNewUnits = ticked(body.allow_new_units);
    const skipInvalid = ticked(body.skip_invalid);
    try {
      const result = await heavy.paper<PaperImportResult>({
        kind: 'paper-import',
        roundId: id,
        content: pending.content,
        options: {
          fileName: pending.file_name,
          importedBy: req.user?.username ?? '',
          timeZone: config.timezone,
          now: now().toISOString(),
          allowNewUnits,
          skipInvalid,
          maxRows: config.maxRows,
          consumePendingUpload: true,
        },
      });
      res.redirect(303, `/rounds/${id}/paper?notice=imported&batch=${result.batchId}`);
    } catch (error) {
      if (!(error instanceof ValidationError || error instanceof ConflictError)) throw error;
      // What changed since the preview (another import, a roster edit) is shown on the preview again.
      const preview = await check(id, pending.content, allowNewUnits);
      previewPage(req, res, {
        roundId: id,
        sha256,
        fileName: pending.file_name,
        allowNewUnits,
        skipInvalid,
        preview,
        kept: true,
        importMessage: error.message,
        importProblems: error instanceof ValidationError ? error.problems : undefined,
      });
    }
  });

  router.post('/rounds/:id/paper/cancel', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const body = formBody(req);
    if (typeof body.sha256 === 'string') discardPaperUpload(db, id, body.sha256);
    // The list of waiting uploads on one round's page cancels uploads of any round: back to that page.
    const from = typeof body.from === 'string' ? parseId(body.from) : null;
    res.redirect(303, `/rounds/${from ?? id}/paper`);
  });

  function sendCsv(res: Response, fileName: string, csv: string | Buffer) {
    res.set('Cache-Control', 'no-store');
    res.attachment(fileName);
    res.type('text/csv; charset=utf-8').send(csv);
  }

  /** The problems of a previewed upload, every one (up to the listing limit) with line, column, value and reason. */
  router.get('/rounds/:id/paper/uploads/:sha/problems.csv', manage, async (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const pending = findPaperUpload(db, id, String(req.params.sha), now());
    const csv = await heavy.paper<string>({ kind: 'paper-problems-csv', roundId: id, content: pending.content, options: { allowNewUnits: ticked(req.query.allow_new_units), maxRows: config.maxRows } });
    sendCsv(res, `potret-round-${id}-paper-problems.csv`, csv);
  });

  /** The rows an import with "skip invalid rows" would leave out, as typed plus the reason. */
  router.get('/rounds/:id/paper/uploads/:sha/rejects.csv', manage, async (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const pending = findPaperUpload(db, id, String(req.params.sha), now());
    const csv = await heavy.paper<string>({ kind: 'paper-rejects-csv', roundId: id, content: pending.content, options: { allowNewUnits: ticked(req.query.allow_new_units), maxRows: config.maxRows } });
    sendCsv(res, `potret-round-${id}-paper-rejects.csv`, csv);
  });

  router.get('/rounds/:id/paper/batches/:batch/rejects.csv', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const batchId = parseBatchId(String(req.params.batch));
    const rejects = paperBatchRejects(db, id, batchId);
    sendCsv(res, `potret-round-${id}-batch-${batchId}-rejects.csv`, rejects.csv);
  });

  router.get('/rounds/:id/paper/batches/:batch/undo', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const round = getRound(db, id);
    const batch = getPaperBatch(db, id, parseBatchId(String(req.params.batch)));
    res.render('paper/undo', { round: { id, name: round.row.name }, batch: pickBatch(batch, config.timezone) });
  });

  router.post('/rounds/:id/paper/batches/:batch/undo', manage, (req, res) => {
    const id = parseRoundId(String(req.params.id));
    const batch = undoPaperBatch(db, id, parseBatchId(String(req.params.batch)), now(), actorOf(req));
    res.redirect(303, `/rounds/${id}/paper?notice=undone&batch=${batch.id}&count=${batch.row_count}`);
  });

  return router;
}
