import type { CurrentUser } from '../auth/accounts';
import { can } from '../auth/permissions';
import { listPeople } from '../db/actions';
import { listObjectives } from '../db/objectives';
import { listPlans } from '../db/plans';
import type { Db } from '../db/connection';
import type { Problem } from '../errors';

export interface FollowupForm {
  /** Whether the reader may create actions (plans.manage) and an element is still to follow up; what they may choose from. */
  canMake: boolean;
  plans: { name: string; objectives: { id: number; label: string }[] }[];
  people: { id: number; name: string }[];
  /** The objective preselected: the first of the customer (stakeholder) perspective, else the first. */
  defaultObjective: number | null;
  problems: Problem[];
  /** The element whose form was refused, with what was typed. */
  values: { element: string; objective_id: string; pic_id: string; due_on: string } | null;
}

/**
 * What the report page adds to the follow-up plan for someone who plans: the choices that make a
 * priority element an action (plans still running and their objectives, the directory of people),
 * and a refused form's problems and values.
 */
export function followupForm(db: Db, rows: readonly { action: unknown }[], user: CurrentUser | undefined, today: string, refused: { problems: Problem[]; values: FollowupForm['values'] } | null = null): FollowupForm {
  const canMake = can(user, 'plans.manage') && rows.some((row) => row.action === null);
  const year = Number(today.slice(0, 4));
  const plans = canMake
    ? listPlans(db)
        .filter((plan) => plan.end_year >= year)
        .map((plan) => ({ plan, objectives: listObjectives(db, plan.id) }))
        .filter((entry) => entry.objectives.length > 0)
    : [];
  const customer = plans.flatMap((entry) => entry.objectives).find((objective) => objective.perspective_code === 'CUS');
  return {
    canMake,
    plans: plans.map((entry) => ({ name: entry.plan.name, objectives: entry.objectives.map((objective) => ({ id: objective.id, label: `${objective.code} ${objective.name}` })) })),
    people: canMake ? listPeople(db).map((person) => ({ id: person.id, name: person.name })) : [],
    defaultObjective: customer?.id ?? plans[0]?.objectives[0]?.id ?? null,
    problems: refused?.problems ?? [],
    values: refused?.values ?? null,
  };
}
