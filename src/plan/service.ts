import { recordAudit, type AuditAction, type AuditDetails } from '../audit/log';
import type { Db } from '../db/connection';
import * as actionsDb from '../db/actions';
import * as monitoringDb from '../db/monitoring';
import * as objectivesDb from '../db/objectives';
import * as plansDb from '../db/plans';
import { listRoster } from '../db/roster';
import { findRound } from '../db/rounds';
import { findUserById } from '../db/users';
import type { ActionRow, PlanRow, SwotEntryRow } from '../db/types';
import { ForbiddenError, NotFoundError, parseInput, refuse } from '../errors';
import { DEFAULT_INSTRUMENT_CODE, getInstrument, getInstrumentById, type LoadedInstrument } from '../survey/instruments';
import {
  ActionInputSchema,
  AspirationInputSchema,
  CancelInputSchema,
  LinkInputSchema,
  MilestoneInputSchema,
  ObjectiveInputSchema,
  OptionInputSchema,
  PersonInputSchema,
  PlanInputSchema,
  PlanSettingsSchema,
  PlanTextsSchema,
  ProgressInputSchema,
  SwotInputSchema,
  type Quadrant,
  type SwotKind,
} from './schemas';
import { closesCycle } from './status';
import * as monitoringIndicators from '../monitoring/indicators';

/**
 * The plan's domain rules: every change is validated here (whatever sent it: a page, the API, the
 * command line or an import), written in one transaction and recorded in the audit log.
 */

/** Records a change of a plan in the audit log and marks the plan as changed. */
export function auditPlan(db: Db, actor: string, action: AuditAction, planId: number, details: AuditDetails, now: Date): void {
  recordAudit(db, { actor, action, details: { plan: planId, ...details } }, now);
  plansDb.touchPlan(db, planId, now.toISOString());
}

export function getPlan(db: Db, planId: number): PlanRow {
  const plan = plansDb.findPlan(db, planId);
  if (!plan) throw new NotFoundError(`No plan ${planId}`);
  return plan;
}

/** Public-sector BSC order (Niven): stakeholders/customers on top, learning & growth at the bottom. */
const PUBLIC_SECTOR_ORDER = ['CUS', 'FIN', 'IBP', 'LG'];

export function defaultPerspectiveOrder(instrument: LoadedInstrument): string[] {
  const codes = instrument.definition.perspectives.map((perspective) => perspective.code);
  const rank = (code: string) => {
    const index = PUBLIC_SECTOR_ORDER.indexOf(code.toUpperCase());
    return index === -1 ? PUBLIC_SECTOR_ORDER.length : index;
  };
  return [...codes].sort((a, b) => rank(a) - rank(b));
}

/** The instrument whose perspectives and dimensions the plan uses: its baseline round's, or the default one. */
export function planInstrument(db: Db, planId: number): LoadedInstrument {
  const baseline = plansDb.listPlanRounds(db, planId).find((link) => link.purpose === 'baseline');
  const round = baseline ? findRound(db, baseline.round_id) : undefined;
  return round ? getInstrumentById(db, round.instrument_id) : getInstrument(db, DEFAULT_INSTRUMENT_CODE);
}

export function baselineRoundId(db: Db, planId: number): number | null {
  return plansDb.listPlanRounds(db, planId).find((link) => link.purpose === 'baseline')?.round_id ?? null;
}

export function perspectiveOrder(plan: PlanRow): string[] {
  return JSON.parse(plan.perspective_order) as string[];
}

export function createPlan(db: Db, input: unknown, now: Date, actor: string): number {
  const value = parseInput(PlanInputSchema, input, 'The plan could not be created');
  return db.transaction(() => {
    let instrument = getInstrument(db, DEFAULT_INSTRUMENT_CODE);
    if (value.baseline_round !== undefined) {
      const round = findRound(db, value.baseline_round);
      if (!round) refuse('The plan could not be created', 'baseline_round', `no round ${value.baseline_round}`, value.baseline_round);
      instrument = getInstrumentById(db, round.instrument_id);
    }
    if (plansDb.findPlanByPeriod(db, value.organisation, value.start_year, value.end_year)) {
      refuse('The plan could not be created', 'start_year', `${value.organisation || 'this organisation'} already has a plan for ${periodLabel(value.start_year, value.end_year)}`);
    }
    const id = plansDb.insertPlan(db, {
      name: value.name,
      organisation: value.organisation,
      start_year: value.start_year,
      end_year: value.end_year,
      perspective_order: JSON.stringify(defaultPerspectiveOrder(instrument)),
      created_at: now.toISOString(),
    });
    if (value.baseline_round !== undefined) plansDb.insertPlanRound(db, { plan_id: id, round_id: value.baseline_round, purpose: 'baseline' });
    recordAudit(db, { actor, action: 'plan.create', roundId: value.baseline_round ?? null, details: { plan: id, name: value.name, period: periodLabel(value.start_year, value.end_year) } }, now);
    return id;
  })();
}

