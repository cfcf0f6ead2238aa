import type { Config } from '../config';
import type { Db } from '../db/connection';
import * as actionsDb from '../db/actions';
import * as objectivesDb from '../db/objectives';
import * as plansDb from '../db/plans';
import { latestRelease } from '../db/responses';
import { findRound } from '../db/rounds';
import type { Lang } from '../i18n';
import { cachedReport } from '../report/cache';
import type { TargetStatus } from '../analysis/report';
import { recordAudit } from '../audit/log';
import { NotFoundError, ValidationError } from '../errors';
import { addAction, addIndicator, addObjective, addSwotEntry, baselineRoundId, getPlan, perspectiveOrder, periodLabel, planInstrument, quarterList, type Theme } from './service';
import { loadStarters, type Starter } from './starters';
import { actionProgress, personLoad, type ActionStatus, type PersonLoad } from './status';

/**
 * The whole plan as one plain object (the JSON of `potret plan show` and GET /api/plans/<id>, and
 * the view model of the plan pages and documents). The diagnosis figures are read from the
 * baseline round's published report each time, never copied into the plan.
 */

export interface ReportSettings {
  alphaMin: number;
  categoryBoundary: 'lower' | 'upper';
}

/** The report settings a plan reads its diagnosis with: the configuration's, as the condition report uses. */
export function reportSettingsOf(config: Pick<Config, 'alphaMin' | 'categoryBoundary'>): ReportSettings {
  return { alphaMin: config.alphaMin, categoryBoundary: config.categoryBoundary };
}

export interface DiagnosedDimension {
  code: string;
  name: string;
  perspective: string;
  focus: string | null;
  n: number;
  mean: number | null;
  target: number;
  gap: number | null;
  ci95_low: number | null;
  ci95_high: number | null;
  target_status: TargetStatus | null;
}

export interface PlanShow {
  id: number;
  name: string;
  organisation: string;
  period: string;
  start_year: number;
  end_year: number;
  as_of: string;
  vision: { id: string; en: string };
  mission: { id: string[]; en: string[] };
  values: { id: string[]; en: string[] };
  settings: { perspective_order: string[]; behind_margin: number; load_limit: number };
  signatory: { name: string; position: string; nip: string; place: string };
  updated_at: string;
  rounds: { id: number; name: string; purpose: 'baseline' | 'evaluation'; published: boolean }[];
  perspectives: { code: string; name: string }[];
  /** The baseline round's published dimensions; null without a baseline or before its results are published. */
  diagnosis: { round_id: number; round_name: string; respondents: number; dimensions: DiagnosedDimension[] } | null;
  aspirations: { id: number; interviewee: string; position: string; interviewed_on: string | null; notes: string; themes: Theme[] }[];
  /** Themes per perspective across all interviews, for the summary. */
  aspiration_summary: { perspective: string; themes: number; interviews: number }[];
  situation: Record<'strength' | 'weakness' | 'opportunity' | 'threat', { id: number; /** S1, W2, O1, T3: the entry's place in its list, as the TOWS options cite it. */ label: string; text: string; dimension_code: string | null; dimension: DiagnosedDimension | null }[]>;
  /** Dimensions of the diagnosis not yet in the situation analysis, with where they stand. */
  unplaced_dimensions: DiagnosedDimension[];
  strategy_options: { id: number; quadrant: 'SO' | 'WO' | 'ST' | 'WT'; code: string; text: string; factor_ids: number[]; factor_labels: string[] }[];
  objectives: {
    id: number;
    code: string;
    perspective: string;
    name: string;
    name_en: string;
    description: string;
    dimension_codes: string[];
    /** Each cited dimension with its current gap (null when unknown). */
    dimensions: { code: string; name: string; gap: number | null; mean: number | null; target_status: TargetStatus | null }[];
    /** The largest shortfall among the cited dimensions (most negative gap), or null. */
    gap: number | null;
    option_codes: string[];
    indicators: { id: number; code: string; name: string; unit: string; target: number | null }[];
    starter_key: string | null;
    /** Filled in by indicator monitoring; null until then. */
    status: 'red' | 'yellow' | 'green' | null;
  }[];
  links: { cause_id: number; effect_id: number; cause: string; effect: string }[];
  actions: {
    id: number;
    objective_id: number;
    objective_code: string;
    perspective: string;
    title: string;
    description: string;
    target: { indicator: string; value: number | null; unit: string; due_on: string };
    pic: { id: number; name: string };
    members: { id: number; name: string }[];
    horizon: 'short_term' | 'continuous';
    starts_on: string;
    ends_on: string;
    quarters: number[];
    budget: number | null;
    budget_code: string;
    /** Jenis belanja the budget is drawn from (51, 52, …), or null. */
    spending_type: string | null;
    status: ActionStatus;
    progress: number | null;
    elapsed_pct: number;
    reported_on: string | null;
    cancelled_on: string | null;
    cancel_reason: string | null;
    milestones: { id: number; title: string; due_on: string; done_on: string | null }[];
    updates: { id: number; reported_on: string; percent: number | null; value: number | null; note: string; evidence_url: string | null; recorded_by: string; recorded_at: string }[];
  }[];
  people: { id: number; name: string; position: string; unit: string; nip: string | null; email: string | null; user_id: number | null; load: PersonLoad }[];
  totals: { objectives: number; actions: number; budget: number; by_status: Record<ActionStatus, number> };
  /** Starter content offered for focus areas below target, not yet taken or discarded. */
  starters: { key: string; focus: string; dimension_codes: string[]; perspective: string; starter: Starter }[];
}

