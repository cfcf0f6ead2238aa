import type { Db } from '../db/connection';
import { countSkmResponses, countSkmResponsesByChannel, iterateSkmResponses, listSkmSuggestions, type SkmResponseRow } from '../db/skm';
import { ConflictError } from '../errors';
import { shuffle } from '../db/random-ids';
import type { Lang } from '../i18n';
import { Fraction } from './fraction';
import { nrrFraction, satisfactionIndex, skmGrade, type ElementTally, type SkmGrade } from './ikm';
import { getSkmRound, listAllSkmRounds, type SkmRound } from './rounds';

/**
 * The report of an SKM round (PermenPANRB 14/2017), computed in one pass over its questionnaires.
 *
 * Definitions, so that every figure can be checked by hand:
 * - NRR of an element = Σ answers ÷ n answered (a blank is left out, never counted as 0).
 * - NRR weighted = NRR × the element's weight (exactly 1/n of n elements unless the unit set its own).
 * - Converted value of an element ("nilai konversi") = 25 × NRR; the element's grade is judged on
 *   it rounded to two decimals, as the index is.
 * - IKM = 25 × Σ (NRR × weight), exact as a fraction (`ikm_exact`), the nearest double (`ikm`) and
 *   rounded half up to two decimals (`ikm_rounded`); the grade is judged on the rounded value.
 *   Null while an element has no answer.
 * - Priorities: every element graded C or D (converted value below 76.61), and at least the three
 *   lowest, lowest NRR first (equal NRRs keep the instrument's order).
 * - Breakdowns by gender, age band, education, occupation and service: the not-answered respondents
 *   are a group of their own. A group with fewer questionnaires than the round's minimum group
 *   size is suppressed, and further groups with it, smallest first, until the suppressed groups
 *   hold at least the minimum together (the employee survey's rule, src/analysis/suppression.ts):
 *   otherwise total − shown groups would give a small group away. Inside a shown group an element
 *   answered by fewer than the minimum is suppressed the same way, and then the group's index too
 *   (it would give the hidden NRR back). Groups and cells are judged on their online and kiosk
 *   forms first (chooseSkmSuppressed): paper forms never lift a small online group into view.
 * - Suggestions are shown only when the round has at least `commentMin` questionnaires, in a new
 *   random order on every read (never per group, never with the questionnaire they came with).
 * - Trend: the rounds whose period starts before this one's, oldest first, then this round.
 */

/** Age bands in years (inclusive): ≤ 25, 26–35, 36–45, 46–55, > 55. */
export const AGE_BANDS = [
  { key: 'to_25', label: '≤ 25', max: 25 },
  { key: '26_35', label: '26–35', max: 35 },
  { key: '36_45', label: '36–45', max: 45 },
  { key: '46_55', label: '46–55', max: 55 },
  { key: 'over_55', label: '> 55', max: Number.POSITIVE_INFINITY },
] as const;

export function ageBand(age: number | null): string | null {
  if (age === null) return null;
  return AGE_BANDS.find((band) => age <= band.max)!.key;
}

export const BREAKDOWN_FIELDS = ['gender', 'age', 'education', 'occupation', 'service'] as const;
export type SkmBreakdownField = (typeof BREAKDOWN_FIELDS)[number];

const GRADE_LABELS: Record<Lang, Record<SkmGrade, string>> = {
  id: { A: 'Sangat Baik', B: 'Baik', C: 'Kurang Baik', D: 'Tidak Baik' },
  en: { A: 'Very good', B: 'Good', C: 'Less than good', D: 'Not good' },
};

export function skmGradeLabel(grade: SkmGrade, lang: Lang): string {
  return GRADE_LABELS[lang][grade];
}

/** The bands of the grades on the 25–100 index, for charts and the method section. */
export const GRADE_BANDS: readonly { grade: SkmGrade; from: number; to: number }[] = [
  { grade: 'A', from: 88.31, to: 100 },
  { grade: 'B', from: 76.61, to: 88.3 },
  { grade: 'C', from: 65, to: 76.6 },
  { grade: 'D', from: 25, to: 64.99 },
];

export interface SkmElementResult {
  key: string;
  name: string;
  /** Questionnaires that answered the element. */
  n: number;
  /** Mean of the answers (1–4); null without answers. */
  nrr: number | null;
  /** The exact NRR as "sum/n" reduced, for whoever checks by hand. */
  nrr_exact: string | null;
  weight: number;
  weight_exact: string;
  /** NRR × weight. */
  nrr_weighted: number | null;
  /** Answers counted per score. */
  distribution: { '1': number; '2': number; '3': number; '4': number };
  /** The converted value 25 × NRR (25–100), full precision and as shown. */
  ikm_element: number | null;
  ikm_element_rounded: number | null;
  grade: SkmGrade | null;
  grade_label: string | null;
}