export function periodLabel(startYear: number, endYear: number): string {
  return startYear === endYear ? String(startYear) : `${startYear}–${endYear}`;
}

export function updatePlanTexts(db: Db, planId: number, input: unknown, now: Date, actor: string): void {
  const value = parseInput(PlanTextsSchema, input, 'The plan was not saved');
  db.transaction(() => {
    const plan = getPlan(db, planId);
    const changed = (Object.keys(value) as (keyof typeof value)[]).filter((key) => plan[key] !== value[key]);
    plansDb.updatePlanFields(db, planId, value, now.toISOString());
    recordAudit(db, { actor, action: 'plan.update', details: { plan: planId, fields: changed } }, now);
  })();
}

export function updatePlanHeader(db: Db, planId: number, input: unknown, now: Date, actor: string): void {
  const value = parseInput(PlanInputSchema, input, 'The plan was not saved');
  db.transaction(() => {
    const plan = getPlan(db, planId);
    const other = plansDb.findPlanByPeriod(db, value.organisation, value.start_year, value.end_year);
    if (other && other.id !== planId) refuse('The plan was not saved', 'start_year', `${value.organisation || 'this organisation'} already has a plan for ${periodLabel(value.start_year, value.end_year)}`);
    plansDb.updatePlanFields(db, planId, { name: value.name, organisation: value.organisation, start_year: value.start_year, end_year: value.end_year }, now.toISOString());
    recordAudit(db, { actor, action: 'plan.update', details: { plan: planId, name: { from: plan.name, to: value.name }, period: { from: periodLabel(plan.start_year, plan.end_year), to: periodLabel(value.start_year, value.end_year) } } }, now);
  })();
}

export function updatePlanSettings(db: Db, planId: number, input: unknown, now: Date, actor: string): void {
  const value = parseInput(PlanSettingsSchema, input, 'The settings were not saved');
  db.transaction(() => {
    const plan = getPlan(db, planId);
    const known = planInstrument(db, planId).definition.perspectives.map((perspective) => perspective.code);
    const order = value.perspective_order;
    if (order.length !== known.length || new Set(order).size !== order.length || order.some((code) => !known.includes(code))) {
      refuse('The settings were not saved', 'perspective_order', `list each perspective once: ${known.join(', ')}`, order.join(', '));
    }
    plansDb.updatePlanFields(db, planId, { perspective_order: JSON.stringify(order), behind_margin: value.behind_margin, load_limit: value.load_limit }, now.toISOString());
    recordAudit(
      db,
      {
        actor,
        action: 'plan.update',
        details: {
          plan: planId,
          perspective_order: { from: perspectiveOrder(plan).join(', '), to: order.join(', ') },
          behind_margin: { from: plan.behind_margin, to: value.behind_margin },
          load_limit: { from: plan.load_limit, to: value.load_limit },
        },
      },
      now,
    );
  })();
}

/** Links a later round for the evaluation; it must use the baseline's instrument so that the gaps compare. */
export function linkEvaluationRound(db: Db, planId: number, roundId: number, now: Date, actor: string): void {
  db.transaction(() => {
    getPlan(db, planId);
    const round = findRound(db, roundId);
    if (!round) refuse('The round was not linked', 'round', `no round ${roundId}`, roundId);
    const links = plansDb.listPlanRounds(db, planId);
    if (links.some((link) => link.round_id === roundId)) refuse('The round was not linked', 'round', `round ${roundId} is already linked to this plan`, roundId);
    const purpose = links.some((link) => link.purpose === 'baseline') ? 'evaluation' : 'baseline';
    if (purpose === 'evaluation') {
      const baseline = findRound(db, links.find((link) => link.purpose === 'baseline')!.round_id)!;
      if (baseline.instrument_id !== round.instrument_id) refuse('The round was not linked', 'round', `round ${roundId} uses another instrument than the baseline round ${baseline.id}`, roundId);
    } else {
      // A first round becomes the baseline; the perspective order follows its instrument when the plan has objectives on none yet.
      if (objectivesDb.listObjectives(db, planId).length > 0 && getInstrumentById(db, round.instrument_id).definition.code !== planInstrument(db, planId).definition.code) {
        refuse('The round was not linked', 'round', 'the plan already has objectives on another instrument\'s perspectives', roundId);
      }
      plansDb.updatePlanFields(db, planId, { perspective_order: JSON.stringify(defaultPerspectiveOrder(getInstrumentById(db, round.instrument_id))) }, now.toISOString());
    }
    plansDb.insertPlanRound(db, { plan_id: planId, round_id: roundId, purpose });
    recordAudit(db, { actor, action: 'plan.update', roundId, details: { plan: planId, linked_round: roundId, purpose } }, now);
  })();
}

