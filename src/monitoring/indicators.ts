import type { Db } from '../db/connection';
import * as actionsDb from '../db/actions';
import * as monitoringDb from '../db/monitoring';
import * as objectivesDb from '../db/objectives';
import * as plansDb from '../db/plans';
import type { IndicatorRow, PlanRow } from '../db/types';
import type { AuditDetails } from '../audit/log';
import { ForbiddenError, NotFoundError, parseInput, refuse } from '../errors';
import {
  IndicatorInputSchema,
  MonitoringSettingsSchema,
  PeriodValuesSchema,
  RealisationInputSchema,
  ReopenInputSchema,
  WeightsInputSchema,
} from '../plan/schemas';
import { auditPlan, getPlan, perspectiveOrder, planInstrument } from '../plan/service';
import { weightsProblem } from './achievement';
import { skmElementKeys } from '../skm/rounds';
import { closingQuarter, parsePeriod, periodKindOf, type Period } from './periods';

/**
 * Indicator measurement: an indicator's definition, its period targets, realisations, the weights
 * of each level, the plan's measurement settings and closed periods. Every change is validated
 * here, written in one transaction and recorded in the audit log (old → new for values).
 */

export const MAX_INDICATORS_ADVISED = 3;

const COMPUTED_FROM = { survey: 'the survey', absorption: 'the budget', skm: 'the satisfaction survey (SKM)' } as const;

export function getIndicator(db: Db, planId: number, indicatorId: number): IndicatorRow {
  const row = objectivesDb.listIndicators(db, planId).find((item) => item.id === indicatorId);
  if (!row) throw new NotFoundError(`No indicator ${indicatorId} in plan ${planId}`);
  return row;
}

function checkIndicator(db: Db, planId: number, objectiveId: number, input: unknown, message: string, indicatorId: number | null): objectivesDb.IndicatorFields {
  const value = parseInput(IndicatorInputSchema, input, message);
  const objective = objectivesDb.listObjectives(db, planId).find((row) => row.id === objectiveId);
  if (!objective) throw new NotFoundError(`No objective ${objectiveId} in plan ${planId}`);
  if (value.pic_id !== null && !actionsDb.findPerson(db, value.pic_id)) refuse(message, 'pic_id', `person ${value.pic_id} is not in the directory of people; add them there first`, value.pic_id);
  const siblings = objectivesDb.listIndicators(db, planId).filter((row) => row.objective_id === objectiveId && row.id !== indicatorId);
  if (value.code && objectivesDb.listIndicators(db, planId).some((row) => row.id !== indicatorId && row.code.toLowerCase() === value.code.toLowerCase())) {
    refuse(message, 'code', `another indicator of this plan is already ${value.code}`, value.code);
  }
  let sourceCode = value.source_code;
  if (value.source === 'survey') {
    const perspectives = planInstrument(db, planId).definition.perspectives;
    const codes = value.source_level === 'perspective' ? perspectives.map((item) => item.code) : perspectives.flatMap((item) => item.dimensions.map((dimension) => dimension.code));
    sourceCode = codes.find((code) => code.toLowerCase() === (value.source_code ?? '').toLowerCase()) ?? null;
    if (sourceCode === null) refuse(message, 'source_code', `no ${value.source_level} "${value.source_code}" in the plan's instrument; use ${codes.join(', ')}`, value.source_code);
  }
  if (value.source === 'skm' && sourceCode !== null) {
    // An element of the satisfaction survey by its key (the instrument's or one a round added).
    const keys = skmElementKeys(db);
    sourceCode = keys.find((key) => key.toLowerCase() === (value.source_code ?? '').toLowerCase()) ?? null;
    if (sourceCode === null) refuse(message, 'source_code', `no element "${value.source_code}" in the satisfaction survey; leave it blank for the index (IKM) or use ${keys.join(', ')}`, value.source_code);
  }
  if (value.source === 'absorption' && sourceCode !== null && !monitoringDb.findSpendingType(db, sourceCode)) {
    refuse(message, 'source_code', `no spending type ${sourceCode}; use ${monitoringDb.listSpendingTypes(db).map((type) => type.code).join(', ')} or leave it blank for the whole budget`, sourceCode);
  }
  // A weight given must keep the objective's weights whole: all blank, or all set summing to 100.
  const weights = [...siblings.map((row) => row.weight), value.weight];
  if (value.weight !== null && weightsProblem(weights) !== null && !(siblings.length === 0 && value.weight === 100)) {
    refuse(message, 'weight', `the weights of ${objective.code}'s indicators would sum to ${sumOf(weights)} %, not 100 %: set them together on the weights form`, value.weight);
  }
  return { ...value, source_code: sourceCode, weight: value.weight };
}

