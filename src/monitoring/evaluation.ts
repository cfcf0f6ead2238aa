import type { Db } from '../db/connection';
import * as monitoringDb from '../db/monitoring';
import * as objectivesDb from '../db/objectives';
import * as plansDb from '../db/plans';
import { findRound } from '../db/rounds';
import type { IndicatorRow, PlanRow } from '../db/types';
import { ValidationError } from '../errors';
import type { Lang } from '../i18n';
import type { RoundReport } from '../report/build-report';
import { cachedReport } from '../report/cache';
import { getPlan } from '../plan/service';
import { publishedSkmPoints, skmGradeLabel, type SkmTrendPoint } from '../skm/analysis';
import type { SkmGrade } from '../skm/ikm';
import { showPlan, type PlanShow, type ReportSettings } from '../plan/show';
import type { ActionStatus } from '../plan/status';
import {
  achievementPct,
  consolidate,
  effectiveWeights,
  indexPct,
  statusOf,
  weightedMean,
  weightsProblem,
  type Consolidation,
  type Polarity,
  type Status,
  type Thresholds,
} from './achievement';
import { absorptionAt, budgetFigures, type BudgetFigures } from './budget';
import { closingQuarter, latestEndedPeriod, parsePeriod, periodContaining, periodEnd, periodName, periodsOf, periodStart, periodsToDate, type Frequency, type Period } from './periods';

/**
 * The evaluation of a plan for a period (a quarter, a semester or a year), year to date: every
 * indicator against its target, the roll-up to objectives, perspectives and the organisation (NKO),
 * the budget's absorption, the actions behind, the survey's movement on the dimensions the
 * objectives answer, and the prompts that ask whether the strategy works. One read model for the
 * dashboard, the report, its downloads and the JSON (README documents every field).
 */

export interface IndicatorPeriodFigures {
  period: string;
  name: string;
  target: number | null;
  realisation: number | null;
  achievement_pct: number | null;
  index_pct: number | null;
  status: Status | null;
  /** Its quarter is closed: the value is frozen. */
  closed: boolean;
}

export interface IndicatorEvaluation {
  id: number;
  code: string;
  name: string;
  unit: string;
  definition: string;
  formula: string;
  data_source: string;
  objective_id: number;
  objective_code: string;
  perspective: string;
  polarity: Polarity;
  lower_bound: number | null;
  upper_bound: number | null;
  frequency: Frequency;
  consolidation: Consolidation;
  baseline: number | null;
  annual_target: number | null;
  /** Weight within its objective as used (percent); `weight_set` is what was entered (null = equal). */
  weight: number;
  weight_set: number | null;
  pic: { id: number; name: string } | null;
  source: IndicatorRow['source'];
  source_level: IndicatorRow['source_level'];
  source_code: string | null;
  source_measure: IndicatorRow['source_measure'];
  /** What a computed source reads, e.g. "dimension LG-HR, mean" or "absorption 52". Empty when entered. */
  source_ref: string;
  /**
   * Year-to-date target over the periods that have a realisation, consolidated like it: their period
   * targets (`periods`); for a summed indicator without them, the annual target pro rata
   * (`annual_pro_rata`: annual × reported periods ÷ periods in the year); otherwise the annual target (`annual`).
   */
  target: number | null;
  target_basis: 'periods' | 'annual' | 'annual_pro_rata' | null;
  /** Year-to-date realisation by the consolidation; null when nothing is reported yet. */
  realisation: number | null;
  achievement_pct: number | null;
  index_pct: number | null;
  status: Status | null;
  /** Periods that have ended by the evaluation's date without a realisation. */
  missing_periods: string[];
  periods: IndicatorPeriodFigures[];
}

