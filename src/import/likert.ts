import type { z } from 'zod';
import type { ScaleSchema } from '../survey/instrument-schema';

/**
 * Turns one typed answer from a paper-questionnaire CSV into a scale value. Explicit on
 * purpose (CONVENTIONS: never coerce by accident): z.coerce.number() would read "" as 0 and
 * "4.5" as 4.5. Accepted, after trimming surrounding spaces:
 *
 * - a blank cell → null (no answer);
 * - a whole number from min to max written plainly: "4", " 4 ";
 * - a scale label in Indonesian or English, any case, runs of spaces counting as one:
 *   "Sangat Setuju", "setuju", "STRONGLY  AGREE".
 *
 * Everything else is an error listing what is accepted, because every guess can be wrong:
 * "4.5" and "4,0" (a mean pasted as an answer, or a decimal in either locale), "0" and "6"
 * (outside the scale), "+4", "4a", "S" (an abbreviation of which label?), and "04": a leading
 * zero is not how Excel or a person writes an answer, so it more likely marks a shifted or
 * reformatted column than a 4 — and one exact rule ("the cell equals one of the listed
 * values") is easier to explain to the analyst than a list of tolerated spellings.
 */

export type LikertScale = z.output<typeof ScaleSchema>;

export type LikertCellResult = { ok: true; value: number | null } | { ok: false; message: string };

export type LikertCellParser = (raw: string) => LikertCellResult;

const BLANK: LikertCellResult = Object.freeze({ ok: true, value: null });

/**
 * Builds the lookup for one scale once; the returned function runs per cell (4.5 million
 * times for 100,000 forms × 45 items), so the common case — a bare digit — is one Map lookup.
 */
export function createLikertParser(scale: LikertScale): LikertCellParser {
  const resultByText = new Map<string, LikertCellResult>();
  const add = (text: string, value: number) => {
    const key = normaliseAnswer(text);
    const existing = resultByText.get(key);
    if (existing !== undefined && existing.ok && existing.value !== value) {
      throw new Error(`Likert scale: "${text}" would mean both ${existing.value} and ${value}`);
    }
    resultByText.set(key, Object.freeze({ ok: true, value }));
  };
  for (let value = scale.min; value <= scale.max; value++) add(String(value), value);
  for (const label of scale.labels) {
    add(label.id, label.value);
    add(label.en, label.value);
  }
  const invalid: LikertCellResult = Object.freeze({ ok: false, message: acceptedAnswersMessage(scale) });

  return (raw) => {
    const exact = resultByText.get(raw);
    if (exact !== undefined) return exact;
    const trimmed = raw.trim();
    if (trimmed === '') return BLANK;
    return resultByText.get(normaliseAnswer(trimmed)) ?? invalid;
  };
}

const parserByScale = new WeakMap<LikertScale, LikertCellParser>();

/** Convenience for one-off calls; the parser is built once per scale object and reused. */
export function parseLikertCell(raw: string, scale: LikertScale): LikertCellResult {
  let parser = parserByScale.get(scale);
  if (parser === undefined) {
    parser = createLikertParser(scale);
    parserByScale.set(scale, parser);
  }
  return parser(raw);
}

function normaliseAnswer(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

function acceptedAnswersMessage(scale: LikertScale): string {
  const labels = scale.labels.map((label) => `${label.value} = "${label.id}" / "${label.en}"`).join(', ');
  return `Not an answer on the ${scale.min}–${scale.max} scale. Write a whole number from ${scale.min} to ${scale.max} or its label (${labels}; capitals do not matter), or leave the cell blank for no answer.`;
}
