import type { RoundReport } from '../../src/report/build-report';
import { createTestApp, loggedIn } from '../helpers';
import { roundWithResponses, type Respondent } from '../report/fixtures';

// Two rounds of 25, every respondent giving the same answer to every item, so that each
// respondent's dimension and perspective score is that answer:
//   then     <- c(rep(3, 10), rep(4, 10), rep(5, 5))          # mean 3.80
//   same     <- c(rep(3, 11), rep(4, 9),  rep(5, 5))          # mean 3.76: change −0.04
//   worse    <- c(rep(2, 5),  rep(3, 15), rep(4, 5))          # mean 3.00: change −0.80
//   t.test(same, then)$p.value  = 0.855304047055368
//   t.test(worse, then)$p.value = 0.000224285010126233
// Cohen's d = change / pooled SD, pooled SD = √((24·var(now) + 24·var(then)) / 48):
//   same:  −0.04 / √((0.60666… + 0.58333…) / 2) = −0.051856297884173196
//   worse: −0.80 / √((0.41666… + 0.58333…) / 2) = −0.8 / √0.5 = −1.1313708498984758
// (values from SciPy's ttest_ind(equal_var = False), the same Welch test as R's t.test.)
const answering = (counts: Record<number, number>, unit: string): Respondent[] =>
  Object.entries(counts).flatMap(([answer, count]) => Array.from({ length: count }, () => ({ unit, grade: 'III/a', answer: Number(answer) })));
const THEN = { 3: 10, 4: 10, 5: 5 };

async function compared(now: Record<number, number>) {
  const { app, db } = createTestApp();
  roundWithResponses(db, answering(THEN, 'Subdit A'), { name: 'Diagnosis 2026' });
  const later = roundWithResponses(db, answering(now, 'Subdit A'), { name: 'Diagnosis 2027' });
  const { agent } = await loggedIn(app, db);
  const report = (await agent.get(`/api/rounds/${later.row.id}/report?compare=1&lang=en`)).body as RoundReport;
  const page = (await agent.get(`/rounds/${later.row.id}/report?compare=1&lang=en`)).text;
  const pageId = (await agent.get(`/rounds/${later.row.id}/report?compare=1&lang=id`)).text;
  return { report, page, pageId };
}

describe('a change between two rounds of 25 is a rise or fall only when it is significant', () => {
  it('reports a change of −0.04 as unchanged (within noise), in the table and in the summary', async () => {
    const { report, page, pageId } = await compared({ 3: 11, 4: 9, 5: 5 });
    for (const row of [...(report.comparison?.dimensions ?? []), ...(report.comparison?.perspectives ?? [])]) {
      expect(row.change).toBeCloseTo(-0.04, 12);
      expect(Math.abs((row.p_value as number) / 0.855304047055368 - 1)).toBeLessThan(1e-9);
      expect(row.cohens_d).toBeCloseTo(-0.051856297884173196, 9);
      expect(row).toMatchObject({ current_n: 25, previous_n: 25, significant: false, direction: 'unchanged' });
    }
    expect(page).toContain('0 rose and 0 fell significantly');
    expect(page).not.toMatch(/<td>(rise|fall)<\/td>/);
    expect(page).not.toContain('<ul class="change-list">');
    expect(pageId).toContain('<td>tidak berubah (dalam batas galat)</td>');
    expect(pageId).not.toMatch(/<td>(naik|turun)<\/td>/);
  });

  it('reports a change of −0.8 as a significant fall, named on the summary page with its p and d', async () => {
    const { report, page, pageId } = await compared({ 2: 5, 3: 15, 4: 5 });
    const rows = report.comparison?.dimensions ?? [];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.change).toBeCloseTo(-0.8, 12);
      expect(Math.abs((row.p_value as number) / 0.000224285010126233 - 1)).toBeLessThan(1e-9);
      expect(row.cohens_d).toBeCloseTo(-1.1313708498984758, 9);
      expect(row).toMatchObject({ significant: true, direction: 'fall' });
    }
    expect(page).toContain(`0 rose and ${rows.length} fell significantly`);
    const changes = /<ul class="change-list">([\s\S]*?)<\/ul>/.exec(page)?.[1] ?? '';
    expect(changes).toContain(`${rows[0].name} fell from 3.80 to 3.00 (\u22120.80; p &lt; 0.001; d = \u22121.13)`);
    expect(pageId).toMatch(/<td>turun<\/td>/);
  });
});
