import { actionProgress, closesCycle, elapsedPercent, personLoad, reportPercent, type ScheduledAction } from '../../src/plan/status';

// A year-long action: 1 January – 31 December 2027 (365 days), due on the last day.
const YEAR: ScheduledAction = { starts_on: '2027-01-01', ends_on: '2027-12-31', due_on: '2027-12-31', target_value: 20, cancelled_on: null };
const MARGIN = 15;

describe('elapsedPercent', () => {
  it('counts whole days including the start and end day (by hand: 1 Jan is 1/365, 2 Jul is 183/365)', () => {
    expect(elapsedPercent('2027-01-01', '2027-12-31', '2027-01-01')).toBeCloseTo((1 / 365) * 100, 12);
    expect(elapsedPercent('2027-01-01', '2027-12-31', '2027-07-02')).toBeCloseTo((183 / 365) * 100, 12);
    expect(elapsedPercent('2027-01-01', '2027-12-31', '2027-12-31')).toBe(100);
    expect(elapsedPercent('2027-01-01', '2027-12-31', '2026-12-31')).toBe(0);
    expect(elapsedPercent('2027-01-01', '2027-12-31', '2028-03-01')).toBe(100);
  });
});

describe('reportPercent', () => {
  it('takes the percent when given, else the value against the target, capped at 100', () => {
    expect(reportPercent({ reported_on: '2027-03-31', percent: 40, value: 2 }, 20)).toBe(40);
    expect(reportPercent({ reported_on: '2027-03-31', percent: null, value: 5 }, 20)).toBe(25);
    expect(reportPercent({ reported_on: '2027-03-31', percent: null, value: 25 }, 20)).toBe(100);
    expect(reportPercent({ reported_on: '2027-03-31', percent: null, value: 5 }, null)).toBeNull();
  });
});

describe('actionProgress: each rule at its boundary', () => {
  it('is not_started the day before the start without a report, and on_track on the start day', () => {
    expect(actionProgress(YEAR, [], '2026-12-31', MARGIN).status).toBe('not_started');
    // 1/365 elapsed ≈ 0.27 %, progress 0: 0 < 0.27 − 15 is false.
    expect(actionProgress(YEAR, [], '2027-01-01', MARGIN).status).toBe('on_track');
  });

  it('is not not_started before the start once something is reported', () => {
    expect(actionProgress(YEAR, [{ reported_on: '2026-12-20', percent: 5, value: null }], '2026-12-31', MARGIN).status).toBe('on_track');
  });

  it('turns behind on the first day progress trails the time elapsed by more than the margin', () => {
    // Without a report, behind once elapsed > 15 %: day d with d/365 > 0.15 → d ≥ 55 (54.75), i.e. 24 February.
    // 23 February is day 54: 54/365 = 14.79 % → on track; 24 February is day 55: 15.07 % → behind.
    expect(actionProgress(YEAR, [], '2027-02-23', MARGIN).status).toBe('on_track');
    expect(actionProgress(YEAR, [], '2027-02-24', MARGIN).status).toBe('behind');
  });

  it('is on_track when progress trails by exactly the margin, behind just beyond it', () => {
    // 2 July: 183/365 = 50.137 %; 35.137 % is exactly 15 points behind.
    const elapsed = (183 / 365) * 100;
    expect(actionProgress(YEAR, [{ reported_on: '2027-07-01', percent: elapsed - 15, value: null }], '2027-07-02', MARGIN).status).toBe('on_track');
    expect(actionProgress(YEAR, [{ reported_on: '2027-07-01', percent: elapsed - 15.01, value: null }], '2027-07-02', MARGIN).status).toBe('behind');
  });

  it('counts only reports on or before the date, the latest of them', () => {
    const reports = [
      { reported_on: '2027-03-31', percent: 30, value: null },
      { reported_on: '2027-06-30', percent: 60, value: null },
    ];
    expect(actionProgress(YEAR, reports, '2027-06-29', MARGIN)).toMatchObject({ progress: 30, reported_on: '2027-03-31' });
    expect(actionProgress(YEAR, reports, '2027-06-30', MARGIN)).toMatchObject({ progress: 60, reported_on: '2027-06-30' });
  });

  it('is overdue the day after the due date when not done, and not on the due date itself', () => {
    const reports = [{ reported_on: '2027-12-01', percent: 95, value: null }];
    expect(actionProgress(YEAR, reports, '2027-12-31', MARGIN).status).toBe('on_track');
    expect(actionProgress(YEAR, reports, '2028-01-01', MARGIN).status).toBe('overdue');
  });

  it('is done at 100 % (by percent or by reaching the target value), even after the due date', () => {
    expect(actionProgress(YEAR, [{ reported_on: '2027-11-30', percent: 100, value: null }], '2028-02-01', MARGIN).status).toBe('done');
    expect(actionProgress(YEAR, [{ reported_on: '2027-11-30', percent: null, value: 20 }], '2027-12-01', MARGIN).status).toBe('done');
    expect(actionProgress(YEAR, [{ reported_on: '2027-11-30', percent: 99.9, value: null }], '2028-01-01', MARGIN).status).toBe('overdue');
  });

  it('is cancelled from the cancellation date on, not before', () => {
    const cancelled = { ...YEAR, cancelled_on: '2027-05-01' };
    expect(actionProgress(cancelled, [], '2027-04-30', MARGIN).status).toBe('behind');
    expect(actionProgress(cancelled, [], '2027-05-01', MARGIN).status).toBe('cancelled');
  });

  it('uses the margin it is given (a setting)', () => {
    // 24 February: 15.07 % elapsed, nothing done: behind at 15, on track at 20.
    expect(actionProgress(YEAR, [], '2027-02-24', 20).status).toBe('on_track');
  });
});