function sumOf(weights: readonly (number | null)[]): string {
  return String(Math.round(weights.reduce<number>((total, weight) => total + (weight ?? 0), 0) * 100) / 100);
}

export function addIndicator(db: Db, planId: number, objectiveId: number, input: unknown, now: Date, actor: string): number {
  return db.transaction(() => {
    const fields = checkIndicator(db, planId, objectiveId, input, 'The indicator was not saved', null);
    const siblings = objectivesDb.listIndicators(db, planId).filter((row) => row.objective_id === objectiveId);
    // Weights set on the others and none given: the new indicator cannot make them whole, so the level goes back to equal weights (said in the audit log).
    const reset = fields.weight === null && siblings.some((row) => row.weight !== null);
    if (reset) for (const row of siblings) objectivesDb.setIndicatorWeight(db, row.id, null);
    const id = objectivesDb.insertIndicator(db, { ...fields, objective_id: objectiveId, position: siblings.length + 1, created_at: now.toISOString() });
    auditPlan(db, actor, 'plan.add', planId, { element: 'indicator', id, objective: objectiveId, code: fields.code, ...(reset ? { weights: 'reset to equal' } : {}) }, now);
    return id;
  })();
}

export function updateIndicator(db: Db, planId: number, indicatorId: number, input: unknown, now: Date, actor: string): void {
  db.transaction(() => {
    const row = getIndicator(db, planId, indicatorId);
    // A field not sent keeps its value (the API may send only what changes; a form sends every field).
    const given = Object.fromEntries(Object.entries(input && typeof input === 'object' ? (input as Record<string, unknown>) : {}).filter(([, value]) => value !== undefined));
    const fields = checkIndicator(db, planId, row.objective_id, { ...row, ...given }, 'The indicator was not saved', indicatorId);
    // The weight is kept unless one is given: it is changed with its level's other weights.
    fields.weight ??= row.weight;
    if (fields.frequency !== row.frequency) {
      const recorded = monitoringDb.listRealisations(db, planId).some((item) => item.indicator_id === indicatorId) || monitoringDb.listIndicatorTargets(db, planId).some((item) => item.indicator_id === indicatorId);
      if (recorded) refuse('The indicator was not saved', 'frequency', `${row.code || row.name} already has targets or realisations per ${row.frequency} period: remove them before it is reported ${fields.frequency}`, fields.frequency);
    }
    const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((key) => row[key] !== fields[key]);
    if (changed.length === 0) return;
    const judging = changed.filter((key) => (JUDGING_FIELDS as readonly string[]).includes(key));
    const frozen = frozenPeriods(db, planId, indicatorId);
    if (judging.length > 0 && frozen.length > 0) {
      refuse('The indicator was not saved', judging[0], `${row.code || row.name} has figures in closed ${frozen.join(', ')}: the ${judging.join(', ')} that judge them stay as they were until an administrator reopens the quarter`, String(fields[judging[0]] ?? ''));
    }
    objectivesDb.updateIndicator(db, indicatorId, fields);
    auditPlan(db, actor, 'kpi.indicator', planId, { indicator: indicatorId, code: fields.code, changed: Object.fromEntries(changed.map((key) => [key, { old: row[key], new: fields[key] }])) as AuditDetails }, now);
  })();
}

/** What a realisation is judged by: changing one of these would rewrite a closed quarter's achievement. */
const JUDGING_FIELDS = ['target', 'polarity', 'lower_bound', 'upper_bound', 'consolidation', 'source', 'source_level', 'source_code', 'source_measure'] as const;

