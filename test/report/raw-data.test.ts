import { createGroupMasker } from '../../src/report/raw-data';

/** Counts per stored (unit, grade) from a list of rows. */
function counts(rows: [string | null, string | null][]) {
  const map = new Map<string, { unit: string | null; grade: string | null; count: number }>();
  for (const [unit, grade] of rows) {
    const key = JSON.stringify([unit, grade]);
    const entry = map.get(key);
    if (entry) entry.count += 1;
    else map.set(key, { unit, grade, count: 1 });
  }
  return [...map.values()];
}

function repeat(n: number, unit: string | null, grade: string | null): [string | null, string | null][] {
  return Array.from({ length: n }, () => [unit, grade]);
}

describe('raw data group masking', () => {
  it('writes only the units and grades the report shows', () => {
    const rows = [...repeat(6, 'A', 'III/a'), ...repeat(6, 'B', 'III/a')];
    const masker = createGroupMasker(counts(rows), new Set(['B']), new Set(['III/a']), 5);
    expect(masker.mask('A', 'III/a')).toEqual({ unit: null, grade: 'III/a' });
    expect(masker.mask('B', 'III/a')).toEqual({ unit: 'B', grade: 'III/a' });
  });

  it('blanks the grade of the only III/b of a unit, and of the next smallest grade as cover', () => {
    // Unit A: 6 × III/a, 5 × III/c, 1 × III/b. Every grade is shown overall, but within A the III/b
    // would single one person out; hiding it alone leaves 1 < 5 blank rows, so III/c goes too.
    const rows = [...repeat(6, 'A', 'III/a'), ...repeat(5, 'A', 'III/c'), ...repeat(1, 'A', 'III/b'), ...repeat(9, 'B', 'III/b')];
    const masker = createGroupMasker(counts(rows), new Set(['A', 'B']), new Set(['III/a', 'III/b', 'III/c']), 5);
    expect(masker.mask('A', 'III/b')).toEqual({ unit: 'A', grade: null });
    expect(masker.mask('A', 'III/c')).toEqual({ unit: 'A', grade: null });
    expect(masker.mask('A', 'III/a')).toEqual({ unit: 'A', grade: 'III/a' });
    expect(masker.mask('B', 'III/b')).toEqual({ unit: 'B', grade: 'III/b' });
  });

  it('treats blank and missing units and grades as one group, written blank', () => {
    const rows = [...repeat(5, 'A', '  '), ...repeat(5, 'A', null)];
    const masker = createGroupMasker(counts(rows), new Set(['A']), new Set(), 5);
    expect(masker.mask('A', '  ')).toEqual({ unit: 'A', grade: null });
  });

  it('never writes a unit and grade pair shared by fewer rows than the minimum (random rosters)', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 50; trial += 1) {
      const minimum = 3 + Math.floor(random() * 4);
      const rows: [string | null, string | null][] = Array.from({ length: 10 + Math.floor(random() * 60) }, () => [
        random() < 0.05 ? null : `U${Math.floor(random() * 5)}`,
        random() < 0.1 ? null : `G${Math.floor(random() * 4)}`,
      ]);
      // The report's rule for whole groups is tested elsewhere; here every group counts as shown.
      const masker = createGroupMasker(counts(rows), new Set(rows.map(([unit]) => unit ?? '')), new Set(rows.map(([, grade]) => grade ?? '')), minimum);
      const written = new Map<string, number>();
      for (const [unit, grade] of rows) {
        const key = JSON.stringify(masker.mask(unit, grade));
        written.set(key, (written.get(key) ?? 0) + 1);
      }
      const byUnit = new Map<string, number>();
      for (const [unit] of rows) byUnit.set(String(unit), (byUnit.get(String(unit)) ?? 0) + 1);
      for (const [key, count] of written) {
        const { unit, grade } = JSON.parse(key) as { unit: string | null; grade: string | null };
        // A pair with a written grade always covers the minimum; a blank grade covers it unless its whole unit is smaller.
        if (grade !== null) expect(count).toBeGreaterThanOrEqual(minimum);
        else if (unit !== null && (byUnit.get(unit) ?? 0) >= minimum) expect(count).toBeGreaterThanOrEqual(minimum);
      }
    }
  });
});
