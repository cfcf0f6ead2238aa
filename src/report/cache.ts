import type { Db } from '../db/connection';
import { findReportState } from '../db/report-state';
import { countResponses } from '../db/responses';
import type { Round } from '../survey/rounds';
import { analyseRound, buildReport, type ReportOptions, type RoundPass, type RoundReport } from './build-report';

/**
 * Reports computed once per state of their round, for every reader after the first.
 *
 * A report is kept under the round's report version (report_state, migration 0013), which
 * triggers change on every write that changes what the report shows: a release, a paper import
 * or its undo, a waiting answer, a change of settings, targets or roster, the deletion of the
 * round. The versions are read from the database on every request, in the same read transaction
 * as the report itself, so a write by another process (the command line while the server runs)
 * is seen at once, and a report is never served for a state other than the one it was built
 * from. A comparison report is kept under the versions of both rounds.
 *
 * Below the reports, the pass over a round's answers (the expensive part) is kept under the
 * round's results version, which changes only with the released results and how they are
 * analysed: after a waiting answer or a roster change the next report recounts what is waiting
 * and the roster, but does not read the answers again.
 *
 * Cached values are frozen: every reader gets the same object and none may change it.
 * Bounded by entries and by an estimate of their size; the least recently used go first.
 */

export interface ReportCacheLimits {
  entries: number;
  /** Estimated size of the cached values (see estimatedBytes). */
  bytes: number;
}

export const DEFAULT_REPORT_CACHE_LIMITS: Readonly<ReportCacheLimits> = Object.freeze({ entries: 64, bytes: 64 * 1024 * 1024 });

export interface ReportCacheStats {
  /** Reports served from the cache / built. */
  hits: number;
  misses: number;
  /** Passes over a round's answers reused / run, when a report was built. */
  passHits: number;
  passMisses: number;
  entries: number;
  bytes: number;
}

interface Entry {
  value: RoundReport | CachedPass;
  bytes: number;
}

interface CachedPass {
  pass: RoundPass;
  /** The round's report version when the pass ran: its counts of waiting answers are current only at it. */
  version: number;
}

class ReportCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  readonly stats = { hits: 0, misses: 0, passHits: 0, passMisses: 0 };

  constructor(private readonly limits: ReportCacheLimits) {}

  get(key: string): Entry['value'] | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // A Map iterates in insertion order: re-inserting makes this the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: Entry['value'], bytes: number): void {
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.entries.delete(key);
      this.bytes -= previous.bytes;
    }
    if (bytes > this.limits.bytes || this.limits.entries < 1) return;
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.limits.entries && this.bytes <= this.limits.bytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }

  summary(): ReportCacheStats {
    return { ...this.stats, entries: this.entries.size, bytes: this.bytes };
  }
}

// One cache per connection: tests open many databases, and a report of one must never answer for another.
const caches = new WeakMap<Db, ReportCache>();

function cacheOf(db: Db): ReportCache {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new ReportCache(DEFAULT_REPORT_CACHE_LIMITS);
    caches.set(db, cache);
  }
  return cache;
}

/** Starts an empty cache for the connection, with other limits if given. */
export function resetReportCache(db: Db, limits: ReportCacheLimits = DEFAULT_REPORT_CACHE_LIMITS): void {
  caches.set(db, new ReportCache({ ...limits }));
}

export function reportCacheStats(db: Db): ReportCacheStats {
  return cacheOf(db).summary();
}

/**
 * The round's report as buildReport computes it, from the cache when the round (and the round it
 * is compared with) has not changed since. Inside a transaction of a connection that writes, the
 * report is computed and not kept: what the transaction has written may still be rolled back (a
 * read-only connection's transaction is a snapshot, and its report is kept).
 */
export function cachedReport(db: Db, roundId: number, options: ReportOptions): RoundReport {
  return cachedReportWithKey(db, roundId, options).report;
}

/** The report and the key it is kept under (null: not kept), for a report built where another cache will keep it (a worker thread). */
export function cachedReportWithKey(db: Db, roundId: number, options: ReportOptions): { key: string | null; report: RoundReport } {
  if (db.inTransaction) return db.readonly ? reportAtCurrentState(db, roundId, options) : { key: null, report: buildReport(db, roundId, options) };
  // A read transaction: the versions and everything the report reads come from one snapshot.
  return db.transaction(() => reportAtCurrentState(db, roundId, options))();
}

