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
  /** NULL while the account is active (migration 0016). */
  deactivated_at: string | null;
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
  /** Who runs the survey, as employees should read it; NULL = the organisation profile's name. */
  organiser: string | null;
  /** Whom employees may ask (name and phone or e-mail, free text). */
  contact: string | null;
  /** YYYY-MM-DD: when the results will be shared, told on the thank-you page. */
  results_on: string | null;
  /** When the round was archived (hidden from the list and comparisons, kept); NULL = in use (migration 0016). */
  archived_at: string | null;
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
  index_cap: number;
  red_below: number;
  green_from: number;
  /** JSON {perspective code: percent}; null = equal weights. */
  perspective_weights: string | null;
  /** JSON {spending type: [TW I, TW II, TW III, TW IV] percent}; null = the defaults. */
  absorption_targets: string | null;
  rpd_tolerance: number;
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
  /** Percent within its perspective; null for all = equal. */
  weight: number | null;
}

export interface IndicatorRow {
  id: number;
  objective_id: number;
  code: string;
  name: string;
  unit: string;
  /** The annual target. */
  target: number | null;
  position: number;
  created_at: string;
  definition: string;
  formula: string;
  polarity: 'maximize' | 'minimize' | 'range';
  lower_bound: number | null;
  upper_bound: number | null;
  frequency: 'monthly' | 'quarterly' | 'semester' | 'annual';
  consolidation: 'sum' | 'average' | 'last';
  baseline: number | null;
  /** Percent within its objective; null for all = equal. */
  weight: number | null;
  pic_id: number | null;
  data_source: string;
  source: 'entered' | 'survey' | 'absorption' | 'skm';
  source_level: 'dimension' | 'perspective' | null;
  source_code: string | null;
  source_measure: 'mean' | 'favourable_share' | null;
}

export interface IndicatorTargetRow {
  indicator_id: number;
  period: string;
  target: number;
}

export interface RealisationRow {
  indicator_id: number;
  period: string;
  value: number;
  note: string;
  recorded_by: string;
  recorded_at: string;
}

export interface PeriodClosureRow {
  plan_id: number;
  period: string;
  closed_by: string;
  closed_at: string;
}

export interface SpendingTypeRow {
  code: string;
  name_id: string;
  name_en: string;
  position: number;
}

export interface BudgetLineRow {
  plan_id: number;
  year: number;
  spending_type: string;
  pagu: number;
  blokir: number;
}

export interface BudgetMonthRow {
  plan_id: number;
  year: number;
  spending_type: string;
  month: number;
  planned: number | null;
  realised: number | null;
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
  /** Jenis belanja the budget is drawn from (51, 52, …); null = not said. */
  spending_type: string | null;
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

/** migrations/0010-organisation.sql: the one row (id 1) of the organisation profile. */
export interface OrganisationProfileRow {
  id: 1;
  name: string;
  parent: string;
  unit: string;
  city: string;
  head_name: string;
  head_position: string;
  head_nip: string;
  logo: Buffer | null;
  logo_type: 'image/png' | 'image/svg+xml' | null;
  updated_at: string;
}

/** The text fields of the organisation profile, as written by one save. */
export type OrganisationFieldsRow = Pick<OrganisationProfileRow, 'name' | 'parent' | 'unit' | 'city' | 'head_name' | 'head_position' | 'head_nip'>;
