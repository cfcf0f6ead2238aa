import { CATEGORY_CODES } from '../analysis/category';
import type { DimensionResult, GroupBreakdown, ItemResult, NullReason, PerspectiveResult } from '../analysis/report';
import type { Lang, Translate } from '../i18n';
import type { LoadedInstrument } from '../survey/instruments';
import type { RoundReport } from './build-report';
import { changeChart, gapChart, heatmapChart, itemChart, perspectiveChart, shownGap } from './charts';
import { formatDecimal, formatLongDate, formatPercent, formatPValue, formatShare, formatSigned } from '../i18n/format';
import { standingText } from './standing';
import { executiveSummary, reasonText, type ExecutiveSummary } from './summary';

/** A comment as the report shows it: the round's comments come in random order, never by group. */
export interface ReportComment {
  perspective_code: string;
  text: string;
}

export interface ReportViewOptions {
  lang: Lang;
  t: Translate;
  instrument: LoadedInstrument;
  /** The round's comments; only shown when the report has at least commentMin respondents. */
  comments: readonly ReportComment[];
  commentMin: number;
  /** YYYY-MM-DD: the date the report was produced. */
  generatedOn: string;
  /** Who the report is for: the organisation profile (cover, approval block); null before it is set. */
  identity?: ReportIdentity | null;
  /** The round's dates (YYYY-MM-DD or null), for the cover. */
  period?: { opensOn: string | null; closesOn: string | null };
  /** The plans this round is the diagnosis (or an evaluation) of: the summary points to them. */
  plans?: readonly { id: number; name: string }[];
}

/** The organisation as the cover and the approval block name it (the organisation profile). */
export interface ReportIdentity {
  organisation: string;
  parent: string;
  unit: string;
  city: string;
  /** A data: URI of the logo (the file holds nothing it would have to fetch), or null. */
  logo: string | null;
  head: { name: string; position: string; nip: string };
}

type Flag = 'ok' | 'warn' | 'none';

export interface ScoreRowView {
  code: string;
  name: string;
  focus: string | null;
  n: number;
  mean: string;
  sd: string;
  /** The 95 % confidence interval of the mean, "3,59–4,06"; "—" below n = 2. */
  ci: string;
  target: string;
  gap: string;
  below: boolean;
  /** Capaian: mean ÷ target. */
  achievement: string;
  /** Mean ÷ scale maximum. */
  scale: string;
  category: string;
  /** Target status, then the category as a position on the scale. */
  standing: string;
  /** The target status alone ("di bawah target"), for the appendix table. */
  status: string;
  favorable: string;
  alpha: string;
  reliability: string;
  reliabilityFlag: Flag;
}

export interface ItemRowView {
  code: string;
  text: string;
  dimension: string;
  n: number;
  mean: string;
  sd: string;
  median: string;
  favorable: string;
  unfavorable: string;
  r: string;
  validity: string;
  validityFlag: Flag;
}

export interface HeatmapView {
  by: 'unit' | 'grade';
  title: string;
  svg: string;
  dimensions: string[];
  rows: { group: string; n: string; suppressed: boolean; cells: HeatmapCellView[] }[];
}

/** One group's mean on one dimension; `versus` compares it with that dimension's target (the phone cards say it in words). */
export interface HeatmapCellView {
  name: string;
  text: string;
  suppressed: boolean;
  versus: 'below' | 'at_or_above' | null;
}

