import { createGroupMasker, pinnedCells } from '../../src/report/raw-data';

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

  it('blanks the grade of the only III/b of a unit, the next smallest grade as cover, and both in every unit', () => {
    // Unit A: 6 × III/a, 5 × III/c, 1 × III/b; unit B: 9 × III/b, 6 × III/a. Every grade is shown
    // overall, but within A the III/b would single one person out; hiding it alone leaves 1 < 5 blank
    // rows, so III/c goes too. Writing III/b in B would let the report's III/b mean (n = 10) minus
    // B's nine rows give A's III/b away, so III/b is blank in B as well.
    const rows = [...repeat(6, 'A', 'III/a'), ...repeat(5, 'A', 'III/c'), ...repeat(1, 'A', 'III/b'), ...repeat(9, 'B', 'III/b'), ...repeat(6, 'B', 'III/a'), ...repeat(6, 'C', 'III/a'), ...repeat(5, 'C', 'III/c')];
    const masker = createGroupMasker(counts(rows), new Set(['A', 'B', 'C']), new Set(['III/a', 'III/b', 'III/c']), 5);
    expect(masker.mask('A', 'III/b')).toEqual({ unit: 'A', grade: null });
    expect(masker.mask('A', 'III/c')).toEqual({ unit: 'A', grade: null });
    expect(masker.mask('B', 'III/b')).toEqual({ unit: 'B', grade: null });
    expect(masker.mask('C', 'III/c')).toEqual({ unit: 'C', grade: null });
  });

  it('writes blank a grade it was not told about', () => {
    const masker = createGroupMasker(counts(repeat(6, 'A', 'III/a')), new Set(['A']), new Set(['III/a', 'III/b']), 5);
    expect(masker.mask('A', 'III/b')).toEqual({ unit: 'A', grade: null });
  });

  it('pinnedCells finds the cells no cycle passes through: those the node totals determine', () => {
    // A–a, A–b, B–a, B–b form a cycle (any of them can trade with the others); C–c hangs alone and
    // B–c links the cycle to it.
    const edges = [
      { unit: 'A', grade: 'a', count: 1 },
      { unit: 'A', grade: 'b', count: 1 },
      { unit: 'B', grade: 'a', count: 1 },
      { unit: 'B', grade: 'b', count: 1 },
      { unit: 'B', grade: 'c', count: 1 },
      { unit: 'C', grade: 'c', count: 1 },
    ];
    expect([...pinnedCells(edges)].sort()).toEqual([4, 5]);
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

/**
 * Random rosters: units U0..U5 and grades G0..G4, some blank. Each unit mostly holds one or two
 * grades of its own, with a few people of other grades: the sparse pattern of real directorates,
 * where a unit's lone III/b stands out. Every group counts as shown, as in the report's own tests.
 */
function randomRounds(trials: number, seedStart: number): { rows: [string | null, string | null][]; minimum: number }[] {
  let seed = seedStart;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = (n: number) => Math.floor(random() * n);
  return Array.from({ length: trials }, () => {
    const minimum = 3 + pick(4);
    const units = 2 + pick(5);
    const grades = 2 + pick(4);
    const usual = Array.from({ length: units }, () => [pick(grades), pick(grades)]);
    const rows: [string | null, string | null][] = Array.from({ length: 10 + pick(60) }, () => {
      const unit = pick(units);
      const grade = random() < 0.8 ? usual[unit][pick(2)] : pick(grades);
      return [random() < 0.05 ? null : `U${unit}`, random() < 0.05 ? null : `G${grade}`];
    });
    return { rows, minimum };
  });
}

/**
 * Which cells a set of published sums pins down, by Gaussian elimination (independent of the
 * graph reasoning in the masker): cell c is determined when the unit vector e_c lies in the row
 * space of the constraints, i.e. its reduced row is e_c itself.
 */
function determinedCells(cellCount: number, constraints: number[][]): Set<number> {
  const rows = constraints.map((cells) => {
    const row = new Array<number>(cellCount).fill(0);
    for (const cell of cells) row[cell] = 1;
    return row;
  });
  let rank = 0;
  const pivots: number[] = [];
  for (let column = 0; column < cellCount && rank < rows.length; column += 1) {
    let best = rank;
    for (let r = rank + 1; r < rows.length; r += 1) if (Math.abs(rows[r][column]) > Math.abs(rows[best][column])) best = r;
    if (Math.abs(rows[best][column]) < 1e-9) continue;
    [rows[rank], rows[best]] = [rows[best], rows[rank]];
    const pivot = rows[rank][column];
    for (let c = 0; c < cellCount; c += 1) rows[rank][c] /= pivot;
    for (let r = 0; r < rows.length; r += 1) {
      if (r === rank || Math.abs(rows[r][column]) < 1e-12) continue;
      const factor = rows[r][column];
      for (let c = 0; c < cellCount; c += 1) rows[r][c] -= factor * rows[rank][c];
    }
    pivots.push(column);
    rank += 1;
  }
  const determined = new Set<number>();
  pivots.forEach((column, r) => {
    if (rows[r].every((value, c) => c === column || Math.abs(value) < 1e-9)) determined.add(column);
  });
  return determined;
}

describe('raw data against differencing with the report', () => {
  it('blanks a grade in every unit once it is blanked in one (random rosters)', () => {
    for (const { rows, minimum } of randomRounds(60, 11)) {
      const masker = createGroupMasker(counts(rows), new Set(rows.map(([unit]) => unit ?? '')), new Set(rows.map(([, grade]) => grade ?? '')), minimum);
      const blankedSomewhere = new Set(rows.filter(([unit, grade]) => grade !== null && masker.mask(unit, grade).grade === null).map(([, grade]) => grade));
      for (const [unit, grade] of rows) if (blankedSomewhere.has(grade)) expect(masker.mask(unit, grade).grade).toBeNull();
    }
  });

  it('blanks one more grade when the roster would tell which blank rows hold the hidden grade', () => {
    // A: 6 × III/a, 1 × III/b, 5 × III/c, 6 × III/d; B: 9 × III/b, 6 × III/a, 6 × III/d. III/b and
    // III/c are blank everywhere, but then B's blank rows are, by the roster, exactly its nine III/b:
    // the report's III/b total minus them is A's one III/b. Blanking III/a too mixes B's blank rows.
    const rows = [...repeat(6, 'A', 'III/a'), ...repeat(1, 'A', 'III/b'), ...repeat(5, 'A', 'III/c'), ...repeat(6, 'A', 'III/d'), ...repeat(9, 'B', 'III/b'), ...repeat(6, 'B', 'III/a'), ...repeat(6, 'B', 'III/d')];
    const masker = createGroupMasker(counts(rows), new Set(['A', 'B']), new Set(['III/a', 'III/b', 'III/c', 'III/d']), 5);
    for (const grade of ['III/a', 'III/b', 'III/c']) for (const unit of ['A', 'B']) expect(masker.mask(unit, grade).grade).toBeNull();
    expect(masker.mask('A', 'III/d')).toEqual({ unit: 'A', grade: 'III/d' });
    expect(masker.mask('B', 'III/d')).toEqual({ unit: 'B', grade: 'III/d' });
  });

  it('gives away no cell of fewer than the minimum that the report alone does not, even to an analyst who knows who answered (random rosters)', () => {
    // The analyst holds the roster and sees who completed: the number of respondents per unit and
    // grade is known. Published sums: the report's total per unit and per grade (with the hidden
    // groups only as the total minus the shown ones), and the raw data's rows per written
    // (unit, grade) label. Each unknown is the answer sum of one stored (unit, grade) cell.
    for (const { rows, minimum } of randomRounds(80, 29)) {
      const shownUnits = new Set(rows.map(([unit]) => unit));
      const shownGrades = new Set(rows.map(([, grade]) => grade));
      const masker = createGroupMasker(counts(rows), shownUnits, shownGrades, minimum);
      const cells = counts(rows);
      const all = cells.map((_, index) => index);
      const byValue = (pick: (cell: (typeof cells)[number]) => string) => {
        const groups = new Map<string, number[]>();
        cells.forEach((cell, index) => groups.set(pick(cell), [...(groups.get(pick(cell)) ?? []), index]));
        return [...groups.values()];
      };
      const report = [all, ...byValue((cell) => String(cell.unit)), ...byValue((cell) => String(cell.grade))];
      const raw = byValue((cell) => JSON.stringify(masker.mask(cell.unit, cell.grade)));
      const fromReport = determinedCells(cells.length, report);
      const fromBoth = determinedCells(cells.length, [...report, ...raw]);
      cells.forEach((cell, index) => {
        if (cell.count < minimum && fromBoth.has(index)) expect({ cell, minimum, givenByReport: fromReport.has(index) }).toEqual({ cell, minimum, givenByReport: true });
      });
    }
  });
});