describe('personLoad', () => {
  it('finds the largest number of actions running on one day (by hand: three overlap in May)', () => {
    const load = personLoad(
      [
        { id: 1, starts_on: '2027-01-01', ends_on: '2027-06-30', active: true },
        { id: 2, starts_on: '2027-04-01', ends_on: '2027-05-31', active: true },
        { id: 3, starts_on: '2027-05-01', ends_on: '2027-12-31', active: true },
        { id: 4, starts_on: '2027-07-01', ends_on: '2027-07-31', active: true },
      ],
      2,
    );
    expect(load).toEqual({ actions: 4, peak_concurrent: 3, peak_on: '2027-05-01', overloaded: true });
  });

  it('does not count an action ending the day before another starts as overlapping, nor inactive ones', () => {
    const load = personLoad(
      [
        { id: 1, starts_on: '2027-01-01', ends_on: '2027-03-31', active: true },
        { id: 2, starts_on: '2027-04-01', ends_on: '2027-06-30', active: true },
        { id: 3, starts_on: '2027-01-01', ends_on: '2027-12-31', active: false },
      ],
      1,
    );
    expect(load).toEqual({ actions: 2, peak_concurrent: 1, peak_on: '2027-01-01', overloaded: false });
  });

  it('is zero without actions', () => {
    expect(personLoad([], 3)).toEqual({ actions: 0, peak_concurrent: 0, peak_on: null, overloaded: false });
  });
});

describe('closesCycle', () => {
  const links = [
    { cause: 1, effect: 2 },
    { cause: 2, effect: 3 },
    { cause: 4, effect: 3 },
  ];
  it('refuses a link back along a path, and a link to itself', () => {
    expect(closesCycle(links, 3, 1)).toBe(true);
    expect(closesCycle(links, 2, 1)).toBe(true);
    expect(closesCycle(links, 1, 1)).toBe(true);
  });
  it('allows links that keep the graph acyclic, including a second path to the same effect', () => {
    expect(closesCycle(links, 1, 3)).toBe(false);
    expect(closesCycle(links, 4, 1)).toBe(false);
    expect(closesCycle(links, 3, 5)).toBe(false);
  });
});