const QUARTER_START: Record<number, string> = { 1: '01-01', 2: '04-01', 3: '07-01', 4: '10-01' };
const QUARTER_END: Record<number, string> = { 1: '03-31', 2: '06-30', 3: '09-30', 4: '12-31' };

const SWOT_LETTERS = { strength: 'S', weakness: 'W', opportunity: 'O', threat: 'T' } as const;

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

function diagnosisOf(db: Db, planId: number, lang: Lang, settings: ReportSettings): PlanShow['diagnosis'] {
  const roundId = baselineRoundId(db, planId);
  if (roundId === null) return null;
  const report = cachedReport(db, roundId, { lang, alphaMin: settings.alphaMin, categoryBoundary: settings.categoryBoundary });
  // Before the round's results are published the report holds counts only: nothing to cite.
  if (report.round.release === 0) return null;
  return {
    round_id: roundId,
    round_name: report.round.name,
    respondents: report.n,
    dimensions: report.dimensions.map((dimension) => ({
      code: dimension.code,
      name: dimension.name,
      perspective: dimension.perspective,
      focus: dimension.focus,
      n: dimension.n,
      mean: dimension.mean,
      target: dimension.target,
      gap: dimension.gap,
      ci95_low: dimension.ci95_low,
      ci95_high: dimension.ci95_high,
      target_status: dimension.target_status,
    })),
  };
}

/**
 * `contacts: false` leaves out each person's NIP, e-mail and account (for readers who do not plan:
 * leadership and contributors need names and loads, not the directory's contact details).
 */
