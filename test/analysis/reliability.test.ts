import { criticalR } from '../../src/analysis/reliability';
import { buildReport, byCode } from './fixtures/build-report';
import { REFERENCE_ANSWERS, REFERENCE_LAYOUT } from './fixtures/reference-set';

// R setup (x, HR, TE, SO, CU, LG, IP): see fixtures/reference-set.ts.
const report = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS);

describe('Cronbach alpha', () => {
  it('cronbachAlpha equals psych::alpha raw_alpha on the reference set', () => {
    // psych::alpha(na.omit(HR))$total$raw_alpha, and likewise for TE, SO, CU
    expect(byCode(report.dimensions, 'HR').alpha).toBeCloseTo(0.84947791164658626, 9);
    expect(byCode(report.dimensions, 'TE').alpha).toBeCloseTo(0.86866153019172199, 9);
    expect(byCode(report.dimensions, 'SO').alpha).toBeCloseTo(0.78947368421052633, 9);
    expect(byCode(report.dimensions, 'CU').alpha).toBeCloseTo(0.64933239634574846, 9);
  });

  it('perspective alpha is psych::alpha raw_alpha on all items of the perspective', () => {
    // psych::alpha(na.omit(LG))$total$raw_alpha; psych::alpha(na.omit(IP))$total$raw_alpha
    expect(byCode(report.perspectives, 'LG').alpha).toBeCloseTo(0.75884470882905453, 9);
    expect(byCode(report.perspectives, 'IP').alpha).toBeCloseTo(0.52689521970062758, 9);
  });

  it('alpha uses listwise complete cases: complete_cases equals nrow(na.omit(x))', () => {
    // nrow(na.omit(HR)) = 25; TE 26; SO 27; CU 27; LG 23; IP 26
    expect(report.dimensions.map((dimension) => dimension.complete_cases)).toEqual([25, 26, 27, 27]);
    expect(report.perspectives.map((perspective) => perspective.complete_cases)).toEqual([23, 26]);
  });

  it('reliable is alpha ≥ alphaMin', () => {
    // CU alpha 0.649 ≥ 0.60; IP alpha 0.527 < 0.60
    expect(byCode(report.dimensions, 'CU').reliable).toBe(true);
    expect(byCode(report.perspectives, 'IP').reliable).toBe(false);
  });

  it('alphaMin is a setting', () => {
    const strict = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS, { alphaMin: 0.7 });
    expect(byCode(strict.dimensions, 'CU').reliable).toBe(false);
    expect(strict.thresholds.alpha_min).toBe(0.7);
  });
});

describe('corrected item–total correlation', () => {
  it('item_total_r equals psych::alpha r.drop on the complete cases of its dimension', () => {
    // print(psych::alpha(na.omit(HR))$item.stats$r.drop, digits = 17), and likewise for TE, SO, CU
    const expected = [
      0.75230775086840351, 0.72065347582944739, 0.51349282802936635, 0.78216548032373034, // HR
      0.76349332348169441, 0.69310054994005965, 0.80997992007939257, // TE
      0.68891573820046947, 0.64783451974865747, 0.6284667282523908, // SO
      0.40297428809480701, 0.54646960780821519, 0.442375923341433, // CU
    ];
    report.items.forEach((item, i) => expect(item.item_total_r).toBeCloseTo(expected[i], 9));
  });

  it('valid is item_total_r ≥ r_critical', () => {
    // First 10 respondents: y <- x[1:10, ]; psych::alpha(na.omit(y[, 5:7]))$item.stats$r.drop
    //   = 0.622799155329218146 0.068680281974344545 0.722897396012249116; r_critical(10) = 0.63189686471983375
    const firstTen = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS.slice(0, 10));
    const technology = firstTen.items.filter((item) => item.dimension === 'TE');
    expect(technology.map((item) => item.item_total_r)).toEqual([
      expect.closeTo(0.622799155329218146, 9),
      expect.closeTo(0.068680281974344545, 9),
      expect.closeTo(0.722897396012249116, 9),
    ]);
    expect(technology.map((item) => item.valid)).toEqual([false, false, true]);
  });
});

describe('r_critical', () => {
  it('for the 28 respondents of the round is 0.3739, t/√(df + t²) with t = qt(0.975, 26)', () => {
    // t <- qt(0.975, 26); print(t / sqrt(26 + t^2), digits = 17)
    expect(report.thresholds.r_critical).toBeCloseTo(0.37388591108593566, 9);
  });

  it('uses the respondents of the round, not the complete cases of a dimension', () => {
    // HR has 25 complete cases, yet r_critical is the one for n = 28
    expect(byCode(report.dimensions, 'HR').complete_cases).toBe(25);
    expect(report.thresholds.r_critical).toBe(criticalR(28));
  });

  it('equals R for n = 100, 10 and 3', () => {
    // for (n in c(100, 10, 3)) { t <- qt(0.975, n - 2); print(t / sqrt(n - 2 + t^2), digits = 17) }
    expect(criticalR(100)).toBeCloseTo(0.19655119559322565, 9);
    expect(criticalR(10)).toBeCloseTo(0.63189686471983375, 9);
    expect(criticalR(3)).toBeCloseTo(0.99691733373312796, 9);
  });

  it('equals R for n = 100,000', () => {
    // t <- qt(0.975, 99998); print(t / sqrt(99998 + t^2), digits = 17)
    expect(criticalR(100000)).toBeCloseTo(0.0061979682741058499, 9);
  });

  it('is null below 3 respondents (df < 1)', () => {
    expect(criticalR(2)).toBeNull();
    expect(criticalR(0)).toBeNull();
  });
});