export interface ObjectiveEvaluation {
  id: number;
  code: string;
  name: string;
  perspective: string;
  weight: number;
  weight_set: number | null;
  value: number | null;
  status: Status | null;
  indicators: number;
  measured: number;
  /** The weights of its indicators are set for some but not all, or do not sum to 100. */
  weights_problem: 'partial' | 'sum' | null;
  dimension_codes: string[];
  actions: Record<ActionStatus, number>;
}

export interface PerspectiveEvaluation {
  code: string;
  name: string;
  weight: number;
  value: number | null;
  status: Status | null;
  objectives: number;
  measured: number;
  weights_problem: 'partial' | 'sum' | null;
}

export interface BehindAction {
  id: number;
  title: string;
  objective_code: string;
  status: 'behind' | 'overdue';
  progress: number | null;
  elapsed_pct: number;
  due_on: string;
  reported_on: string | null;
}

export type PromptKind = 'assumption' | 'gap_not_closed' | 'action_without_effect';

export interface Prompt {
  kind: PromptKind;
  objective_code: string;
  objective_name: string;
  /** gap_not_closed: the dimension and its gap in the latest evaluation round. */
  dimension_code?: string;
  gap?: number;
  /** action_without_effect: the action done and the indicators that did not move. */
  action_id?: number;
  action_title?: string;
  indicator_codes?: string[];
}

export interface SurveyChange {
  objective_code: string;
  dimension_code: string;
  dimension_name: string;
  from_round: string;
  to_round: string;
  previous_mean: number | null;
  current_mean: number | null;
  change: number | null;
  p_value: number | null;
  significant: boolean | null;
  direction: 'rise' | 'fall' | 'unchanged' | null;
}

export interface Reminder {
  person: { id: number; name: string; email: string | null };
  indicators: { code: string; name: string; period: string }[];
  actions: { id: number; title: string; last_update: string | null }[];
}

export interface SatisfactionOutcome {
  round: { id: number; name: string; period_start: string; period_end: string };
  responses: number;
  /** Full precision; `ikm_rounded` is what is shown and what the grade is judged on. */
  ikm: number;
  ikm_rounded: number;
  grade: SkmGrade;
  grade_label: string;
  /** The published round before it, when there is one, and the change of the rounded index. */
  previous: { id: number; name: string; period_end: string; ikm_rounded: number; grade: SkmGrade } | null;
  change: number | null;
}

export interface Evaluation {
  plan: { id: number; name: string; organisation: string; period: string };
  /** Who signs the report (the plan's signatory) and the strategy map's cause → effect links. */
  signatory: PlanShow['signatory'];
  links: PlanShow['links'];
  period: { code: string; kind: Period['kind']; year: number; name: string; start: string; end: string };
  /** The date statuses are read at: the period's end, or today when the period has not ended. */
  as_of: string;
  /** The settings used; each one a setting of the plan (practice, not rule). */
  settings: Thresholds & { perspective_weights: Record<string, number>; perspective_weights_set: boolean; rpd_tolerance: number };
  indicators: IndicatorEvaluation[];
  objectives: ObjectiveEvaluation[];
  perspectives: PerspectiveEvaluation[];
  /** Nilai Kinerja Organisasi: weighted mean of the perspectives' values. */
  nko: number | null;
  nko_status: Status | null;
  budget: BudgetFigures | null;
  outcomes: {
    absorption: { absorption_pct: number | null; target_pct: number | null; met: boolean | null } | null;
    /** The stakeholder-satisfaction index (IKM) of the latest published SKM round whose period ended by the evaluation's end; null without one. */
    satisfaction: SatisfactionOutcome | null;
  };
  /** Actions behind or overdue at the date, by person in charge. */
  behind: { pic: { id: number; name: string }; actions: BehindAction[] }[];
  prompts: Prompt[];
  survey_changes: SurveyChange[];
  /** People in charge whose indicators lack the latest ended period's realisation or whose running actions have no report this quarter. */
  reminders: Reminder[];
  closed_periods: string[];
}

export interface EvaluationOptions {
  lang: Lang;
  report: ReportSettings;
  /** Today (YYYY-MM-DD): statuses are read at the earlier of today and the period's end. */
  today: string;
}

