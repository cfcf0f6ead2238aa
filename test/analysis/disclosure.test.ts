import { planRelease, type PendingCell } from '../../src/analysis/disclosure';

// Expected decisions worked out by hand from each small table (minimum group size 5).

const cell = (unit: string | null, grade: string | null, online: number, paper = 0): PendingCell => ({ unit, grade, online, paper });
const labels = (plan: ReturnType<typeof planRelease>) => plan.cells.map((decision) => [decision.unit, decision.grade]);

describe('planRelease(pending, minimum)', () => {
  it('releases no online answer while fewer than the minimum are waiting', () => {
    const plan = planRelease([cell('A', 'III/a', 4)], 5);
    expect(plan.online).toBe(0);
    expect(plan.cells[0].releaseOnline).toBe(false);
  });

  it('keeps unit and grade where each cell holds at least the minimum online answers', () => {
    const plan = planRelease([cell('A', 'III/a', 5), cell('B', 'IV/a', 7)], 5);
    expect(plan.online).toBe(12);
    expect(labels(plan)).toEqual([
      ['A', 'III/a'],
      ['B', 'IV/a'],
    ]);
  });

  it('drops the grade of a small cell first, then the unit', () => {
    // A: 5 III/a + 2 III/b → III/b becomes (A, –) with 2: still small, so (–, –) with 2, which is
    // small too: the smallest labelled block (A, III/a, 5) is merged into it as cover → 7 blank.
    // B: 3 III/a + 3 IV/a → (B, –) with 6.
    const plan = planRelease([cell('A', 'III/a', 5), cell('A', 'III/b', 2), cell('B', 'III/a', 3), cell('B', 'IV/a', 3)], 5);
    expect(labels(plan)).toEqual([
      [null, null],
      [null, null],
      ['B', null],
      ['B', null],
    ]);
  });

  it('merges a unit alone in its batch into the blank label, with cover, so no label changes by 1 to 4', () => {
    // 4 of A and the only member of C: (A, III/a) 4 → (A, –) 4 → (–, –); C likewise: (–, –) with 5.
    const plan = planRelease([cell('A', 'III/a', 4), cell('C', 'IV/a', 1)], 5);
    expect(plan.online).toBe(5);
    expect(labels(plan)).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('does not count paper forms towards an online group', () => {
    // 2 online + 10 paper in A: the online answers are fewer than 5 in all, so only the paper is released.
    const waiting = planRelease([cell('A', 'III/a', 2, 10)], 5);
    expect(waiting.cells[0]).toMatchObject({ releaseOnline: false, releasePaper: true, unit: 'A', grade: 'III/a' });
    // 6 online in all, but only 2 in A (with 10 paper): A's label is not kept for the 2.
    const mixed = planRelease([cell('A', 'III/a', 2, 10), cell('B', 'III/a', 4)], 5);
    expect(labels(mixed)).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('coarsens a paper-only label of fewer than the minimum forms, except the blank one', () => {
    const plan = planRelease([cell('A', 'III/a', 0, 3), cell('B', null, 0, 6), cell(null, null, 0, 1)], 5);
    expect(labels(plan)).toEqual([
      [null, null],
      ['B', null],
      [null, null],
    ]);
  });

  it('treats blank and spaces as no unit or grade', () => {
    const plan = planRelease([cell(' A ', '', 5)], 5);
    expect(labels(plan)).toEqual([['A', null]]);
  });

  it('leaves every released label with 0 or at least the minimum online answers, on random tables', () => {
    // A property check: 500 random tables (seeded), minimum 3 to 6.
    let state = 42;
    const random = (n: number) => ((state = (state * 1103515245 + 12345) % 2147483648) >> 8) % n;
    for (let trial = 0; trial < 500; trial += 1) {
      const minimum = 3 + random(4);
      const pending = Array.from({ length: 1 + random(8) }, () =>
        cell(random(4) === 0 ? null : `U${random(4)}`, random(3) === 0 ? null : `G${random(3)}`, random(7), random(3) === 0 ? random(6) : 0),
      );
      const plan = planRelease(pending, minimum);
      const online = new Map<string, number>();
      const total = new Map<string, number>();
      plan.cells.forEach((decision, index) => {
        const key = JSON.stringify([decision.unit, decision.grade]);
        const released = (decision.releaseOnline ? pending[index].online : 0) + (decision.releasePaper ? pending[index].paper : 0);
        online.set(key, (online.get(key) ?? 0) + (decision.releaseOnline ? pending[index].online : 0));
        total.set(key, (total.get(key) ?? 0) + released);
      });
      for (const [key, count] of online) {
        expect({ key, minimum, ok: count === 0 || count >= minimum }).toEqual({ key, minimum, ok: true });
        if (count === 0 && key !== '[null,null]') expect((total.get(key) ?? 0) === 0 || (total.get(key) ?? 0) >= minimum).toBe(true);
      }
      const waiting = pending.reduce((sum, entry) => sum + entry.online, 0);
      expect(plan.online).toBe(waiting >= minimum ? waiting : 0);
    }
  });
});
