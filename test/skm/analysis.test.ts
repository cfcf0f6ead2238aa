import { getSkmRound, setSkmRoundOpen } from '../../src/skm/rounds';
import { freshDb } from '../helpers';
import { ageBand, publishedRoundSummary, publishedSkmReport, skmReport, skmReportPublished } from '../../src/skm/analysis';
import { addForms, addSuggestions, formsWithSum, skmRound, type Form } from './fixtures';

/**
 * Ten questionnaires worked by hand (elements in the instrument's order; 0 = left blank):
 *
 *   form  req pro tim cos pro com beh fac cmp   gender  age  service
 *    1     4   4   2   4   3   4   4   3   3    female  24   A01
 *    2     3   3   2   4   3   4   4   3   3    female  30   A01
 *    3     3   3   1   4   3   3   4   3   2    male    41   A02
 *    4     4   3   2   4   4   3   3   3   3    female  52   A01
 *    5     3   3   2   4   3   3   3   4   3    male    60   A02
 *    6     3   4   3   4   3   4   4   3   3    female  25   A01
 *    7     4   3   2   4   3   3   3   3   0    female  26   A01
 *    8     3   3   2   4   3   4   4   3   3    male    35   A02
 *    9     3   3   1   4   3   3   3   3   2    –       –    A03
 *   10     4   4   2   4   4   3   4   3   3    female  45   A01
 *   sum   34  33  19  40  32  34  36  31  25
 *   n     10  10  10  10  10  10  10  10   9
 *   NRR  3.4 3.3 1.9  4  3.2 3.4 3.6 3.1 25/9
 *
 * Σ NRR = 25.9 + 25/9 = 258.1/9; IKM = 25 × Σ NRR × 1/9 = 6452.5/81 = 12905/162 = 79.6604938…
 * → 79.66, grade B (Baik). Converted values 25 × NRR: time 47.5 (D), complaints 625/9 = 69.44 (C),
 * facilities 77.5, product 80, procedure 82.5, requirements and competence 85 (B), behaviour 90,
 * cost 100 (A).
 */
const TEN: Form[] = [
  { answers: '442434433', gender: 'female', age: 24, service: 'A01' },
  { answers: '332434433', gender: 'female', age: 30, service: 'A01' },
  { answers: '331433432', gender: 'male', age: 41, service: 'A02' },
  { answers: '432443333', gender: 'female', age: 52, service: 'A01' },
  { answers: '332433343', gender: 'male', age: 60, service: 'A02' },
  { answers: '343434433', gender: 'female', age: 25, service: 'A01' },
  { answers: '432433330', gender: 'female', age: 26, service: 'A01' },
  { answers: '332434433', gender: 'male', age: 35, service: 'A02' },
  { answers: '331433332', gender: null, age: null, service: 'A03' },
  { answers: '442443433', gender: 'female', age: 45, service: 'A01' },
];

function tenForms() {
  const db = freshDb();
  const round = skmRound(db, { min_group_size: '3' });
  addForms(db, round.row.id, TEN);
  return { db, roundId: round.row.id };
}