export function thresholdsOf(plan: PlanRow): Thresholds {
  return { index_cap: plan.index_cap, red_below: plan.red_below, green_from: plan.green_from };
}

/** Reads an evaluation period (2027-Q2, 2027-S1, 2027) within the plan's years, or refuses it naming the field. */
export function evaluationPeriod(plan: PlanRow, text: string): Period {
  const period = parsePeriod(text);
  if (!period || period.kind === 'month') {
    throw new ValidationError('No evaluation for that period', [{ field: 'period', message: 'a quarter (2027-Q2), a semester (2027-S1) or a year (2027)', value: text }]);
  }
  if (period.year < plan.start_year || period.year > plan.end_year) {
    throw new ValidationError('No evaluation for that period', [{ field: 'period', message: `the plan runs ${plan.start_year}–${plan.end_year}`, value: text }]);
  }
  return period;
}

export function perspectiveWeights(plan: PlanRow, codes: readonly string[]): { weights: Record<string, number>; set: boolean } {
  const stored = plan.perspective_weights ? (JSON.parse(plan.perspective_weights) as Record<string, number>) : null;
  const list = effectiveWeights(codes.map((code) => (stored && typeof stored[code] === 'number' ? stored[code] : null)));
  return { weights: Object.fromEntries(codes.map((code, position) => [code, list[position]])), set: stored !== null && codes.every((code) => typeof stored[code] === 'number') };
}

type ComputedValues = Map<string, number>;

/** Realisations a computed source gives, per period code. */
function computedRealisations(indicator: IndicatorRow, year: number, context: ComputeContext): ComputedValues {
  const values: ComputedValues = new Map();
  if (indicator.source === 'absorption') {
    const figures = context.budget(year);
    if (!figures) return values;
    for (let month = 1; month <= 12; month += 1) {
      const period = periodContaining(indicator.frequency, year, month);
      if (period.last_month !== month) continue;
      const value = absorptionAt(figures, indicator.source_code, month);
      if (value !== null) values.set(period.code, value);
    }
  } else if (indicator.source === 'survey' && indicator.source_code) {
    // Each published round linked to the plan gives the value of the period its fieldwork closed in (the later round wins).
    for (const round of context.rounds()) {
      if (!round.closed_on || Number(round.closed_on.slice(0, 4)) !== year) continue;
      const rows = indicator.source_level === 'perspective' ? round.report.perspectives : round.report.dimensions;
      const row = rows.find((item) => item.code === indicator.source_code);
      if (!row) continue;
      const value = indicator.source_measure === 'favourable_share' ? row.favorable_pct : row.mean;
      if (value === null) continue;
      values.set(periodContaining(indicator.frequency, year, Number(round.closed_on.slice(5, 7))).code, value);
    }
  } else if (indicator.source === 'skm') {
    // Each published SKM round gives the value of the period its fieldwork ended in (the later round
    // wins): the index, or an element's converted value (NRR × 25) on the same 25–100 scale.
    for (const point of context.skm()) {
      if (Number(point.period_end.slice(0, 4)) !== year) continue;
      const nrr = indicator.source_code === null ? null : (point.nrr[indicator.source_code] ?? null);
      const value = indicator.source_code === null ? point.ikm : nrr === null ? null : nrr * 25;
      if (value === null) continue;
      values.set(periodContaining(indicator.frequency, year, Number(point.period_end.slice(5, 7))).code, value);
    }
  }
  return values;
}

interface LinkedRound {
  id: number;
  name: string;
  purpose: 'baseline' | 'evaluation';
  closed_on: string | null;
  report: RoundReport;
}

interface ComputeContext {
  budget: (year: number) => BudgetFigures | null;
  rounds: () => LinkedRound[];
  /** The published SKM rounds, oldest period first. */
  skm: () => SkmTrendPoint[];
}

