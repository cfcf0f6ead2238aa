// Row types that match the SQL schema in migrations/, in one place.

export interface InstrumentRow {
  id: number;
  code: string;
  version: number;
  definition: string;
  created_at: string;
}

/** The values allowed by users.role's CHECK constraint (migrations/0007-roles.sql), in the order the users page offers them. */
export const ROLES = ['admin', 'analyst', 'viewer', 'contributor'] as const;
export type Role = (typeof ROLES)[number];

export interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  role: Role;
  created_at: string;
}

export interface SessionRow {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  expires_at: string;
}

export interface RoundRow {
  id: number;
  name: string;
  instrument_id: number;
  opens_on: string | null;
  closes_on: string | null;
  closed_at: string | null;
  target: number;
  min_group_size: number;
  created_at: string;
}

export type RosterStatus = 'invited' | 'started' | 'completed';

export interface RosterEntryRow {
  id: number;
  round_id: number;
  name: string;
  unit: string;
  grade: string | null;
  email: string | null;
  employee_no: string | null;
  token_hash: string | null;
  status: RosterStatus;
}

/** A draft sealed with a key derived from the personal link (see survey/sealed-draft.ts). */
export interface DraftRow {
  roster_entry_id: number;
  sealed: Buffer;
}

export type Channel = 'online' | 'paper';

export interface ResponseRow {
  id: number;
  round_id: number;
  channel: Channel;
  unit: string | null;
  grade: string | null;
  answers: Buffer;
  submitted_on: string | null;
  form_id: string | null;
  batch_id: number | null;
}

/** One entry of the append-only audit log (migrations/0005); details is a JSON object. */
export interface AuditLogRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  round_id: number | null;
  details: string;
}