export function showPlan(db: Db, planId: number, options: { asOf: string; lang: Lang; report: ReportSettings; contacts?: boolean }): PlanShow {
  const plan = getPlan(db, planId);
  const { asOf, lang } = options;
  const instrument = planInstrument(db, planId);
  const order = perspectiveOrder(plan);
  const perspectives = order.map((code) => {
    const perspective = instrument.definition.perspectives.find((item) => item.code === code);
    return { code, name: perspective ? perspective.name[lang] : code };
  });
  const diagnosis = diagnosisOf(db, planId, lang, options.report);
  const dimensionByCode = new Map((diagnosis?.dimensions ?? []).map((dimension) => [dimension.code, dimension]));
  const dimensionName = new Map(instrument.definition.perspectives.flatMap((perspective) => perspective.dimensions.map((dimension) => [dimension.code, dimension.name[lang]] as const)));

  const aspirations = plansDb.listAspirations(db, planId).map((row) => ({
    id: row.id,
    interviewee: row.interviewee,
    position: row.position,
    interviewed_on: row.interviewed_on,
    notes: row.notes,
    themes: JSON.parse(row.themes) as Theme[],
  }));
  const aspirationSummary = order.map((code) => ({
    perspective: code,
    themes: aspirations.reduce((sum, row) => sum + row.themes.filter((theme) => theme.perspectives.includes(code)).length, 0),
    interviews: aspirations.filter((row) => row.themes.some((theme) => theme.perspectives.includes(code))).length,
  }));

  const swot = plansDb.listSwotEntries(db, planId);
  const situation: PlanShow['situation'] = { strength: [], weakness: [], opportunity: [], threat: [] };
  const labels = new Map<number, string>();
  for (const entry of swot) {
    const label = `${SWOT_LETTERS[entry.kind]}${situation[entry.kind].length + 1}`;
    labels.set(entry.id, label);
    situation[entry.kind].push({ id: entry.id, label, text: entry.text, dimension_code: entry.dimension_code, dimension: entry.dimension_code ? (dimensionByCode.get(entry.dimension_code) ?? null) : null });
  }
  const placed = new Set(swot.map((entry) => entry.dimension_code).filter(Boolean));

  const factors = plansDb.listOptionFactors(db, planId);
  const options_ = plansDb.listStrategyOptions(db, planId).map((option) => ({
    id: option.id,
    quadrant: option.quadrant,
    code: option.code,
    text: option.text,
    factor_ids: factors.filter((factor) => factor.option_id === option.id).map((factor) => factor.entry_id),
    factor_labels: factors.filter((factor) => factor.option_id === option.id).map((factor) => labels.get(factor.entry_id) ?? String(factor.entry_id)),
  }));
  const optionCode = new Map(options_.map((option) => [option.id, option.code]));

  const objectiveRows = objectivesDb.listObjectives(db, planId);
  const citedDimensions = objectivesDb.listObjectiveDimensions(db, planId);
  const citedOptions = objectivesDb.listObjectiveOptions(db, planId);
  const indicators = objectivesDb.listIndicators(db, planId);
  // Objectives in map order: by perspective as the plan orders them, then as entered.
  const objectives = [...objectiveRows]
    .sort((a, b) => order.indexOf(a.perspective_code) - order.indexOf(b.perspective_code))
    .map((row) => {
      const codes = citedDimensions.filter((cited) => cited.objective_id === row.id).map((cited) => cited.dimension_code);
      const dimensions = codes.map((code) => {
        const figures = dimensionByCode.get(code);
        return { code, name: dimensionName.get(code) ?? code, gap: figures?.gap ?? null, mean: figures?.mean ?? null, target_status: figures?.target_status ?? null };
      });
      const gaps = dimensions.map((dimension) => dimension.gap).filter((gap): gap is number => gap !== null);
      return {
        id: row.id,
        code: row.code,
        perspective: row.perspective_code,
        name: row.name,
        name_en: row.name_en,
        description: row.description,
        dimension_codes: codes,
        dimensions,
        gap: gaps.length ? Math.min(...gaps) : null,
        option_codes: citedOptions.filter((cited) => cited.objective_id === row.id).map((cited) => optionCode.get(cited.option_id) ?? String(cited.option_id)),
        indicators: indicators.filter((indicator) => indicator.objective_id === row.id).map((indicator) => ({ id: indicator.id, code: indicator.code, name: indicator.name, unit: indicator.unit, target: indicator.target })),
        starter_key: row.starter_key,
        status: null,
      };
    });
  const objectiveById = new Map(objectives.map((objective) => [objective.id, objective]));
  const links = objectivesDb.listLinks(db, planId).map((link) => ({
    cause_id: link.cause_id,
    effect_id: link.effect_id,
    cause: objectiveById.get(link.cause_id)?.code ?? '',
    effect: objectiveById.get(link.effect_id)?.code ?? '',
  }));

  const peopleRows = actionsDb.listPeople(db);
  const personName = new Map(peopleRows.map((person) => [person.id, person.name]));
  const members = actionsDb.listActionMembers(db, planId);
  const milestones = actionsDb.listMilestones(db, planId);
  const updates = actionsDb.listProgressUpdates(db, planId);
  const objectiveOrder = new Map(objectives.map((objective, index) => [objective.id, index]));
  const actions = actionsDb
    .listActions(db, planId)
    .sort((a, b) => (objectiveOrder.get(a.objective_id) ?? 0) - (objectiveOrder.get(b.objective_id) ?? 0))
    .map((row) => {
      const history = updates.filter((update) => update.action_id === row.id);
      const progress = actionProgress(row, history, asOf, plan.behind_margin);
      const objective = objectiveById.get(row.objective_id);
      return {
        id: row.id,
        objective_id: row.objective_id,
        objective_code: objective?.code ?? '',
        perspective: objective?.perspective ?? '',
        title: row.title,
        description: row.description,
        target: { indicator: row.target_indicator, value: row.target_value, unit: row.target_unit, due_on: row.due_on },
        pic: { id: row.pic_id, name: personName.get(row.pic_id) ?? '' },
        members: members.filter((member) => member.action_id === row.id).map((member) => ({ id: member.person_id, name: personName.get(member.person_id) ?? '' })),
        horizon: row.horizon,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        quarters: quarterList(row.quarters),
        budget: row.budget,
        budget_code: row.budget_code,
        spending_type: row.spending_type,
        status: progress.status,
        progress: progress.progress,
        elapsed_pct: progress.elapsed_pct,
        reported_on: progress.reported_on,
        cancelled_on: row.cancelled_on,
        cancel_reason: row.cancel_reason,
        milestones: milestones.filter((milestone) => milestone.action_id === row.id).map((milestone) => ({ id: milestone.id, title: milestone.title, due_on: milestone.due_on, done_on: milestone.done_on })),
        updates: history.map((update) => ({
          id: update.id,
          reported_on: update.reported_on,
          percent: update.percent,
          value: update.value,
          note: update.note,
          evidence_url: update.evidence_url,
          recorded_by: update.recorded_by,
          recorded_at: update.recorded_at,
        })),
      };
    });

  const people = peopleRows.map((person) => {
    const involved = actions.filter((action) => action.pic.id === person.id || action.members.some((member) => member.id === person.id));
    return {
      id: person.id,
      name: person.name,
      position: person.position,
      unit: person.unit,
      nip: options.contacts === false ? null : person.nip,
      email: options.contacts === false ? null : person.email,
      user_id: options.contacts === false ? null : person.user_id,
      load: personLoad(
        involved.map((action) => ({ id: action.id, starts_on: action.starts_on, ends_on: action.ends_on, active: action.status !== 'done' && action.status !== 'cancelled' })),
        plan.load_limit,
      ),
    };
  });

  const byStatus = { not_started: 0, on_track: 0, behind: 0, overdue: 0, done: 0, cancelled: 0 } as Record<ActionStatus, number>;
  for (const action of actions) byStatus[action.status] += 1;

  const decided = new Set(plansDb.listStarterDecisions(db, planId).map((row) => row.starter_key));
  const starters = diagnosis
    ? loadStarters().flatMap((starter) => {
        if (decided.has(starter.key)) return [];
        const below = diagnosis.dimensions.filter((dimension) => dimension.focus === starter.focus && dimension.gap !== null && dimension.gap < 0);
        if (below.length === 0) return [];
        return [{ key: starter.key, focus: starter.focus, dimension_codes: below.map((dimension) => dimension.code), perspective: below[0].perspective, starter }];
      })
    : [];

  return {
    id: plan.id,
    name: plan.name,
    organisation: plan.organisation,
    period: periodLabel(plan.start_year, plan.end_year),
    start_year: plan.start_year,
    end_year: plan.end_year,
    as_of: asOf,
    vision: { id: plan.vision_id, en: plan.vision_en },
    mission: { id: lines(plan.mission_id), en: lines(plan.mission_en) },
    values: { id: lines(plan.values_id), en: lines(plan.values_en) },
    settings: { perspective_order: order, behind_margin: plan.behind_margin, load_limit: plan.load_limit },
    signatory: { name: plan.signatory_name, position: plan.signatory_position, nip: plan.signatory_nip, place: plan.signed_place },
    updated_at: plan.updated_at,
    rounds: plansDb.listPlanRounds(db, planId).map((link) => {
      const round = findRound(db, link.round_id);
      return { id: link.round_id, name: round?.name ?? '', purpose: link.purpose, published: latestRelease(db, link.round_id) > 0 };
    }),
    perspectives,
    diagnosis,
    aspirations,
    aspiration_summary: aspirationSummary,
    situation,
    unplaced_dimensions: (diagnosis?.dimensions ?? []).filter((dimension) => !placed.has(dimension.code)),
    strategy_options: options_,
    objectives,
    links,
    actions,
    people,
    totals: { objectives: objectives.length, actions: actions.length, budget: actions.reduce((sum, action) => sum + (action.status === 'cancelled' ? 0 : (action.budget ?? 0)), 0), by_status: byStatus },
    starters,
  };
}