/** The latest published SKM round with an index whose period ended by `end`, beside the one before it. */
export function satisfactionOutcome(points: readonly SkmTrendPoint[], end: string, lang: Lang): SatisfactionOutcome | null {
  const indexed = points.filter((point) => point.period_end <= end && point.ikm !== null && point.ikm_rounded !== null && point.grade !== null);
  const latest = indexed.at(-1);
  if (!latest) return null;
  const before = indexed.at(-2) ?? null;
  const previous = before ? { id: before.round_id, name: before.name, period_end: before.period_end, ikm_rounded: before.ikm_rounded!, grade: before.grade! } : null;
  return {
    round: { id: latest.round_id, name: latest.name, period_start: latest.period_start, period_end: latest.period_end },
    responses: latest.responses,
    ikm: latest.ikm!,
    ikm_rounded: latest.ikm_rounded!,
    grade: latest.grade!,
    grade_label: skmGradeLabel(latest.grade!, lang),
    previous,
    // Both rounded to two decimals: the difference of what is shown, kept to two decimals.
    change: previous ? Math.round((latest.ikm_rounded! - previous.ikm_rounded) * 100) / 100 : null,
  };
}

function once<T>(build: () => T): () => T {
  let value: { v: T } | null = null;
  return () => (value ??= { v: build() }).v;
}

function better(polarity: Polarity, latest: number, reference: number, indicator: IndicatorRow): boolean {
  if (polarity === 'maximize') return latest > reference;
  if (polarity === 'minimize') return latest < reference;
  const distance = (value: number) => (value < (indicator.lower_bound ?? value) ? (indicator.lower_bound ?? value) - value : value > (indicator.upper_bound ?? value) ? value - (indicator.upper_bound ?? value) : 0);
  return distance(latest) < distance(reference);
}

/**
 * The plan evaluated for a period, read as of the earlier of `today` and the period's end (actions
 * behind at the end of a past quarter are those of that day). `show`, the plan as of `today`, is
 * reused when that is the date.
 */
export function evaluatePeriod(db: Db, planId: number, periodCode: string, options: EvaluationOptions & { contacts?: boolean; show?: PlanShow }): Evaluation {
  const period = evaluationPeriod(getPlan(db, planId), periodCode);
  const end = periodEnd(period);
  const asOf = options.today < end ? options.today : end;
  const show = options.show && options.show.as_of === asOf ? options.show : showPlan(db, planId, { asOf, lang: options.lang, report: options.report, contacts: options.contacts });
  return evaluatePlan(db, show, period.code, options);
}

