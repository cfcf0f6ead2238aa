import fs from 'node:fs';
import { translator, type Lang, type Translate } from '../i18n';
import { formatDecimal, formatLongDate, formatPercent, formatRupiah, formatSigned } from '../i18n/format';
import { statusSymbol, strategyMapSvg, strategyMapText, type StrategyMapInput, type StrategyMapLabels } from '../plan/strategy-map';
import { htmlToPdf } from '../report/pdf';
import { documentIdentity, type OrganisationProfile } from '../organisation/profile';
import { renderDocument } from '../report/render';
import { elementWithMarkup, inlineSvg } from '../report/svg';
import { absorptionChartSvg } from './absorption-chart';
import type { Status } from './achievement';
import type { Evaluation, IndicatorEvaluation } from './evaluation';
import {
  budgetOf,
  evaluationNarrative,
  formatQuantity,
  lastQuarterEnded,
  periodCodeName,
  statusLabel,
  statusRange,
  targetText,
  withUnit,
  type BudgetReading,
  type BudgetTypeReading,
} from './narrative';
import { monthName } from './periods';

export { evaluationWorkbook } from './workbook';

/**
 * The evaluation report leadership receives each quarter, semester or year: a cover, a one-page
 * executive summary, the analysis in words, the strategy map coloured by status, the indicator
 * table, budget absorption (an S-curve and a table per spending type), actions behind by person
 * in charge, survey changes, reminders and the signature block. Built from the `Evaluation` read
 * model only (which carries the plan's cause → effect links and its signatory); every figure is formatted here, so the views hold nothing but loops and ifs.
 *
 * Status never relies on colour: every status is a word, beside a symbol whose shape says it
 * (filled, half-filled, empty circle), as on the strategy map.
 */


export interface StatusView {
  key: Status | 'none';
  label: string;
  /** Inline SVG, hidden from screen readers (the label says it); empty for 'none'. */
  symbol: string;
}

export interface IndicatorRowView {
  code: string;
  name: string;
  notes: string[];
  pic: string;
  picGiven: boolean;
  target: string;
  realisation: string;
  reported: boolean;
  achievement: string;
  index: string;
  status: StatusView;
}

export interface BudgetChartView {
  heading: string;
  svg: string;
  caption: string;
  rows: { month: string; plan: string; realised: string; target: string; deviation: string; outside: boolean }[];
}

export interface EvaluationDocumentView {
  lang: Lang;
  title: string;
  cover: { organisation: string; organisationGiven: boolean; logo: { src: string; alt: string } | null; kind: string; periodName: string; planName: string; planPeriod: string; asOf: string; date: string };
  summary: {
    nko: string;
    nkoStatus: StatusView;
    nkoRule: string;
    perspectives: { name: string; weight: string; value: string; status: StatusView }[];
    weightsNote: string;
    keyPoints: string[];
    questions: string[];
    questionsNone: string;
  };
  analysis: { heading: string; sentences: string[] }[];
  map: { svg: string | null; statuses: string[]; links: string[]; unlinked: string | null };
  indicators: {
    legend: string[];
    groups: { heading: string; perspective: string; value: string; status: StatusView; rows: IndicatorRowView[] }[];
    count: number;
  };
  budget: {
    intro: string[];
    throughMonth: string;
    quarter: string;
    rows: { name: string; code: string; pagu: string; blokir: string; available: string; realised: string; absorption: string; target: string; verdict: string; total: boolean }[];
    charts: BudgetChartView[];
    tolerance: string;
  } | null;
  budgetNone: string;
  behind: { groups: { pic: string; rows: { title: string; objective: string; status: string; statusKey: 'behind' | 'overdue'; progress: string; elapsed: string; due: string; reported: string }[] }[] };
  surveyChanges: { rounds: string; rows: { objective: string; dimension: string; previous: string; current: string; change: string; verdict: string; significant: boolean }[] };
  reminders: { person: string; items: string[] }[];
  signature: { place: string; date: string; position: string; name: string; nip: string };
}

function symbolSvg(status: Status): string {
  return elementWithMarkup('svg', { class: 'ev-symbol', viewBox: '0 0 16 16', width: 12, height: 12, 'aria-hidden': 'true', focusable: 'false' }, statusSymbol(status, 8, 8, 6));
}

function statusView(status: Status | null, t: Translate, none?: string): StatusView {
  if (!status) return { key: 'none', label: none ?? t('evaluation.status.none'), symbol: '' };
  return { key: status, label: statusLabel(status, t), symbol: symbolSvg(status) };
}