/** The closed quarters in which the indicator has a realisation or a period target. */
export function frozenPeriods(db: Db, planId: number, indicatorId: number): string[] {
  const closed = new Set(monitoringDb.listPeriodClosures(db, planId).map((row) => row.period));
  const periods = [
    ...monitoringDb.listRealisations(db, planId).filter((row) => row.indicator_id === indicatorId).map((row) => row.period),
    ...monitoringDb.listIndicatorTargets(db, planId).filter((row) => row.indicator_id === indicatorId).map((row) => row.period),
  ];
  const quarters = new Set<string>();
  for (const code of periods) {
    const period = parsePeriod(code);
    if (period && closed.has(closingQuarter(period))) quarters.add(closingQuarter(period));
  }
  return [...quarters].sort();
}

/**
 * Before an indicator (or its objective) is removed: refused while a closed quarter holds its
 * figures; otherwise its realisations and targets go into the audit details, and the other
 * indicators of its objective go back to equal weights when the removal would leave theirs short of 100 %.
 */
export function beforeIndicatorRemoval(db: Db, planId: number, indicatorId: number): AuditDetails {
  const row = getIndicator(db, planId, indicatorId);
  const frozen = frozenPeriods(db, planId, indicatorId);
  if (frozen.length > 0) refuse('The indicator was not removed', 'id', `${row.code || row.name} has figures in closed ${frozen.join(', ')}: an administrator reopens the quarter before it is removed`, row.code || row.name);
  const siblings = objectivesDb.listIndicators(db, planId).filter((item) => item.objective_id === row.objective_id && item.id !== indicatorId);
  const reset = row.weight !== null && siblings.some((item) => item.weight !== null);
  if (reset) for (const item of siblings) objectivesDb.setIndicatorWeight(db, item.id, null);
  return {
    code: row.code,
    name: row.name,
    realisations: Object.fromEntries(monitoringDb.listRealisations(db, planId).filter((item) => item.indicator_id === indicatorId).map((item) => [item.period, item.value])),
    targets: Object.fromEntries(monitoringDb.listIndicatorTargets(db, planId).filter((item) => item.indicator_id === indicatorId).map((item) => [item.period, item.target])),
    ...(reset ? { weights: 'reset to equal' } : {}),
  };
}

/** Reads a period of the indicator's frequency within the plan's years, or refuses it. */
export function indicatorPeriod(plan: PlanRow, indicator: IndicatorRow, text: string, message: string, field = 'period'): Period {
  const period = parsePeriod(text);
  const kind = periodKindOf(indicator.frequency);
  const example = { month: '2027-03', quarter: '2027-Q1', semester: '2027-S1', year: '2027' }[kind].replace('2027', String(plan.start_year));
  if (!period) refuse(message, field, `not a period: write it like ${example}`, text);
  if (period.kind !== kind) refuse(message, field, `${indicator.code || indicator.name} is reported ${indicator.frequency}: write the period like ${example}`, text);
  if (period.year < plan.start_year || period.year > plan.end_year) refuse(message, field, `the plan runs ${plan.start_year}–${plan.end_year}`, text);
  return period;
}

function refuseClosed(db: Db, plan: PlanRow, period: Period, message: string, field: string): void {
  const quarter = closingQuarter(period);
  if (monitoringDb.listPeriodClosures(db, plan.id).some((row) => row.period === quarter)) {
    refuse(message, field, `${quarter} is closed: an administrator reopens it (with a reason) before its figures change`, period.code);
  }
}

export function setIndicatorTargets(db: Db, planId: number, indicatorId: number, input: unknown, now: Date, actor: string): void {
  const values = parseInput(PeriodValuesSchema, input, 'The targets were not saved');
  db.transaction(() => {
    const plan = getPlan(db, planId);
    const indicator = getIndicator(db, planId, indicatorId);
    const old = new Map(monitoringDb.listIndicatorTargets(db, planId).filter((row) => row.indicator_id === indicatorId).map((row) => [row.period, row.target]));
    const changes: Record<string, { old: number | null; new: number | null }> = {};
    for (const [text, target] of Object.entries(values)) {
      const period = indicatorPeriod(plan, indicator, text, 'The targets were not saved', text);
      if (target === 0 && indicator.polarity !== 'range') refuse('The targets were not saved', text, 'a target of 0 cannot be divided by', 0);
      if ((old.get(period.code) ?? null) === target) continue;
      refuseClosed(db, plan, period, 'The targets were not saved', text);
      monitoringDb.setIndicatorTarget(db, indicatorId, period.code, target);
      changes[period.code] = { old: old.get(period.code) ?? null, new: target };
    }
    if (Object.keys(changes).length > 0) auditPlan(db, actor, 'kpi.target', planId, { indicator: indicatorId, code: indicator.code, targets: changes }, now);
  })();
}