/** `show` is the plan as of the evaluation's date (the period's end, or today before it ends): its actions' statuses are read from it. */
export function evaluatePlan(db: Db, show: PlanShow, periodCode: string, options: EvaluationOptions): Evaluation {
  const plan = getPlan(db, show.id);
  const period = evaluationPeriod(plan, periodCode);
  const end = periodEnd(period);
  const asOf = options.today < end ? options.today : end;
  const thresholds = thresholdsOf(plan);
  const { lang } = options;

  const closed = monitoringDb.listPeriodClosures(db, plan.id).map((row) => row.period);
  const targets = monitoringDb.listIndicatorTargets(db, plan.id);
  const realisations = monitoringDb.listRealisations(db, plan.id);
  const indicatorRows = objectivesDb.listIndicators(db, plan.id);
  const objectiveRows = new Map(objectivesDb.listObjectives(db, plan.id).map((row) => [row.id, row]));
  const personById = new Map(show.people.map((person) => [person.id, person]));
  const throughMonth = asOf.slice(0, 4) === String(period.year) ? Math.min(period.last_month, Number(asOf.slice(5, 7))) : period.last_month;

  const context: ComputeContext = {
    budget: (() => {
      const cache = new Map<number, BudgetFigures | null>();
      return (year: number) => {
        if (!cache.has(year)) cache.set(year, budgetFigures(db, plan.id, year, { lang, throughMonth: year === period.year ? throughMonth : 12 }));
        return cache.get(year) ?? null;
      };
    })(),
    rounds: once(() => linkedRounds(db, plan.id, options)),
    skm: once(() => publishedSkmPoints(db)),
  };

  const indicators: IndicatorEvaluation[] = [];
  for (const objective of show.objectives) {
    const rows = indicatorRows.filter((row) => row.objective_id === objective.id);
    const weights = effectiveWeights(rows.map((row) => row.weight));
    rows.forEach((row, position) => {
      const computed = row.source === 'entered' ? null : computedRealisations(row, period.year, context);
      const toDate = periodsToDate(row.frequency, period);
      const target = { polarity: row.polarity, target: row.target, lower_bound: row.lower_bound, upper_bound: row.upper_bound };
      const periods: IndicatorPeriodFigures[] = toDate.map((item) => {
        const periodTarget = targets.find((t) => t.indicator_id === row.id && t.period === item.code)?.target ?? null;
        const realisation = computed ? (computed.get(item.code) ?? null) : (realisations.find((r) => r.indicator_id === row.id && r.period === item.code)?.value ?? null);
        // A range indicator's bounds are its target in every period; otherwise the period's own target, else the annual one.
        const achievement = achievementPct(realisation, { ...target, target: periodTarget ?? row.target });
        const index = indexPct(achievement, thresholds.index_cap);
        return { period: item.code, name: periodName(item, lang), target: periodTarget, realisation, achievement_pct: achievement, index_pct: index, status: statusOf(index, thresholds), closed: closed.includes(closingQuarter(item)) };
      });
      // The year to date compares like with like: the periods that have a realisation, each with its target.
      // A period not reported is left out of both (and named in missing_periods), never counted as 0.
      const reported = periods.filter((item) => item.realisation !== null);
      const realisation = consolidate(reported.map((item) => item.realisation), row.consolidation);
      const periodTargets = reported.map((item) => item.target);
      let ytdTarget: number | null;
      let basis: IndicatorEvaluation['target_basis'];
      if (reported.length > 0 && periodTargets.every((target) => target !== null)) {
        ytdTarget = consolidate(periodTargets, row.consolidation);
        basis = 'periods';
      } else if (row.target !== null && row.consolidation === 'sum') {
        // A summed indicator with only its annual target: the share of the year reported so far (annual × reported ÷ periods in the year).
        ytdTarget = (row.target * Math.max(reported.length, 1)) / periodsOf(row.frequency, period.year).length;
        basis = 'annual_pro_rata';
      } else {
        ytdTarget = row.target;
        basis = row.target === null ? null : 'annual';
      }
      const achievement = achievementPct(realisation, { ...target, target: ytdTarget });
      const index = indexPct(achievement, thresholds.index_cap);
      const pic = row.pic_id === null ? null : personById.get(row.pic_id);
      indicators.push({
        id: row.id,
        code: row.code,
        name: row.name,
        unit: row.unit,
        definition: row.definition,
        formula: row.formula,
        data_source: row.data_source,
        objective_id: objective.id,
        objective_code: objective.code,
        perspective: objective.perspective,
        polarity: row.polarity,
        lower_bound: row.lower_bound,
        upper_bound: row.upper_bound,
        frequency: row.frequency,
        consolidation: row.consolidation,
        baseline: row.baseline,
        annual_target: row.target,
        weight: weights[position],
        weight_set: row.weight,
        pic: pic ? { id: pic.id, name: pic.name } : null,
        source: row.source,
        source_level: row.source_level,
        source_code: row.source_code,
        source_measure: row.source_measure,
        source_ref: sourceRef(row),
        target: row.polarity === 'range' ? null : ytdTarget,
        target_basis: row.polarity === 'range' ? null : basis,
        realisation,
        achievement_pct: achievement,
        index_pct: index,
        status: statusOf(index, thresholds),
        // Due and not reported: periods that have ended by the evaluation's date.
        missing_periods: periods.filter((item) => item.realisation === null && periodEnd(parsePeriod(item.period) as Period) <= asOf).map((item) => item.period),
        periods,
      });
    });
  }

  const objectives: ObjectiveEvaluation[] = show.objectives.map((objective) => {
    const own = indicators.filter((indicator) => indicator.objective_id === objective.id);
    const mean = weightedMean(own.map((indicator) => ({ value: indicator.index_pct, weight: indicator.weight_set })));
    const perspectiveObjectives = show.objectives.filter((item) => item.perspective === objective.perspective);
    const weights = effectiveWeights(perspectiveObjectives.map((item) => objectiveRows.get(item.id)?.weight ?? null));
    const actions = Object.fromEntries(['not_started', 'on_track', 'behind', 'overdue', 'done', 'cancelled'].map((status) => [status, 0])) as Record<ActionStatus, number>;
    for (const action of show.actions) if (action.objective_id === objective.id) actions[action.status] += 1;
    return {
      id: objective.id,
      code: objective.code,
      name: lang === 'en' && objective.name_en ? objective.name_en : objective.name,
      perspective: objective.perspective,
      weight: weights[perspectiveObjectives.findIndex((item) => item.id === objective.id)],
      weight_set: objectiveRows.get(objective.id)?.weight ?? null,
      value: mean.value,
      status: statusOf(mean.value, thresholds),
      indicators: own.length,
      measured: mean.measured,
      weights_problem: weightsProblem(own.map((indicator) => indicator.weight_set)),
      dimension_codes: objective.dimension_codes,
      actions,
    };
  });

  const perspectiveCodes = show.perspectives.map((perspective) => perspective.code);
  const perspectiveWeighting = perspectiveWeights(plan, perspectiveCodes);
  const perspectives: PerspectiveEvaluation[] = show.perspectives.map((perspective) => {
    const own = objectives.filter((objective) => objective.perspective === perspective.code);
    const mean = weightedMean(own.map((objective) => ({ value: objective.value, weight: objective.weight_set })));
    return {
      code: perspective.code,
      name: perspective.name,
      weight: perspectiveWeighting.weights[perspective.code],
      value: mean.value,
      status: statusOf(mean.value, thresholds),
      objectives: own.length,
      measured: mean.measured,
      weights_problem: weightsProblem(own.map((objective) => objective.weight_set)),
    };
  });
  const nko = weightedMean(perspectives.map((perspective) => ({ value: perspective.value, weight: perspectiveWeighting.set ? perspectiveWeighting.weights[perspective.code] : null })));

  const budget = context.budget(period.year);
  const lastQuarter = budget?.total.quarters.filter((quarter) => quarter.quarter * 3 <= throughMonth).at(-1) ?? null;
  const absorption = budget
    ? { absorption_pct: budget.total.months[throughMonth - 1]?.absorption_pct ?? null, target_pct: lastQuarter?.target_pct ?? null, met: lastQuarter && lastQuarter.quarter * 3 === throughMonth ? lastQuarter.met : null }
    : null;

  const behind = new Map<number, { pic: { id: number; name: string }; actions: BehindAction[] }>();
  for (const action of show.actions) {
    if (action.status !== 'behind' && action.status !== 'overdue') continue;
    const group = behind.get(action.pic.id) ?? { pic: action.pic, actions: [] };
    group.actions.push({ id: action.id, title: action.title, objective_code: action.objective_code, status: action.status, progress: action.progress, elapsed_pct: action.elapsed_pct, due_on: action.target.due_on, reported_on: action.reported_on });
    behind.set(action.pic.id, group);
  }

  const surveyChanges = surveyChangesOf(show, context.rounds());
  return {
    plan: { id: plan.id, name: plan.name, organisation: plan.organisation, period: show.period },
    signatory: show.signatory,
    links: show.links,
    period: { code: period.code, kind: period.kind, year: period.year, name: periodName(period, lang), start: periodStart(period), end },
    as_of: asOf,
    settings: { ...thresholds, perspective_weights: perspectiveWeighting.weights, perspective_weights_set: perspectiveWeighting.set, rpd_tolerance: plan.rpd_tolerance },
    indicators,
    objectives,
    perspectives,
    nko: nko.value,
    nko_status: statusOf(nko.value, thresholds),
    budget,
    outcomes: { absorption, satisfaction: satisfactionOutcome(context.skm(), end, lang) },
    behind: [...behind.values()].sort((a, b) => a.pic.name.localeCompare(b.pic.name)),
    prompts: promptsOf(show, indicators, indicatorRows, objectives, surveyChanges),
    survey_changes: surveyChanges,
    reminders: remindersOf(show, indicators, asOf),
    closed_periods: closed,
  };
}