export interface ReportView {
  lang: Lang;
  title: string;
  round: { id: number; name: string; instrumentName: string; invited: number; responses: number; online: number; paper: number; responseRate: string; n: number; pending: number; minGroupSize: number; exceedsRoster: boolean; published: boolean };
  generatedOn: string;
  cover: { lines: string[]; organisationGiven: boolean; logo: string | null; logoAlt: string; period: string | null; date: string };
  /** The closing "Mengetahui" block: the head of unit from the organisation profile, blanks where unset. */
  approval: { place: string; date: string; position: string; name: string; nip: string };
  /** The summary's second page shows the first few priorities and strengths with their statements; the rest are named in one line. */
  summaryPage: { priorities: number; strengths: number; morePriorities: string | null; moreStrengths: string | null; plans: { id: number; name: string }[] };
  summary: ExecutiveSummary;
  charts: { perspectives: string; gaps: string; change: string | null };
  heatmaps: HeatmapView[];
  dimensionKey: { code: string; name: string }[];
  /** The appendix's score table: each perspective followed by its dimensions. */
  scoreTable: (ScoreRowView & { level: 'perspective' | 'dimension' })[];
  perspectives: { code: string; name: string; figures: ScoreRowView; dimensions: ScoreRowView[]; items: ItemRowView[]; charts: { code: string; name: string; svg: string }[] }[];
  /** verdict: rise / fall / unchanged (within noise), or why the change was not tested. */
  comparison: { roundName: string; rows: { name: string; previous: string; current: string; change: string; p: string; d: string; verdict: string }[] } | null;
  comments: { shown: boolean; min: number; count: number; groups: { name: string; texts: string[] }[] };
  method: {
    scale: string;
    scaleLabels: string;
    categories: string;
    alphaMin: string;
    rCritical: string;
    n: number;
    minGroupSize: number;
    favourablePoints: string;
  };
}

/** A yes/no check (reliable, valid) as words and a flag; null shows why there is no answer. */
function checkView(passed: boolean | null, whyNull: NullReason | undefined, ok: 'report.reliable' | 'report.valid', bad: 'report.not_reliable' | 'report.not_valid', t: Translate): { text: string; flag: Flag } {
  if (passed === null) return { text: reasonText(t, whyNull), flag: 'none' };
  return passed ? { text: t(ok), flag: 'ok' } : { text: t(bad), flag: 'warn' };
}

function scoreRow(row: PerspectiveResult | DimensionResult, t: Translate, lang: Lang): ScoreRowView {
  const { text: reliability, flag: reliabilityFlag } = checkView(row.reliable, row.null_reasons.reliable ?? row.null_reasons.alpha, 'report.reliable', 'report.not_reliable', t);
  return {
    code: row.code,
    name: row.name,
    focus: 'focus' in row && row.focus ? t(`report.focus.${row.focus as 'hr_development'}`) : null,
    n: row.n,
    mean: formatDecimal(row.mean, lang),
    sd: formatDecimal(row.sd, lang),
    ci: row.ci95_low === null || row.ci95_high === null ? '—' : `${formatDecimal(row.ci95_low, lang)}–${formatDecimal(row.ci95_high, lang)}`,
    target: formatDecimal(row.target, lang),
    gap: formatSigned(row.gap, lang),
    below: row.gap !== null && row.gap < 0,
    achievement: formatPercent(row.achievement_pct, lang),
    scale: formatPercent(row.scale_pct, lang),
    category: row.category ? t(`report.category.${row.category}`) : '—',
    standing: standingText(row, t),
    status: row.target_status === null ? '—' : t(`report.target_status.${row.target_status}`),
    favorable: formatPercent(row.favorable_pct, lang),
    alpha: formatDecimal(row.alpha, lang),
    reliability,
    reliabilityFlag,
  };
}

function itemRow(item: ItemResult, itemText: string, t: Translate, lang: Lang): ItemRowView {
  const { text: validity, flag: validityFlag } = checkView(item.valid, item.null_reasons.valid ?? item.null_reasons.item_total_r, 'report.valid', 'report.not_valid', t);
  return {
    code: item.code,
    text: itemText,
    dimension: item.dimension,
    n: item.n,
    mean: formatDecimal(item.mean, lang),
    sd: formatDecimal(item.sd, lang),
    median: formatDecimal(item.median, lang, 1),
    favorable: formatPercent(item.favorable_pct, lang),
    unfavorable: formatPercent(item.unfavorable_pct, lang),
    r: formatDecimal(item.item_total_r, lang, 3),
    validity,
    validityFlag,
  };
}

