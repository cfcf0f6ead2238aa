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