/**
 * The cached report at the database's current state, without building one on a miss: the
 * thread that answers requests looks here first and has a worker build what is missing, then
 * keeps it with keepReport under the key the worker built it at.
 */
export function peekReport(db: Db, roundId: number, options: ReportOptions): RoundReport | undefined {
  const key = db.transaction(() => reportKey(db, roundId, options))();
  if (key === null) return undefined;
  const cache = cacheOf(db);
  const cached = cache.get(key) as RoundReport | undefined;
  if (cached !== undefined) cache.stats.hits += 1;
  return cached;
}

/** Keeps a report built elsewhere (a worker thread) under the key of the state it was built from. */
export function keepReport(db: Db, key: string | null, report: RoundReport): void {
  if (key === null) return;
  const cache = cacheOf(db);
  cache.stats.misses += 1;
  cache.set(key, report, freezeDeep(report));
}

/** The key of the round's report at the current state (of both rounds when compared), or null when the round has no state. */
function reportKey(db: Db, roundId: number, options: ReportOptions): string | null {
  const compareWith = options.compareWith ?? null;
  const state = findReportState(db, roundId);
  const compareState = compareWith === null ? null : findReportState(db, compareWith);
  // No state: the round does not exist (buildReport says so) or the database predates 0013.
  if (state === undefined || compareState === undefined) return null;
  return JSON.stringify(['report', roundId, state.version, compareWith, compareState?.version ?? null, ...optionsKey(options)]);
}

function reportAtCurrentState(db: Db, roundId: number, options: ReportOptions): { key: string | null; report: RoundReport } {
  const key = reportKey(db, roundId, options);
  if (key === null) return { key, report: buildReport(db, roundId, options) };
  const cache = cacheOf(db);
  const cached = cache.get(key) as RoundReport | undefined;
  if (cached !== undefined) {
    cache.stats.hits += 1;
    return { key, report: cached };
  }
  cache.stats.misses += 1;
  const report = buildReport(db, roundId, options, (database, round, passOptions) => cachedPass(cache, database, round, passOptions));
  cache.set(key, report, freezeDeep(report));
  return { key, report };
}

/** What a pass depends on besides the round's state: the reader's language and the analysis settings. */
function optionsKey(options: ReportOptions): unknown[] {
  return [options.lang, options.alphaMin, options.categoryBoundary ?? 'lower'];
}

function cachedPass(cache: ReportCache, db: Db, round: Round, options: ReportOptions): RoundPass {
  const state = findReportState(db, round.row.id);
  if (state === undefined) return analyseRound(db, round, options);
  const key = JSON.stringify(['pass', round.row.id, state.results_version, ...optionsKey(options)]);
  const cached = cache.get(key) as CachedPass | undefined;
  if (cached !== undefined) {
    cache.stats.passHits += 1;
    if (cached.version === state.version) return cached.pass;
    // Only waiting answers or the roster changed since: the released counts and the analysis stand.
    return { ...cached.pass, counts: { ...cached.pass.counts, pending: countResponses(db, round.row.id).pending } };
  }
  cache.stats.passMisses += 1;
  const pass = analyseRound(db, round, options);
  const entry: CachedPass = { pass, version: state.version };
  cache.set(key, entry, freezeDeep(entry));
  return pass;
}

/**
 * Freezes a plain JSON-like value and everything in it (a reader that changed a cached report
 * would change it for every later reader), and returns an estimate of the bytes it holds: a
 * string's characters at two bytes, 16 bytes per other value and per slot of an object or array.
 */
function freezeDeep(value: unknown): number {
  if (typeof value === 'string') return 16 + value.length * 2;
  if (value === null || typeof value !== 'object') return 16;
  let bytes = 16;
  if (!Object.isFrozen(value)) Object.freeze(value);
  for (const key of Object.keys(value)) bytes += 16 + key.length + freezeDeep((value as Record<string, unknown>)[key]);
  return bytes;
}