export interface SkmGroupResult {
  /** The group's stored value (a code for service, a band key for age); null for not answered. */
  key: string | null;
  label: string | null;
  /** Questionnaires in the group (shown even when suppressed: a count alone reveals no answer). */
  n: number;
  suppressed: boolean;
  ikm: number | null;
  ikm_rounded: number | null;
  grade: SkmGrade | null;
  /** NRR per element key; null when suppressed or not answered in the group. */
  nrr: Record<string, number | null>;
}

export interface SkmBreakdown {
  field: SkmBreakdownField;
  groups: SkmGroupResult[];
}

export interface SkmTrendPoint {
  round_id: number;
  name: string;
  period_start: string;
  period_end: string;
  responses: number;
  ikm: number | null;
  ikm_rounded: number | null;
  grade: SkmGrade | null;
  /** NRR per element key (null when the round had no such element or no answer). */
  nrr: Record<string, number | null>;
  current: boolean;
}

export interface SkmReport {
  round: {
    id: number;
    name: string;
    instrument: string;
    period_start: string;
    period_end: string;
    closed: boolean;
    population: number | null;
    /** Krejcie–Morgan for the population; null without one. */
    required_sample: number | null;
    responses: number;
    by_channel: { online: number; kiosk: number; paper: number };
    /** responses ÷ required_sample (may exceed 1); null without a population. */
    progress: number | null;
    min_group_size: number;
    custom_weights: boolean;
    services: { code: string; name: string }[];
  };
  elements: SkmElementResult[];
  ikm: number | null;
  ikm_rounded: number | null;
  ikm_exact: string | null;
  grade: SkmGrade | null;
  grade_label: string | null;
  priorities: { key: string; name: string; nrr: number; ikm_element: number; ikm_element_rounded: number; grade: SkmGrade }[];
  breakdowns: SkmBreakdown[];
  suggestions: { shown: boolean; min: number; count: number; items: string[] };
  trend: SkmTrendPoint[];
}

export interface SkmReportOptions {
  lang: Lang;
  /** Suggestions are listed only from this many questionnaires on (config commentMin). */
  commentMin?: number;
}

const DEFAULT_COMMENT_MIN = 10;
type Counts = [number, number, number, number];

/** Per-element answer counts of a set of questionnaires. */
class Tallies {
  readonly counts: Counts[];
  /** Per element, how many online or kiosk forms answered it (the rest of its answers are paper). */
  readonly onlineAnswered: number[];
  n = 0;
  /** Online and kiosk forms: the ones nobody in the office typed, so the ones a group must protect. */
  online = 0;
  constructor(elementCount: number) {
    this.counts = Array.from({ length: elementCount }, () => [0, 0, 0, 0] as Counts);
    this.onlineAnswered = new Array<number>(elementCount).fill(0);
  }

  add(answers: Buffer, channel: SkmResponseRow['channel'] = 'online'): void {
    this.n += 1;
    const online = channel !== 'paper';
    if (online) this.online += 1;
    for (let index = 0; index < this.counts.length; index++) {
      const answer = answers[index] ?? 0;
      if (answer >= 1 && answer <= 4) {
        this.counts[index][answer - 1] += 1;
        if (online) this.onlineAnswered[index] += 1;
      }
    }
  }

  of(keys: readonly string[]): ElementTally[] {
    return keys.map((key, index) => ({ key, counts: this.counts[index] }));
  }
}

function answeredCount(counts: Counts): number {
  return counts[0] + counts[1] + counts[2] + counts[3];
}

/**
 * The cells of a breakdown to hide, judged on the online (and kiosk) forms first: whoever typed
 * the paper forms knows them and subtracts them, so paper forms must never lift a group of 1 to
 * minimum − 1 online forms into view (four invented paper forms beside one real answer would show
 * that answer). A cell is hidden when it holds 1 to minimum − 1 online forms, or no online form
 * and 1 to minimum − 1 paper ones; cover is added, smallest online first, until the hidden cells
 * hold no online form or at least the minimum (so the choice never moves with paper imports), and
 * then, smallest first, until they hold no form or at least the minimum.
 */