describe('the SKM report equals the hand computation', () => {
  it('gives every element its n, NRR, weighted NRR, distribution, converted value and grade', () => {
    const { db, roundId } = tenForms();
    const report = skmReport(db, roundId, { lang: 'id' });
    const time = report.elements.find((element) => element.key === 'time')!;
    expect(time).toEqual({
      key: 'time',
      name: 'Waktu penyelesaian',
      n: 10,
      nrr: 1.9,
      nrr_exact: '19/10',
      weight: 1 / 9,
      weight_exact: '1/9',
      nrr_weighted: 19 / 90,
      distribution: { '1': 2, '2': 7, '3': 1, '4': 0 },
      ikm_element: 47.5,
      ikm_element_rounded: 47.5,
      grade: 'D',
      grade_label: 'Tidak Baik',
    });
    const complaints = report.elements.find((element) => element.key === 'complaints')!;
    expect(complaints).toMatchObject({ n: 9, nrr_exact: '25/9', distribution: { '1': 0, '2': 2, '3': 7, '4': 0 }, ikm_element_rounded: 69.44, grade: 'C' });
    expect(complaints.nrr).toBeCloseTo(25 / 9, 15);
    expect(report.elements.map((element) => element.nrr_exact)).toEqual(['17/5', '33/10', '19/10', '4', '16/5', '17/5', '18/5', '31/10', '25/9']);
    expect(report.elements.map((element) => element.grade)).toEqual(['B', 'B', 'D', 'A', 'B', 'B', 'A', 'B', 'C']);
  });

  it('gives the index exactly (12905/162), at full precision, rounded to 79.66 and graded B', () => {
    const { db, roundId } = tenForms();
    const report = skmReport(db, roundId, { lang: 'id' });
    expect(report.ikm_exact).toBe('12905/162');
    expect(report.ikm).toBe(12905 / 162);
    expect(report).toMatchObject({ ikm_rounded: 79.66, grade: 'B', grade_label: 'Baik' });
    expect(skmReport(db, roundId, { lang: 'en' }).grade_label).toBe('Good');
  });

  it('puts every element below grade B first, then the third lowest, as improvement priorities', () => {
    const { db, roundId } = tenForms();
    const { priorities } = skmReport(db, roundId, { lang: 'id' });
    expect(priorities.map((element) => [element.key, element.ikm_element_rounded, element.grade])).toEqual([
      ['time', 47.5, 'D'],
      ['complaints', 69.44, 'C'],
      ['facilities', 77.5, 'B'],
    ]);
  });

  it('states the round facts: responses by channel and progress towards the Krejcie–Morgan sample', () => {
    const db = freshDb();
    // N = 100 → S = 80 (96.025 / 1.20775 = 79.51, rounded up).
    const round = skmRound(db);
    addForms(db, round.row.id, [...TEN.slice(0, 6), ...TEN.slice(6).map((form) => ({ ...form, channel: 'paper' as const }))]);
    const report = skmReport(db, round.row.id, { lang: 'id' });
    expect(report.round).toMatchObject({ population: 100, required_sample: 80, responses: 10, by_channel: { online: 6, kiosk: 0, paper: 4 }, progress: 10 / 80, min_group_size: 5 });
  });

  it('has no index while an element has no answer, and no priorities or NaN without answers', () => {
    const db = freshDb();
    const round = skmRound(db);
    const empty = skmReport(db, round.row.id, { lang: 'id' });
    expect(empty).toMatchObject({ ikm: null, ikm_rounded: null, ikm_exact: null, grade: null, priorities: [] });
    expect(empty.elements[0]).toMatchObject({ n: 0, nrr: null, nrr_weighted: null, ikm_element: null, grade: null });
    addForms(db, round.row.id, [{ answers: '444444440' }]);
    expect(skmReport(db, round.row.id, { lang: 'id' }).ikm).toBeNull();
  });

  it('weighs by the unit\'s own weights when set (requirements 0.2, the others 0.1)', () => {
    const db = freshDb();
    const weights = { requirements: '0.2', procedure: '0.1', time: '0.1', cost: '0.1', product: '0.1', competence: '0.1', behaviour: '0.1', facilities: '0.1', complaints: '0.1' };
    const round = skmRound(db, { weights });
    // One form: requirements 2, every other element 4: IKM = 25 × (0.2 × 2 + 0.8 × 4) = 25 × 3.6 = 90.
    addForms(db, round.row.id, [{ answers: '244444444' }]);
    const report = skmReport(db, round.row.id, { lang: 'id' });
    expect(report).toMatchObject({ ikm: 90, ikm_exact: '90', grade: 'A' });
    expect(report.elements[0]).toMatchObject({ weight: 0.2, weight_exact: '1/5', nrr_weighted: 0.4 });
  });
});

