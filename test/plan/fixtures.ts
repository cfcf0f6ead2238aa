import type { Db } from '../../src/db/connection';
import { addPerson, createPlan } from '../../src/plan/service';
import { prefillSituation } from '../../src/plan/show';
import { roundWithResponses, type Respondent } from '../report/fixtures';

export const NOW = new Date('2027-01-10T03:00:00Z');
export const REPORT_SETTINGS = { alphaMin: 0.7, categoryBoundary: 'lower' as const };

/**
 * The case in small: 12 respondents whose HR development, technology use and SOP compliance lie
 * well below the target of 4 (answers around 2.5) and whose work culture lies above it (around 4.5);
 * everything else sits near 4.
 */
export function caseRespondents(n = 12): Respondent[] {
  return Array.from({ length: n }, (_, r) => ({
    unit: 'Subdit A',
    grade: null,
    answer: (index: number, code: string) => {
      const wobble = (r + index) % 2;
      if (code.startsWith('LG-HR') || code.startsWith('LG-TI') || code.startsWith('IBP-SOP')) return 2 + wobble;
      if (code.startsWith('LG-BUD')) return 4 + wobble;
      return 4 - ((r + index) % 3 === 0 ? 1 : 0) + (r % 4 === 0 ? 1 : 0);
    },
  }));
}

export function diagnosedPlan(db: Db, options: { prefill?: boolean } = {}): { planId: number; roundId: number } {
  const round = roundWithResponses(db, caseRespondents(), { name: 'Diagnosis 2026' });
  const planId = createPlan(db, { name: 'Rencana Kinerja 2027', organisation: 'Direktorat Contoh', start_year: '2027', baseline_round: String(round.row.id) }, NOW, 'planner');
  if (options.prefill !== false) prefillSituation(db, planId, { lang: 'id', report: REPORT_SETTINGS }, NOW, 'planner');
  return { planId, roundId: round.row.id };
}

export function person(db: Db, name: string, extra: Record<string, string> = {}): number {
  return addPerson(db, { name, position: 'Analis Kebijakan', unit: 'Subdit A', ...extra }, NOW, 'planner');
}
