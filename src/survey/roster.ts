import { z } from 'zod';
import type { Db } from '../db/connection';
import {
  countRoster,
  deleteRosterEntry,
  findRosterEntry,
  insertRosterEntry,
  listRoster,
  setTokenHash,
  updateRosterEntry,
  type NewRosterEntry,
} from '../db/roster';
import { deleteDraft } from '../db/responses';
import { latestAuditEntry } from '../db/audit-log';
import type { RosterEntryRow } from '../db/types';
import { ValidationError, NotFoundError, type Problem } from '../errors';
import { toCsv } from '../export/csv-writer';
import { columnLetter, readCsv, type CsvSource } from '../import/read-csv';
import { hashToken, randomToken } from '../auth/tokens';
import { recordAudit, type AuditDetails } from '../audit/log';
import { getRound } from './rounds';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .optional()
    .transform((value) => (value ? value : null));

export const RosterEntrySchema = z.object({
  name: z.string().trim().min(1, 'a name is required').max(200, 'at most 200 characters'),
  unit: z.string().trim().min(1, 'a unit is required').max(200, 'at most 200 characters'),
  grade: optionalText(100),
  email: optionalText(254).refine((value) => value === null || z.email().safeParse(value).success, 'not an e-mail address'),
  employee_no: optionalText(50).refine(
    (value) => value === null || !/^\d+([.,]\d+)?E\+?\d+$/i.test(value),
    'looks like a number Excel shortened (e.g. 1,99E+17): format the column as Text and type the number again',
  ),
});
export type RosterEntryInput = z.input<typeof RosterEntrySchema>;

// The Indonesian headers the round page shows are accepted too, so a roster exported from an
// Indonesian spreadsheet needs no renaming; messages name the columns by them.
export const ROSTER_COLUMNS = [
  { name: 'name', label: 'nama', required: true, aliases: ['nama'] },
  { name: 'unit', label: 'unit kerja', required: true, aliases: ['unit kerja'] },
  { name: 'grade', label: 'golongan', required: false, aliases: ['golongan', 'jabatan', 'golongan/jabatan'] },
  { name: 'email', label: 'email', required: false, aliases: ['e-mail', 'surel'] },
  { name: 'employee_no', label: 'nip', required: false, aliases: ['nip'] },
];

/** "nama, unit kerja, golongan, email, nip": how every message lists the roster's columns. */
export const ROSTER_COLUMN_LIST = ROSTER_COLUMNS.map((column) => column.label).join(', ');

function duplicateEmployeeNo(db: Db, roundId: number, employeeNo: string | null, exceptId?: number): boolean {
  if (!employeeNo) return false;
  return listRoster(db, roundId).some((entry) => entry.employee_no === employeeNo && entry.id !== exceptId);
}