function percent(value: number | null, lang: Lang): string {
  return formatPercent(value, lang, 1);
}

/** Whole rupiah without the currency sign, for a column whose header says "(Rp)": the table then fits a page's width. */
function rupiahDigits(value: number | null, lang: Lang): string {
  return formatRupiah(value, lang).replace('Rp ', '');
}

function mapLabels(evaluation: Evaluation, lang: Lang, t: Translate): StrategyMapLabels {
  const rule = (status: Status) => `${statusLabel(status, t)} (${statusRange(status, evaluation, lang)})`;
  return { leadsTo: t('plan.document.leads_to'), status: { red: rule('red'), yellow: rule('yellow'), green: rule('green') }, noObjectives: t('plan.document.map_no_objectives') };
}

function mapView(evaluation: Evaluation, lang: Lang, t: Translate): EvaluationDocumentView['map'] {
  const statuses = evaluation.objectives.map((objective) => {
    const params = { objective: `${objective.code} ${objective.name}`, status: statusLabel(objective.status, t) };
    return objective.value === null ? t('evaluation.doc.map_status_none', params) : t('evaluation.doc.map_status_item', { ...params, value: formatDecimal(objective.value, lang, 1) });
  });
  if (evaluation.objectives.length === 0) return { svg: null, statuses, links: [], unlinked: null };
  const ids = new Set(evaluation.objectives.map((objective) => objective.id));
  const input: StrategyMapInput = {
    title: t('evaluation.doc.map_svg_title', { plan: evaluation.plan.name, period: evaluation.period.name }),
    perspectives: evaluation.perspectives.map((perspective) => ({ code: perspective.code, name: perspective.name })),
    objectives: evaluation.objectives.map((objective) => ({ id: objective.id, code: objective.code, name: objective.name, perspective: objective.perspective, status: objective.status })),
    links: evaluation.links.filter((link) => ids.has(link.cause_id) && ids.has(link.effect_id)).map((link) => ({ cause: link.cause_id, effect: link.effect_id })),
  };
  const labels = mapLabels(evaluation, lang, t);
  const described = strategyMapText(input, labels);
  return {
    svg: inlineSvg(strategyMapSvg(input, labels)),
    statuses,
    links: described.links.map((link) => link.text),
    unlinked: described.unlinked.length ? t('plan.document.map_unlinked', { codes: described.unlinked.join('; ') }) : null,
  };
}

function indicatorNotes(indicator: IndicatorEvaluation, lang: Lang, t: Translate): string[] {
  const notes: string[] = [];
  if (indicator.polarity === 'minimize') notes.push(t('evaluation.doc.note_minimize'));
  if (indicator.polarity === 'range') notes.push(t('evaluation.doc.note_range'));
  if (indicator.target_basis === 'annual') notes.push(t('evaluation.doc.note_annual_target'));
  if (indicator.target_basis === 'annual_pro_rata') notes.push(t('evaluation.doc.note_pro_rata_target'));
  if (indicator.source === 'absorption') notes.push(t('evaluation.doc.note_source_absorption'));
  if (indicator.source === 'survey') notes.push(t('evaluation.doc.note_source_survey'));
  if (indicator.source === 'skm') notes.push(t('evaluation.doc.note_source_skm'));
  if (indicator.realisation !== null && indicator.missing_periods.length) {
    const names = indicator.missing_periods.map((code) => indicator.periods.find((item) => item.period === code)?.name ?? periodCodeName(code, lang));
    notes.push(t('evaluation.doc.note_missing', { periods: names.join(', ') }));
  }
  return notes;
}

function indicatorRow(indicator: IndicatorEvaluation, lang: Lang, t: Translate): IndicatorRowView {
  const reported = indicator.realisation !== null;
  return {
    code: indicator.code,
    name: indicator.name,
    notes: indicatorNotes(indicator, lang, t),
    pic: indicator.pic ? indicator.pic.name : t('evaluation.doc.pic_none'),
    picGiven: indicator.pic !== null,
    target: targetText(indicator, lang) ?? '—',
    realisation: reported ? withUnit(formatQuantity(indicator.realisation, lang), indicator.unit) : t('evaluation.doc.not_reported'),
    reported,
    achievement: percent(indicator.achievement_pct, lang),
    index: percent(indicator.index_pct, lang),
    status: statusView(indicator.status, t, reported ? undefined : t('evaluation.status.unreported')),
  };
}

