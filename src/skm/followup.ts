import { z } from 'zod';
import { recordAudit } from '../audit/log';
import type { Db } from '../db/connection';
import { findObjectivePlan, insertSkmFollowup, listSkmFollowups } from '../db/skm';
import { ConflictError, parseInput, refuse } from '../errors';
import { translator, type Lang } from '../i18n';
import { formatDecimal } from '../i18n/format';
import { addAction } from '../plan/service';
import { chosenId, dateInput } from '../plan/schemas';
import { publishedSkmReport, type SkmReport } from './analysis';
import type { SkmGrade } from './ikm';
import { getSkmRound } from './rounds';

/**
 * The SKM report's follow-up plan (rencana tindak lanjut) made real: a priority element becomes an
 * action of a plan in one step, with its person in charge, a due date and a measurable target (the
 * element's converted value reaching the next grade in the next round). One action per element and
 * round (skm_followups); the report then lists the action instead of offering it again.
 */

/** The converted value an element must reach for the next grade up (A keeps its value). */
const NEXT_GRADE_FLOOR: Record<SkmGrade, number | null> = { D: 65, C: 76.61, B: 88.31, A: null };

export const FollowupInputSchema = z.object({
  element: z.string().trim().min(1, 'choose the element to follow up').max(60),
  objective_id: chosenId('choose the objective of a plan the action serves'),
  pic_id: chosenId('choose the person in charge of the action'),
  due_on: z
    .union([z.string(), z.null()])
    .optional()
    .transform((value) => (value ?? '').trim() || null)
    .pipe(z.union([z.null(), dateInput])),
});

function quarterOf(date: string): number {
  return Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
}

/**
 * Makes a priority element of a published round an action of the objective's plan. Refused (422,
 * naming the field) for an element that is not a priority, an objective or person that does not
 * exist, a due date outside the plan; 409 when the round is not published or the element already
 * has its action. Written in one transaction with the action's own audit entry and `skm.followup`.
 */
export function createSkmFollowup(db: Db, roundId: number, input: unknown, options: { lang: Lang; today: string; now: Date; actor: string; commentMin?: number }): number {
  const message = 'The follow-up was not made an action';
  const { lang, today, now, actor } = options;
  const t = translator(lang);
  return db.transaction(() => {
    const round = getSkmRound(db, roundId);
    const report: SkmReport = publishedSkmReport(db, round, { lang, commentMin: options.commentMin });
    const value = parseInput(FollowupInputSchema, input, message);
    const priority = report.priorities.find((item) => item.key === value.element);
    if (!priority) refuse(message, 'element', `"${value.element}" is not one of this round's priority elements (${report.priorities.map((item) => item.key).join(', ') || 'none'})`, value.element);
    const existing = listSkmFollowups(db, roundId).find((row) => row.element_key === priority.key);
    if (existing) throw new ConflictError(`${priority.name} is already followed up by action ${existing.action_id} of ${existing.plan_name}`);
    const plan = findObjectivePlan(db, value.objective_id);
    if (!plan) refuse(message, 'objective_id', `no objective ${value.objective_id} in any plan`, value.objective_id);
    const firstDay = `${plan.start_year}-01-01`;
    const lastDay = `${plan.end_year}-12-31`;
    if (today > lastDay) refuse(message, 'objective_id', `the plan ended on ${lastDay}: follow up in a current plan`, value.objective_id);
    const startsOn = today < firstDay ? firstDay : today;
    const dueOn = value.due_on ?? `${startsOn.slice(0, 4)}-12-31`;
    if (dueOn < startsOn || dueOn > lastDay) refuse(message, 'due_on', `a date from ${startsOn} to ${lastDay} (the plan's end)`, dueOn);
    const sameYear = startsOn.slice(0, 4) === dueOn.slice(0, 4);
    const quarters = [1, 2, 3, 4].filter((quarter) => !sameYear || (quarter >= quarterOf(startsOn) && quarter <= quarterOf(dueOn)));
    const floor = NEXT_GRADE_FLOOR[priority.grade];
    const actionId = addAction(
      db,
      plan.plan_id,
      {
        objective_id: value.objective_id,
        title: t('skm.followup.action_title', { element: priority.name, round: report.round.name }),
        description: t('skm.followup.action_description', { element: priority.name, round: report.round.name, nrr: formatDecimal(priority.nrr, lang, 2), converted: formatDecimal(priority.ikm_element_rounded, lang, 2), grade: priority.grade }),
        target_indicator: t('skm.followup.action_indicator', { element: priority.name }),
        target_value: floor ?? priority.ikm_element_rounded,
        target_unit: t('skm.followup.action_unit'),
        starts_on: startsOn,
        ends_on: dueOn,
        due_on: dueOn,
        pic_id: value.pic_id,
        horizon: 'short_term',
        quarters,
      },
      now,
      actor,
    );
    insertSkmFollowup(db, { round_id: roundId, element_key: priority.key, action_id: actionId, created_at: now.toISOString() });
    recordAudit(db, { actor, action: 'skm.followup', details: { skm_round: roundId, element: priority.key, plan: plan.plan_id, action: actionId } }, now);
    return actionId;
  })();
}