function sourceRef(row: IndicatorRow): string {
  if (row.source === 'absorption') return `absorption ${row.source_code ?? 'total'}`;
  if (row.source === 'skm') return row.source_code === null ? 'SKM index (IKM)' : `SKM element ${row.source_code} (NRR × 25)`;
  if (row.source === 'survey') return `${row.source_level ?? 'dimension'} ${row.source_code ?? ''}, ${row.source_measure === 'favourable_share' ? 'favourable share' : 'mean'}`;
  return '';
}

/** The plan's rounds with a published report, oldest first by closing date; evaluation rounds compared with the baseline. */
function linkedRounds(db: Db, planId: number, options: EvaluationOptions): LinkedRound[] {
  const links = plansDb.listPlanRounds(db, planId);
  const baseline = links.find((link) => link.purpose === 'baseline')?.round_id ?? null;
  const rounds: LinkedRound[] = [];
  for (const link of links) {
    const row = findRound(db, link.round_id);
    if (!row) continue;
    const compareWith = link.purpose === 'evaluation' ? baseline : null;
    const report = cachedReport(db, row.id, { lang: options.lang, alphaMin: options.report.alphaMin, categoryBoundary: options.report.categoryBoundary, compareWith });
    if (report.round.release === 0) continue;
    rounds.push({ id: row.id, name: row.name, purpose: link.purpose, closed_on: (row.closed_at ?? row.closes_on)?.slice(0, 10) ?? null, report });
  }
  return rounds.sort((a, b) => (a.closed_on ?? '').localeCompare(b.closed_on ?? ''));
}