/**
 * Fills the situation analysis from the published diagnosis: dimensions whose interval lies wholly
 * below the target become weaknesses, those at or above it strengths. Dimensions whose interval
 * contains the target are left for the planner to place (they are "close to target, not yet
 * distinguishable"). Entries already there are kept as the planner edited them.
 */
export function prefillSituation(db: Db, planId: number, options: { lang: Lang; report: ReportSettings }, now: Date, actor: string): { strengths: number; weaknesses: number } {
  return db.transaction(() => {
    getPlan(db, planId);
    const diagnosis = diagnosisOf(db, planId, options.lang, options.report);
    if (!diagnosis) throw new ValidationError('The situation analysis was not filled in', [{ field: 'round', message: 'the plan has no baseline round with published results' }]);
    const placed = new Set(plansDb.listSwotEntries(db, planId).map((entry) => entry.dimension_code));
    let strengths = 0;
    let weaknesses = 0;
    const ordered = [...diagnosis.dimensions].sort((a, b) => (a.gap ?? 0) - (b.gap ?? 0));
    for (const dimension of ordered) {
      if (placed.has(dimension.code)) continue;
      const kind = dimension.target_status === 'below_target' ? 'weakness' : dimension.target_status === 'at_or_above_target' ? 'strength' : null;
      if (kind === null) continue;
      addSwotEntry(db, planId, { kind, text: dimension.name }, now, actor, dimension.code);
      if (kind === 'strength') strengths += 1;
      else weaknesses += 1;
    }
    return { strengths, weaknesses };
  })();
}

