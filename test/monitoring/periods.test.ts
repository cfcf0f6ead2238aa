import { closingQuarter, latestEndedPeriod, parsePeriod, periodEnd, periodName, periodsOf, periodsToDate } from '../../src/monitoring/periods';

describe('periods', () => {
  test('reads the ways periods are written', () => {
    expect(parsePeriod('2027-Q2')?.code).toBe('2027-Q2');
    expect(parsePeriod('2027-tw2')?.code).toBe('2027-Q2');
    expect(parsePeriod('TW II 2027')?.code).toBe('2027-Q2');
    expect(parsePeriod('2027-S1')?.code).toBe('2027-S1');
    expect(parsePeriod('Semester II 2027')?.code).toBe('2027-S2');
    expect(parsePeriod('2027-3')?.code).toBe('2027-03');
    expect(parsePeriod('2027')?.code).toBe('2027');
    for (const bad of ['2027-13', '2027-Q5', '2027-S3', '27-Q1', 'Q2', '', '1999']) expect(parsePeriod(bad)).toBeNull();
  });

  test('months each period spans and its last day', () => {
    const q2 = parsePeriod('2027-Q2')!;
    expect([q2.first_month, q2.last_month]).toEqual([4, 6]);
    expect(periodEnd(q2)).toBe('2027-06-30');
    expect(periodEnd(parsePeriod('2028-02')!)).toBe('2028-02-29'); // a leap year
    expect(periodEnd(parsePeriod('2027-S2')!)).toBe('2027-12-31');
  });

  test('year to date: the indicator periods that end by the end of the evaluation period', () => {
    const s1 = parsePeriod('2027-S1')!;
    expect(periodsToDate('monthly', s1).map((period) => period.code)).toEqual(['2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06']);
    expect(periodsToDate('quarterly', parsePeriod('2027-Q3')!).map((period) => period.code)).toEqual(['2027-Q1', '2027-Q2', '2027-Q3']);
    expect(periodsToDate('semester', parsePeriod('2027-Q2')!).map((period) => period.code)).toEqual(['2027-S1']);
    expect(periodsToDate('annual', parsePeriod('2027-Q2')!)).toEqual([]);
    expect(periodsOf('annual', 2027).map((period) => period.code)).toEqual(['2027']);
  });

  test('a period is frozen by the quarter holding its last month', () => {
    expect(closingQuarter(parsePeriod('2027-05')!)).toBe('2027-Q2');
    expect(closingQuarter(parsePeriod('2027-S1')!)).toBe('2027-Q2');
    expect(closingQuarter(parsePeriod('2027')!)).toBe('2027-Q4');
  });

  test('the latest period that has ended by a date', () => {
    expect(latestEndedPeriod('quarterly', '2027-07-15')?.code).toBe('2027-Q2');
    expect(latestEndedPeriod('quarterly', '2027-06-30')?.code).toBe('2027-Q2');
    expect(latestEndedPeriod('monthly', '2027-01-10')?.code).toBe('2026-12');
  });

  test('names in Indonesian and English', () => {
    expect(periodName(parsePeriod('2027-Q2')!, 'id')).toBe('TW II 2027');
    expect(periodName(parsePeriod('2027-Q2')!, 'en')).toBe('Q2 2027');
    expect(periodName(parsePeriod('2027-03')!, 'id')).toBe('Maret 2027');
    expect(periodName(parsePeriod('2027-S1')!, 'id')).toBe('Semester I 2027');
  });
});
