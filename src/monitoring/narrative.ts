import { translator, type Lang, type Translate } from '../i18n';
import { formatDecimal, formatLongDate, formatPercent, formatQuantity as formatQuantityText, formatSigned } from '../i18n/format';
import type { Status } from './achievement';
import type { Evaluation, IndicatorEvaluation, Prompt, SatisfactionOutcome } from './evaluation';
import type { BudgetFigures, BudgetTypeFigures } from './budget';
import { monthName, parsePeriod, periodName } from './periods';

/**
 * The evaluation in words, for the leadership meeting: what the figures of an `Evaluation` say,
 * paragraph by paragraph, and the test-and-adapt prompts as questions. Every sentence is built from
 * the figures and nothing else (no invented cause, no judgement the figures do not carry); a figure
 * that is missing is named as missing ("belum dilaporkan"), never written as 0. Pure: the same
 * evaluation and language give the same text.
 */

export type NarrativeTopic = 'overall' | 'on_track' | 'behind' | 'not_reported' | 'budget' | 'outcomes' | 'prompts';

export interface NarrativeParagraph {
  topic: NarrativeTopic;
  heading: string;
  /** One sentence for the executive summary. */
  key_point: string;
  /** The paragraph in full; the key point is not repeated in it unless it is the whole story. */
  sentences: string[];
}

export interface EvaluationNarrative {
  paragraphs: NarrativeParagraph[];
  /** The prompts phrased as questions for the leadership meeting; empty when the figures raise none. */
  questions: string[];
}

/** What the report reads of the budget: the budget module's figures. */
export type BudgetReading = BudgetFigures;
export type BudgetTypeReading = BudgetTypeFigures;

export function budgetOf(evaluation: Evaluation): BudgetReading | null {
  return evaluation.budget;
}

/** The last quarter that has ended within the evaluated months (through_month), or null before the first one ends. */
export function lastQuarterEnded(budget: BudgetReading): number | null {
  const quarter = Math.floor(budget.through_month / 3);
  return quarter >= 1 ? quarter : null;
}

// ---------------------------------------------------------------------------------------------
// Wording shared by the narrative and the document

/** A target or a realisation as written in a plan: whole numbers without decimals (80), others with up to two (10,4). */
/** A quantity as people write it (20, 12,5), '—' for none. */
export function formatQuantity(value: number | null, lang: Lang): string {
  return value === null ? '—' : formatQuantityText(value, lang);
}

/** "35%", "10,4 JP", "83,2 indeks". */
export function withUnit(text: string, unit: string): string {
  if (!unit) return text;
  return unit === '%' ? `${text}%` : `${text} ${unit}`;
}

/** The indicator's target as it applies: "50%", or the range "40–60%" for a range indicator. */
export function targetText(indicator: IndicatorEvaluation, lang: Lang): string | null {
  if (indicator.polarity === 'range') {
    if (indicator.lower_bound === null || indicator.upper_bound === null) return null;
    return withUnit(`${formatQuantity(indicator.lower_bound, lang)}–${formatQuantity(indicator.upper_bound, lang)}`, indicator.unit);
  }
  return indicator.target === null ? null : withUnit(formatQuantity(indicator.target, lang), indicator.unit);
}

/** "Merah", "Kuning", "Hijau"; null status: the word for "not measured". */
export function statusLabel(status: Status | null, t: Translate): string {
  return t(status ? `evaluation.status.${status}` : 'evaluation.status.none');
}

/** The rule behind a status with the plan's thresholds: "indeks 80 sampai di bawah 100". */
export function statusRange(status: Status, evaluation: Evaluation, lang: Lang): string {
  const t = translator(lang);
  return t(`evaluation.status_range.${status}`, { red: formatQuantity(evaluation.settings.red_below, lang), green: formatQuantity(evaluation.settings.green_from, lang) });
}