/** Takes a starter: an objective citing the focus dimensions below target, with the chosen indicators and actions (the PIC carries them). */
export function acceptStarter(db: Db, planId: number, key: string, choice: { indicator_indexes: number[]; action_indexes: number[]; pic_id: unknown }, options: { lang: Lang; report: ReportSettings }, now: Date, actor: string): number {
  return db.transaction(() => {
    const plan = getPlan(db, planId);
    const offered = showPlan(db, planId, { asOf: now.toISOString().slice(0, 10), ...options }).starters.find((item) => item.key === key);
    if (!offered) throw new NotFoundError(`Starter "${key}" is not offered for this plan`);
    const { starter } = offered;
    const lang = options.lang;
    if (choice.action_indexes.length > 0 && (choice.pic_id === undefined || choice.pic_id === '')) {
      throw new ValidationError('The starter was not taken', [{ field: 'pic_id', message: 'choose the person in charge of the actions' }]);
    }
    const objectiveId = addObjective(
      db,
      planId,
      { perspective_code: offered.perspective, name: starter.objective[lang], name_en: lang === 'en' ? '' : starter.objective.en, description: starter.description[lang], dimension_codes: offered.dimension_codes },
      now,
      actor,
      key,
    );
    for (const index of choice.indicator_indexes) {
      const indicator = starter.indicators[index];
      if (!indicator) continue;
      // The person in charge of the starter's actions answers for its indicators too.
      // A survey-measured starter reads the focus dimension of this plan's instrument, whatever its code.
      const { name, unit, ...measurement } = indicator;
      const sourceCode = measurement.source === 'survey' ? (offered.dimension_codes[0] ?? measurement.source_code) : measurement.source_code;
      addIndicator(db, planId, objectiveId, { ...measurement, source_code: sourceCode, name: name[lang], unit: unit[lang], pic_id: choice.pic_id }, now, actor);
    }
    for (const index of choice.action_indexes) {
      const action = starter.actions[index];
      if (!action) continue;
      addAction(
        db,
        planId,
        {
          objective_id: objectiveId,
          title: action.title[lang],
          target_indicator: action.target_indicator[lang],
          target_value: action.target_value,
          target_unit: action.target_unit[lang],
          // In the quarters it runs in: TW II–III of a one-year plan is 1 April to 30 September.
          starts_on: `${plan.start_year}-${QUARTER_START[Math.min(...action.quarters, 4)]}`,
          ends_on: action.horizon === 'short_term' ? `${plan.start_year}-${QUARTER_END[Math.max(...action.quarters, 1)]}` : `${plan.end_year}-12-31`,
          pic_id: choice.pic_id,
          horizon: action.horizon,
          quarters: action.quarters,
        },
        now,
        actor,
      );
    }
    plansDb.insertStarterDecision(db, planId, key, 'accepted', now.toISOString());
    return objectiveId;
  })();
}

export function discardStarter(db: Db, planId: number, key: string, now: Date, actor: string): void {
  db.transaction(() => {
    getPlan(db, planId);
    if (!loadStarters().some((starter) => starter.key === key)) throw new NotFoundError(`No starter "${key}"`);
    if (plansDb.listStarterDecisions(db, planId).some((row) => row.starter_key === key)) return;
    plansDb.insertStarterDecision(db, planId, key, 'discarded', now.toISOString());
    recordAudit(db, { actor, action: 'plan.remove', details: { plan: planId, element: 'starter', key } }, now);
  })();
}
