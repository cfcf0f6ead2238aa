import type { Db } from '../db/connection';
import { countAuditEntries, insertAuditEntry, iterateAuditEntries, listAuditEntries, type AuditLogListRow } from '../db/audit-log';
import { localDateTime } from '../dates';
import { CSV_BOM, csvLine, type CsvDialect } from '../export/csv-writer';

/**
 * The audit log: every action of an analyst or administrator that could bear on the employees'
 * anonymity, recorded by the service that performs it (inside its transaction where it has one),
 * so that the web routes and the command line record alike.
 *
 * What goes in details is chosen field by field at each call: counts, ids, file names, changed
 * settings. Never answers, comments, personal links or tokens (not even their hashes), and
 * nothing that employees do: the log must not become a second, timed record of who answered.
 */

/** The actor of every command-line action (the OS account is not a Potret user). */
export const CLI_ACTOR = 'cli';

/** The actor of what Potret does by itself (publishing a round whose closing date has passed). */
export const SYSTEM_ACTOR = 'potret';

export const AUDIT_ACTIONS = [
  'round.create',
  'round.update',
  'round.targets',
  'round.close',
  'round.reopen',
  'round.release',
  'roster.import',
  'roster.add',
  'roster.edit',
  'roster.remove',
  'links.issue',
  'paper.import',
  'paper.undo',
  'report.download',
  'mail.send',
  'mail.result',
  'mail.resend',
  'mail.template',
  'mail.settings',
  'user.create',
  'user.password',
  'token.create',
  'token.revoke',
  'user.deactivate',
  'user.reactivate',
  'user.role',
  'user.reset_link',
  'user.password_reset',
  'round.archive',
  'round.unarchive',
  'round.delete',
  'round.next',
  'backup.create',
  'plan.create',
  'plan.update',
  'plan.add',
  'plan.edit',
  'plan.remove',
  'plan.import',
  'person.add',
  'person.edit',
  'action.progress',
  'action.cancel',
  'kpi.indicator',
  'kpi.target',
  'kpi.realisation',
  'kpi.weights',
  'kpi.settings',
  'kpi.import',
  'period.close',
  'period.reopen',
  'budget.set',
  'budget.month',
  'budget.import',
  'budget.settings',
  'budget.type',
  'organisation.update',
  'organisation.logo',
  'settings.public_address',
  'skm.round_create',
  'skm.round_update',
  'skm.round_close',
  'skm.round_reopen',
  'skm.import',
  'skm.import_undo',
  'skm.followup',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

type DetailValue = string | number | boolean | null | readonly DetailValue[] | { readonly [key: string]: DetailValue };
export type AuditDetails = Record<string, DetailValue>;

export interface AuditEntry {
  /** The username, or CLI_ACTOR. */
  actor: string;
  action: AuditAction;
  roundId?: number | null;
  details?: AuditDetails;
}

/** Appends one entry. Call it inside the transaction of the change when there is one. */
export function recordAudit(db: Db, entry: AuditEntry, now: Date): void {
  insertAuditEntry(db, {
    at: now.toISOString(),
    actor: entry.actor,
    action: entry.action,
    round_id: entry.roundId ?? null,
    details: JSON.stringify(entry.details ?? {}),
  });
}

export const AUDIT_PAGE_SIZE = 100;

export interface AuditListItem {
  id: number;
  /** In the office's time zone, as on the other pages. */
  at: string;
  actor: string;
  action: string;
  roundId: number | null;
  roundName: string | null;
  /** The details as name/value pairs for display; nested values as JSON. */
  details: { name: string; value: string }[];
}

export interface AuditPage {
  entries: AuditListItem[];
  /** 1-based; past the last page gives an empty list. */
  page: number;
  pages: number;
  total: number;
}

/** A value for display: a change as "old → new", a blank as "—", anything else as JSON. */
function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null) return '—';
  if (isPlainObject(value) && Object.keys(value).length === 2 && 'from' in value && 'to' in value) return `${displayValue(value.from)} → ${displayValue(value.to)}`;
  return JSON.stringify(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The details as name/value pairs; one level of nesting is spelled out ("changes.min_group_size": "5 → 3"). */
function detailPairs(json: string): { name: string; value: string }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [{ name: '', value: json }];
  }
  if (!isPlainObject(parsed)) return [{ name: '', value: json }];
  return Object.entries(parsed).flatMap(([name, value]) =>
    isPlainObject(value) && !('from' in value && 'to' in value) && Object.keys(value).length > 0
      ? Object.entries(value).map(([inner, innerValue]) => ({ name: `${name}.${inner}`, value: displayValue(innerValue) }))
      : [{ name, value: displayValue(value) }],
  );
}

function toListItem(row: AuditLogListRow, timeZone: string): AuditListItem {
  return {
    id: row.id,
    at: localDateTime(row.at, timeZone),
    actor: row.actor,
    action: row.action,
    roundId: row.round_id,
    roundName: row.round_name,
    details: detailPairs(row.details),
  };
}

/** One page of the log, newest first, optionally of one round only. */
export function listAudit(db: Db, options: { roundId: number | null; page: number; timeZone: string; pageSize?: number }): AuditPage {
  const pageSize = options.pageSize ?? AUDIT_PAGE_SIZE;
  const total = countAuditEntries(db, options.roundId);
  const page = Math.max(1, Math.floor(options.page));
  const rows = listAuditEntries(db, { roundId: options.roundId, limit: pageSize, offset: (page - 1) * pageSize });
  return { entries: rows.map((row) => toListItem(row, options.timeZone)), page, pages: Math.max(1, Math.ceil(total / pageSize)), total };
}

export const AUDIT_CSV_HEADER = ['id', 'at_utc', 'at_local', 'actor', 'action', 'round_id', 'round_name', 'details'];

/**
 * The log as CSV, newest first, chunk by chunk (BOM and header first): the same writer, dialects
 * and formula neutralisation as every other export. at_utc is ISO 8601; at_local is in the
 * office's time zone; details is the JSON object as stored.
 */
export function* auditCsv(db: Db, options: { roundId: number | null; dialect: CsvDialect; timeZone: string }): Generator<string> {
  const csvOptions = { dialect: options.dialect };
  yield CSV_BOM + csvLine(AUDIT_CSV_HEADER, csvOptions);
  for (const row of iterateAuditEntries(db, options.roundId)) {
    yield csvLine([row.id, row.at, localDateTime(row.at, options.timeZone), row.actor, row.action, row.round_id, row.round_name, row.details], csvOptions);
  }
}
