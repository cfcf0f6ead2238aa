import { buildReport, byCode } from './fixtures/build-report';
import { REFERENCE_ANSWERS, REFERENCE_LAYOUT } from './fixtures/reference-set';
import { SMALL_LAYOUT, SMALL_ROWS } from './fixtures/small-table';

// R setup for the small table: see fixtures/small-table.ts; f(v) means v <- v[!is.na(v)] first.
describe('item statistics on a small table with blanks', () => {
  const items = buildReport(SMALL_LAYOUT, SMALL_ROWS).items;

  it('n counts only answered values, a blank (0) is missing', () => {
    // length(na.omit(A)); length(na.omit(B)); length(na.omit(E))
    expect([byCode(items, 'A').n, byCode(items, 'B').n, byCode(items, 'E').n]).toEqual([5, 4, 3]);
  });

  it('mean equals R mean() of the answered values', () => {
    expect(byCode(items, 'A').mean).toBeCloseTo(3, 9); // mean(A, na.rm = TRUE) = 3
    expect(byCode(items, 'D').mean).toBeCloseTo(3.25, 9); // mean(D, na.rm = TRUE) = 3.25
    expect(byCode(items, 'E').mean).toBeCloseTo(3.6666666666666665, 9); // mean(E, na.rm = TRUE)
  });

  it('sd is the sample SD (n − 1), as R sd()', () => {
    expect(byCode(items, 'A').sd).toBeCloseTo(1.5811388300841898, 9); // sd(A, na.rm = TRUE)
    expect(byCode(items, 'D').sd).toBeCloseTo(1.707825127659933, 9); // sd(D, na.rm = TRUE)
    expect(byCode(items, 'E').sd).toBeCloseTo(1.5275252316519468, 9); // sd(E, na.rm = TRUE)
  });

  it('median with an even number of answers is the mean of the two middle values, as R median()', () => {
    expect(byCode(items, 'B').median).toBeCloseTo(3.5, 9); // median(B, na.rm = TRUE) = 3.5 (answers 2 3 4 5)
    expect(byCode(items, 'D').median).toBeCloseTo(3.5, 9); // median(D, na.rm = TRUE) = 3.5 (answers 1 3 4 5)
  });

  it('median with an odd number of answers is the middle value, as R median()', () => {
    expect(byCode(items, 'A').median).toBe(3); // median(A, na.rm = TRUE) = 3
    expect(byCode(items, 'E').median).toBe(4); // median(E, na.rm = TRUE) = 4
  });

  it('distribution counts the answers per scale point under the keys "1" to "5"', () => {
    // tabulate(na.omit(D), 5) = 1 0 1 1 1
    expect(byCode(items, 'D').distribution).toEqual({ '1': 1, '2': 0, '3': 1, '4': 1, '5': 1 });
  });

  it('favorable_pct is the share of the top two points among answered values', () => {
    expect(byCode(items, 'A').favorable_pct).toBeCloseTo(40, 9); // mean(na.omit(A) >= 4) * 100
    expect(byCode(items, 'E').favorable_pct).toBeCloseTo(66.6666666666666572, 9); // mean(na.omit(E) >= 4) * 100
  });

  it('unfavorable_pct is the share of the bottom two points among answered values', () => {
    expect(byCode(items, 'B').unfavorable_pct).toBeCloseTo(25, 9); // mean(na.omit(B) <= 2) * 100
    expect(byCode(items, 'E').unfavorable_pct).toBeCloseTo(33.3333333333333286, 9); // mean(na.omit(E) <= 2) * 100
  });
});

describe('item statistics on the reference set', () => {
  const items = buildReport(REFERENCE_LAYOUT, REFERENCE_ANSWERS).items;

  it('item means equal R colMeans(x, na.rm = TRUE)', () => {
    // print(colMeans(x, na.rm = TRUE), digits = 17)
    const expected = [
      2.4074074074074074, 2.5555555555555554, 2.3333333333333335, 2.3928571428571428, 3.1481481481481484, 3.0, 3.074074074074074,
      2.9285714285714284, 2.7037037037037037, 2.5714285714285716, 3.9642857142857144, 3.9629629629629628, 3.9642857142857144,
    ];
    items.forEach((item, i) => expect(item.mean).toBeCloseTo(expected[i], 9));
  });

  it('item SDs equal R apply(x, 2, sd, na.rm = TRUE)', () => {
    // print(apply(x, 2, sd, na.rm = TRUE), digits = 17)
    const expected = [
      1.11835247159035278, 1.18754217199070888, 0.96076892283052284, 1.196887497862553, 0.98853830335904402, 1.1863420280034791,
      1.10682935679861005, 0.71639899024741327, 1.137298242963249, 1.06904496764969759, 0.88116685505925973, 0.93978235948057853,
      0.7926581093427848,
    ];
    items.forEach((item, i) => expect(item.sd).toBeCloseTo(expected[i], 9));
  });

  it('item medians equal R apply(x, 2, median, na.rm = TRUE)', () => {
    // apply(x, 2, median, na.rm = TRUE)
    expect(items.map((item) => item.median)).toEqual([2, 3, 2, 3, 3, 3, 3, 3, 3, 2, 4, 4, 4]);
  });

  it('item n equals R colSums(!is.na(x))', () => {
    // colSums(!is.na(x))
    expect(items.map((item) => item.n)).toEqual([27, 27, 27, 28, 27, 28, 27, 28, 27, 28, 28, 27, 28]);
  });
});
