import type { AnalysisLayout } from '../../src/analysis/layout';
import { createReportAccumulator } from '../../src/analysis/report';
import { chooseSuppressed } from '../../src/analysis/suppression';
import { buildReport } from './fixtures/build-report';
import { REFERENCE_ANSWERS, REFERENCE_LAYOUT } from './fixtures/reference-set';

// R setup (x, HR … CU, score()): see fixtures/reference-set.ts.

/** Units of sizes 12 (A), 9 (B), 4 (C), 3 (D) over the 28 reference respondents, in order. */
function unitOf(row: number): string {
  if (row < 12) return 'A';
  if (row < 21) return 'B';
  if (row < 25) return 'C';
  return 'D';
}

describe('chooseSuppressed', () => {
  it('with groups of 12, 9, 4 and 3 and minimum 5 hides 4 and 3, which together hold 7', () => {
    expect(chooseSuppressed([12, 9, 4, 3], 5)).toEqual([false, false, true, true]);
  });

  it('with groups of 12, 9 and 4 and minimum 5 also hides 9, because 4 alone could be recovered from the total', () => {
    expect(chooseSuppressed([12, 9, 4], 5)).toEqual([false, true, true]);
  });

  it('hides nothing when every group reaches the minimum', () => {
    expect(chooseSuppressed([5, 6, 12], 5)).toEqual([false, false, false]);
  });

  it('hides everything when all groups together stay below the minimum', () => {
    expect(chooseSuppressed([3, 1], 5)).toEqual([true, true]);
  });

  it('uses the earliest of equally small groups as cover', () => {
    expect(chooseSuppressed([8, 2, 8], 5)).toEqual([true, true, false]);
  });

  it('counts cells hidden earlier towards the hidden total', () => {
    // the 2 is hidden; the 6 hidden earlier already covers it, so the 8 stays visible
    expect(chooseSuppressed([2, 6, 8], 5, [false, true, false])).toEqual([true, true, false]);
  });

  it('finds cover for a cell hidden earlier that is too small on its own', () => {
    expect(chooseSuppressed([7, 6, 3], 5, [false, false, true])).toEqual([false, true, true]);
  });
});

