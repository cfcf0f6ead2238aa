/**
 * The status of an action plan as of a date, and each person's load: pure functions of the rows
 * and the date (no clock, no database), so that a status can be recomputed for any past date and
 * tested on each boundary.
 */

export const ACTION_STATUSES = ['not_started', 'on_track', 'behind', 'overdue', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface ScheduledAction {
  starts_on: string;
  ends_on: string;
  due_on: string;
  target_value: number | null;
  cancelled_on: string | null;
}

export interface ProgressPoint {
  reported_on: string;
  percent: number | null;
  value: number | null;
}

export interface ActionProgress {
  status: ActionStatus;
  /** Percent complete by the latest report on or before the date; null when nothing is reported. */
  progress: number | null;
  /** Share of the planned period (start to end, whole days) that has passed by the date, 0–100. */
  elapsed_pct: number;
  /** The latest report counted, or null. */
  reported_on: string | null;
}

const DAY = 86_400_000;

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY;
}

/**
 * Percent complete of one report: the percent when given, otherwise the value achieved against
 * the target value (capped at 100); null when a value has no target to be read against.
 */
export function reportPercent(point: ProgressPoint, targetValue: number | null): number | null {
  if (point.percent !== null) return point.percent;
  if (point.value === null || targetValue === null || targetValue <= 0) return null;
  return Math.min(100, Math.max(0, (point.value / targetValue) * 100));
}

/**
 * Time elapsed as of `asOf`, counting the start day and the end day as whole days: on the start
 * day 1 of N days have passed once it ends, so the share is measured at the end of `asOf`.
 */
export function elapsedPercent(startsOn: string, endsOn: string, asOf: string): number {
  const start = dayNumber(startsOn);
  const length = dayNumber(endsOn) - start + 1;
  const passed = dayNumber(asOf) - start + 1;
  return Math.min(100, Math.max(0, (passed / length) * 100));
}

/**
 * Rules, in this order (the first that applies):
 * 1. `cancelled`: cancelled on or before the date.
 * 2. `done`: the latest report on or before the date says 100 %.
 * 3. `not_started`: the start date is after the date and nothing is reported.
 * 4. `overdue`: the due date is before the date and it is not done.
 * 5. `behind`: progress (0 when nothing is reported) is below the time elapsed by more than `margin` points.
 * 6. `on_track` otherwise.
 */
export function actionProgress(action: ScheduledAction, reports: readonly ProgressPoint[], asOf: string, margin: number): ActionProgress {
  let latest: ProgressPoint | null = null;
  for (const report of reports) {
    if (report.reported_on > asOf) continue;
    if (latest === null || report.reported_on >= latest.reported_on) latest = report;
  }
  const progress = latest === null ? null : reportPercent(latest, action.target_value);
  const elapsed = elapsedPercent(action.starts_on, action.ends_on, asOf);
  const result = (status: ActionStatus): ActionProgress => ({ status, progress, elapsed_pct: elapsed, reported_on: latest?.reported_on ?? null });
  if (action.cancelled_on !== null && action.cancelled_on <= asOf) return result('cancelled');
  if (progress !== null && progress >= 100) return result('done');
  if (action.starts_on > asOf && latest === null) return result('not_started');
  if (action.due_on < asOf) return result('overdue');
  if ((progress ?? 0) < elapsed - margin) return result('behind');
  return result('on_track');
}

export interface LoadAction {
  id: number;
  starts_on: string;
  ends_on: string;
  /** Done or cancelled actions no longer load anyone. */
  active: boolean;
}

export interface PersonLoad {
  /** Actions the person is in charge of or a member of, active ones only. */
  actions: number;
  /** The largest number of those actions running on one day. */
  peak_concurrent: number;
  /** The first day on which the peak is reached, or null without actions. */
  peak_on: string | null;
  /** peak_concurrent above the plan's limit. */
  overloaded: boolean;
}

/** Sweeps the start and end days once: O(n log n) in the person's actions. */
export function personLoad(actions: readonly LoadAction[], limit: number): PersonLoad {
  const active = actions.filter((action) => action.active);
  const events: { day: number; change: number; date: string }[] = [];
  for (const action of active) {
    events.push({ day: dayNumber(action.starts_on), change: 1, date: action.starts_on });
    // The end day still counts: the action stops running the day after.
    events.push({ day: dayNumber(action.ends_on) + 1, change: -1, date: action.ends_on });
  }
  events.sort((a, b) => a.day - b.day || a.change - b.change);
  let running = 0;
  let peak = 0;
  let peakOn: string | null = null;
  for (const event of events) {
    running += event.change;
    if (running > peak) {
      peak = running;
      peakOn = event.date;
    }
  }
  return { actions: active.length, peak_concurrent: peak, peak_on: peakOn, overloaded: peak > limit };
}

/** Whether adding the link cause → effect to the graph would close a cycle (effect already reaches cause). */
export function closesCycle(links: readonly { cause: number; effect: number }[], cause: number, effect: number): boolean {
  if (cause === effect) return true;
  const next = new Map<number, number[]>();
  for (const link of links) {
    const list = next.get(link.cause) ?? [];
    list.push(link.effect);
    next.set(link.cause, list);
  }
  const seen = new Set<number>();
  const stack = [effect];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    if (node === cause) return true;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const target of next.get(node) ?? []) stack.push(target);
  }
  return false;
}
