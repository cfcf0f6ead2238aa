import type { AnalysisLayout } from '../../src/analysis/layout';
import { FOCUS_AREAS } from '../../src/analysis/report';
import { FOCUS_AREAS as SCHEMA_FOCUS_AREAS } from '../../src/survey/instrument-schema';
import { buildReport } from './fixtures/build-report';
import { REFERENCE_ANSWERS, REFERENCE_LAYOUT } from './fixtures/reference-set';

// Dimension means of the reference set (R: sapply(list(HR, TE, SO, CU), function(m) mean(score(m)))):
// HR 2.3988, TE 3.0893, SO 2.7321, CU 3.9702; targets HR 4, TE 4, SO 3.5, CU 3.75.
const report = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS);

function withTargets(layout: AnalysisLayout, target: number): AnalysisLayout {
  return { ...layout, dimensions: layout.dimensions.map((dimension) => ({ ...dimension, target })) };
}

describe('priorities and strengths', () => {
  it('priorities are the dimensions below target, largest shortfall first', () => {
    // gaps: HR −1.601, TE −0.911, SO −0.768
    expect(report.priorities.map((dimension) => dimension.code)).toEqual(['HR', 'TE', 'SO']);
  });

  it('strengths are the dimensions at or above target', () => {
    // gap CU +0.220
    expect(report.strengths.map((dimension) => dimension.code)).toEqual(['CU']);
  });

  it('strengths are ordered highest gap first', () => {
    // with every target 2.5: gaps HR −0.101, TE +0.589, SO +0.232, CU +1.470
    const lowTargets = buildReport(withTargets(REFERENCE_LAYOUT, 2.5), REFERENCE_ANSWERS);
    expect(lowTargets.strengths.map((dimension) => dimension.code)).toEqual(['CU', 'TE', 'SO']);
    expect(lowTargets.priorities.map((dimension) => dimension.code)).toEqual(['HR']);
  });

  it('a dimension exactly at target (gap 0) is a strength', () => {
    // the CU items answered 4 by everyone: mean exactly 4, target 4
    const onTarget = REFERENCE_ANSWERS.map((row) => Uint8Array.from(row, (value, i) => (i >= 10 ? 4 : value)));
    const cultureOnTarget = buildReport(withTargets(REFERENCE_LAYOUT, 4), onTarget);
    expect(cultureOnTarget.strengths.map((dimension) => dimension.code)).toEqual(['CU']);
    expect(cultureOnTarget.strengths[0].gap).toBe(0);
  });

  it('a ranked dimension carries code, name, perspective, focus, mean, target, gap and category', () => {
    expect(report.priorities[0]).toEqual({
      code: 'HR',
      name: 'HR development',
      perspective: 'LG',
      focus: 'hr_development',
      mean: expect.closeTo(2.3988095238095237, 9), // mean(score(HR))
      target: 4,
      gap: expect.closeTo(2.3988095238095237 - 4, 9),
      category: 'low',
    });
  });
});

describe('focus areas', () => {
  it('lists hr_development, technology_use, sop_compliance and work_culture in that order', () => {
    expect(report.focus_areas.map((area) => area.focus)).toEqual(['hr_development', 'technology_use', 'sop_compliance', 'work_culture']);
  });

  it('uses the same focus areas as the instrument schema', () => {
    expect(FOCUS_AREAS).toEqual(SCHEMA_FOCUS_AREAS);
  });

  it('gives each focus area its dimensions with code, name, mean, gap and category', () => {
    expect(report.focus_areas[3].dimensions).toEqual([
      {
        code: 'CU',
        name: 'Work culture',
        mean: expect.closeTo(3.9702380952380953, 9), // mean(score(CU))
        gap: expect.closeTo(3.9702380952380953 - 3.75, 9),
        category: 'high',
      },
    ]);
  });

  it('a focus area no dimension is tagged with has an empty list', () => {
    const untagged = { ...REFERENCE_LAYOUT, dimensions: REFERENCE_LAYOUT.dimensions.map((dimension) => ({ ...dimension, focus: null })) };
    expect(buildReport(untagged, REFERENCE_ANSWERS).focus_areas.every((area) => area.dimensions.length === 0)).toBe(true);
  });
});