/** A list in running text: "A, B dan C" (id) / "A, B and C" (en). */
export function joinWords(items: readonly string[], t: Translate): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${t('evaluation.narrative.and')} ${items[items.length - 1]}`;
}

/** The name of a period code ("2027-Q2" → "TW II 2027"); the code itself when it is not one. */
export function periodCodeName(code: string, lang: Lang): string {
  const period = parsePeriod(code);
  return period ? periodName(period, lang) : code;
}

function percent(value: number | null, lang: Lang): string {
  return formatPercent(value, lang, 1);
}

function picName(pic: { name: string } | null, t: Translate): string {
  return pic ? pic.name : t('evaluation.narrative.pic_none');
}

/** "penanggung jawab Budi Santoso" or "penanggung jawab belum ditetapkan". */
function picPhrase(pic: { name: string } | null, t: Translate): string {
  return pic ? t('evaluation.narrative.pic', { name: pic.name }) : t('evaluation.narrative.pic_none');
}

function objectiveLabel(code: string, name: string): string {
  return `${code} ${name}`.trim();
}

// ---------------------------------------------------------------------------------------------
// Paragraphs

function overall(evaluation: Evaluation, lang: Lang, t: Translate): NarrativeParagraph {
  const period = evaluation.period.name;
  const keyPoint =
    evaluation.nko === null || evaluation.nko_status === null
      ? t('evaluation.narrative.nko_none', { period })
      : t('evaluation.narrative.nko', {
          period,
          nko: formatDecimal(evaluation.nko, lang, 1),
          status: t(`evaluation.status_text.${evaluation.nko_status}`),
          range: statusRange(evaluation.nko_status, evaluation, lang),
        });
  const sentences = [keyPoint];
  const perspectives = evaluation.perspectives.map((perspective) =>
    perspective.value === null || perspective.status === null
      ? t('evaluation.narrative.perspective_none', { name: perspective.name })
      : t('evaluation.narrative.perspective_item', { name: perspective.name, value: formatDecimal(perspective.value, lang, 1), status: t(`evaluation.status_text.${perspective.status}`) }),
  );
  if (perspectives.length) sentences.push(t('evaluation.narrative.perspectives', { list: perspectives.join('; ') }));
  const measured = evaluation.indicators.filter((indicator) => indicator.realisation !== null).length;
  sentences.push(t('evaluation.narrative.measured', { measured, total: evaluation.indicators.length, date: formatLongDate(evaluation.as_of, lang) }));
  if (!evaluation.settings.perspective_weights_set) sentences.push(t('evaluation.narrative.weights_equal'));
  return { topic: 'overall', heading: t('evaluation.narrative.overall_heading'), key_point: keyPoint, sentences };
}

function onTrack(evaluation: Evaluation, lang: Lang, t: Translate): NarrativeParagraph {
  const objectives = evaluation.objectives.filter((objective) => objective.status === 'green');
  const indicators = evaluation.indicators.filter((indicator) => indicator.status === 'green');
  const keyPoint = t('evaluation.narrative.on_track', {
    objectives: objectives.length,
    objectives_total: evaluation.objectives.length,
    indicators: indicators.length,
    indicators_total: evaluation.indicators.length,
  });
  const sentences: string[] = [];
  sentences.push(
    objectives.length
      ? t('evaluation.narrative.on_track_objectives', { list: objectives.map((objective) => `${objectiveLabel(objective.code, objective.name)} (${formatDecimal(objective.value, lang, 1)})`).join('; ') })
      : t('evaluation.narrative.on_track_objectives_none'),
  );
  sentences.push(
    indicators.length
      ? t('evaluation.narrative.on_track_indicators', { list: indicators.map((indicator) => t('evaluation.narrative.indicator_achievement', { indicator: objectiveLabel(indicator.code, indicator.name), achievement: percent(indicator.achievement_pct, lang) })).join('; ') })
      : t('evaluation.narrative.on_track_indicators_none'),
  );
  return { topic: 'on_track', heading: t('evaluation.narrative.on_track_heading'), key_point: keyPoint, sentences };
}

function actionState(action: Evaluation['behind'][number]['actions'][number], lang: Lang, t: Translate): string {
  const progress = action.progress === null ? null : formatPercent(action.progress, lang, 0);
  const elapsed = formatPercent(action.elapsed_pct, lang, 0);
  if (action.status === 'overdue') {
    const due = formatLongDate(action.due_on, lang);
    return progress === null ? t('evaluation.narrative.action_overdue_unreported', { due }) : t('evaluation.narrative.action_overdue', { due, progress });
  }
  return progress === null ? t('evaluation.narrative.action_behind_unreported', { elapsed }) : t('evaluation.narrative.action_behind', { progress, elapsed });
}

function behind(evaluation: Evaluation, lang: Lang, t: Translate): NarrativeParagraph {
  const lagging = [...evaluation.indicators.filter((indicator) => indicator.status === 'red'), ...evaluation.indicators.filter((indicator) => indicator.status === 'yellow')];
  const red = lagging.filter((indicator) => indicator.status === 'red').length;
  const actions = evaluation.behind.reduce((sum, group) => sum + group.actions.length, 0);
  const keyPoint =
    lagging.length === 0 && actions === 0
      ? t('evaluation.narrative.behind_none')
      : t('evaluation.narrative.behind', {
          red,
          yellow: lagging.length - red,
          actions,
          pics: evaluation.behind.length ? ` (${evaluation.behind.map((group) => group.pic.name).join('; ')})` : '',
        });
  const sentences: string[] = [];
  for (const indicator of lagging) {
    sentences.push(
      t('evaluation.narrative.indicator_behind', {
        indicator: objectiveLabel(indicator.code, indicator.name),
        status: t(`evaluation.status_text.${indicator.status as Status}`),
        realisation: withUnit(formatQuantity(indicator.realisation, lang), indicator.unit),
        target: targetText(indicator, lang) ?? t('evaluation.narrative.target_none'),
        achievement: percent(indicator.achievement_pct, lang),
        pic: picPhrase(indicator.pic, t),
      }),
    );
  }
  if (lagging.length === 0) sentences.push(t('evaluation.narrative.indicators_behind_none'));
  for (const group of evaluation.behind) {
    const list = group.actions.map((action) => t('evaluation.narrative.action_item', { title: action.title, objective: action.objective_code, state: actionState(action, lang, t) }));
    sentences.push(t('evaluation.narrative.actions_of', { pic: group.pic.name, list: list.join('; ') }));
  }
  if (evaluation.behind.length === 0) sentences.push(t('evaluation.narrative.actions_behind_none'));
  return { topic: 'behind', heading: t('evaluation.narrative.behind_heading'), key_point: keyPoint, sentences };
}

function notReported(evaluation: Evaluation, lang: Lang, t: Translate): NarrativeParagraph {
  const unreported = evaluation.indicators.filter((indicator) => indicator.realisation === null);
  const partial = evaluation.indicators.filter((indicator) => indicator.realisation !== null && indicator.missing_periods.length > 0);
  const periodsOf = (indicator: IndicatorEvaluation) =>
    joinWords(
      indicator.missing_periods.map((code) => indicator.periods.find((item) => item.period === code)?.name ?? periodCodeName(code, lang)),
      t,
    );
  let keyPoint: string;
  if (unreported.length) keyPoint = t('evaluation.narrative.not_reported', { list: unreported.map((indicator) => `${indicator.code || indicator.name} (${picName(indicator.pic, t)})`).join('; ') });
  else if (partial.length) keyPoint = t('evaluation.narrative.not_reported_partial_only', { count: partial.length });
  else keyPoint = t('evaluation.narrative.not_reported_none', { period: evaluation.period.name });
  const sentences: string[] = [];
  for (const indicator of unreported) {
    sentences.push(
      t('evaluation.narrative.not_reported_item', {
        indicator: objectiveLabel(indicator.code, indicator.name),
        periods: indicator.missing_periods.length ? periodsOf(indicator) : evaluation.period.name,
        pic: picPhrase(indicator.pic, t),
      }),
    );
  }
  if (unreported.length) sentences.push(t('evaluation.narrative.not_reported_rule'));
  for (const indicator of partial) sentences.push(t('evaluation.narrative.partial_item', { indicator: objectiveLabel(indicator.code, indicator.name), periods: periodsOf(indicator) }));
  if (sentences.length === 0) sentences.push(keyPoint);
  return { topic: 'not_reported', heading: t('evaluation.narrative.not_reported_heading'), key_point: keyPoint, sentences };
}

function monthsOutside(figures: BudgetTypeReading, budget: BudgetReading, lang: Lang): string[] {
  return figures.months
    .filter((month) => month.month <= budget.through_month && month.rpd_within_tolerance === false)
    .map((month) => `${monthName(month.month, lang)} (${percent(month.rpd_deviation_pct, lang)})`);
}

function budgetParagraph(evaluation: Evaluation, lang: Lang, t: Translate): NarrativeParagraph {
  const heading = t('evaluation.narrative.budget_heading');
  const budget = budgetOf(evaluation);
  if (!budget) {
    const keyPoint = t('evaluation.narrative.budget_none', { year: evaluation.period.year });
    return { topic: 'budget', heading, key_point: keyPoint, sentences: [keyPoint] };
  }
  const throughMonth = `${monthName(budget.through_month, lang)} ${budget.year}`;
  const quarter = lastQuarterEnded(budget);
  const sentences: string[] = [];
  let keyPoint: string;
  const toDate = budget.total.months.find((month) => month.month === budget.through_month)?.absorption_pct ?? null;
  if (quarter === null) {
    keyPoint = toDate === null ? t('evaluation.narrative.budget_no_quarter_unrecorded', { month: throughMonth }) : t('evaluation.narrative.budget_no_quarter', { month: throughMonth, absorption: percent(toDate, lang) });
    sentences.push(keyPoint);
  } else {
    const quarterName = periodCodeName(`${budget.year}-Q${quarter}`, lang);
    const total = budget.total.quarters.find((item) => item.quarter === quarter);
    if (!total || total.absorption_pct === null) keyPoint = t('evaluation.narrative.budget_unrecorded', { quarter: quarterName });
    else {
      const params = { quarter: quarterName, absorption: percent(total.absorption_pct, lang), target: percent(total.target_pct, lang) };
      keyPoint = total.target_pct === null ? t('evaluation.narrative.budget_absorption', params) : t(total.met ? 'evaluation.narrative.budget_met' : 'evaluation.narrative.budget_below', params);
    }
    sentences.push(keyPoint);
    if (budget.through_month > quarter * 3 && toDate !== null) sentences.push(t('evaluation.narrative.budget_since', { month: throughMonth, absorption: percent(toDate, lang) }));
    const perType = budget.types.map((type) => {
      const figures = type.quarters.find((item) => item.quarter === quarter);
      const absorption = figures?.absorption_pct ?? null;
      const target = figures?.target_pct ?? null;
      const verdict = absorption === null || target === null ? t('evaluation.narrative.type_unjudged') : t(figures?.met ? 'evaluation.narrative.type_met' : 'evaluation.narrative.type_below', { target: percent(target, lang) });
      return t('evaluation.narrative.type_item', { name: type.name, code: type.code, absorption: absorption === null ? t('evaluation.narrative.unrecorded') : percent(absorption, lang), verdict });
    });
    if (perType.length) sentences.push(t('evaluation.narrative.budget_types', { quarter: quarterName, list: perType.join('; ') }));
  }
  const tolerance = formatPercent(budget.rpd_tolerance, lang, 0);
  const totalOutside = monthsOutside(budget.total, budget, lang);
  sentences.push(
    totalOutside.length
      ? t('evaluation.narrative.rpd_total', { tolerance, months: joinWords(totalOutside, t) })
      : t('evaluation.narrative.rpd_total_within', { tolerance, month: throughMonth }),
  );
  const typesOutside = budget.types.map((type) => ({ type, months: monthsOutside(type, budget, lang) })).filter((item) => item.months.length > 0);
  if (typesOutside.length) {
    sentences.push(t('evaluation.narrative.rpd_types', { list: typesOutside.map((item) => t('evaluation.narrative.rpd_type_item', { name: item.type.name, code: item.type.code, months: joinWords(item.months, t) })).join('; ') }));
  }
  if (budget.targets_are_defaults) {
    const targets = budget.total.quarters.map((item) => formatQuantity(item.target_pct, lang)).join('/');
    sentences.push(t('evaluation.narrative.targets_default', { targets: `${targets}%` }));
  }
  return { topic: 'budget', heading, key_point: keyPoint, sentences };
}

/** "82,35 (B, Baik) in SKM Semester I 2027, 120 questionnaires; up 1,20 from SKM 2026" — or "not measured yet". */
export function satisfactionText(outcome: SatisfactionOutcome | null, lang: Lang): string {
  const t = translator(lang);
  if (!outcome) return t('evaluation.narrative.satisfaction_none');
  const text = t('evaluation.narrative.satisfaction_value', { ikm: formatDecimal(outcome.ikm_rounded, lang, 2), grade: outcome.grade, label: outcome.grade_label, round: outcome.round.name, n: outcome.responses });
  if (!outcome.previous || outcome.change === null) return text;
  const key = outcome.change > 0 ? 'evaluation.narrative.satisfaction_up' : outcome.change < 0 ? 'evaluation.narrative.satisfaction_down' : 'evaluation.narrative.satisfaction_same';
  return `${text}; ${t(key, { change: formatDecimal(Math.abs(outcome.change), lang, 2), round: outcome.previous.name, previous: formatDecimal(outcome.previous.ikm_rounded, lang, 2) })}`;
}

function outcomes(evaluation: Evaluation, lang: Lang, t: Translate): NarrativeParagraph {
  const absorption = evaluation.outcomes.absorption;
  let absorptionText: string;
  if (!absorption || absorption.absorption_pct === null) absorptionText = t('evaluation.narrative.outcome_absorption_none');
  else if (absorption.target_pct === null) absorptionText = percent(absorption.absorption_pct, lang);
  else {
    const key = absorption.met === null ? 'evaluation.narrative.outcome_absorption_running' : absorption.met ? 'evaluation.narrative.outcome_absorption_met' : 'evaluation.narrative.outcome_absorption_below';
    absorptionText = t(key, { absorption: percent(absorption.absorption_pct, lang), target: percent(absorption.target_pct, lang) });
  }
  // Without a published SKM round the outcome is named as unmeasured, not left out.
  const satisfaction = satisfactionText(evaluation.outcomes.satisfaction, lang);
  const keyPoint = t('evaluation.narrative.outcomes', { absorption: absorptionText, satisfaction });
  return {
    topic: 'outcomes',
    heading: t('evaluation.narrative.outcomes_heading'),
    key_point: keyPoint,
    sentences: [t('evaluation.narrative.outcome_absorption', { absorption: absorptionText }), t('evaluation.narrative.outcome_satisfaction', { satisfaction })],
  };
}

/** A prompt as a question for the leadership meeting. */
export function promptQuestion(prompt: Prompt, evaluation: Evaluation, lang: Lang): string {
  const t = translator(lang);
  const objective = objectiveLabel(prompt.objective_code, prompt.objective_name);
  if (prompt.kind === 'assumption') return t('evaluation.narrative.prompt_assumption', { objective });
  if (prompt.kind === 'gap_not_closed') {
    const change = evaluation.survey_changes.find((item) => item.objective_code === prompt.objective_code && item.dimension_code === prompt.dimension_code);
    const dimension = change ? `${change.dimension_name} (${prompt.dimension_code})` : (prompt.dimension_code ?? '');
    return t('evaluation.narrative.prompt_gap', { objective, dimension, gap: prompt.gap === undefined ? '—' : formatSigned(prompt.gap, lang) });
  }
  return t('evaluation.narrative.prompt_action', { objective: prompt.objective_code, action: prompt.action_title ?? '', indicators: joinWords(prompt.indicator_codes ?? [], t) });
}

function prompts(evaluation: Evaluation, lang: Lang, t: Translate): { paragraph: NarrativeParagraph; questions: string[] } {
  const questions = evaluation.prompts.map((prompt) => promptQuestion(prompt, evaluation, lang));
  const keyPoint = questions.length ? t('evaluation.narrative.prompts', { count: questions.length }) : t('evaluation.narrative.prompts_none');
  return { paragraph: { topic: 'prompts', heading: t('evaluation.narrative.prompts_heading'), key_point: keyPoint, sentences: questions.length ? questions : [keyPoint] }, questions };
}

export function evaluationNarrative(evaluation: Evaluation, lang: Lang): EvaluationNarrative {
  const t = translator(lang);
  const asked = prompts(evaluation, lang, t);
  return {
    paragraphs: [
      overall(evaluation, lang, t),
      onTrack(evaluation, lang, t),
      behind(evaluation, lang, t),
      notReported(evaluation, lang, t),
      budgetParagraph(evaluation, lang, t),
      outcomes(evaluation, lang, t),
      asked.paragraph,
    ],
    questions: asked.questions,
  };
}