function chartOf(figures: BudgetTypeReading, heading: string, budget: BudgetReading, lang: Lang, t: Translate): BudgetChartView {
  const through = monthName(budget.through_month, lang);
  const last = figures.months.find((month) => month.month === budget.through_month);
  const quarter = lastQuarterEnded(budget);
  const quarterFigures = quarter === null ? null : figures.quarters.find((item) => item.quarter === quarter);
  const description = [
    t('evaluation.doc.chart_realised_to', { month: through, value: percent(last?.absorption_pct ?? null, lang) }),
    t('evaluation.doc.chart_plan_to', { month: through, value: percent(last?.plan_pct ?? null, lang) }),
    quarterFigures && quarter !== null ? t('evaluation.doc.chart_target_at', { quarter: periodCodeName(`${budget.year}-Q${quarter}`, lang), value: percent(quarterFigures.target_pct, lang) }) : '',
  ]
    .filter(Boolean)
    .join('; ');
  const months = Array.from({ length: 12 }, (_, index) => figures.months.find((month) => month.month === index + 1) ?? null);
  const svg = absorptionChartSvg(
    {
      realised: months.map((month) => (month && month.month <= budget.through_month ? month.absorption_pct : null)),
      plan: months.map((month) => month?.plan_pct ?? null),
      targets: [1, 2, 3, 4].map((number) => figures.quarters.find((item) => item.quarter === number)?.target_pct ?? null),
    },
    {
      title: t('evaluation.doc.chart_title', { name: heading }),
      description: `${description}.`,
      realised: t('evaluation.doc.chart_realised'),
      plan: t('evaluation.doc.chart_plan'),
      target: t('evaluation.doc.chart_target'),
      yAxis: t('evaluation.doc.chart_y'),
      xAxis: t('evaluation.doc.chart_x'),
      months: Array.from({ length: 12 }, (_, index) => monthName(index + 1, lang).slice(0, 3)),
    },
  );
  return {
    heading,
    svg,
    caption: `${description}.`,
    rows: months.map((month, index) => {
      const realised = month !== null && month.month <= budget.through_month;
      return {
        month: monthName(index + 1, lang),
        plan: percent(month?.plan_pct ?? null, lang),
        realised: realised ? percent(month.absorption_pct, lang) : '—',
        target: percent(month?.target_pct ?? null, lang),
        deviation: realised ? percent(month.rpd_deviation_pct, lang) : '—',
        outside: realised && month.rpd_within_tolerance === false,
      };
    }),
  };
}

/** The S-curve of every spending type and of the whole budget, with its caption and month table (the report and the dashboard alike). */
export function absorptionCharts(budget: BudgetReading, lang: Lang): BudgetChartView[] {
  const t = translator(lang);
  return [...budget.types.map((figures) => chartOf(figures, `${figures.name} (${figures.code})`, budget, lang, t)), chartOf(budget.total, t('evaluation.doc.budget_total'), budget, lang, t)];
}

function budgetView(evaluation: Evaluation, budgetSentences: string[], lang: Lang, t: Translate): EvaluationDocumentView['budget'] {
  const budget = budgetOf(evaluation);
  if (!budget) return null;
  const quarter = lastQuarterEnded(budget);
  const quarterName = quarter === null ? '' : periodCodeName(`${budget.year}-Q${quarter}`, lang);
  const row = (figures: BudgetTypeReading, total: boolean) => {
    const month = figures.months.find((item) => item.month === budget.through_month);
    const quarterFigures = quarter === null ? null : figures.quarters.find((item) => item.quarter === quarter);
    const verdict =
      !quarterFigures || quarterFigures.met === null ? t('evaluation.doc.verdict_none') : quarterFigures.met ? t('evaluation.doc.verdict_met') : t('evaluation.doc.verdict_below');
    return {
      name: total ? t('evaluation.doc.budget_total') : figures.name,
      code: total ? '' : figures.code,
      pagu: rupiahDigits(figures.pagu, lang),
      blokir: rupiahDigits(figures.blokir, lang),
      available: rupiahDigits(figures.available, lang),
      realised: rupiahDigits(month?.cumulative_realised ?? null, lang),
      absorption: percent(month?.absorption_pct ?? null, lang),
      target: percent(quarterFigures?.target_pct ?? null, lang),
      verdict,
      total,
    };
  };
  return {
    intro: budgetSentences,
    throughMonth: `${monthName(budget.through_month, lang)} ${budget.year}`,
    quarter: quarterName,
    rows: [...budget.types.map((figures) => row(figures, false)), row(budget.total, true)],
    charts: absorptionCharts(budget, lang),
    tolerance: formatPercent(budget.rpd_tolerance, lang, 0),
  };
}