describe('group breakdowns in the report', () => {
  const byUnit = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS, { groupBy: ['unit'] }, (row) => ({ unit: unitOf(row), grade: null }));
  const rows = byUnit.groups[0].rows;

  it('suppresses the units of 4 and 3 among units of 12, 9, 4 and 3', () => {
    expect(rows.map((row) => [row.group, row.n, row.suppressed])).toEqual([
      ['A', 12, false],
      ['B', 9, false],
      ['C', 4, true],
      ['D', 3, true],
    ]);
  });

  it('a suppressed group shows its n but every dimension mean is null, never 0', () => {
    expect(rows[2].n).toBe(4);
    expect(rows[2].dimensions).toEqual({ HR: null, TE: null, SO: null, CU: null });
    expect(rows[2].null_reasons).toEqual({ HR: 'group suppressed', TE: 'group suppressed', SO: 'group suppressed', CU: 'group suppressed' });
  });

  it('a shown group has the mean of its respondent scores per dimension', () => {
    // mean(score(HR[1:12, ])), mean(score(CU[1:12, ])), mean(score(HR[13:21, ])), mean(score(CU[13:21, ]))
    expect(rows[0].dimensions.HR).toBeCloseTo(2.5138888888888888, 9);
    expect(rows[0].dimensions.CU).toBeCloseTo(3.9444444444444442, 9);
    expect(rows[1].dimensions.HR).toBeCloseTo(2.1944444444444446, 9);
    expect(rows[1].dimensions.CU).toBeCloseTo(4.0555555555555554, 9);
  });

  it('with units of 12, 9 and 4 suppresses the unit of 9 as cover for the unit of 4', () => {
    const firstThree = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS.slice(0, 25), { groupBy: ['unit'] }, (row) => ({ unit: unitOf(row), grade: null }));
    expect(firstThree.groups[0].rows.map((row) => [row.group, row.suppressed])).toEqual([
      ['A', false],
      ['B', true],
      ['C', true],
    ]);
    expect(firstThree.groups[0].rows[1].dimensions.HR).toBeNull();
  });

  it('puts a missing, empty or blank grade in one group labelled null, listed after the named groups', () => {
    // grade <- c("III/a", "III/b", "IV/a", NA)[(0:27 %% 4) + 1]: 7 respondents each
    const grades = ['III/a', 'III/b', 'IV/a', ''];
    const report = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS, { groupBy: ['grade'] }, (row) => ({
      unit: null,
      grade: row % 8 === 7 ? (row % 16 === 7 ? null : '  ') : grades[row % 4],
    }));
    expect(report.groups[0].rows.map((row) => [row.group, row.n])).toEqual([
      ['III/a', 7],
      ['III/b', 7],
      ['IV/a', 7],
      [null, 7],
    ]);
  });

  it('the null group has the mean of its respondent scores like any other group', () => {
    // mean(score(HR[is.na(grade), ])) = 2.25; mean(score(HR[which(grade == "IV/a"), ])) = 1.9166666666666667
    const grades = ['III/a', 'III/b', 'IV/a', null];
    const report = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS, { groupBy: ['grade'] }, (row) => ({ unit: null, grade: grades[row % 4] }));
    expect(report.groups[0].rows[3].dimensions.HR).toBeCloseTo(2.25, 9);
    expect(report.groups[0].rows[2].dimensions.HR).toBeCloseTo(1.9166666666666667, 9);
  });

  it('breaks down by unit and by grade separately, in the order asked', () => {
    const report = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS, { groupBy: ['grade', 'unit'] }, (row) => ({ unit: unitOf(row), grade: 'III/a' }));
    expect(report.groups.map((breakdown) => breakdown.by)).toEqual(['grade', 'unit']);
    expect(report.groups[0].rows).toHaveLength(1);
  });

  it('has no breakdowns when groupBy is empty', () => {
    expect(buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS).groups).toEqual([]);
  });

  it('applies the minimum group size setting', () => {
    const strict = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS, { groupBy: ['unit'], minGroupSize: 10 }, (row) => ({ unit: unitOf(row), grade: null }));
    // 9, 4 and 3 are below 10 and together hold 16
    expect(strict.groups[0].rows.map((row) => row.suppressed)).toEqual([false, true, true, true]);
  });
});

describe('cell suppression inside a shown group', () => {
  const layout: AnalysisLayout = {
    scale: { min: 1, max: 5 },
    items: [
      { code: 'x1', dimension: 'X' },
      { code: 'y1', dimension: 'Y' },
    ],
    dimensions: [
      { code: 'X', perspective: 'P', focus: null, name: 'X', target: 4 },
      { code: 'Y', perspective: 'P', focus: null, name: 'Y', target: 4 },
    ],
    perspectives: [{ code: 'P', name: 'P', target: 4 }],
  };
  // Unit A: 6 respondents, only 2 answered x1; units B (7) and C (8) answered everything.
  const accumulator = createReportAccumulator(layout, { alphaMin: 0.6, minGroupSize: 5, groupBy: ['unit'] });
  for (let i = 0; i < 6; i += 1) accumulator.add(Uint8Array.from([i < 2 ? 5 : 0, 3]), { unit: 'A', grade: null });
  for (let i = 0; i < 7; i += 1) accumulator.add(Uint8Array.from([2, 3]), { unit: 'B', grade: null });
  for (let i = 0; i < 8; i += 1) accumulator.add(Uint8Array.from([4, 4]), { unit: 'C', grade: null });
  const rows = accumulator.finish().groups[0].rows;

  it('hides a dimension mean that only 2 members of a shown group answered', () => {
    expect(rows[0].suppressed).toBe(false);
    expect(rows[0].dimensions.X).toBeNull();
    expect(rows[0].null_reasons.X).toBe('cell suppressed');
  });

  it('hides the smallest other cell of that dimension as cover', () => {
    expect(rows[1].dimensions.X).toBeNull();
    expect(rows[2].dimensions.X).toBe(4);
  });

  it('leaves the other dimensions of those groups visible', () => {
    expect(rows.map((row) => row.dimensions.Y)).toEqual([3, 3, 4]);
  });
});