/** Names and units as compared when rosters merge: "  Ani  LESTARI " is "ani lestari". */
export function comparableText(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

export interface RosterImportOptions {
  /**
   * Add only the employees the round's roster does not have yet. Without it, a file goes only to a
   * round with an empty roster: a second upload would otherwise list everyone twice.
   */
  newOnly?: boolean;
}

/** A row whose employee number is on the roster under another name: neither is changed. */
export interface RosterConflict {
  line: number;
  employee_no: string;
  name: string;
  rosterName: string;
}

export interface RosterImport {
  added: RosterEntryRow[];
  /** Rows of employees already on the roster (same number, or same name and unit). */
  skipped: number;
  conflicts: RosterConflict[];
  /** Columns of the file that are not roster columns (a "No" column), left unread. */
  ignoredColumns: { header: string; column: string }[];
}

/**
 * Reads a roster CSV and adds every row, or none: any problem (with its line and column) stops
 * the whole file, so a half-imported roster never has to be cleaned up by hand. A file on disk
 * (the command line) is read a slice at a time; the rows themselves are kept, a roster being at
 * most one row per employee.
 *
 * A round that has a roster takes a file only with newOnly: a row is then the same employee as
 * an entry when both have an employee number and it is the same, or otherwise when name and unit
 * are the same (comparableText). The same number under another name is a conflict: the row is
 * not added and is reported with its line, for a person to decide.
 */
export function importRoster(db: Db, roundId: number, file: CsvSource, maxRows: number, now: Date, actor: string, options: RosterImportOptions = {}): RosterImport {
  getRound(db, roundId);
  // Before the file is read: a refusal that does not depend on the file comes first.
  refuseSecondRoster(db, roundId, options);
  const csv = readCsv(file, { columns: ROSTER_COLUMNS, maxRows, ignoreUnknownColumns: true });
  if (!csv.ok) throw new ValidationError('The roster file could not be read', csv.problems);
  if (csv.rows.length === 0) throw new ValidationError('The roster file has no employees', [{ line: 2, message: 'no rows below the header' }]);
  // Problems name a column as the file spells it ("NIP"), which is what the user will look for.
  const headerOf = new Map(csv.positions.map((position) => [position.name, position.header]));
  const columnOf = (name: string) => headerOf.get(name) ?? ROSTER_COLUMNS.find((column) => column.name === name)?.label ?? name;

  const problems: Problem[] = [];
  const rows: { line: number; entry: NewRosterEntry }[] = [];
  const seenEmployeeNo = new Map<string, number>();
  for (const row of csv.rows) {
    const parsed = RosterEntrySchema.safeParse(row.cells);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0]);
        problems.push({ line: row.line, column: columnOf(column), value: row.cells[column] ?? '', message: issue.message });
      }
      continue;
    }
    const employeeNo = parsed.data.employee_no;
    if (employeeNo) {
      const earlier = seenEmployeeNo.get(employeeNo);
      if (earlier !== undefined) {
        problems.push({ line: row.line, column: columnOf('employee_no'), value: employeeNo, message: `repeats line ${earlier}` });
      }
      seenEmployeeNo.set(employeeNo, row.line);
    }
    rows.push({ line: row.line, entry: { round_id: roundId, ...parsed.data } });
  }
  if (problems.length) throw new ValidationError(`The roster has ${problems.length} problem(s); nothing was imported`, problems);

  // One write lock from reading the roster to the last insert, since the CLI and the server may share the database.
  const result = db
    .transaction(() => {
      refuseSecondRoster(db, roundId, options);
      const match = rosterMatcher(listRoster(db, roundId));
      const conflicts: RosterConflict[] = [];
      let skipped = 0;
      const ids: number[] = [];
      for (const { line, entry } of rows) {
        const found = match(entry);
        if (found === null) ids.push(insertRosterEntry(db, entry));
        else if (found.conflict) conflicts.push({ line, employee_no: entry.employee_no as string, name: entry.name, rosterName: found.entry.name });
        else skipped++;
      }
      const details: AuditDetails = { added: ids.length };
      if (options.newOnly) Object.assign(details, { new_only: true, skipped, conflicts: conflicts.length });
      recordAudit(db, { actor, action: 'roster.import', roundId, details }, now);
      return { ids, skipped, conflicts };
    })
    .immediate();
  const byId = new Map(listRoster(db, roundId).map((entry) => [entry.id, entry]));
  return {
    added: result.ids.map((id) => byId.get(id) as RosterEntryRow),
    skipped: result.skipped,
    conflicts: result.conflicts,
    ignoredColumns: csv.ignored.map((column) => ({ header: column.header, column: columnLetter(column.index) })),
  };
}

function refuseSecondRoster(db: Db, roundId: number, options: RosterImportOptions): void {
  if (options.newOnly) return;
  const count = countRoster(db, roundId);
  if (count > 0) {
    throw new ValidationError(`This round already has ${count} employees on its roster; nothing was imported`, [
      {
        field: 'new_only',
        message: `this round already has ${count} employees on its roster: to add only those of this file who are not on it yet, choose "add new employees only" and upload the file again`,
      },
    ]);
  }
}