describe('the grade, judged on the index rounded to two decimals', () => {
  // n forms with S the sum of all 9·n answers: IKM = 25·S / (9·n).
  it.each([
    [24, 763, 88.31, 'A'], // 19075/216 = 88.3101…
    [19, 604, 88.3, 'B'], // 15100/171 = 88.3040…
    [19, 524, 76.61, 'B'], // 13100/171 = 76.6081… (76.608 would be C unrounded)
    [26, 717, 76.6, 'C'], // 17925/234 = 76.6025…
    [5, 117, 65, 'C'], // 2925/45 = 65 exactly
    [38, 889, 64.99, 'D'], // 22225/342 = 64.9853…
    [1, 36, 100, 'A'], // all 4s: exactly 100
    [1, 9, 25, 'D'], // all 1s: exactly 25
  ])('%i forms summing to %i give %f, grade %s', (n, sum, rounded, grade) => {
    const db = freshDb();
    const round = skmRound(db);
    addForms(db, round.row.id, formsWithSum(n, sum));
    const report = skmReport(db, round.row.id, { lang: 'id' });
    expect(report.ikm).toBeCloseTo((25 * sum) / (9 * n), 12);
    expect(report.ikm_rounded).toBe(rounded);
    expect(report.grade).toBe(grade);
  });
});

describe('breakdowns keep small groups hidden', () => {
  it('bands ages as ≤ 25, 26–35, 36–45, 46–55, > 55', () => {
    expect([10, 25, 26, 35, 36, 45, 46, 55, 56, 120, null].map(ageBand)).toEqual(['to_25', 'to_25', '26_35', '26_35', '36_45', '36_45', '46_55', '46_55', 'over_55', 'over_55', null]);
  });

  it('counts each field\'s groups, the not-answered ones as a group of their own', () => {
    const { db, roundId } = tenForms();
    const gender = skmReport(db, roundId, { lang: 'id' }).breakdowns.find((breakdown) => breakdown.field === 'gender')!;
    expect(gender.groups.map((group) => [group.key, group.label, group.n])).toEqual([
      ['male', 'Laki-laki', 3],
      ['female', 'Perempuan', 6],
      [null, null, 1],
    ]);
    // Minimum 3: the blank group (1) is hidden, and male (3, the smallest left) with it as cover.
    expect(gender.groups.map((group) => group.suppressed)).toEqual([true, false, true]);
    const female = gender.groups[1];
    // Forms 1, 2, 4, 6, 7, 10: requirements 4+3+4+3+4+4 = 22 → 22/6; time 2+2+2+3+2+2 = 13 → 13/6.
    expect(female.nrr.requirements).toBeCloseTo(22 / 6, 15);
    expect(female.nrr.time).toBeCloseTo(13 / 6, 15);
  });

  it('an attack: total − shown groups does not give the one small group away, because its cover is hidden too', () => {
    const db = freshDb();
    const round = skmRound(db); // minimum group size 5
    // Services: A01 9 forms, A02 8 forms, A03 3 forms whose answers are all 1.
    const forms: Form[] = [
      ...Array.from({ length: 9 }, () => ({ answers: '444444444', service: 'A01' })),
      ...Array.from({ length: 8 }, () => ({ answers: '333333333', service: 'A02' })),
      ...Array.from({ length: 3 }, () => ({ answers: '111111111', service: 'A03' })),
    ];
    addForms(db, round.row.id, forms);
    const report = skmReport(db, round.row.id, { lang: 'id' });
    const service = report.breakdowns.find((breakdown) => breakdown.field === 'service')!;
    const byKey = Object.fromEntries(service.groups.map((group) => [group.key, group]));
    expect(byKey.A03).toMatchObject({ n: 3, suppressed: true, ikm: null, nrr: expect.objectContaining({ time: null }) });
    // The second group is hidden as well (the smallest other one).
    expect(byKey.A02).toMatchObject({ n: 8, suppressed: true, ikm: null });
    expect(byKey.A01).toMatchObject({ n: 9, suppressed: false, ikm: 100 });
    // Subtracting what is shown leaves 11 forms of two groups: their mean, 2.4545…, is not A03's 1.
    const shown = service.groups.filter((group) => !group.suppressed);
    const restN = report.round.responses - shown.reduce((sum, group) => sum + group.n, 0);
    const restSum = report.elements[2].nrr! * report.elements[2].n - shown.reduce((sum, group) => sum + group.nrr.time! * group.n, 0);
    expect(restN).toBe(11);
    expect(restSum / restN).not.toBeCloseTo(1, 6);
  });

  it('hides an element in a shown group when too few of it answered that element, and then the group\'s index', () => {
    const db = freshDb();
    const round = skmRound(db);
    // Female 6 forms, only 2 of which answered complaints; male 6 forms that all did.
    addForms(db, round.row.id, [
      ...Array.from({ length: 4 }, () => ({ answers: '444444440', gender: 'female' as const })),
      ...Array.from({ length: 2 }, () => ({ answers: '444444441', gender: 'female' as const })),
      ...Array.from({ length: 6 }, () => ({ answers: '333333333', gender: 'male' as const })),
    ]);
    const gender = skmReport(db, round.row.id, { lang: 'id' }).breakdowns.find((breakdown) => breakdown.field === 'gender')!;
    const [male, female] = gender.groups;
    expect(female).toMatchObject({ n: 6, suppressed: false, ikm: null, nrr: expect.objectContaining({ complaints: null, time: 4 }) });
    // The male cell is the cover (2 < 5 hidden alone): complaints hidden there too, so its index too.
    expect(male).toMatchObject({ n: 6, suppressed: false, ikm: null, nrr: expect.objectContaining({ complaints: null, time: 3 }) });
  });
});

