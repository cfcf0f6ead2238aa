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

export interface PlanRow {
  id: number;
  name: string;
  organisation: string;
  start_year: number;
  end_year: number;
  vision_id: string;
  vision_en: string;
  mission_id: string;
  mission_en: string;
  values_id: string;
  values_en: string;
  /** JSON array of perspective codes, top to bottom. */
  perspective_order: string;
  behind_margin: number;
  load_limit: number;
  signatory_name: string;
  signatory_position: string;
  signatory_nip: string;
  signed_place: string;
  created_at: string;
  updated_at: string;
}

export interface PlanRoundRow {
  plan_id: number;
  round_id: number;
  purpose: 'baseline' | 'evaluation';
}

export interface AspirationRow {
  id: number;
  plan_id: number;
  interviewee: string;
  position: string;
  interviewed_on: string | null;
  notes: string;
  /** JSON [{ text, perspectives: [codes] }]. */
  themes: string;
  created_at: string;
}

export interface SwotEntryRow {
  id: number;
  plan_id: number;
  kind: 'strength' | 'weakness' | 'opportunity' | 'threat';
  text: string;
  dimension_code: string | null;
  position: number;
  created_at: string;
}

export interface StrategyOptionRow {
  id: number;
  plan_id: number;
  quadrant: 'SO' | 'WO' | 'ST' | 'WT';
  code: string;
  text: string;
  created_at: string;
}

export interface ObjectiveRow {
  id: number;
  plan_id: number;
  perspective_code: string;
  code: string;
  name: string;
  name_en: string;
  description: string;
  position: number;
  starter_key: string | null;
  created_at: string;
}

export interface IndicatorRow {
  id: number;
  objective_id: number;
  code: string;
  name: string;
  unit: string;
  target: number | null;
  position: number;
  created_at: string;
}

export interface PersonRow {
  id: number;
  name: string;
  position: string;
  unit: string;
  nip: string | null;
  email: string | null;
  user_id: number | null;
  created_at: string;
}

export interface ActionRow {
  id: number;
  objective_id: number;
  title: string;
  description: string;
  target_indicator: string;
  target_value: number | null;
  target_unit: string;
  due_on: string;
  pic_id: number;
  horizon: 'short_term' | 'continuous';
  starts_on: string;
  ends_on: string;
  /** Bit set: 1 = TW I, 2 = TW II, 4 = TW III, 8 = TW IV. */
  quarters: number;
  budget: number | null;
  budget_code: string;
  position: number;
  cancelled_on: string | null;
  cancel_reason: string | null;
  created_at: string;
}

export interface MilestoneRow {
  id: number;
  action_id: number;
  title: string;
  due_on: string;
  done_on: string | null;
}

export interface ProgressUpdateRow {
  id: number;
  action_id: number;
  reported_on: string;
  percent: number | null;
  value: number | null;
  note: string;
  evidence_url: string | null;
  recorded_by: string;
  recorded_at: string;
}