/**
 * Records (or with a blank value removes) the realisation of one period. A computed indicator has
 * none to type in; a closed quarter's periods are frozen. `ownPersonId` limits a contributor to the indicators they are in charge of.
 */
export function recordRealisation(db: Db, planId: number, indicatorId: number, input: unknown, now: Date, actor: string, options: { ownPersonId?: number | null } = {}): void {
  const value = parseInput(RealisationInputSchema, input, 'The realisation was not saved');
  db.transaction(() => {
    const plan = getPlan(db, planId);
    const indicator = getIndicator(db, planId, indicatorId);
    if (options.ownPersonId !== undefined && (options.ownPersonId === null || indicator.pic_id !== options.ownPersonId)) {
      throw new ForbiddenError('Only the person in charge of this indicator may report its realisation');
    }
    if (indicator.source !== 'entered') refuse('The realisation was not saved', 'value', `${indicator.code || indicator.name} is computed from ${COMPUTED_FROM[indicator.source]}: its realisation is not typed in`);
    const period = indicatorPeriod(plan, indicator, value.period, 'The realisation was not saved');
    refuseClosed(db, plan, period, 'The realisation was not saved', 'period');
    const old = monitoringDb.findRealisation(db, indicatorId, period.code);
    if (value.value === null) {
      if (!old) return;
      monitoringDb.deleteRealisation(db, indicatorId, period.code);
    } else {
      if (old && old.value === value.value && old.note === value.note) return;
      monitoringDb.upsertRealisation(db, { indicator_id: indicatorId, period: period.code, value: value.value, note: value.note, recorded_by: actor, recorded_at: now.toISOString() });
    }
    const note: AuditDetails = (old?.note ?? '') === value.note ? {} : { note: { old: old?.note ?? null, new: value.value === null ? null : value.note } };
    auditPlan(db, actor, 'kpi.realisation', planId, { indicator: indicatorId, code: indicator.code, period: period.code, old: old?.value ?? null, new: value.value, ...note }, now);
  })();
}

export type WeightLevel = 'indicators' | 'objectives' | 'perspectives';

/**
 * Sets the weights of one level at once: the indicators of an objective, the objectives of a
 * perspective, or the perspectives of the plan. All blank = equal; otherwise every one is given and
 * they sum to 100 %, or nothing is saved and the level is named.
 */
