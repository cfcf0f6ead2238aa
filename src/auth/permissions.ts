/**
 * Who may do what: the one place that maps each account role to what it may open or change.
 * Routes ask for a capability (`requireCapability` in src/routes/middleware.ts), views ask
 * `can(...)`, and nothing else compares roles.
 */

import { ROLES, type Role } from '../db/types';

export { ROLES, type Role };

const STAFF: readonly Role[] = ['admin', 'analyst'];

/**
 * - `rounds.list`: the list of rounds with their dates, state and response rate (no names).
 * - `rounds.manage`: everything else of a round: its page (roster, links, targets, settings),
 *   the status page (which names who has not answered), closing, reopening.
 * - `reports.read`: the condition report and the downloads built from it (page, PDF, XLSX, gap
 *   report CSV, groups CSV, the JSON report).
 * - `reports.raw_data`: the raw data CSV, the codebook and the workbook's raw data sheets: one row
 *   per respondent is for whoever analyses the round, not for readers of its report.
 * - `paper.manage`: printing, importing and undoing paper questionnaires.
 * - `instruments.manage`: the instruments, their pages and adding one.
 * - `plans.read`, `plans.manage`: strategy maps and action plans.
 * - `actions.update_own`: the progress of the actions a contributor is the person in charge of,
 *   and the realisations of the indicators they are in charge of (which are theirs is for the
 *   plan and indicator services to check).
 * - `periods.reopen`: reopening a reported quarter whose figures were frozen (closing one is planning).
 * - `users.manage`, `audit.read`: accounts and the audit log.
 * - `organisation.manage`: the organisation profile (name, ministry, unit, city, logo, head of
 *   unit) that every leader's document carries; one per installation, so an administrator's.
 * - `account.manage`: one's own password.
 * - `skm.manage`: the stakeholder satisfaction survey (SKM): its rounds (creating one, its page with
 *   the open link, the counter's QR-code poster and the kiosk, sample progress, settings, closing and
 *   reopening) and its paper forms. Its report is `reports.read`. Respondents need no account: the
 *   open link /k/<code> is public by design.
 */
const GRANTS = {
  'rounds.list': ['admin', 'analyst', 'viewer'],
  'rounds.manage': STAFF,
  'reports.read': ['admin', 'analyst', 'viewer'],
  'reports.raw_data': STAFF,
  'paper.manage': STAFF,
  'instruments.manage': STAFF,
  'plans.read': ['admin', 'analyst', 'viewer', 'contributor'],
  'plans.manage': STAFF,
  'actions.update_own': ['contributor'],
  'periods.reopen': ['admin'],
  'users.manage': ['admin'],
  'audit.read': ['admin'],
  'organisation.manage': ['admin'],
  'account.manage': ROLES,
  'skm.manage': STAFF,
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof GRANTS;
export const CAPABILITIES = Object.keys(GRANTS) as Capability[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** False for nobody logged in, and for a role this version does not know. */
export function can(user: { role: string } | null | undefined, capability: Capability): boolean {
  return user != null && (GRANTS[capability] as readonly string[]).includes(user.role);
}

/** The roles that hold a capability (for the documentation and the tests). */
export function rolesWith(capability: Capability): readonly Role[] {
  return GRANTS[capability];
}

/** Where a role lands after logging in: the first thing it may open. */
export function homePath(role: Role): string {
  if (role === 'contributor') return '/plans';
  return '/rounds';
}