export function unlinkRound(db: Db, planId: number, roundId: number, now: Date, actor: string): void {
  db.transaction(() => {
    getPlan(db, planId);
    const link = plansDb.listPlanRounds(db, planId).find((row) => row.round_id === roundId);
    if (!link) throw new NotFoundError(`Round ${roundId} is not linked to plan ${planId}`);
    if (link.purpose === 'baseline') refuse('The round was not unlinked', 'round', 'the baseline diagnosis stays linked; the plan\'s weaknesses and objectives cite it');
    plansDb.deletePlanRound(db, planId, roundId);
    recordAudit(db, { actor, action: 'plan.update', roundId, details: { plan: planId, unlinked_round: roundId } }, now);
  })();
}

// ——— Aspirations ———

export interface Theme {
  text: string;
  perspectives: string[];
}

/** "Digital services for the public [CUS, IBP]" per line → themes; codes are checked against the plan's perspectives. */
export function parseThemes(text: string, perspectives: readonly string[]): { themes: Theme[]; unknown: string[] } {
  const themes: Theme[] = [];
  const unknown: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const match = /^(.*?)\s*\[([^\]]*)\]\s*$/.exec(trimmed);
    const codes = match ? match[2].split(/[,;\s]+/).filter(Boolean) : [];
    const known: string[] = [];
    for (const code of codes) {
      const found = perspectives.find((perspective) => perspective.toLowerCase() === code.toLowerCase());
      if (found) {
        if (!known.includes(found)) known.push(found);
      } else unknown.push(code);
    }
    themes.push({ text: match ? match[1] : trimmed, perspectives: known });
  }
  return { themes, unknown };
}

function aspirationRow(db: Db, planId: number, input: unknown, message: string) {
  const value = parseInput(AspirationInputSchema, input, message);
  const order = perspectiveOrder(getPlan(db, planId));
  const { themes, unknown } = parseThemes(value.themes, order);
  if (unknown.length > 0) refuse(message, 'themes', `unknown perspective code(s) ${unknown.join(', ')}; use ${order.join(', ')}`, unknown.join(', '));
  return { interviewee: value.interviewee, position: value.position, interviewed_on: value.interviewed_on, notes: value.notes, themes: JSON.stringify(themes) };
}

export function addAspiration(db: Db, planId: number, input: unknown, now: Date, actor: string): number {
  return db.transaction(() => {
    const row = aspirationRow(db, planId, input, 'The interview was not saved');
    const id = plansDb.insertAspiration(db, { plan_id: planId, ...row, created_at: now.toISOString() });
    auditPlan(db, actor, 'plan.add', planId, { element: 'aspiration', id, interviewee: row.interviewee }, now);
    return id;
  })();
}

export function updateAspiration(db: Db, planId: number, aspirationId: number, input: unknown, now: Date, actor: string): void {
  db.transaction(() => {
    if (!plansDb.listAspirations(db, planId).some((row) => row.id === aspirationId)) throw new NotFoundError(`No interview ${aspirationId} in plan ${planId}`);
    const row = aspirationRow(db, planId, input, 'The interview was not saved');
    plansDb.updateAspiration(db, aspirationId, row);
    auditPlan(db, actor, 'plan.edit', planId, { element: 'aspiration', id: aspirationId }, now);
  })();
}

export type RemovableElement = 'aspiration' | 'swot' | 'option' | 'objective' | 'indicator' | 'link' | 'action' | 'milestone';

// ——— Situation analysis ———

export function addSwotEntry(db: Db, planId: number, input: unknown, now: Date, actor: string, dimensionCode: string | null = null): number {
  const value = parseInput(SwotInputSchema, input, 'The entry was not saved');
  return db.transaction(() => {
    getPlan(db, planId);
    if (dimensionCode !== null) {
      const known = planInstrument(db, planId).definition.perspectives.flatMap((perspective) => perspective.dimensions.map((dimension) => dimension.code));
      if (!known.includes(dimensionCode)) refuse('The entry was not saved', 'dimension_code', `no dimension "${dimensionCode}" in the plan's instrument`, dimensionCode);
      if (value.kind !== 'strength' && value.kind !== 'weakness') refuse('The entry was not saved', 'kind', 'a dimension of the diagnosis is a strength or a weakness', value.kind);
      if (plansDb.listSwotEntries(db, planId).some((entry) => entry.dimension_code === dimensionCode)) refuse('The entry was not saved', 'dimension_code', `dimension ${dimensionCode} is already in the situation analysis`, dimensionCode);
    }
    const position = plansDb.listSwotEntries(db, planId).filter((entry) => entry.kind === value.kind).length + 1;
    const id = plansDb.insertSwotEntry(db, { plan_id: planId, kind: value.kind, text: value.text, dimension_code: dimensionCode, position, created_at: now.toISOString() });
    auditPlan(db, actor, 'plan.add', planId, { element: 'swot', id, kind: value.kind, dimension: dimensionCode }, now);
    return id;
  })();
}