function surveyVerdict(change: Evaluation['survey_changes'][number], lang: Lang, t: Translate): string {
  if (change.direction === null || change.significant === null) return t('evaluation.doc.survey_untested');
  if (!change.significant || change.direction === 'unchanged') return t('evaluation.doc.survey_unchanged');
  const p = change.p_value === null ? '' : change.p_value < 0.001 ? t('evaluation.doc.p_below', { p: formatDecimal(0.001, lang, 3) }) : t('evaluation.doc.p_equals', { p: formatDecimal(change.p_value, lang, 3) });
  return t(change.direction === 'rise' ? 'evaluation.doc.survey_rise' : 'evaluation.doc.survey_fall', { p });
}

/** Every section of the report as formatted strings. */
export function evaluationDocumentView(evaluation: Evaluation, options: { lang: Lang; generatedOn: string; organisation?: OrganisationProfile | null }): EvaluationDocumentView {
  const { lang } = options;
  const t = translator(lang);
  const narrative = evaluationNarrative(evaluation, lang);
  const paragraphs = narrative.paragraphs.filter((paragraph) => paragraph.topic !== 'prompts');
  const objectiveById = new Map(evaluation.objectives.map((objective) => [objective.id, objective]));
  const perspectiveName = new Map(evaluation.perspectives.map((perspective) => [perspective.code, perspective.name]));

  const groups = evaluation.objectives
    .map((objective) => ({
      heading: `${objective.code} ${objective.name}`,
      perspective: perspectiveName.get(objective.perspective) ?? objective.perspective,
      value: objective.value === null ? '' : t('evaluation.doc.objective_value', { value: formatDecimal(objective.value, lang, 1) }),
      status: statusView(objective.status, t),
      rows: evaluation.indicators.filter((indicator) => indicator.objective_id === objective.id).map((indicator) => indicatorRow(indicator, lang, t)),
    }))
    .filter((group) => group.rows.length > 0);
  // An indicator whose objective is not in the evaluation (never expected) is still listed, not lost.
  const orphans = evaluation.indicators.filter((indicator) => !objectiveById.has(indicator.objective_id));
  if (orphans.length) groups.push({ heading: t('evaluation.doc.objective_unknown'), perspective: '', value: '', status: statusView(null, t), rows: orphans.map((indicator) => indicatorRow(indicator, lang, t)) });

  const budgetSentences = narrative.paragraphs.find((paragraph) => paragraph.topic === 'budget')?.sentences ?? [];
  const changes = evaluation.survey_changes;
  // The organisation profile stands in for what the plan leaves blank.
  const identity = documentIdentity(options.organisation, { organisation: evaluation.plan.organisation, signatory: evaluation.signatory });
  const { organisation, signatory } = identity;
  const kind = t('evaluation.doc.kind');

  return {
    lang,
    title: t('evaluation.doc.html_title', { kind, period: evaluation.period.name, plan: evaluation.plan.name }),
    cover: {
      organisation: organisation || t('plan.document.organisation_unknown'),
      organisationGiven: organisation !== '',
      logo: identity.logo ? { src: identity.logo, alt: organisation ? t('organisation.logo_alt', { name: organisation }) : t('organisation.logo_alt_unnamed') } : null,
      kind,
      periodName: evaluation.period.name,
      planName: evaluation.plan.name,
      planPeriod: t('plan.document.period', { period: evaluation.plan.period }),
      asOf: t('evaluation.doc.as_of', { date: formatLongDate(evaluation.as_of, lang), start: formatLongDate(`${evaluation.period.year}-01-01`, lang) }),
      date: formatLongDate(options.generatedOn, lang),
    },
    summary: {
      nko: evaluation.nko === null ? '—' : formatDecimal(evaluation.nko, lang, 1),
      nkoStatus: statusView(evaluation.nko_status, t),
      nkoRule: evaluation.nko_status ? statusRange(evaluation.nko_status, evaluation, lang) : t('evaluation.doc.nko_none'),
      perspectives: evaluation.perspectives.map((perspective) => ({
        name: perspective.name,
        weight: formatPercent(perspective.weight, lang, 0),
        value: formatDecimal(perspective.value, lang, 1),
        status: statusView(perspective.status, t),
      })),
      weightsNote: evaluation.settings.perspective_weights_set ? t('evaluation.doc.weights_set') : t('evaluation.doc.weights_equal'),
      keyPoints: paragraphs.map((paragraph) => paragraph.key_point),
      questions: narrative.questions,
      questionsNone: t('evaluation.narrative.prompts_none'),
    },
    analysis: paragraphs.filter((paragraph) => paragraph.topic !== 'budget').map((paragraph) => ({ heading: paragraph.heading, sentences: paragraph.sentences })),
    map: mapView(evaluation, lang, t),
    indicators: {
      legend: (['green', 'yellow', 'red'] as const).map((status) => `${statusLabel(status, t)}: ${statusRange(status, evaluation, lang)}`),
      groups,
      count: evaluation.indicators.length,
    },
    budget: budgetView(evaluation, budgetSentences, lang, t),
    budgetNone: t('evaluation.narrative.budget_none', { year: evaluation.period.year }),
    behind: {
      groups: evaluation.behind.map((group) => ({
        pic: group.pic.name,
        rows: group.actions.map((action) => ({
          title: action.title,
          objective: action.objective_code,
          status: t(`plan.document.status.${action.status}`),
          statusKey: action.status,
          progress: action.progress === null ? t('evaluation.doc.progress_none') : formatPercent(action.progress, lang, 0),
          elapsed: formatPercent(action.elapsed_pct, lang, 0),
          due: formatLongDate(action.due_on, lang),
          reported: action.reported_on ? formatLongDate(action.reported_on, lang) : t('evaluation.doc.reported_never'),
        })),
      })),
    },
    surveyChanges: {
      rounds: changes.length ? t('evaluation.doc.survey_rounds', { from: changes[0].from_round, to: changes[0].to_round }) : '',
      rows: changes.map((change) => ({
        objective: change.objective_code,
        dimension: `${change.dimension_name} (${change.dimension_code})`,
        previous: formatDecimal(change.previous_mean, lang),
        current: formatDecimal(change.current_mean, lang),
        change: formatSigned(change.change, lang),
        verdict: surveyVerdict(change, lang, t),
        significant: change.significant === true && change.direction !== 'unchanged',
      })),
    },
    reminders: evaluation.reminders.map((reminder) => ({
      person: reminder.person.name,
      items: [
        ...reminder.indicators.map((item) => t('evaluation.doc.reminder_indicator', { indicator: `${item.code} ${item.name}`.trim(), period: periodCodeName(item.period, lang) })),
        ...reminder.actions.map((item) =>
          item.last_update
            ? t('evaluation.doc.reminder_action', { action: item.title, date: formatLongDate(item.last_update, lang) })
            : t('evaluation.doc.reminder_action_never', { action: item.title }),
        ),
      ],
    })),
    signature: { place: signatory.place, date: formatLongDate(options.generatedOn, lang), position: signatory.position, name: signatory.name, nip: signatory.nip },
  };
}