function heatmapView(report: RoundReport, breakdown: GroupBreakdown, t: Translate, lang: Lang): HeatmapView {
  return {
    by: breakdown.by,
    title: t(breakdown.by === 'unit' ? 'report.chart.heatmap_unit_title' : 'report.chart.heatmap_grade_title'),
    svg: heatmapChart(report, breakdown, { t, lang }),
    dimensions: report.dimensions.map((dimension) => dimension.code),
    rows: breakdown.rows.map((row) => ({
      group: row.group ?? t('report.group_unknown'),
      // Hidden with the figures: with the total, a cover group's size gives away the small group's.
      n: row.suppressed ? '' : String(row.n),
      suppressed: row.suppressed,
      cells: report.dimensions.map((dimension): HeatmapCellView => {
        const mean = row.dimensions[dimension.code] ?? null;
        const reason = row.null_reasons[dimension.code];
        // Judged on the mean as printed, as the chart's ▼ is: 3,996 reads 4,00 and is not "below" a target of 4,00.
        if (mean !== null) return { name: dimension.name, text: formatDecimal(mean, lang), suppressed: false, versus: shownGap(mean, dimension.target) < 0 ? 'below' : 'at_or_above' };
        const suppressed = reason === 'group suppressed' || reason === 'cell suppressed';
        return { name: dimension.name, text: suppressed ? t('common.suppressed') : '—', suppressed, versus: null };
      }),
    })),
  };
}

/** Category classes written out for the method notes, following the boundary rule in use. */
function categoryRanges(report: RoundReport, t: Translate, lang: Lang): string {
  const { min, max } = report.scale;
  const classes = CATEGORY_CODES.length;
  const lower = report.thresholds.category_boundary === 'lower';
  let textOut = t(`report.category.${CATEGORY_CODES[0]}`);
  for (let j = 1; j < classes; j += 1) {
    const bound = formatDecimal((min * (classes - j) + max * j) / classes, lang);
    textOut += lower ? ` ≤ ${bound} < ` : ` < ${bound} ≤ `;
    textOut += t(`report.category.${CATEGORY_CODES[j]}`);
  }
  return textOut;
}

/**
 * The executive summary's second page names this many priorities and strengths with their driving
 * statements (so that it stays one page at any instrument size); the others follow by name.
 */
const SUMMARY_PRIORITIES = 3;
const SUMMARY_STRENGTHS = 2;