export function chooseSkmSuppressed(cells: readonly { online: number; total: number }[], minimum: number, alreadyHidden?: readonly boolean[]): boolean[] {
  const small = (count: number) => count > 0 && count < minimum;
  const hidden = cells.map((cell, index) => (alreadyHidden?.[index] ?? false) || small(cell.online) || (cell.online === 0 && small(cell.total)));
  const hiddenSum = (of: (cell: { online: number; total: number }) => number) => cells.reduce((sum, cell, index) => sum + (hidden[index] ? of(cell) : 0), 0);
  for (const of of [(cell: { online: number; total: number }) => cell.online, (cell: { online: number; total: number }) => cell.total]) {
    while (small(hiddenSum(of))) {
      let smallest = -1;
      cells.forEach((cell, index) => {
        if (!hidden[index] && of(cell) > 0 && (smallest === -1 || of(cell) < of(cells[smallest]))) smallest = index;
      });
      if (smallest === -1) break;
      hidden[smallest] = true;
    }
  }
  return hidden;
}

function groupValue(field: SkmBreakdownField, row: SkmResponseRow): string | null {
  switch (field) {
    case 'gender':
      return row.gender;
    case 'age':
      return ageBand(row.age);
    default: {
      const value = row[field];
      return value === null || value.trim() === '' ? null : value.trim();
    }
  }
}

/** The groups a field always lists (even when empty), in the order a reader expects. */
function knownGroups(round: SkmRound, field: SkmBreakdownField, lang: Lang): { key: string; label: string }[] {
  const profile = round.instrument.definition.profile;
  switch (field) {
    case 'gender':
      return [
        { key: 'male', label: lang === 'id' ? 'Laki-laki' : 'Male' },
        { key: 'female', label: lang === 'id' ? 'Perempuan' : 'Female' },
      ];
    case 'age':
      return AGE_BANDS.map((band) => ({ key: band.key, label: band.label }));
    case 'education':
      return profile.education.map((value) => ({ key: value, label: value }));
    case 'occupation':
      return profile.occupation.map((value) => ({ key: value, label: value }));
    case 'service':
      return round.services.map((service) => ({ key: service.code, label: service.name }));
  }
}

/** The index of a set of tallies: exact, nearest double, rounded, grade; nulls while an element lacks answers. */
function indexOf(tallies: readonly ElementTally[], weights: SkmRound['weights']) {
  const result = satisfactionIndex(tallies, weights);
  return result ?? { ikm: null, ikm_rounded: null, grade: null, ikm_exact: null };
}

function elementResults(round: SkmRound, tallies: Tallies, lang: Lang): SkmElementResult[] {
  return round.elements.map((element, index) => {
    const counts = tallies.counts[index];
    const weight = round.weights.get(element.key)!;
    const nrr = nrrFraction({ key: element.key, counts });
    const converted = nrr === null ? null : nrr.times(Fraction.of(25));
    const rounded = converted === null ? null : converted.round(2);
    const grade = rounded === null ? null : skmGrade(rounded);
    return {
      key: element.key,
      name: element.name[lang],
      n: answeredCount(counts),
      nrr: nrr === null ? null : nrr.toNumber(),
      nrr_exact: nrr === null ? null : nrr.toString(),
      weight: weight.toNumber(),
      weight_exact: weight.toString(),
      nrr_weighted: nrr === null ? null : nrr.times(weight).toNumber(),
      distribution: { '1': counts[0], '2': counts[1], '3': counts[2], '4': counts[3] },
      ikm_element: converted === null ? null : converted.toNumber(),
      ikm_element_rounded: rounded,
      grade,
      grade_label: grade === null ? null : skmGradeLabel(grade, lang),
    };
  });
}

/** Every element graded C or D, and at least the three lowest; lowest NRR first. */
export function choosePriorities(elements: readonly SkmElementResult[]): SkmReport['priorities'] {
  const answered = elements.filter((element) => element.nrr !== null);
  // Array.prototype.sort is stable: equal NRRs keep the instrument's order.
  const ranked = [...answered].sort((a, b) => a.nrr! - b.nrr!);
  return ranked
    .filter((element, position) => position < 3 || element.grade === 'C' || element.grade === 'D')
    .map((element) => ({
      key: element.key,
      name: element.name,
      nrr: element.nrr!,
      ikm_element: element.ikm_element!,
      ikm_element_rounded: element.ikm_element_rounded!,
      grade: element.grade!,
    }));
}

