import { FOCUS_AREAS, type AnalysisReport, type DimensionResult, type ItemResult, type NullReason, type TargetStatus } from '../analysis/report';
import type { Lang, Translate } from '../i18n';
import type { RoundReport } from './build-report';
import { formatDecimal, formatPClause, formatPercent, formatShare, formatSigned } from '../i18n/format';

/** A statement that drives a priority or a strength: whole-round figures of one item, as published in items[]. */
export interface DrivingStatement {
  code: string;
  /** The statement's full text in the report's language. */
  text: string;
  n: number;
  mean: number;
  /** Share of its answers in the bottom two points of the scale (the items[] unfavorable_pct). */
  unfavorable_pct: number;
}

export interface SummaryDimension {
  code: string;
  name: string;
  perspective: string;
  mean: number;
  target: number;
  gap: number;
  ci95_low: number;
  ci95_high: number;
  target_status: TargetStatus;
}

/**
 * The figures the executive summary is written from, in the JSON report as `summary`. A dimension
 * is a priority only when its whole 95 % interval lies below the target, a strength only when it
 * lies at or above it; a dimension whose interval contains the target cannot be told apart from
 * the target with this many respondents, so it is named as close to the target and ranked nowhere.
 */
export interface ReportSummary {
  /** below_target, largest shortfall first (ties in instrument order), with up to 3 driving statements. */
  priorities: (SummaryDimension & { statements: DrivingStatement[] })[];
  /** at_or_above_target, largest margin first (ties in instrument order), with up to 2 driving statements. */
  strengths: (SummaryDimension & { statements: DrivingStatement[] })[];
  /** near_target, in instrument order. */
  near_target: SummaryDimension[];
}

const PRIORITY_STATEMENTS = 3;
const STRENGTH_STATEMENTS = 2;

function summaryDimension(dimension: DimensionResult): SummaryDimension | null {
  const { mean, gap, ci95_low: low, ci95_high: high, target_status: status } = dimension;
  if (mean === null || gap === null || low === null || high === null || status === null) return null;
  return { code: dimension.code, name: dimension.name, perspective: dimension.perspective, mean, target: dimension.target, gap, ci95_low: low, ci95_high: high, target_status: status };
}

/**
 * The statements of a dimension that pull its score down (lowest mean; ties: the larger share
 * who disagree) or up (highest mean; ties: the smaller share). Only whole-round item figures are
 * used, never a group's; an item without a mean or share (nobody answered it, or the report
 * withholds it) is skipped rather than ranked.
 */
function drivingStatements(items: readonly ItemResult[], dimension: string, texts: ReadonlyMap<string, string>, direction: 'lowest' | 'highest', count: number): DrivingStatement[] {
  const usable: DrivingStatement[] = [];
  for (const item of items) {
    if (item.dimension !== dimension || item.mean === null || item.unfavorable_pct === null || item.n === 0) continue;
    usable.push({ code: item.code, text: texts.get(item.code) ?? item.code, n: item.n, mean: item.mean, unfavorable_pct: item.unfavorable_pct });
  }
  const sign = direction === 'lowest' ? 1 : -1;
  // Array.prototype.sort is stable: full ties keep instrument order.
  return usable.sort((a, b) => sign * (a.mean - b.mean) || sign * (b.unfavorable_pct - a.unfavorable_pct)).slice(0, count);
}

/** Picks the priorities, strengths and near-target dimensions by target status; `texts` maps item codes to statements. */
export function summaryFigures(report: Pick<AnalysisReport, 'dimensions' | 'items'>, texts: ReadonlyMap<string, string>): ReportSummary {
  const rated = report.dimensions.map(summaryDimension).filter((dimension): dimension is SummaryDimension => dimension !== null);
  const priorities = rated
    .filter((dimension) => dimension.target_status === 'below_target')
    .sort((a, b) => a.gap - b.gap)
    .map((dimension) => ({ ...dimension, statements: drivingStatements(report.items, dimension.code, texts, 'lowest', PRIORITY_STATEMENTS) }));
  const strengths = rated
    .filter((dimension) => dimension.target_status === 'at_or_above_target')
    .sort((a, b) => b.gap - a.gap)
    .map((dimension) => ({ ...dimension, statements: drivingStatements(report.items, dimension.code, texts, 'highest', STRENGTH_STATEMENTS) }));
  const near = rated.filter((dimension) => dimension.target_status === 'near_target');
  return { priorities, strengths, near_target: near };
}

/**
 * The executive summary: plain sentences generated from the figures of the JSON report, in the
 * report's language. Nothing here computes a statistic; it only picks, orders and words them.
 */