export function updateSwotEntry(db: Db, planId: number, entryId: number, input: unknown, now: Date, actor: string): void {
  db.transaction(() => {
    const entry = plansDb.listSwotEntries(db, planId).find((row) => row.id === entryId);
    if (!entry) throw new NotFoundError(`No entry ${entryId} in plan ${planId}`);
    const value = parseInput(SwotInputSchema, { ...(input as object), kind: entry.kind }, 'The entry was not saved');
    plansDb.updateSwotText(db, entryId, value.text);
    auditPlan(db, actor, 'plan.edit', planId, { element: 'swot', id: entryId }, now);
  })();
}

/** Which factors each TOWS quadrant combines. */
const QUADRANT_KINDS: Record<Quadrant, [SwotKind, SwotKind]> = {
  SO: ['strength', 'opportunity'],
  WO: ['weakness', 'opportunity'],
  ST: ['strength', 'threat'],
  WT: ['weakness', 'threat'],
};

function checkFactors(entries: readonly SwotEntryRow[], quadrant: Quadrant, factorIds: readonly number[], message: string): number[] {
  const allowed = QUADRANT_KINDS[quadrant];
  const ids = [...new Set(factorIds)];
  for (const id of ids) {
    const entry = entries.find((row) => row.id === id);
    if (!entry) refuse(message, 'factor_ids', `no entry ${id} in this plan's situation analysis`, id);
    if (!allowed.includes(entry.kind)) refuse(message, 'factor_ids', `a ${quadrant} strategy combines ${allowed[0]}s and ${allowed[1]}s, not a ${entry.kind} ("${entry.text}")`, id);
  }
  if (!ids.some((id) => entries.find((row) => row.id === id)?.kind === allowed[0])) {
    refuse(message, 'factor_ids', `a ${quadrant} strategy cites at least one ${allowed[0]} it uses`);
  }
  return ids;
}

export function addStrategyOption(db: Db, planId: number, input: unknown, now: Date, actor: string): number {
  const value = parseInput(OptionInputSchema, input, 'The strategy was not saved');
  return db.transaction(() => {
    getPlan(db, planId);
    const factorIds = checkFactors(plansDb.listSwotEntries(db, planId), value.quadrant, value.factor_ids, 'The strategy was not saved');
    const existing = plansDb.listStrategyOptions(db, planId);
    let number = existing.filter((option) => option.quadrant === value.quadrant).length + 1;
    while (existing.some((option) => option.code === `${value.quadrant}${number}`)) number += 1;
    const code = `${value.quadrant}${number}`;
    const id = plansDb.insertStrategyOption(db, { plan_id: planId, quadrant: value.quadrant, code, text: value.text, created_at: now.toISOString() });
    plansDb.replaceOptionFactors(db, id, factorIds);
    auditPlan(db, actor, 'plan.add', planId, { element: 'option', id, code, factors: factorIds }, now);
    return id;
  })();
}

export function updateStrategyOption(db: Db, planId: number, optionId: number, input: unknown, now: Date, actor: string): void {
  db.transaction(() => {
    const option = plansDb.listStrategyOptions(db, planId).find((row) => row.id === optionId);
    if (!option) throw new NotFoundError(`No strategy ${optionId} in plan ${planId}`);
    const value = parseInput(OptionInputSchema, { ...(input as object), quadrant: option.quadrant }, 'The strategy was not saved');
    const factorIds = checkFactors(plansDb.listSwotEntries(db, planId), option.quadrant, value.factor_ids, 'The strategy was not saved');
    plansDb.updateStrategyOption(db, optionId, value.text);
    plansDb.replaceOptionFactors(db, optionId, factorIds);
    auditPlan(db, actor, 'plan.edit', planId, { element: 'option', id: optionId, factors: factorIds }, now);
  })();
}

// ——— Objectives, links, indicators ———

interface ObjectiveFields {
  perspective_code: string;
  code: string;
  name: string;
  name_en: string;
  description: string;
  dimension_codes: string[];
  option_ids: number[];
}