/** Finds the roster entry a row describes (null: a new employee). */
function rosterMatcher(roster: RosterEntryRow[]): (row: NewRosterEntry) => { entry: RosterEntryRow; conflict: boolean } | null {
  const byEmployeeNo = new Map<string, RosterEntryRow>();
  const byNameAndUnit = new Map<string, RosterEntryRow[]>();
  const keyOf = (entry: { name: string; unit: string }) => `${comparableText(entry.name)}\u0000${comparableText(entry.unit)}`;
  for (const entry of roster) {
    if (entry.employee_no) byEmployeeNo.set(entry.employee_no, entry);
    const key = keyOf(entry);
    byNameAndUnit.set(key, [...(byNameAndUnit.get(key) ?? []), entry]);
  }
  return (row) => {
    const sameNumber = row.employee_no ? byEmployeeNo.get(row.employee_no) : undefined;
    if (sameNumber) return { entry: sameNumber, conflict: comparableText(sameNumber.name) !== comparableText(row.name) };
    // Two different numbers are two people, even with the same name in the same unit.
    const sameName = (byNameAndUnit.get(keyOf(row)) ?? []).find((entry) => !(entry.employee_no && row.employee_no));
    return sameName ? { entry: sameName, conflict: false } : null;
  };
}

function parseEntry(input: unknown): z.infer<typeof RosterEntrySchema> {
  const parsed = RosterEntrySchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      'The employee was not saved',
      parsed.error.issues.map((issue) => ({ field: String(issue.path[0]), message: issue.message })),
    );
  }
  return parsed.data;
}

// Each change checks and writes under one write lock, since the CLI and the server may share the database.

export function addRosterEntry(db: Db, roundId: number, input: unknown, now: Date, actor: string): RosterEntryRow {
  getRound(db, roundId);
  const value = parseEntry(input);
  return db
    .transaction(() => {
      if (duplicateEmployeeNo(db, roundId, value.employee_no)) {
        throw new ValidationError('The employee was not saved', [{ field: 'employee_no', message: 'already on this round\'s roster' }]);
      }
      const id = insertRosterEntry(db, { round_id: roundId, ...value });
      recordAudit(db, { actor, action: 'roster.add', roundId, details: { entry: id, name: value.name, unit: value.unit, grade: value.grade } }, now);
      return getRosterEntry(db, roundId, id);
    })
    .immediate();
}

export function editRosterEntry(db: Db, roundId: number, entryId: number, input: unknown, now: Date, actor: string): RosterEntryRow {
  const value = parseEntry(input);
  return db
    .transaction(() => {
      const before = getRosterEntry(db, roundId, entryId);
      if (duplicateEmployeeNo(db, roundId, value.employee_no, entryId)) {
        throw new ValidationError('The employee was not saved', [{ field: 'employee_no', message: 'already on this round\'s roster' }]);
      }
      updateRosterEntry(db, entryId, value);
      recordAudit(db, { actor, action: 'roster.edit', roundId, details: { entry: entryId, name: value.name, ...rosterChanges(before, value) } }, now);
      return getRosterEntry(db, roundId, entryId);
    })
    .immediate();
}

/**
 * What an edit changed, for the audit log. Name, unit and grade with old and new value (unit and
 * grade decide the groups of every breakdown); e-mail and employee number only by name, so the
 * log, which is never cleaned, keeps no contact data beyond what the roster holds.
 */
function rosterChanges(before: RosterEntryRow, after: z.infer<typeof RosterEntrySchema>): AuditDetails {
  const changes: AuditDetails = {};
  for (const field of ['name', 'unit', 'grade'] as const) {
    if (before[field] !== after[field]) changes[field] = { from: before[field], to: after[field] };
  }
  const alsoChanged = (['email', 'employee_no'] as const).filter((field) => before[field] !== after[field]);
  return { changes, also_changed: alsoChanged };
}

