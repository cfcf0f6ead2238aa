import type { Lang } from './index';

/**
 * Display formatting of figures on pages and in the report. Only views round: the JSON, CSV and XLSX keep full
 * precision. Indonesian writes a decimal comma (3,45), English a decimal point (3.45).
 */

const MINUS = '\u2212';

function withDecimalMark(text: string, lang: Lang): string {
  return lang === 'id' ? text.replace('.', ',') : text;
}

/** 3.4166 → "3,42" (id) / "3.42" (en); null → the dash used for "no figure". */
export function formatDecimal(value: number | null, lang: Lang, digits = 2): string {
  if (value === null) return '—';
  const text = Math.abs(value).toFixed(digits);
  const sign = value < 0 && Number(text) !== 0 ? MINUS : '';
  return sign + withDecimalMark(text, lang);
}

/**
 * A gap or a change with its sign always written: "+0,21", "−1,08". A value that rounds to zero
 * keeps the sign of the unrounded value (−0.004 is still below target: "−0,00"); exactly 0 is "0,00".
 */
export function formatSigned(value: number | null, lang: Lang, digits = 2): string {
  if (value === null) return '—';
  const text = withDecimalMark(Math.abs(value).toFixed(digits), lang);
  if (value < 0) return MINUS + text;
  if (value > 0) return `+${text}`;
  return text;
}

/**
 * A p-value with three decimals, "< 0,001" below that (the APA style). A p just under 0.05 that
 * would round to "0,050" is written "< 0,050", so that the figure never contradicts the verdict
 * "significant" written beside it.
 */
export function formatPValue(value: number | null, lang: Lang): string {
  if (value === null) return '—';
  if (value < 0.001) return `< ${withDecimalMark('0.001', lang)}`;
  const text = value.toFixed(3);
  if (value < 0.05 && text === '0.050') return `< ${withDecimalMark(text, lang)}`;
  return withDecimalMark(text, lang);
}

/** A p-value as a sentence writes it: "p = 0,027", "p < 0,001". */
export function formatPClause(value: number | null, lang: Lang): string {
  const text = formatPValue(value, lang);
  return text.startsWith('<') ? `p ${text}` : `p = ${text}`;
}

/** A percentage already on the 0–100 scale: 85.714 → "85,7%". */
export function formatPercent(value: number | null, lang: Lang, digits = 1): string {
  if (value === null) return '—';
  return `${withDecimalMark(value.toFixed(digits), lang)}%`;
}

/** A share on the 0–1 scale (response rate) as a percentage. */
export function formatShare(value: number | null, lang: Lang, digits = 1): string {
  return value === null ? '—' : formatPercent(value * 100, lang, digits);
}

const MONTHS: Record<Lang, string[]> = {
  id: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** "2027-01-10" → "10 Januari 2027" (id) / "10 January 2027" (en); null or not a date → "—". */
export function formatLongDate(date: string | null, lang: Lang): string {
  const match = date ? /^(\d{4})-(\d{2})-(\d{2})/.exec(date) : null;
  const month = match ? MONTHS[lang][Number(match[2]) - 1] : undefined;
  if (!match || month === undefined) return '—';
  return `${Number(match[3])} ${month} ${match[1]}`;
}

/** Whole rupiah with the thousands separator of the language: 12500000 → "Rp 12.500.000" (id) / "Rp 12,500,000" (en). */
export function formatRupiah(value: number | null, lang: Lang): string {
  if (value === null) return '—';
  const digits = String(Math.round(Math.abs(value))).replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'id' ? '.' : ',');
  return `${value < 0 ? MINUS : ''}Rp ${digits}`;
}

/** A measured quantity as people write it: 20, 12,5, 3,25 (no trailing zeros; at most two decimals); '' for none. */
export function formatQuantity(value: number | null, lang: Lang): string {
  if (value === null) return '';
  if (Number.isInteger(value)) return formatDecimal(value, lang, 0);
  return formatDecimal(value, lang, 2).replace(/([,.]\d*?)0+$/, '$1').replace(/[,.]$/, '');
}