function checkObjective(db: Db, planId: number, input: unknown, message: string, objectiveId: number | null): ObjectiveFields {
  const value = parseInput(ObjectiveInputSchema, input, message);
  const plan = getPlan(db, planId);
  const order = perspectiveOrder(plan);
  const perspective = order.find((code) => code.toLowerCase() === value.perspective_code.toLowerCase());
  if (!perspective) refuse(message, 'perspective_code', `no perspective "${value.perspective_code}"; use ${order.join(', ')}`, value.perspective_code);
  const dimensions = planInstrument(db, planId).definition.perspectives.flatMap((item) => item.dimensions.map((dimension) => dimension.code));
  const dimensionCodes = [...new Set(value.dimension_codes.map((code) => dimensions.find((known) => known.toLowerCase() === code.toLowerCase()) ?? code))];
  for (const code of dimensionCodes) if (!dimensions.includes(code)) refuse(message, 'dimension_codes', `no dimension "${code}" in the plan's instrument`, code);
  const options = plansDb.listStrategyOptions(db, planId);
  const optionIds = [...new Set(value.option_ids)];
  for (const id of optionIds) if (!options.some((option) => option.id === id)) refuse(message, 'option_ids', `no strategy ${id} in this plan`, id);
  const objectives = objectivesDb.listObjectives(db, planId);
  let code = value.code;
  if (!code) {
    let number = objectives.length + 1;
    while (objectives.some((objective) => objective.code.toLowerCase() === `ss${number}`)) number += 1;
    code = `SS${number}`;
  }
  if (objectives.some((objective) => objective.id !== objectiveId && objective.code.toLowerCase() === code.toLowerCase())) refuse(message, 'code', `another objective is already ${code}`, code);
  return { perspective_code: perspective, code, name: value.name, name_en: value.name_en, description: value.description, dimension_codes: dimensionCodes, option_ids: optionIds };
}

export function addObjective(db: Db, planId: number, input: unknown, now: Date, actor: string, starterKey: string | null = null): number {
  return db.transaction(() => {
    const fields = checkObjective(db, planId, input, 'The objective was not saved', null);
    const id = objectivesDb.insertObjective(db, {
      plan_id: planId,
      perspective_code: fields.perspective_code,
      code: fields.code,
      name: fields.name,
      name_en: fields.name_en,
      description: fields.description,
      position: objectivesDb.nextObjectivePosition(db, planId),
      starter_key: starterKey,
      created_at: now.toISOString(),
      weight: null,
    });
    objectivesDb.replaceObjectiveCitations(db, id, fields.dimension_codes, fields.option_ids);
    auditPlan(db, actor, 'plan.add', planId, { element: 'objective', id, code: fields.code, dimensions: fields.dimension_codes }, now);
    return id;
  })();
}

export function updateObjective(db: Db, planId: number, objectiveId: number, input: unknown, now: Date, actor: string): void {
  db.transaction(() => {
    if (!objectivesDb.listObjectives(db, planId).some((row) => row.id === objectiveId)) throw new NotFoundError(`No objective ${objectiveId} in plan ${planId}`);
    const fields = checkObjective(db, planId, input, 'The objective was not saved', objectiveId);
    objectivesDb.updateObjective(db, objectiveId, fields);
    objectivesDb.replaceObjectiveCitations(db, objectiveId, fields.dimension_codes, fields.option_ids);
    auditPlan(db, actor, 'plan.edit', planId, { element: 'objective', id: objectiveId, code: fields.code }, now);
  })();
}

export function addLink(db: Db, planId: number, input: unknown, now: Date, actor: string): void {
  const value = parseInput(LinkInputSchema, input, 'The link was not saved');
  db.transaction(() => {
    const objectives = objectivesDb.listObjectives(db, planId);
    const cause = objectives.find((row) => row.id === value.cause_id);
    const effect = objectives.find((row) => row.id === value.effect_id);
    if (!cause) refuse('The link was not saved', 'cause_id', `no objective ${value.cause_id} in this plan`, value.cause_id);
    if (!effect) refuse('The link was not saved', 'effect_id', `no objective ${value.effect_id} in this plan`, value.effect_id);
    if (cause.id === effect.id) refuse('The link was not saved', 'effect_id', 'an objective cannot cause itself', effect.code);
    const links = objectivesDb.listLinks(db, planId).map((link) => ({ cause: link.cause_id, effect: link.effect_id }));
    if (links.some((link) => link.cause === cause.id && link.effect === effect.id)) refuse('The link was not saved', 'effect_id', `${cause.code} → ${effect.code} is already on the map`, effect.code);
    if (closesCycle(links, cause.id, effect.id)) refuse('The link was not saved', 'effect_id', `${cause.code} → ${effect.code} would make a cycle: ${effect.code} already leads to ${cause.code}`, effect.code);
    objectivesDb.insertLink(db, cause.id, effect.id);
    auditPlan(db, actor, 'plan.add', planId, { element: 'link', cause: cause.code, effect: effect.code }, now);
  })();
}