/** Picks and formats what the HTML report shows; every figure comes from the JSON report. */
export function buildReportView(report: RoundReport, options: ReportViewOptions): ReportView {
  const { t, lang, instrument } = options;
  const definition = instrument.definition;
  const itemTexts = new Map(instrument.items.map((item) => [item.code, item.text[lang]]));
  const scaleLabels = definition.scale.labels.map((label) => label[lang]);
  const text = { t, lang };

  const commentsShown = report.n >= options.commentMin;
  const commentGroups = commentsShown
    ? report.perspectives
        .map((perspective) => ({ name: perspective.name, texts: options.comments.filter((comment) => comment.perspective_code === perspective.code).map((comment) => comment.text) }))
        .filter((group) => group.texts.length > 0)
    : [];

  const identity = options.identity ?? null;
  const organisation = identity?.organisation ?? '';
  const date = formatLongDate(options.generatedOn, lang);
  const { opensOn = null, closesOn = null } = options.period ?? {};
  const summary = executiveSummary(report, t, lang);
  const more = (items: readonly { name: string }[], shown: number, key: 'report.summary.more_priorities' | 'report.summary.more_strengths') =>
    items.length > shown ? t(key, { list: items.slice(shown).map((item) => item.name).join(', ') }) : null;

  return {
    lang,
    title: t('report.title', { round: report.round.name }),
    cover: {
      lines: identity ? [identity.parent, identity.organisation, identity.unit].filter((line) => line !== '') : [],
      organisationGiven: organisation !== '',
      logo: identity?.logo ?? null,
      logoAlt: organisation !== '' ? t('report.cover.logo_alt', { organisation }) : t('report.cover.logo_alt_plain'),
      // A round may have only one of its dates: the cover names the one it has, never a dash for the other.
      period: opensOn && closesOn
        ? t('report.cover.period', { from: formatLongDate(opensOn, lang), to: formatLongDate(closesOn, lang) })
        : opensOn
          ? t('report.cover.period_from', { from: formatLongDate(opensOn, lang) })
          : closesOn
            ? t('report.cover.period_until', { to: formatLongDate(closesOn, lang) })
            : null,
      date,
    },
    approval: {
      place: identity?.city ?? '',
      date,
      position: identity?.head.position ?? '',
      name: identity?.head.name ?? '',
      nip: identity?.head.nip ?? '',
    },
    summaryPage: {
      priorities: Math.min(SUMMARY_PRIORITIES, report.summary.priorities.length),
      strengths: Math.min(SUMMARY_STRENGTHS, report.summary.strengths.length),
      morePriorities: more(report.summary.priorities, SUMMARY_PRIORITIES, 'report.summary.more_priorities'),
      moreStrengths: more(report.summary.strengths, SUMMARY_STRENGTHS, 'report.summary.more_strengths'),
      plans: [...(options.plans ?? [])],
    },
    round: {
      id: report.round.id,
      name: report.round.name,
      instrumentName: definition.name[lang],
      invited: report.round.invited,
      responses: report.round.responses,
      online: report.round.online,
      paper: report.round.paper,
      responseRate: formatShare(report.round.response_rate, lang),
      n: report.n,
      pending: report.round.pending,
      minGroupSize: report.thresholds.min_group_size,
      exceedsRoster: report.round.exceeds_roster,
      published: report.round.release > 0,
    },
    generatedOn: date,
    summary,
    charts: { perspectives: perspectiveChart(report, text), gaps: gapChart(report, text), change: changeChart(report, text) },
    heatmaps: report.groups.map((breakdown) => heatmapView(report, breakdown, t, lang)),
    dimensionKey: report.dimensions.map((dimension) => ({ code: dimension.code, name: dimension.name })),
    scoreTable: report.perspectives.flatMap((perspective) => [
      { ...scoreRow(perspective, t, lang), level: 'perspective' as const },
      ...report.dimensions.filter((dimension) => dimension.perspective === perspective.code).map((dimension) => ({ ...scoreRow(dimension, t, lang), level: 'dimension' as const })),
    ]),
    perspectives: report.perspectives.map((perspective) => {
      const dimensions = report.dimensions.filter((dimension) => dimension.perspective === perspective.code);
      const codes = new Set(dimensions.map((dimension) => dimension.code));
      return {
        code: perspective.code,
        name: perspective.name,
        figures: scoreRow(perspective, t, lang),
        dimensions: dimensions.map((dimension) => scoreRow(dimension, t, lang)),
        items: report.items.filter((item) => codes.has(item.dimension)).map((item) => itemRow(item, itemTexts.get(item.code) ?? '', t, lang)),
        // One chart per dimension: smaller figures that pages can fill without leaving half of one empty.
        // The scale's legend on the first of them only.
        charts: dimensions.map((dimension, index) => ({
          code: dimension.code,
          name: dimension.name,
          svg: itemChart(report, perspective.code, scaleLabels, text, { texts: itemTexts, dimension: dimension.code, legend: index === 0 }),
        })),
      };
    }),
    comparison: report.comparison
      ? {
          roundName: report.comparison.round.name,
          rows: report.comparison.dimensions.map((row) => ({
            name: row.name,
            previous: formatDecimal(row.previous_mean, lang),
            current: formatDecimal(row.current_mean, lang),
            change: formatSigned(row.change, lang),
            p: formatPValue(row.p_value, lang),
            d: formatSigned(row.cohens_d, lang),
            verdict: row.direction !== null ? t(`report.direction.${row.direction}`) : row.test_null_reason === null ? '' : t(`report.compare_null.${row.test_null_reason}`),
          })),
        }
      : null,
    comments: {
      shown: commentsShown,
      min: options.commentMin,
      count: commentGroups.reduce((sum, group) => sum + group.texts.length, 0),
      groups: commentGroups,
    },
    method: {
      scale: `${report.scale.min}–${report.scale.max}`,
      scaleLabels: definition.scale.labels.map((label) => `${label.value} = ${label[lang]}`).join('; '),
      categories: categoryRanges(report, t, lang),
      alphaMin: formatDecimal(report.thresholds.alpha_min, lang),
      rCritical: formatDecimal(report.thresholds.r_critical, lang, 4),
      n: report.n,
      minGroupSize: report.thresholds.min_group_size,
      favourablePoints: `${report.scale.max - 1}–${report.scale.max}`,
    },
  };
}
