import type { AnalysisLayout } from '../../src/analysis/layout';
import { createReportAccumulator, type AnalysisReport, type GroupRow } from '../../src/analysis/report';

// One dimension of one item, so a group's mean times its n is the sum of its members' answers.
const layout: AnalysisLayout = {
  scale: { min: 1, max: 5 },
  items: [{ code: 'x1', dimension: 'X' }],
  dimensions: [{ code: 'X', perspective: 'P', focus: null, name: 'X', target: 4 }],
  perspectives: [{ code: 'P', name: 'P', target: 4 }],
};

/** Respondents per unit × grade, each answering `value`. */
function reportFor(cells: { unit: string; grade: string; count: number; value: number }[]): AnalysisReport {
  const accumulator = createReportAccumulator(layout, { alphaMin: 0.6, minGroupSize: 5, groupBy: ['unit', 'grade'] });
  for (const cell of cells) {
    for (let i = 0; i < cell.count; i += 1) accumulator.add(Uint8Array.from([cell.value]), { unit: cell.unit, grade: cell.grade });
  }
  return accumulator.finish();
}

function row(report: AnalysisReport, by: 'unit' | 'grade', group: string): GroupRow {
  const found = report.groups.find((breakdown) => breakdown.by === by)?.rows.find((entry) => entry.group === group);
  if (!found) throw new Error(`no ${by} ${group}`);
  return found;
}

/** n · mean of a row, or null when its mean is not published. */
function total(entry: GroupRow): number | null {
  const mean = entry.dimensions.X;
  return mean === null ? null : entry.n * mean;
}

const shownState = (report: AnalysisReport) => report.groups.map((breakdown) => breakdown.rows.map((entry) => [breakdown.by, entry.group, entry.suppressed]));

describe('unit × grade cells pinned down by both breakdowns together', () => {
  // Unit A: 6 × III/a, 1 × III/b, 5 × III/c; unit B: 9 × III/b. Every unit and grade holds 5 or more.
  // The lone III/b of unit A answered 1, everyone else 3.
  const report = reportFor([
    { unit: 'A', grade: 'III/a', count: 6, value: 3 },
    { unit: 'A', grade: 'III/b', count: 1, value: 1 },
    { unit: 'A', grade: 'III/c', count: 5, value: 3 },
    { unit: 'B', grade: 'III/b', count: 9, value: 3 },
  ]);

  it('leaves the lone III/b of unit A unrecoverable as grade III/b minus unit B', () => {
    const figures = [total(row(report, 'grade', 'III/b')), total(row(report, 'unit', 'B'))];
    expect(figures).toContain(null);
  });

  it('leaves the lone III/b of unit A unrecoverable as unit A minus grades III/a and III/c', () => {
    const figures = [total(row(report, 'unit', 'A')), total(row(report, 'grade', 'III/a')), total(row(report, 'grade', 'III/c'))];
    expect(figures).toContain(null);
  });

  it('hides, smallest first, the grades that put the small cell among at least 5: III/b, then III/c as cover', () => {
    expect(shownState(report)).toEqual([
      [
        ['unit', 'A', false],
        ['unit', 'B', false],
      ],
      [
        ['grade', 'III/a', false],
        ['grade', 'III/b', true],
        ['grade', 'III/c', true],
      ],
    ]);
  });

  it('gives the same suppression whatever the order of respondents', () => {
    const reversed = reportFor([
      { unit: 'B', grade: 'III/b', count: 9, value: 3 },
      { unit: 'A', grade: 'III/c', count: 5, value: 3 },
      { unit: 'A', grade: 'III/b', count: 1, value: 1 },
      { unit: 'A', grade: 'III/a', count: 6, value: 3 },
    ]);
    expect(shownState(reversed)).toEqual(shownState(report));
  });
});

describe('unit × grade cells that no published figures pin down', () => {
  it('keeps every group shown when each small cell lies on a cycle of unit and grade totals', () => {
    // A: 3 × III/a, 4 × III/b; B: 4 × III/a, 3 × III/b. Any answer moved around A–III/a, A–III/b,
    // B–III/b, B–III/a leaves every published total the same.
    const report = reportFor([
      { unit: 'A', grade: 'III/a', count: 3, value: 2 },
      { unit: 'A', grade: 'III/b', count: 4, value: 4 },
      { unit: 'B', grade: 'III/a', count: 4, value: 5 },
      { unit: 'B', grade: 'III/b', count: 3, value: 1 },
    ]);
    expect(report.groups.flatMap((breakdown) => breakdown.rows.map((entry) => entry.suppressed))).toEqual([false, false, false, false]);
  });

  it('keeps every group shown when the pinned cells each hold at least the minimum', () => {
    // A tree of cells (every cell pinned), but none below 5.
    const report = reportFor([
      { unit: 'A', grade: 'III/a', count: 6, value: 2 },
      { unit: 'A', grade: 'III/b', count: 5, value: 4 },
      { unit: 'B', grade: 'III/b', count: 7, value: 5 },
    ]);
    expect(report.groups.flatMap((breakdown) => breakdown.rows.map((entry) => entry.suppressed))).toEqual([false, false, false, false]);
  });
});