export interface EvaluationDocumentOptions {
  lang: Lang;
  /** The report's date (YYYY-MM-DD), on the cover and beside the signature. */
  generatedOn: string;
  /** Stylesheet inlined under its own Content Security Policy, for the download and the PDF; otherwise linked, for the page. */
  selfContained: boolean;
  /** The installation's organisation profile: its name, head of unit and city where the plan gives none, and its logo on the cover. */
  organisation?: OrganisationProfile | null;
}

/** The evaluation report as one HTML file; self-contained like the strategy document (no script, no request, its stylesheet by hash). */
export async function evaluationDocumentHtml(evaluation: Evaluation, options: EvaluationDocumentOptions): Promise<string> {
  return renderDocument(['monitoring', 'evaluation.ejs'], evaluationDocumentView(evaluation, options), options);
}

/** The evaluation report printed to an A4 PDF by Chromium, through the same path as the strategy document. */
export async function evaluationDocumentPdf(
  evaluation: Evaluation,
  options: { lang: Lang; generatedOn: string; chromium: string; timeoutMs?: number; organisation?: OrganisationProfile | null },
): Promise<Buffer> {
  const html = await evaluationDocumentHtml(evaluation, { lang: options.lang, generatedOn: options.generatedOn, selfContained: true, organisation: options.organisation });
  return htmlToPdf(html, options.chromium, options.timeoutMs);
}