describe('suggestions', () => {
  it('are hidden below the comment minimum, counted but not listed', () => {
    const { db, roundId } = tenForms();
    addSuggestions(db, roundId, ['Antrean terlalu lama', 'Petugas ramah']);
    const report = skmReport(db, roundId, { lang: 'id', commentMin: 11 });
    expect(report.suggestions).toEqual({ shown: false, min: 11, count: 2, items: [] });
  });

  it('are listed from the minimum on, in a random order', () => {
    const { db, roundId } = tenForms();
    const texts = Array.from({ length: 12 }, (_unused, index) => `Saran ${index + 1}`);
    addSuggestions(db, roundId, texts);
    const orders = new Set<string>();
    for (let read = 0; read < 5; read++) {
      const { suggestions } = skmReport(db, roundId, { lang: 'id', commentMin: 10 });
      expect(suggestions.shown).toBe(true);
      expect([...suggestions.items].sort()).toEqual([...texts].sort());
      orders.add(suggestions.items.join('|'));
    }
    // Five reads of 12! orders all equal by chance: about 1 in 10^34.
    expect(orders.size).toBeGreaterThan(1);
  });
});

describe('the trend', () => {
  it('lists the rounds whose period starts earlier, oldest first, then this one; later rounds are left out', () => {
    const db = freshDb();
    const later = skmRound(db, { name: 'SKM I 2027', period_start: '2027-01-01', period_end: '2027-06-30' });
    const current = skmRound(db, { name: 'SKM II 2026', period_start: '2026-07-01', period_end: '2026-12-31' });
    const first = skmRound(db, { name: 'SKM I 2026', period_start: '2026-01-01', period_end: '2026-06-30', min_group_size: '3' });
    const older = skmRound(db, { name: 'SKM II 2025', period_start: '2025-07-01', period_end: '2025-12-31', min_group_size: '3' });
    addForms(db, older.row.id, Array.from({ length: 3 }, () => ({ answers: '222222222' }))); // 25 × 2 = 50, D
    addForms(db, first.row.id, [{ answers: '333333333' }, { answers: '333333334' }, { answers: '333333333' }, { answers: '333333334' }]); // Σ NRR = 27.5 → 25 × 27.5 / 9 = 76.39, C
    addForms(db, current.row.id, [{ answers: '444444444' }]);
    addForms(db, later.row.id, [{ answers: '111111111' }]);
    // A closed round of a single form publishes nothing either: its NRRs would be that form's answers.
    const single = skmRound(db, { name: 'SKM satu 2025', period_start: '2025-03-01', period_end: '2025-06-30' });
    addForms(db, single.row.id, [{ answers: '111111111' }]);
    for (const earlier of [older, first, single]) setSkmRoundOpen(db, earlier.row.id, false, new Date(), 'test');
    // An earlier round still open publishes nothing, not even in another round's trend.
    const open = skmRound(db, { name: 'SKM terbuka 2025', period_start: '2025-01-01', period_end: '2025-06-30' });
    addForms(db, open.row.id, [{ answers: '333333333' }]);
    const { trend } = skmReport(db, current.row.id, { lang: 'id' });
    expect(trend.map((point) => [point.name, point.responses, point.ikm_rounded, point.grade, point.current])).toEqual([
      ['SKM II 2025', 3, 50, 'D', false],
      ['SKM I 2026', 4, 76.39, 'C', false],
      ['SKM II 2026', 1, 100, 'A', true],
    ]);
    expect(trend[1].nrr).toMatchObject({ requirements: 3, complaints: 3.5 });
  });
});