export interface ExecutiveSummary {
  response: string;
  standing: string;
  strengths: string;
  /** One line per strength, largest margin first; its driving statements in strengthStatements at the same index. */
  strengthItems: string[];
  strengthStatements: string[][];
  /** The lead-in sentence; the dimensions follow in priorityItems, largest shortfall first. */
  priorities: string;
  priorityItems: string[];
  /** The driving statements of priorityItems[i], lowest mean first. */
  priorityStatements: string[][];
  /** The dimensions whose interval contains the target, or null when there are none. */
  nearTarget: string | null;
  /** One sentence per focus area, always all four, in the fixed order of FOCUS_AREAS. */
  focus: string[];
  reliability: string[];
  /** The reliability in one plain sentence (the summary page); null when nothing could be checked. */
  reliabilityLine: string | null;
  comparison: string | null;
  /** The significant rises and falls since the compared round, largest first (the summary page). */
  significantChanges: string[];
}

function list(items: readonly string[], t: Translate): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('; ')} ${t('report.and')} ${items[items.length - 1]}`;
}

export function reasonText(t: Translate, reason: NullReason | undefined): string {
  return reason === undefined ? '' : t(`report.null.${reason}`);
}

export function executiveSummary(report: RoundReport, t: Translate, lang: Lang): ExecutiveSummary {
  const number = (value: number | null) => formatDecimal(value, lang);
  const signed = (value: number | null) => formatSigned(value, lang);
  const { round } = report;

  let response: string;
  if (round.responses === 0) response = t('report.summary.no_responses');
  else if (round.invited > 0) {
    response = t('report.summary.response', { responses: round.responses, invited: round.invited, rate: formatShare(round.response_rate, lang), online: round.online, paper: round.paper });
  } else response = t('report.summary.response_no_roster', { responses: round.responses, online: round.online, paper: round.paper });
  if (report.blank_responses > 0) response += ` ${t('report.summary.blank', { count: report.blank_responses })}`;

  const standing = t('report.summary.standing', {
    min: report.scale.min,
    max: report.scale.max,
    list: list(
      report.perspectives.map((perspective) =>
        perspective.mean === null
          ? t('report.summary.perspective_empty', { name: perspective.name })
          : t('report.summary.perspective', {
              name: perspective.name,
              mean: number(perspective.mean),
              category: perspective.category ? t(`report.category.${perspective.category}`) : '',
              target: number(perspective.target),
              gap: signed(perspective.gap),
            }),
      ),
      t,
    ),
  });

  const figures = report.summary;
  const ranked = (dimension: { name: string; mean: number; gap: number }) => t('report.summary.ranked', { name: dimension.name, mean: number(dimension.mean), gap: signed(dimension.gap) });
  const statement = (item: DrivingStatement) => t('report.summary.statement', { text: item.text, n: item.n, mean: number(item.mean), unfavorable: formatPercent(item.unfavorable_pct, lang) });
  const strengths = figures.strengths.length ? t('report.summary.strengths', { list: list(figures.strengths.map(ranked), t) }) : t('report.summary.no_strengths');
  const strengthItems = figures.strengths.map(ranked);
  const strengthStatements = figures.strengths.map((dimension) => dimension.statements.map(statement));
  const priorities = figures.priorities.length ? t('report.summary.priorities', { count: figures.priorities.length }) : t('report.summary.no_priorities');
  const priorityItems = figures.priorities.map(ranked);
  const priorityStatements = figures.priorities.map((dimension) => dimension.statements.map(statement));
  const nearTarget = figures.near_target.length ? t('report.summary.near_target', { list: list(figures.near_target.map(ranked), t) }) : null;

  const focus = FOCUS_AREAS.map((code) => {
    const area = report.focus_areas.find((entry) => entry.focus === code);
    const label = t(`report.focus.${code}`);
    if (!area || area.dimensions.length === 0) return t('report.summary.focus_not_measured', { focus: label });
    const parts = area.dimensions.map((dimension) => {
      if (dimension.mean === null || dimension.gap === null) return t('report.summary.focus_no_answers', { name: dimension.name });
      const category = dimension.category ? t(`report.category.${dimension.category}`) : '';
      const shown = { name: dimension.name, mean: number(dimension.mean), category, gap: signed(dimension.gap) };
      const rank = figures.priorities.findIndex((priority) => priority.code === dimension.code);
      if (rank >= 0) return t('report.summary.focus_below', { ...shown, rank: rank + 1, count: figures.priorities.length });
      if (figures.strengths.some((strength) => strength.code === dimension.code)) return t('report.summary.focus_above', shown);
      if (figures.near_target.some((near) => near.code === dimension.code)) return t('report.summary.focus_near', shown);
      return t('report.summary.focus_no_interval', shown);
    });
    return `${label}: ${list(parts, t)}.`;
  });

  const reliability: string[] = [];
  const alphaMin = number(report.thresholds.alpha_min);
  const withAlpha = report.dimensions.filter((dimension) => dimension.alpha !== null);
  if (withAlpha.length > 0) {
    const alphas = withAlpha.map((dimension) => dimension.alpha as number);
    reliability.push(
      t('report.summary.reliable_count', {
        reliable: withAlpha.filter((dimension) => dimension.reliable).length,
        total: withAlpha.length,
        alpha_min: alphaMin,
        low: number(Math.min(...alphas)),
        high: number(Math.max(...alphas)),
      }),
    );
  }
  const unreliable = report.dimensions.filter((dimension) => dimension.reliable === false);
  if (unreliable.length) {
    reliability.push(t('report.summary.unreliable', { alpha_min: alphaMin, list: list(unreliable.map((dimension) => `${dimension.name} (${number(dimension.alpha)})`), t) }));
  }
  const noAlpha = report.dimensions.filter((dimension) => dimension.alpha === null && dimension.n > 0);
  if (noAlpha.length) {
    reliability.push(t('report.summary.alpha_missing', { list: list(noAlpha.map((dimension) => `${dimension.name} (${reasonText(t, dimension.null_reasons.alpha)})`), t) }));
  }
  const rCritical = report.thresholds.r_critical;
  const judged = report.items.filter((item) => item.valid !== null);
  const invalid = report.items.filter((item) => item.valid === false);
  if (rCritical === null) {
    if (round.responses > 0) reliability.push(t('report.summary.too_few_for_validity'));
  } else if (invalid.length) {
    reliability.push(t('report.summary.invalid_items', { count: invalid.length, total: judged.length, r_critical: formatDecimal(rCritical, lang, 3), n: report.n, list: invalid.map((item) => item.code).join(', ') }));
  } else if (judged.length) {
    reliability.push(t('report.summary.all_valid', { total: judged.length, r_critical: formatDecimal(rCritical, lang, 3), n: report.n }));
  }
  if (withAlpha.length > 0 || judged.length > 0) {
    if (unreliable.length && invalid.length) reliability.push(t('report.summary.meaning_caution'));
    else if (unreliable.length) reliability.push(t('report.summary.meaning_unreliable'));
    else if (invalid.length) reliability.push(t('report.summary.meaning_invalid'));
    else reliability.push(t('report.summary.meaning_good'));
  }

  let reliabilityLine: string | null = null;
  if (withAlpha.length > 0 || judged.length > 0) {
    const parts: string[] = [];
    if (withAlpha.length > 0) parts.push(t('report.summary.line_alpha', { reliable: withAlpha.filter((dimension) => dimension.reliable).length, total: withAlpha.length, alpha_min: alphaMin }));
    if (noAlpha.length) parts.push(t('report.summary.line_no_alpha', { count: noAlpha.length }));
    if (unreliable.length) parts.push(t('report.summary.line_unreliable', { list: list(unreliable.map((dimension) => dimension.name), t) }));
    if (invalid.length) parts.push(t('report.summary.line_invalid', { count: invalid.length, total: judged.length }));
    else if (judged.length) parts.push(t('report.summary.line_all_valid', { total: judged.length }));
    reliabilityLine = `${parts.join('; ')}.`;
    reliabilityLine = reliabilityLine.charAt(0).toUpperCase() + reliabilityLine.slice(1);
  } else if (round.responses > 0) {
    reliabilityLine = rCritical === null ? t('report.summary.too_few_for_validity') : t('report.summary.reliability_not_computed');
  }

  // A change is a rise or fall only when Welch's test says so; the rest is named as noise
  // or as untestable, never as a small rise or fall.
  let comparison: string | null = null;
  let significantChanges: string[] = [];
  if (report.comparison) {
    const changed = report.comparison.dimensions.filter((row) => row.change !== null);
    const rose = changed.filter((row) => row.direction === 'rise').sort((a, b) => (b.change as number) - (a.change as number));
    const fell = changed.filter((row) => row.direction === 'fall').sort((a, b) => (a.change as number) - (b.change as number));
    const unchanged = changed.filter((row) => row.direction === 'unchanged').length;
    const untested = changed.filter((row) => row.direction === null).length;
    const figures = (row: (typeof changed)[number]) => ({ name: row.name, change: signed(row.change), p: formatPClause(row.p_value, lang), d: signed(row.cohens_d) });
    comparison = t('report.summary.comparison', { round: report.comparison.round.name, rose: rose.length, fell: fell.length, unchanged, total: changed.length });
    if (untested) comparison += ` ${t('report.summary.untested', { count: untested })}`;
    if (rose.length) comparison += ` ${t('report.summary.best_change', figures(rose[0]))}`;
    if (fell.length) comparison += ` ${t('report.summary.worst_change', figures(fell[0]))}`;
    significantChanges = [...rose, ...fell]
      .sort((a, b) => Math.abs(b.change as number) - Math.abs(a.change as number))
      .map((row) =>
        t(row.direction === 'rise' ? 'report.summary.change_rise' : 'report.summary.change_fall', {
          ...figures(row),
          previous: number(row.previous_mean),
          current: number(row.current_mean),
        }),
      );
  }

  return { response, standing, strengths, strengthItems, strengthStatements, priorities, priorityItems, priorityStatements, nearTarget, focus, reliability, reliabilityLine, comparison, significantChanges };
}