/** Someone who has completed stays on the roster: the response rate must keep counting them. */
export function removeRosterEntry(db: Db, roundId: number, entryId: number, now: Date, actor: string): void {
  db.transaction(() => {
    const entry = getRosterEntry(db, roundId, entryId);
    if (entry.status === 'completed') {
      throw new ValidationError('The employee was not removed', [
        { field: 'id', message: 'this employee has already answered; removing them would distort the response rate' },
      ]);
    }
    deleteRosterEntry(db, entryId);
    recordAudit(db, { actor, action: 'roster.remove', roundId, details: { entry: entry.id, name: entry.name, unit: entry.unit, grade: entry.grade } }, now);
  }).immediate();
}

export function getRosterEntry(db: Db, roundId: number, entryId: number): RosterEntryRow {
  const entry = Number.isSafeInteger(entryId) ? findRosterEntry(db, roundId, entryId) : undefined;
  if (!entry) throw new NotFoundError(`No employee ${entryId} on round ${roundId}`);
  return entry;
}

export interface IssuedLink {
  entry: RosterEntryRow;
  link: string;
}

/**
 * Gives each chosen entry a new personal link. Only the token's hash is stored, so the links
 * exist in full only in what this returns: the caller hands them out (CSV) right away.
 * Re-issuing replaces the hash, and the old link stops working at once. The draft saved under
 * the old link goes in the same transaction: it could not be opened with the new link anyway, and
 * whoever receives the new link (possibly not the employee) must not see it.
 */
export function issueLinks(db: Db, roundId: number, which: 'missing' | 'all' | number[], baseUrl: string, now: Date, actor: string): IssuedLink[] {
  getRound(db, roundId);
  const roster = listRoster(db, roundId);
  const chosen =
    which === 'missing'
      ? roster.filter((entry) => entry.token_hash === null)
      : which === 'all'
        ? roster
        : which.map((id) => getRosterEntry(db, roundId, id));
  return db.transaction(() => {
    const issued = chosen.map((entry) => {
      const token = randomToken();
      setTokenHash(db, entry.id, hashToken(token));
      deleteDraft(db, entry.id);
      return { entry, link: `${baseUrl}/s/${token}` };
    });
    // How many, and how many replaced a working link (re-issuing ends that link and its draft);
    // the entries by id when chosen one by one. Never a link or a token.
    const details: AuditDetails = {
      which: Array.isArray(which) ? 'selected' : which,
      count: issued.length,
      reissued: chosen.filter((entry) => entry.token_hash !== null).length,
    };
    if (Array.isArray(which)) details.entries = chosen.map((entry) => entry.id);
    recordAudit(db, { actor, action: 'links.issue', roundId, details }, now);
    return issued;
  })();
}

/**
 * When links were last issued on the round, by whom, and how many: what the round page shows
 * after a links file was downloaded (the download itself cannot show a message).
 */
export function lastLinksIssued(db: Db, roundId: number): { at: string; actor: string; count: number } | null {
  const entry = latestAuditEntry(db, roundId, 'links.issue');
  if (!entry) return null;
  const details = JSON.parse(entry.details) as { count?: unknown };
  return { at: entry.at, actor: entry.actor, count: typeof details.count === 'number' ? details.count : 0 };
}

export const LINKS_CSV_HEADER = ['name', 'unit', 'grade', 'email', 'employee_no', 'link'];

/** Comma for Google Sheets and international Excel; semicolon for Excel in an Indonesian locale. */
export function linksCsv(links: IssuedLink[], dialect: 'comma' | 'semicolon' = 'comma'): string {
  return toCsv(
    LINKS_CSV_HEADER,
    links.map(({ entry, link }) => [entry.name, entry.unit, entry.grade, entry.email, entry.employee_no, link]),
    { dialect },
  );
}
