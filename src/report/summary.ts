import { FOCUS_AREAS, type NullReason } from '../analysis/report';
import type { Lang, Translate } from '../i18n';
import type { RoundReport } from './build-report';
import { formatDecimal, formatPClause, formatShare, formatSigned } from '../i18n/format';

/**
 * The executive summary: plain sentences generated from the figures of the JSON report, in the
 * report's language. Nothing here computes a statistic; it only picks, orders and words them.
 */
export interface ExecutiveSummary {
  response: string;
  standing: string;
  strengths: string;
  /** The lead-in sentence; the dimensions follow in priorityItems, largest shortfall first. */
  priorities: string;
  priorityItems: string[];
  /** One sentence per focus area, always all four, in the fixed order of FOCUS_AREAS. */
  focus: string[];
  reliability: string[];
  comparison: string | null;
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

  const ranked = (dimension: { name: string; mean: number; gap: number }) => t('report.summary.ranked', { name: dimension.name, mean: number(dimension.mean), gap: signed(dimension.gap) });
  const strengths = report.strengths.length ? t('report.summary.strengths', { list: list(report.strengths.map(ranked), t) }) : t('report.summary.no_strengths');
  const priorities = report.priorities.length ? t('report.summary.priorities', { count: report.priorities.length }) : t('report.summary.no_priorities');
  const priorityItems = report.priorities.map(ranked);

  const focus = FOCUS_AREAS.map((code) => {
    const area = report.focus_areas.find((entry) => entry.focus === code);
    const label = t(`report.focus.${code}`);
    if (!area || area.dimensions.length === 0) return t('report.summary.focus_not_measured', { focus: label });
    const parts = area.dimensions.map((dimension) => {
      if (dimension.mean === null || dimension.gap === null) return t('report.summary.focus_no_answers', { name: dimension.name });
      const category = dimension.category ? t(`report.category.${dimension.category}`) : '';
      const rank = report.priorities.findIndex((priority) => priority.code === dimension.code);
      if (rank >= 0) {
        return t('report.summary.focus_below', { name: dimension.name, mean: number(dimension.mean), category, gap: signed(dimension.gap), rank: rank + 1, count: report.priorities.length });
      }
      return t('report.summary.focus_above', { name: dimension.name, mean: number(dimension.mean), category, gap: signed(dimension.gap) });
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

  // A change is a rise or fall only when Welch's test says so; the rest is named as noise
  // or as untestable, never as a small rise or fall.
  let comparison: string | null = null;
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
  }

  return { response, standing, strengths, priorities, priorityItems, focus, reliability, comparison };
}