export function setWeights(db: Db, planId: number, level: WeightLevel, scope: number | string | null, input: unknown, now: Date, actor: string): void {
  const given = input && typeof input === 'object' ? Object.keys(input) : [];
  const values = parseInput(WeightsInputSchema, input, 'The weights were not saved');
  db.transaction(() => {
    const plan = getPlan(db, planId);
    let items: { key: string; label: string }[];
    let levelName: string;
    if (level === 'indicators') {
      const objective = objectivesDb.listObjectives(db, planId).find((row) => row.id === Number(scope));
      if (!objective) throw new NotFoundError(`No objective ${String(scope)} in plan ${planId}`);
      items = objectivesDb.listIndicators(db, planId).filter((row) => row.objective_id === objective.id).map((row) => ({ key: String(row.id), label: row.code || row.name }));
      levelName = `the indicators of ${objective.code}`;
    } else if (level === 'objectives') {
      const perspective = perspectiveOrder(plan).find((code) => code === scope);
      if (!perspective) throw new NotFoundError(`No perspective ${String(scope)} in plan ${planId}`);
      items = objectivesDb.listObjectives(db, planId).filter((row) => row.perspective_code === perspective).map((row) => ({ key: String(row.id), label: row.code }));
      levelName = `the objectives of perspective ${perspective}`;
    } else {
      items = perspectiveOrder(plan).map((code) => ({ key: code, label: code }));
      levelName = 'the perspectives';
    }
    // The keys as sent: a record schema drops some (__proto__) that must be refused, not ignored.
    for (const key of new Set([...given, ...Object.keys(values)])) if (!items.some((item) => item.key === key)) refuse('The weights were not saved', key, `not one of ${levelName}`, key);
    const weights = items.map((item) => values[item.key] ?? null);
    const problem = weightsProblem(weights);
    if (problem === 'partial') {
      const missing = items.filter((_, position) => weights[position] === null).map((item) => item.label);
      refuse('The weights were not saved', items[weights.findIndex((weight) => weight === null)].key, `give every one of ${levelName} a weight (missing: ${missing.join(', ')}), or leave all blank for equal weights`);
    }
    if (problem === 'sum') refuse('The weights were not saved', items[0].key, `the weights of ${levelName} sum to ${sumOf(weights)} %, not 100 %`, sumOf(weights));
    if (level === 'indicators') for (const [position, item] of items.entries()) objectivesDb.setIndicatorWeight(db, Number(item.key), weights[position]);
    else if (level === 'objectives') for (const [position, item] of items.entries()) objectivesDb.setObjectiveWeight(db, Number(item.key), weights[position]);
    else plansDb.setPerspectiveWeights(db, planId, weights.every((weight) => weight === null) ? null : JSON.stringify(Object.fromEntries(items.map((item, position) => [item.key, weights[position]]))));
    auditPlan(db, actor, 'kpi.weights', planId, { level, scope: scope === null ? null : String(scope), weights: Object.fromEntries(items.map((item, position) => [item.label, weights[position]])) as AuditDetails }, now);
  })();
}

export function updateMonitoringSettings(db: Db, planId: number, input: unknown, now: Date, actor: string): void {
  const value = parseInput(MonitoringSettingsSchema, input, 'The settings were not saved');
  db.transaction(() => {
    const plan = getPlan(db, planId);
    plansDb.setMonitoringSettings(db, planId, value);
    auditPlan(db, actor, 'kpi.settings', planId, { old: { index_cap: plan.index_cap, red_below: plan.red_below, green_from: plan.green_from }, new: value }, now);
  })();
}

function quarterOf(plan: PlanRow, text: string, message: string): Period {
  const period = parsePeriod(text);
  if (!period || period.kind !== 'quarter') refuse(message, 'period', `a quarter such as ${plan.start_year}-Q1 is closed and reopened`, text);
  if (period.year < plan.start_year || period.year > plan.end_year) refuse(message, 'period', `the plan runs ${plan.start_year}–${plan.end_year}`, text);
  return period;
}

/** Closes a quarter once reported: its realisations and budget months are frozen. */
export function closePeriod(db: Db, planId: number, text: string, now: Date, actor: string): void {
  db.transaction(() => {
    const plan = getPlan(db, planId);
    const quarter = quarterOf(plan, text, 'The period was not closed');
    if (monitoringDb.listPeriodClosures(db, planId).some((row) => row.period === quarter.code)) refuse('The period was not closed', 'period', `${quarter.code} is already closed`, quarter.code);
    monitoringDb.insertPeriodClosure(db, { plan_id: planId, period: quarter.code, closed_by: actor, closed_at: now.toISOString() });
    auditPlan(db, actor, 'period.close', planId, { period: quarter.code }, now);
  })();
}

/** Reopens a closed quarter (administrators only, checked by the caller), with the reason in the audit log. */
export function reopenPeriod(db: Db, planId: number, text: string, input: unknown, now: Date, actor: string): void {
  const value = parseInput(ReopenInputSchema, input, 'The period was not reopened');
  db.transaction(() => {
    const plan = getPlan(db, planId);
    const quarter = quarterOf(plan, text, 'The period was not reopened');
    if (!monitoringDb.deletePeriodClosure(db, planId, quarter.code)) refuse('The period was not reopened', 'period', `${quarter.code} is not closed`, quarter.code);
    auditPlan(db, actor, 'period.reopen', planId, { period: quarter.code, reason: value.reason }, now);
  })();
}