describe('published states cannot be differenced', () => {
  it('an attack: close, read, reopen, one more kiosk form, close, read — refused, the round stays closed', () => {
    const db = freshDb();
    const round = skmRound(db);
    addForms(db, round.row.id, Array.from({ length: 20 }, () => ({ answers: '333333333', service: 'A01' })));
    setSkmRoundOpen(db, round.row.id, false, new Date(), 'test');
    const before = skmReport(db, round.row.id, { lang: 'id' });
    expect(before.elements[0].distribution['3']).toBe(20);
    expect(() => setSkmRoundOpen(db, round.row.id, true, new Date(), 'test')).toThrow(/stays closed/);
    expect(db.prepare('SELECT closed_at FROM skm_rounds WHERE id = ?').get(round.row.id)).toEqual({ closed_at: expect.any(String) });
  });

  it('a round closed with paper forms only (known to whoever typed them) may reopen', () => {
    const db = freshDb();
    const round = skmRound(db);
    addForms(db, round.row.id, Array.from({ length: 6 }, () => ({ answers: '333333333', channel: 'paper' as const })));
    setSkmRoundOpen(db, round.row.id, false, new Date(), 'test');
    setSkmRoundOpen(db, round.row.id, true, new Date(), 'test');
    expect(db.prepare('SELECT closed_at FROM skm_rounds WHERE id = ?').get(round.row.id)).toEqual({ closed_at: null });
  });
});

