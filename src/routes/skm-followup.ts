import type { CurrentUser } from '../auth/accounts';
import { can } from '../auth/permissions';
import { listPeople } from '../db/actions';
import { listObjectives } from '../db/objectives';
import { listPlans } from '../db/plans';
import type { Db } from '../db/connection';
import type { Problem } from '../errors';
import type { Lang } from '../i18n';
import { formatDecimal, formatLongDate } from '../i18n/format';
import type { SkmReport } from '../skm/analysis';
import { listFollowups } from '../skm/followup';

export interface FollowupRowView {
  key: string;
  name: string;
  converted: string;
  grade: string;
  action: { title: string; plan: string; objective: string; pic: string; due: string; cancelled: boolean; href: string } | null;
}

export interface FollowupView {
  rows: FollowupRowView[];
  /** Whether the reader may create actions (plans.manage), and what they may choose from. */
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
 * The report's follow-up plan (rencana tindak lanjut): each priority element with the action it
 * became, or, for someone who plans, a form that makes it one (plans still running, their objectives,
 * the directory of people).
 */
export function followupView(db: Db, report: SkmReport, user: CurrentUser | undefined, lang: Lang, today: string, refused: { problems: Problem[]; values: FollowupView['values'] } | null = null): FollowupView {
  const made = new Map(listFollowups(db, report.round.id).map((row) => [row.element_key, row]));
  const rows = report.priorities.map((priority) => {
    const action = made.get(priority.key);
    return {
      key: priority.key,
      name: priority.name,
      converted: formatDecimal(priority.ikm_element_rounded, lang, 2),
      grade: priority.grade,
      action: action
        ? { title: action.title, plan: action.plan_name, objective: action.objective_code, pic: action.pic_name, due: formatLongDate(action.due_on, lang), cancelled: action.cancelled_on !== null, href: `/plans/${action.plan_id}/actions/${action.action_id}` }
        : null,
    };
  });
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
    rows,
    canMake,
    plans: plans.map((entry) => ({ name: entry.plan.name, objectives: entry.objectives.map((objective) => ({ id: objective.id, label: `${objective.code} ${objective.name}` })) })),
    people: canMake ? listPeople(db).map((person) => ({ id: person.id, name: person.name })) : [],
    defaultObjective: customer?.id ?? plans[0]?.objectives[0]?.id ?? null,
    problems: refused?.problems ?? [],
    values: refused?.values ?? null,
  };
}