function breakdownOf(round: SkmRound, field: SkmBreakdownField, groups: Map<string | null, Tallies>, lang: Lang): SkmBreakdown {
  const keys = round.elements.map((element) => element.key);
  const known = knownGroups(round, field, lang);
  const knownKeys = new Set(known.map((group) => group.key));
  // Values outside the instrument's list (an older instrument, a service since removed) follow, by code unit.
  const others = [...groups.keys()].filter((key): key is string => key !== null && !knownKeys.has(key)).sort();
  const entries: { key: string | null; label: string | null }[] = [...known, ...others.map((key) => ({ key, label: key })), { key: null, label: null }];
  const rows = entries
    .map((entry) => ({ ...entry, tallies: groups.get(entry.key) ?? new Tallies(keys.length) }))
    // The not-answered group is listed only when someone left the field blank.
    .filter((entry) => entry.key !== null || entry.tallies.n > 0);

  const minimum = round.row.min_group_size;
  const rowHidden = chooseSkmSuppressed(
    rows.map((row) => ({ online: row.tallies.online, total: row.tallies.n })),
    minimum,
  );
  // Per element: a shown group where fewer than the minimum answered it would reveal their answers;
  // hidden with cover, the hidden rows already counting as hidden.
  const cellHidden = keys.map((_key, index) =>
    chooseSkmSuppressed(
      rows.map((row) => ({ online: row.tallies.onlineAnswered[index], total: answeredCount(row.tallies.counts[index]) })),
      minimum,
      rowHidden,
    ),
  );

  return {
    field,
    groups: rows.map((row, r) => {
      const nrr: Record<string, number | null> = {};
      let anyCellHidden = false;
      keys.forEach((key, index) => {
        const hidden = rowHidden[r] || cellHidden[index][r];
        if (hidden) anyCellHidden = true;
        const value = nrrFraction({ key, counts: row.tallies.counts[index] });
        nrr[key] = hidden || value === null ? null : value.toNumber();
      });
      const index = rowHidden[r] || anyCellHidden ? null : satisfactionIndex(row.tallies.of(keys), round.weights);
      return {
        key: row.key,
        label: row.label,
        n: row.tallies.n,
        suppressed: rowHidden[r],
        ikm: index?.ikm ?? null,
        ikm_rounded: index?.ikm_rounded ?? null,
        grade: index?.grade ?? null,
        nrr,
      };
    }),
  };
}

/** The tallies of a whole round, for the trend. */
function roundTallies(db: Db, round: SkmRound): Tallies {
  const tallies = new Tallies(round.elements.length);
  for (const row of iterateSkmResponses(db, round.row.id)) tallies.add(row.answers);
  return tallies;
}

function trendPoint(round: SkmRound, tallies: Tallies, current: boolean): SkmTrendPoint {
  const keys = round.elements.map((element) => element.key);
  const index = indexOf(tallies.of(keys), round.weights);
  const nrr: Record<string, number | null> = {};
  keys.forEach((key, position) => {
    nrr[key] = nrrFraction({ key, counts: tallies.counts[position] })?.toNumber() ?? null;
  });
  return {
    round_id: round.row.id,
    name: round.row.name,
    period_start: round.row.period_start,
    period_end: round.row.period_end,
    responses: tallies.n,
    ikm: index.ikm,
    ikm_rounded: index.ikm_rounded,
    grade: index.grade,
    nrr,
    current,
  };
}