/** For objectives citing dimensions: the change between the baseline and the latest evaluation round, with its test. */
function surveyChangesOf(show: PlanShow, rounds: LinkedRound[]): SurveyChange[] {
  const baseline = rounds.find((round) => round.purpose === 'baseline');
  const latest = rounds.filter((round) => round.purpose === 'evaluation').at(-1);
  if (!baseline || !latest || !latest.report.comparison) return [];
  const rows = latest.report.comparison.round.id === baseline.id ? latest.report.comparison.dimensions : [];
  const changes: SurveyChange[] = [];
  for (const objective of show.objectives) {
    for (const code of objective.dimension_codes) {
      const row = rows.find((item) => item.code === code);
      if (!row) continue;
      changes.push({
        objective_code: objective.code,
        dimension_code: code,
        dimension_name: row.name,
        from_round: baseline.name,
        to_round: latest.name,
        previous_mean: row.previous_mean,
        current_mean: row.current_mean,
        change: row.change,
        p_value: row.p_value,
        significant: row.significant,
        direction: row.direction,
      });
    }
  }
  return changes;
}

function promptsOf(show: PlanShow, indicators: IndicatorEvaluation[], rows: IndicatorRow[], objectives: ObjectiveEvaluation[], changes: SurveyChange[]): Prompt[] {
  const prompts: Prompt[] = [];
  for (const objective of objectives) {
    const actions = show.actions.filter((action) => action.objective_id === objective.id && action.status !== 'cancelled');
    // Red while every action is on track or done: the actions may not be what moves the objective.
    if (objective.status === 'red' && actions.length > 0 && actions.every((action) => action.status === 'on_track' || action.status === 'done')) {
      prompts.push({ kind: 'assumption', objective_code: objective.code, objective_name: objective.name });
    }
    // Green while a gap it answers is still below target in the latest evaluation round.
    if (objective.status === 'green') {
      for (const change of changes.filter((item) => item.objective_code === objective.code)) {
        const dimension = show.objectives.find((item) => item.id === objective.id)?.dimensions.find((item) => item.code === change.dimension_code);
        const target = dimension && dimension.mean !== null && dimension.gap !== null ? dimension.mean - dimension.gap : null;
        if (target !== null && change.current_mean !== null && change.current_mean < target) {
          prompts.push({ kind: 'gap_not_closed', objective_code: objective.code, objective_name: objective.name, dimension_code: change.dimension_code, gap: change.current_mean - target });
        }
      }
    }
    // An action done while none of the objective's measured indicators moved from its baseline (or its first value).
    const own = indicators.filter((indicator) => indicator.objective_id === objective.id);
    const flat = own.filter((indicator) => {
      const known = indicator.periods.filter((item) => item.realisation !== null).map((item) => item.realisation as number);
      const reference = indicator.baseline ?? (known.length > 1 ? known[0] : null);
      const row = rows.find((item) => item.id === indicator.id);
      return known.length > 0 && reference !== null && row !== undefined && !better(indicator.polarity, known[known.length - 1], reference, row);
    });
    if (flat.length > 0 && flat.length === own.filter((indicator) => indicator.realisation !== null).length) {
      for (const action of actions.filter((item) => item.status === 'done')) {
        prompts.push({ kind: 'action_without_effect', objective_code: objective.code, objective_name: objective.name, action_id: action.id, action_title: action.title, indicator_codes: flat.map((indicator) => indicator.code || indicator.name) });
      }
    }
  }
  return prompts;
}