export function removeLink(db: Db, planId: number, input: unknown, now: Date, actor: string): void {
  const value = parseInput(LinkInputSchema, input, 'The link was not removed');
  db.transaction(() => {
    const objectives = objectivesDb.listObjectives(db, planId);
    const cause = objectives.find((row) => row.id === value.cause_id);
    const effect = objectives.find((row) => row.id === value.effect_id);
    if (!cause || !effect || !objectivesDb.deleteLink(db, cause.id, effect.id)) throw new NotFoundError('No such link in this plan');
    auditPlan(db, actor, 'plan.remove', planId, { element: 'link', cause: cause.code, effect: effect.code }, now);
  })();
}

/** Indicators are measured in src/monitoring; adding one is part of drafting the plan. */
export function addIndicator(db: Db, planId: number, objectiveId: number, input: unknown, now: Date, actor: string): number {
  return monitoringIndicators.addIndicator(db, planId, objectiveId, input, now, actor);
}

// ——— People ———

export function addPerson(db: Db, input: unknown, now: Date, actor: string): number {
  const value = parseInput(PersonInputSchema, input, 'The person was not saved');
  return db.transaction(() => {
    if (value.nip && actionsDb.findPersonByNip(db, value.nip)) refuse('The person was not saved', 'nip', `NIP ${value.nip} is already in the directory`, value.nip);
    const id = actionsDb.insertPerson(db, { ...value, created_at: now.toISOString() });
    recordAudit(db, { actor, action: 'person.add', details: { person: id, name: value.name } }, now);
    return id;
  })();
}

export function updatePerson(db: Db, personId: number, input: unknown, now: Date, actor: string): void {
  const value = parseInput(PersonInputSchema, input, 'The person was not saved');
  db.transaction(() => {
    if (!actionsDb.findPerson(db, personId)) throw new NotFoundError(`No person ${personId}`);
    const other = value.nip ? actionsDb.findPersonByNip(db, value.nip) : undefined;
    if (other && other.id !== personId) refuse('The person was not saved', 'nip', `NIP ${value.nip} is already in the directory`, value.nip);
    actionsDb.updatePerson(db, personId, value);
    recordAudit(db, { actor, action: 'person.edit', details: { person: personId, name: value.name } }, now);
  })();
}

/**
 * Adds the round's roster to the directory: names, units and e-mail addresses (the roster's
 * employee number is taken as the NIP when it has the NIP's 18 digits). Someone already in the
 * directory (same NIP, or same name and unit) is not added twice. Nothing about answers is read.
 */
export function importPeopleFromRoster(db: Db, roundId: number, now: Date, actor: string): { added: number; skipped: number } {
  return db.transaction(() => {
    if (!findRound(db, roundId)) throw new NotFoundError(`No round ${roundId}`);
    // Names, units and contacts only: the entry's status (who has answered) is never copied.
    const roster = listRoster(db, roundId);
    const people = actionsDb.listPeople(db);
    const seen = new Set(people.map((person) => `${person.name.toLowerCase()}\u0000${person.unit.toLowerCase()}`));
    const nips = new Set(people.map((person) => person.nip).filter(Boolean));
    let added = 0;
    for (const entry of roster) {
      const nip = entry.employee_no && /^\d{18}$/.test(entry.employee_no.replace(/\s+/g, '')) ? entry.employee_no.replace(/\s+/g, '') : null;
      const key = `${entry.name.toLowerCase()}\u0000${entry.unit.toLowerCase()}`;
      if ((nip && nips.has(nip)) || seen.has(key)) continue;
      actionsDb.insertPerson(db, { name: entry.name, position: '', unit: entry.unit, nip, email: entry.email, created_at: now.toISOString() });
      seen.add(key);
      if (nip) nips.add(nip);
      added += 1;
    }
    recordAudit(db, { actor, action: 'person.add', roundId, details: { from_roster: roundId, added, skipped: roster.length - added } }, now);
    return { added, skipped: roster.length - added };
  })();
}

/** Links a contributor account to the person whose actions it may update (administrators only, checked by the route). */
export function linkPersonToUser(db: Db, personId: number, userId: number | null, now: Date, actor: string): void {
  db.transaction(() => {
    if (!actionsDb.findPerson(db, personId)) throw new NotFoundError(`No person ${personId}`);
    if (userId !== null) {
      const holder = actionsDb.findPersonByUser(db, userId);
      if (holder && holder.id !== personId) refuse('The account was not linked', 'user_id', `the account is already linked to ${holder.name}`, userId);
      if (!findUserById(db, userId)) refuse('The account was not linked', 'user_id', `no account ${userId}`, userId);
    }
    actionsDb.setPersonUser(db, personId, userId);
    recordAudit(db, { actor, action: 'person.edit', details: { person: personId, user: userId } }, now);
  })();
}

