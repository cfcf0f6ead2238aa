import type { AnalysisLayout } from '../../src/analysis/layout';
import { createReportAccumulator } from '../../src/analysis/report';
import { buildReport, DEFAULT_OPTIONS } from './fixtures/build-report';
import { REFERENCE_ANSWERS, REFERENCE_LAYOUT } from './fixtures/reference-set';

describe('createReportAccumulator', () => {
  it('refuses a minimum group size below 3', () => {
    expect(() => createReportAccumulator(REFERENCE_LAYOUT, { ...DEFAULT_OPTIONS, minGroupSize: 2 })).toThrow(RangeError);
  });

  it('refuses a layout whose item names an unknown dimension', () => {
    const broken: AnalysisLayout = { ...REFERENCE_LAYOUT, items: [...REFERENCE_LAYOUT.items, { code: 'ZZ1', dimension: 'ZZ' }] };
    expect(() => createReportAccumulator(broken, DEFAULT_OPTIONS)).toThrow(/unknown dimension ZZ/);
  });

  it('refuses a layout with a dimension that has no items', () => {
    const broken: AnalysisLayout = {
      ...REFERENCE_LAYOUT,
      dimensions: [...REFERENCE_LAYOUT.dimensions, { code: 'EMPTY', perspective: 'LG', focus: null, name: 'Empty', target: 4 }],
    };
    expect(() => createReportAccumulator(broken, DEFAULT_OPTIONS)).toThrow(/EMPTY has no items/);
  });

  it('refuses an answer vector of the wrong length', () => {
    const accumulator = createReportAccumulator(REFERENCE_LAYOUT, DEFAULT_OPTIONS);
    expect(() => accumulator.add(new Uint8Array(12), { unit: null, grade: null })).toThrow(/expected 13 answers/);
  });

  it('refuses an answer above the scale maximum', () => {
    const accumulator = createReportAccumulator(REFERENCE_LAYOUT, DEFAULT_OPTIONS);
    const answers = Uint8Array.from(REFERENCE_ANSWERS[0]);
    answers[2] = 6;
    expect(() => accumulator.add(answers, { unit: null, grade: null })).toThrow(/above the scale maximum/);
  });

  it('counts a response with no answers as blank, outside n and every statistic', () => {
    const withBlank = buildReport(REFERENCE_LAYOUT, [...REFERENCE_ANSWERS, new Uint8Array(13)]);
    const without = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS);
    expect(withBlank.blank_responses).toBe(1);
    expect({ ...withBlank, blank_responses: 0 }).toEqual(without);
  });

  it('gives the same report whatever the order of respondents', () => {
    const reversed = buildReport(REFERENCE_LAYOUT, [...REFERENCE_ANSWERS].reverse());
    expect(reversed).toEqual(buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS));
  });

  it('can finish more than once with the same result', () => {
    const accumulator = createReportAccumulator(REFERENCE_LAYOUT, DEFAULT_OPTIONS);
    REFERENCE_ANSWERS.forEach((answers) => accumulator.add(answers, { unit: null, grade: null }));
    expect(accumulator.finish()).toEqual(accumulator.finish());
  });

  it('reports the scale and the thresholds it used', () => {
    const report = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS, { minGroupSize: 7 });
    expect(report.scale).toEqual({ min: 1, max: 5 });
    expect(report.thresholds).toMatchObject({ alpha_min: 0.6, min_group_size: 7, category_boundary: 'lower' });
  });
});

describe('accumulator at ministry scale', () => {
  // 45 items in 9 dimensions of 5 items over 4 perspectives, 100,000 respondents, 40 units × 4 grades.
  const dimensionCodes = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8', 'D9'];
  const layout: AnalysisLayout = {
    scale: { min: 1, max: 5 },
    items: Array.from({ length: 45 }, (_, i) => ({ code: `Q${i + 1}`, dimension: dimensionCodes[Math.floor(i / 5)] })),
    dimensions: dimensionCodes.map((code, d) => ({ code, perspective: `P${d % 4}`, focus: null, name: code, target: 4 })),
    perspectives: [0, 1, 2, 3].map((p) => ({ code: `P${p}`, name: `P${p}`, target: 4 })),
  };
  const respondents = 100_000;
  // A fixed linear congruential sequence: the same answers on every run, about 3 % blank.
  const answers = new Uint8Array(respondents * 45);
  let state = 12345;
  for (let cell = 0; cell < answers.length; cell += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const uniform = state / 4294967296;
    answers[cell] = uniform < 0.03 ? 0 : 1 + Math.floor(((uniform - 0.03) / 0.97) * 5);
  }
  const grades = ['II/a', 'III/b', 'IV/a', ''];
  const groups = Array.from({ length: respondents }, (_, r) => ({ unit: `unit-${r % 40}`, grade: grades[r % 4] }));

  // Speed is measured by `npm run bench` (report at 100,000 respondents against its floor), not
  // asserted here, where a busy machine would make the test fail for the wrong reason.
  it('adds 100,000 respondents × 45 items and counts every one', () => {
    const accumulator = createReportAccumulator(layout, { alphaMin: 0.6, minGroupSize: 5, groupBy: ['unit', 'grade'] });
    for (let r = 0; r < respondents; r += 1) accumulator.add(answers.subarray(r * 45, r * 45 + 45), groups[r]);
    const report = accumulator.finish();
    expect(report.n).toBe(respondents);
    expect(report.groups.find((breakdown) => breakdown.by === 'unit')?.rows).toHaveLength(40);
  });
});
