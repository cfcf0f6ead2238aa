import type { Db } from '../../src/db/connection';
import { insertSkmResponse, insertSkmSuggestion, type SkmResponseRow } from '../../src/db/skm';
import { createSkmRound, type SkmRound } from '../../src/skm/rounds';

export const NOW = new Date('2026-12-02T03:00:00Z');

export const ELEMENT_KEYS = ['requirements', 'procedure', 'time', 'cost', 'product', 'competence', 'behaviour', 'facilities', 'complaints'];

export interface Form {
  /** Nine digits in element order, 0 = no answer: "443434433". */
  answers: string;
  gender?: SkmResponseRow['gender'];
  age?: number | null;
  education?: string | null;
  occupation?: string | null;
  service?: string | null;
  channel?: SkmResponseRow['channel'];
}

export function skmRound(db: Db, overrides: Record<string, unknown> = {}): SkmRound {
  return createSkmRound(
    db,
    { name: 'SKM Semester II 2026', period_start: '2026-07-01', period_end: '2026-12-31', services: 'A01 Perizinan\nA02 Konsultasi\nA03 Pengaduan', population: '100', ...overrides },
    NOW,
    'test',
  );
}

export function addForms(db: Db, roundId: number, forms: readonly Form[]): void {
  db.transaction(() => {
    for (const form of forms) {
      insertSkmResponse(db, {
        round_id: roundId,
        channel: form.channel ?? 'online',
        answers: Buffer.from([...form.answers].map(Number)),
        gender: form.gender ?? null,
        age: form.age ?? null,
        education: form.education ?? null,
        occupation: form.occupation ?? null,
        service: form.service ?? null,
        submitted_on: '2026-10-01',
        day_part: 'morning',
        batch_id: null,
      });
    }
  })();
}

export function addSuggestions(db: Db, roundId: number, texts: readonly string[]): void {
  for (const text of texts) insertSkmSuggestion(db, { round_id: roundId, text, batch_id: null });
}

/** n forms whose 9·n answers add up to `sum` (each 1–4), for an index of 25·sum / (9·n) with the default weights. */
export function formsWithSum(n: number, sum: number): Form[] {
  const cells = new Array<number>(9 * n).fill(1);
  let rest = sum - 9 * n;
  for (let index = 0; rest > 0; index = (index + 1) % cells.length) {
    if (cells[index] < 4) {
      cells[index] += 1;
      rest -= 1;
    }
  }
  return Array.from({ length: n }, (_unused, form) => ({ answers: cells.slice(form * 9, form * 9 + 9).join('') }));
}

/**
 * Twelve online forms whose report is worked out by hand (default weights 1/9, minimum group 5):
 *
 * | forms | gender | service | answers (elements 1–9) |
 * |-------|--------|---------|------------------------|
 * | 7     | female | A01     | 4 4 3 4 3 4 4 3 3      |
 * | 3     | male   | A02     | 3 3 2 3 3 3 3 2 3      |
 * | 2     | male   | A03     | 3 3 2 3 3 3 3 2 3      |
 *
 * Sums per element: 7·4 + 5·3 = 43 (requirements, procedure, cost, competence, behaviour),
 * 7·3 + 5·2 = 31 (time, facilities), 7·3 + 5·3 = 36 (product, complaints); NRR = sum ÷ 12, so
 * requirements 43/12 = 3.58333…, time 31/12 = 2.58333…, product 3.
 * Σ NRR = (5·43 + 2·31 + 2·36) / 12 = 349/12; IKM = 25 × 349/12 × 1/9 = 8725/108 = 80.787037… →
 * 80,79, grade B (76.61–88.30). Converted values: requirements 89.58 (A), time 64.58 (D), product 75.00 (C).
 * Weighted NRR of requirements = 43/108 = 0.398148…
 * Groups: female 7 (Σ NRR 32 → 25·32/9 = 88.89, A), male 5 (Σ 25 → 69.44, C). Services: A01 7 shown
 * (88.89); A02 (3) and A03 (2) are suppressed together (3 + 2 = 5 reaches the minimum).
 * Priorities (every C or D, at least three lowest): time, facilities (2.58), product, complaints (3.00).
 */
export function handComputedForms(): Form[] {
  return [
    ...Array.from({ length: 7 }, () => ({ answers: '443434433', gender: 'female' as const, service: 'A01' })),
    ...Array.from({ length: 3 }, () => ({ answers: '332333323', gender: 'male' as const, service: 'A02' })),
    ...Array.from({ length: 2 }, () => ({ answers: '332333323', gender: 'male' as const, service: 'A03' })),
  ];
}