// ——— Actions ———

function quarterBits(quarters: readonly number[]): number {
  return quarters.reduce((bits, quarter) => bits | (1 << (quarter - 1)), 0);
}

export function quarterList(bits: number): number[] {
  return [1, 2, 3, 4].filter((quarter) => bits & (1 << (quarter - 1)));
}

function checkAction(db: Db, planId: number, input: unknown, message: string): actionsDb.ActionFields & { member_ids: number[] } {
  const value = parseInput(ActionInputSchema, input, message);
  const plan = getPlan(db, planId);
  if (!objectivesDb.listObjectives(db, planId).some((row) => row.id === value.objective_id)) refuse(message, 'objective_id', `no objective ${value.objective_id} in this plan`, value.objective_id);
  if (!actionsDb.findPerson(db, value.pic_id)) refuse(message, 'pic_id', `person ${value.pic_id} is not in the directory of people; add them there first`, value.pic_id);
  const members = [...new Set(value.member_ids)].filter((id) => id !== value.pic_id);
  for (const id of members) if (!actionsDb.findPerson(db, id)) refuse(message, 'member_ids', `person ${id} is not in the directory of people`, id);
  const firstDay = `${plan.start_year}-01-01`;
  const lastDay = `${plan.end_year}-12-31`;
  if (value.spending_type !== null && !monitoringDb.findSpendingType(db, value.spending_type)) {
    refuse(message, 'spending_type', `no spending type ${value.spending_type}; use ${monitoringDb.listSpendingTypes(db).map((type) => type.code).join(', ')}`, value.spending_type);
  }
  if (value.horizon === 'short_term' && (value.starts_on < firstDay || value.ends_on > lastDay)) {
    refuse(message, 'ends_on', `a short-term action runs within the plan period (${firstDay} to ${lastDay}); a longer one is continuous`, value.ends_on);
  }
  return {
    objective_id: value.objective_id,
    title: value.title,
    description: value.description,
    target_indicator: value.target_indicator,
    target_value: value.target_value,
    target_unit: value.target_unit,
    due_on: value.due_on,
    pic_id: value.pic_id,
    horizon: value.horizon,
    starts_on: value.starts_on,
    ends_on: value.ends_on,
    quarters: quarterBits(value.quarters),
    budget: value.budget,
    budget_code: value.budget_code,
    spending_type: value.spending_type,
    member_ids: members,
  };
}

export function addAction(db: Db, planId: number, input: unknown, now: Date, actor: string): number {
  return db.transaction(() => {
    const { member_ids: members, ...fields } = checkAction(db, planId, input, 'The action was not saved');
    const id = actionsDb.insertAction(db, { ...fields, created_at: now.toISOString() });
    actionsDb.replaceActionMembers(db, id, members);
    auditPlan(db, actor, 'plan.add', planId, { element: 'action', id, title: fields.title, pic: fields.pic_id }, now);
    return id;
  })();
}

export function getAction(db: Db, planId: number, actionId: number): ActionRow & { plan_id: number } {
  const action = actionsDb.findAction(db, actionId);
  if (!action || action.plan_id !== planId) throw new NotFoundError(`No action ${actionId} in plan ${planId}`);
  return action;
}

export function updateAction(db: Db, planId: number, actionId: number, input: unknown, now: Date, actor: string): void {
  db.transaction(() => {
    const before = getAction(db, planId, actionId);
    const { member_ids: members, ...fields } = checkAction(db, planId, input, 'The action was not saved');
    actionsDb.updateAction(db, actionId, fields);
    actionsDb.replaceActionMembers(db, actionId, members);
    const changes: AuditDetails = {};
    for (const key of Object.keys(fields) as (keyof typeof fields)[]) {
      if (before[key] !== fields[key]) changes[key] = { from: before[key], to: fields[key] };
    }
    auditPlan(db, actor, 'plan.edit', planId, { element: 'action', id: actionId, changes }, now);
  })();
}

export function cancelAction(db: Db, planId: number, actionId: number, input: unknown, now: Date, actor: string): void {
  const value = parseInput(CancelInputSchema, input, 'The action was not cancelled');
  db.transaction(() => {
    const action = getAction(db, planId, actionId);
    if (action.cancelled_on !== null) refuse('The action was not cancelled', 'reason', `already cancelled on ${action.cancelled_on}`);
    actionsDb.setActionCancelled(db, actionId, value.cancelled_on, value.reason);
    auditPlan(db, actor, 'action.cancel', planId, { action: actionId, on: value.cancelled_on, reason: value.reason }, now);
  })();
}

