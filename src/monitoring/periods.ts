import type { Lang } from '../i18n';

/**
 * Reporting periods of an indicator and of an evaluation. Written 2027-03 (a month), 2027-Q2 (a
 * quarter, triwulan), 2027-S1 (a semester) and 2027 (a year). A period is known by the months it
 * spans; "year to date" for an evaluation period is every period of its year that ends by its end.
 */

export const FREQUENCIES = ['monthly', 'quarterly', 'semester', 'annual'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export type PeriodKind = 'month' | 'quarter' | 'semester' | 'year';

export interface Period {
  code: string;
  kind: PeriodKind;
  year: number;
  /** 1-based position within the year (month 1–12, quarter 1–4, semester 1–2, year 1). */
  index: number;
  first_month: number;
  last_month: number;
}

const KIND_OF: Record<Frequency, PeriodKind> = { monthly: 'month', quarterly: 'quarter', semester: 'semester', annual: 'year' };
const SPAN: Record<PeriodKind, number> = { month: 1, quarter: 3, semester: 6, year: 12 };

export function periodKindOf(frequency: Frequency): PeriodKind {
  return KIND_OF[frequency];
}

function makePeriod(kind: PeriodKind, year: number, index: number): Period {
  const span = SPAN[kind];
  const code =
    kind === 'month' ? `${year}-${String(index).padStart(2, '0')}` : kind === 'quarter' ? `${year}-Q${index}` : kind === 'semester' ? `${year}-S${index}` : String(year);
  return { code, kind, year, index, first_month: (index - 1) * span + 1, last_month: index * span };
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/**
 * Reads a period as people write it: 2027-03, 2027-Q2 (also 2027-TW2, 2027-TWII, "TW II 2027"),
 * 2027-S1 (also "Semester I 2027"), 2027. Null when it is none of these.
 */
export function parsePeriod(text: string): Period | null {
  const value = text.trim().toLowerCase().replace(/\s+/g, ' ');
  let match = /^(\d{4})$/.exec(value);
  if (match) return yearOk(Number(match[1])) ? makePeriod('year', Number(match[1]), 1) : null;
  match = /^(\d{4})-(\d{1,2})$/.exec(value);
  if (match) {
    const month = Number(match[2]);
    return yearOk(Number(match[1])) && month >= 1 && month <= 12 ? makePeriod('month', Number(match[1]), month) : null;
  }
  match = /^(\d{4})[- ]?(q|tw|s|semester) ?([1-4]|iv|iii|ii|i)$/.exec(value) ?? null;
  let year: number;
  let letter: string;
  let number: string;
  if (match) [year, letter, number] = [Number(match[1]), match[2], match[3]];
  else {
    const spoken = /^(q|tw|s|semester) ?([1-4]|iv|iii|ii|i) (\d{4})$/.exec(value);
    if (!spoken) return null;
    [year, letter, number] = [Number(spoken[3]), spoken[1], spoken[2]];
  }
  const index = ROMAN[number] ?? Number(number);
  const kind: PeriodKind = letter === 's' || letter === 'semester' ? 'semester' : 'quarter';
  if (!yearOk(year) || index > (kind === 'semester' ? 2 : 4)) return null;
  return makePeriod(kind, year, index);
}

function yearOk(year: number): boolean {
  return year >= 2000 && year <= 2100;
}

/** The periods of a year at a reporting frequency, in order. */
export function periodsOf(frequency: Frequency, year: number): Period[] {
  const kind = KIND_OF[frequency];
  return Array.from({ length: 12 / SPAN[kind] }, (_, position) => makePeriod(kind, year, position + 1));
}

/** The period of that frequency which contains the month. */
export function periodContaining(frequency: Frequency, year: number, month: number): Period {
  const kind = KIND_OF[frequency];
  return makePeriod(kind, year, Math.ceil(month / SPAN[kind]));
}

/** The indicator's periods counted in an evaluation period: those of its year that end by its end. */
export function periodsToDate(frequency: Frequency, evaluation: Period): Period[] {
  return periodsOf(frequency, evaluation.year).filter((period) => period.last_month <= evaluation.last_month);
}

/** The quarter whose closing freezes this period: the one holding its last month. */
export function closingQuarter(period: Period): string {
  return makePeriod('quarter', period.year, Math.ceil(period.last_month / 3)).code;
}

export function periodStart(period: Period): string {
  return `${period.year}-${String(period.first_month).padStart(2, '0')}-01`;
}

export function periodEnd(period: Period): string {
  const lastDay = new Date(Date.UTC(period.year, period.last_month, 0)).getUTCDate();
  return `${period.year}-${String(period.last_month).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
}

/** The latest period of that frequency that has ended on or before the date (YYYY-MM-DD); null before the first. */
export function latestEndedPeriod(frequency: Frequency, asOf: string): Period | null {
  const year = Number(asOf.slice(0, 4));
  for (const candidate of [...periodsOf(frequency, year)].reverse()) if (periodEnd(candidate) <= asOf) return candidate;
  return periodsOf(frequency, year - 1).at(-1) ?? null;
}

/** The evaluation period (quarter, semester, year) that contains a date. */
export function evaluationPeriodOf(date: string, kind: 'quarter' | 'semester' | 'year' = 'quarter'): Period {
  const month = Number(date.slice(5, 7));
  const span = SPAN[kind];
  return makePeriod(kind, Number(date.slice(0, 4)), Math.ceil(month / span));
}

const MONTHS: Record<Lang, readonly string[]> = {
  id: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
const ROMAN_NUMERALS = ['I', 'II', 'III', 'IV'];

export function monthName(month: number, lang: Lang): string {
  return MONTHS[lang][month - 1];
}

/** "TW II 2027", "Semester I 2027", "Maret 2027", "2027" (English: "Q2 2027", "Semester 1 2027", "March 2027"). */
export function periodName(period: Period, lang: Lang): string {
  if (period.kind === 'month') return `${MONTHS[lang][period.index - 1]} ${period.year}`;
  if (period.kind === 'quarter') return lang === 'id' ? `TW ${ROMAN_NUMERALS[period.index - 1]} ${period.year}` : `Q${period.index} ${period.year}`;
  if (period.kind === 'semester') return lang === 'id' ? `Semester ${ROMAN_NUMERALS[period.index - 1]} ${period.year}` : `Semester ${period.index} ${period.year}`;
  return String(period.year);
}

/** A short label for a trend axis: "TW II", "Mar", "S I", "2027". */
export function periodShortName(period: Period, lang: Lang): string {
  if (period.kind === 'month') return MONTHS[lang][period.index - 1].slice(0, 3);
  if (period.kind === 'quarter') return lang === 'id' ? `TW ${ROMAN_NUMERALS[period.index - 1]}` : `Q${period.index}`;
  if (period.kind === 'semester') return lang === 'id' ? `S ${ROMAN_NUMERALS[period.index - 1]}` : `S${period.index}`;
  return String(period.year);
}