describe('paper forms never lift a small online group into view', () => {
  it('an attack: one real kiosk answer in a service, four invented paper forms beside it — the service stays hidden, with cover', () => {
    const db = freshDb();
    const round = skmRound(db); // minimum group size 5
    addForms(db, round.row.id, [
      ...Array.from({ length: 20 }, () => ({ answers: '444444444', service: 'A01' })),
      ...Array.from({ length: 21 }, () => ({ answers: '333333333', service: 'A02' })),
      { answers: '121212121', service: 'A03', channel: 'kiosk' as const },
      ...Array.from({ length: 4 }, () => ({ answers: '444444444', service: 'A03', channel: 'paper' as const })),
    ]);
    const service = skmReport(db, round.row.id, { lang: 'id' }).breakdowns.find((breakdown) => breakdown.field === 'service')!;
    const byKey = Object.fromEntries(service.groups.map((group) => [group.key, group]));
    // Shown, A03's NRR for requirements would be (1 + 16) / 5: minus the known paper, the 1 of the kiosk form.
    expect(byKey.A03).toMatchObject({ n: 5, suppressed: true, ikm: null, nrr: expect.objectContaining({ requirements: null }) });
    expect(byKey.A01).toMatchObject({ n: 20, suppressed: true });
    expect(byKey.A02).toMatchObject({ n: 21, suppressed: false });
  });

  it('the same inside a shown group: an element answered by one online form and four paper ones is hidden', () => {
    const db = freshDb();
    const round = skmRound(db);
    addForms(db, round.row.id, [
      ...Array.from({ length: 5 }, () => ({ answers: '444444440', gender: 'female' as const })),
      { answers: '444444441', gender: 'female' as const },
      ...Array.from({ length: 4 }, () => ({ answers: '444444444', gender: 'female' as const, channel: 'paper' as const })),
      ...Array.from({ length: 6 }, () => ({ answers: '333333333', gender: 'male' as const })),
    ]);
    const [male, female] = skmReport(db, round.row.id, { lang: 'id' }).breakdowns.find((breakdown) => breakdown.field === 'gender')!.groups;
    expect(female).toMatchObject({ n: 10, suppressed: false, ikm: null, nrr: expect.objectContaining({ complaints: null, time: 4 }) });
    expect(male.nrr.complaints).toBeNull();
  });

  it('a paper-only group of fewer than the minimum stays hidden as before; a paper-only group of the minimum shows', () => {
    const db = freshDb();
    const round = skmRound(db);
    addForms(db, round.row.id, [
      ...Array.from({ length: 10 }, () => ({ answers: '333333333', service: 'A01' })),
      ...Array.from({ length: 10 }, () => ({ answers: '333333333', service: 'A02' })),
      ...Array.from({ length: 5 }, () => ({ answers: '222222222', service: 'A03', channel: 'paper' as const })),
      ...Array.from({ length: 2 }, () => ({ answers: '111111111', channel: 'paper' as const })),
    ]);
    const groups = skmReport(db, round.row.id, { lang: 'id' }).breakdowns.find((breakdown) => breakdown.field === 'service')!.groups;
    expect(groups.map((group) => [group.key, group.suppressed])).toEqual([
      ['A01', false],
      ['A02', false],
      ['A03', true],
      [null, true],
    ]);
  });
});

describe('a round of fewer forms than the minimum publishes nothing', () => {
  it('an attack: a closed round with one kiosk form and ten invented paper forms — the totals minus the paper would be that form', () => {
    const db = freshDb();
    const round = skmRound(db);
    addForms(db, round.row.id, [{ answers: '121212121', channel: 'kiosk' }, ...Array.from({ length: 10 }, () => ({ answers: '444444444', channel: 'paper' as const }))]);
    setSkmRoundOpen(db, round.row.id, false, new Date(), 'test');
    const closed = getSkmRound(db, round.row.id);
    expect(skmReportPublished(db, closed)).toBe(false);
    expect(() => publishedSkmReport(db, closed, { lang: 'id' })).toThrow(/fewer forms than its minimum/);
    expect(publishedRoundSummary(db, closed)).toEqual({ responses: 11, ikm_rounded: null, grade: null });
  });

  it('nor does a later round\'s trend show it; five online forms, or only paper ones from five on, publish', () => {
    const db = freshDb();
    const small = skmRound(db, { name: 'kecil', period_start: '2026-01-01', period_end: '2026-06-30' });
    addForms(db, small.row.id, Array.from({ length: 4 }, () => ({ answers: '111111111' })));
    setSkmRoundOpen(db, small.row.id, false, new Date(), 'test');
    const paper = skmRound(db, { name: 'kertas', period_start: '2026-02-01', period_end: '2026-06-30' });
    addForms(db, paper.row.id, Array.from({ length: 5 }, () => ({ answers: '222222222', channel: 'paper' as const })));
    setSkmRoundOpen(db, paper.row.id, false, new Date(), 'test');
    const current = skmRound(db);
    addForms(db, current.row.id, Array.from({ length: 5 }, () => ({ answers: '333333333' })));
    setSkmRoundOpen(db, current.row.id, false, new Date(), 'test');
    expect(skmReportPublished(db, getSkmRound(db, current.row.id))).toBe(true);
    expect(skmReport(db, current.row.id, { lang: 'id' }).trend.map((point) => point.name)).toEqual(['kertas', 'SKM Semester II 2026']);
  });
});