function remindersOf(show: PlanShow, indicators: IndicatorEvaluation[], asOf: string): Reminder[] {
  const byPerson = new Map<number, Reminder>();
  const entry = (id: number): Reminder | null => {
    const person = show.people.find((item) => item.id === id);
    if (!person) return null;
    const reminder = byPerson.get(id) ?? { person: { id, name: person.name, email: person.email }, indicators: [], actions: [] };
    byPerson.set(id, reminder);
    return reminder;
  };
  for (const indicator of indicators) {
    if (indicator.source !== 'entered' || indicator.pic === null) continue;
    const due = latestEndedPeriod(indicator.frequency, asOf);
    if (!due || due.year < show.start_year || due.year > show.end_year) continue;
    const figures = indicator.periods.find((item) => item.period === due.code);
    // Only the evaluated year's periods are at hand; a due period of another year is not reminded of here.
    if (!figures || figures.realisation !== null) continue;
    entry(indicator.pic.id)?.indicators.push({ code: indicator.code, name: indicator.name, period: due.code });
  }
  const quarterStart = `${asOf.slice(0, 4)}-${String((Math.ceil(Number(asOf.slice(5, 7)) / 3) - 1) * 3 + 1).padStart(2, '0')}-01`;
  for (const action of show.actions) {
    if (action.status === 'done' || action.status === 'cancelled' || action.status === 'not_started') continue;
    const last = action.updates.map((update) => update.reported_on).filter((date) => date <= asOf).sort().at(-1) ?? null;
    if (last !== null && last >= quarterStart) continue;
    entry(action.pic.id)?.actions.push({ id: action.id, title: action.title, last_update: last });
  }
  return [...byPerson.values()].filter((item) => item.indicators.length + item.actions.length > 0).sort((a, b) => a.person.name.localeCompare(b.person.name));
}