export function skmReport(db: Db, roundId: number, options: SkmReportOptions): SkmReport {
  const { lang } = options;
  const commentMin = options.commentMin ?? DEFAULT_COMMENT_MIN;
  const round = getSkmRound(db, roundId);
  const keys = round.elements.map((element) => element.key);

  // The one pass: the whole round's tallies, each field's groups, the channels.
  const total = new Tallies(keys.length);
  const byField = new Map<SkmBreakdownField, Map<string | null, Tallies>>(BREAKDOWN_FIELDS.map((field) => [field, new Map()]));
  const byChannel = { online: 0, kiosk: 0, paper: 0 };
  for (const row of iterateSkmResponses(db, roundId)) {
    total.add(row.answers, row.channel);
    byChannel[row.channel] += 1;
    for (const field of BREAKDOWN_FIELDS) {
      const groups = byField.get(field)!;
      const value = groupValue(field, row);
      let tallies = groups.get(value);
      if (!tallies) {
        tallies = new Tallies(keys.length);
        groups.set(value, tallies);
      }
      tallies.add(row.answers, row.channel);
    }
  }

  const elements = elementResults(round, total, lang);
  const index = indexOf(total.of(keys), round.weights);

  const suggestionsShown = total.n >= commentMin;
  const suggestions = listSkmSuggestions(db, roundId);
  shuffle(suggestions);

  const earlier = listAllSkmRounds(db)
    .filter((other) => other.row.id !== roundId && skmReportPublished(db, other) && other.row.period_start < round.row.period_start)
    .sort((a, b) => (a.row.period_start < b.row.period_start ? -1 : a.row.period_start > b.row.period_start ? 1 : a.row.id - b.row.id));
  const trend = [...earlier.map((other) => trendPoint(other, roundTallies(db, other), false)), trendPoint(round, total, true)];

  const required = round.requiredSample;
  return {
    round: {
      id: round.row.id,
      name: round.row.name,
      instrument: round.instrument.definition.code,
      period_start: round.row.period_start,
      period_end: round.row.period_end,
      closed: round.row.closed_at !== null,
      population: round.row.population,
      required_sample: required,
      responses: total.n,
      by_channel: byChannel,
      progress: required === null ? null : total.n / required,
      min_group_size: round.row.min_group_size,
      custom_weights: round.customWeights,
      services: round.services.map((service) => ({ code: service.code, name: service.name })),
    },
    elements,
    ikm: index.ikm,
    ikm_rounded: index.ikm_rounded,
    ikm_exact: index.ikm_exact,
    grade: index.grade,
    grade_label: index.grade === null ? null : skmGradeLabel(index.grade, lang),
    priorities: choosePriorities(elements),
    breakdowns: BREAKDOWN_FIELDS.map((field) => breakdownOf(round, field, byField.get(field)!, lang)),
    suggestions: { shown: suggestionsShown, min: commentMin, count: suggestions.length, items: suggestionsShown ? suggestions : [] },
    trend,
  };
}

/** What the list of rounds shows of each: questionnaires, the index and its grade (null without an index). */
/**
 * A round's figures are published once it is closed: a report that moved with every form would give
 * each respondent's answers away as the difference between two readings (a kiosk's staff know who
 * has just answered). Pages, the API and the command line ask this before showing any figure.
 */
export function skmReportPublished(db: Db, round: SkmRound): boolean {
  return round.row.closed_at !== null && !skmRoundTooSmall(db, round);
}

/**
 * Whether a closed round holds too few forms to publish anything: the whole round is a group too,
 * and its element distributions would be the answers of its 1 to minimum − 1 online forms (with
 * any paper forms subtracted by whoever typed them), or of its few paper forms.
 */
export function skmRoundTooSmall(db: Db, round: SkmRound): boolean {
  let online = 0;
  let total = 0;
  for (const { channel, n } of countSkmResponsesByChannel(db, round.row.id)) {
    total += n;
    if (channel !== 'paper') online += n;
  }
  const small = (count: number) => count > 0 && count < round.row.min_group_size;
  return small(online) || (online === 0 && small(total));
}

/** The report of a closed round; an open one is refused (409) with its count only. */
export function publishedSkmReport(db: Db, round: SkmRound, options: SkmReportOptions): SkmReport {
  if (round.row.closed_at === null) throw new ConflictError(`The SKM round is still open (${countSkmResponses(db, round.row.id)} forms): its report is published when it closes`);
  if (!skmReportPublished(db, round)) throw new ConflictError(`The SKM round holds fewer forms than its minimum group size (${round.row.min_group_size}): its report would give their answers away, so it is not published`);
  return skmReport(db, round.row.id, options);
}

/** The list's line of a round: its count, and its index and grade once published. */
export function publishedRoundSummary(db: Db, round: SkmRound): { responses: number; ikm_rounded: number | null; grade: SkmGrade | null } {
  return skmReportPublished(db, round) ? skmRoundSummary(db, round) : { responses: countSkmResponses(db, round.row.id), ikm_rounded: null, grade: null };
}

export function skmRoundSummary(db: Db, round: SkmRound): { responses: number; ikm_rounded: number | null; grade: SkmGrade | null } {
  const point = trendPoint(round, roundTallies(db, round), true);
  return { responses: point.responses, ikm_rounded: point.ikm_rounded, grade: point.grade };
}

/**
 * The index and element means of every published round (closed and not too small), by the end of
 * its period, oldest first: what a plan reads as its satisfaction outcome and its IKM indicators.
 * Open rounds give nothing, for the same reason their report is not shown.
 */
export function publishedSkmPoints(db: Db): SkmTrendPoint[] {
  return listAllSkmRounds(db)
    .filter((round) => skmReportPublished(db, round))
    .map((round) => trendPoint(round, roundTallies(db, round), false))
    .sort((a, b) => (a.period_end < b.period_end ? -1 : a.period_end > b.period_end ? 1 : a.round_id - b.round_id));
}