export function resumeAction(db: Db, planId: number, actionId: number, now: Date, actor: string): void {
  db.transaction(() => {
    const action = getAction(db, planId, actionId);
    if (action.cancelled_on === null) refuse('The action was not resumed', 'reason', 'the action is not cancelled');
    actionsDb.setActionCancelled(db, actionId, null, null);
    auditPlan(db, actor, 'action.cancel', planId, { action: actionId, resumed: true, reason: { from: action.cancel_reason, to: null } }, now);
  })();
}

export function addMilestone(db: Db, planId: number, actionId: number, input: unknown, now: Date, actor: string): number {
  const value = parseInput(MilestoneInputSchema, input, 'The milestone was not saved');
  return db.transaction(() => {
    getAction(db, planId, actionId);
    const id = actionsDb.insertMilestone(db, { action_id: actionId, title: value.title, due_on: value.due_on, done_on: null });
    auditPlan(db, actor, 'plan.add', planId, { element: 'milestone', id, action: actionId }, now);
    return id;
  })();
}

export function setMilestoneDone(db: Db, planId: number, actionId: number, milestoneId: number, doneOn: string | null, now: Date, actor: string, onlyPerson: number | null = null): void {
  db.transaction(() => {
    const action = getAction(db, planId, actionId);
    if (onlyPerson !== null && action.pic_id !== onlyPerson) throw new ForbiddenError('Only the person in charge of this action may update it');
    if (!actionsDb.setMilestoneDone(db, actionId, milestoneId, doneOn)) throw new NotFoundError(`No milestone ${milestoneId} in action ${actionId}`);
    auditPlan(db, actor, 'action.progress', planId, { action: actionId, milestone: milestoneId, done_on: doneOn }, now);
  })();
}

/**
 * Records a progress report. `onlyPerson` is set for a contributor: the report is refused unless
 * that person is in charge of the action (the rule lives here, so the API and the pages agree).
 */
export function addProgress(db: Db, actionId: number, input: unknown, now: Date, actor: string, onlyPerson: number | null = null): number {
  const value = parseInput(ProgressInputSchema, input, 'The progress was not saved');
  return db.transaction(() => {
    const action = actionsDb.findAction(db, actionId);
    if (!action) throw new NotFoundError(`No action ${actionId}`);
    if (onlyPerson !== null && action.pic_id !== onlyPerson) throw new ForbiddenError('Only the person in charge of this action may update it');
    if (action.cancelled_on !== null) refuse('The progress was not saved', 'percent', `the action was cancelled on ${action.cancelled_on}`);
    const id = actionsDb.insertProgressUpdate(db, {
      action_id: actionId,
      reported_on: value.reported_on,
      percent: value.percent,
      value: value.value,
      note: value.note,
      evidence_url: value.evidence_url,
      recorded_by: actor,
      recorded_at: now.toISOString(),
    });
    auditPlan(db, actor, 'action.progress', action.plan_id, { action: actionId, on: value.reported_on, percent: value.percent, value: value.value }, now);
    return id;
  })();
}

/** Removes one element of the plan with what hangs on it (an objective takes its actions and links along). */
export function removeElement(db: Db, planId: number, element: RemovableElement, id: number, now: Date, actor: string, parentId: number | null = null): void {
  db.transaction(() => {
    getPlan(db, planId);
    let removed = false;
    // What a removed indicator held (its realisations and targets) goes into the audit entry.
    let details: AuditDetails = {};
    if (element === 'aspiration') removed = plansDb.deletePlanElement(db, 'aspirations', planId, id);
    else if (element === 'swot') removed = plansDb.deletePlanElement(db, 'swot_entries', planId, id);
    else if (element === 'option') removed = plansDb.deletePlanElement(db, 'strategy_options', planId, id);
    else if (element === 'objective') {
      const indicators = objectivesDb.listIndicators(db, planId).filter((row) => row.objective_id === id);
      details = { indicators: indicators.map((row) => monitoringIndicators.beforeIndicatorRemoval(db, planId, row.id)) };
      removed = objectivesDb.deleteObjective(db, planId, id);
    } else if (element === 'indicator') {
      details = monitoringIndicators.beforeIndicatorRemoval(db, planId, id);
      removed = objectivesDb.deleteIndicator(db, planId, id);
    } else if (element === 'action') {
      getAction(db, planId, id);
      actionsDb.deleteAction(db, id);
      removed = true;
    } else if (element === 'milestone' && parentId !== null) {
      getAction(db, planId, parentId);
      removed = actionsDb.deleteMilestone(db, parentId, id);
    }
    if (!removed) throw new NotFoundError(`No ${element} ${id} in plan ${planId}`);
    auditPlan(db, actor, 'plan.remove', planId, { element, id, ...details }, now);
  })();
}
