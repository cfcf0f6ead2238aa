import { seedDemo } from '../../src/demo/seed';
import { showPlan } from '../../src/plan/show';
import { evaluatePeriod } from '../../src/monitoring/evaluation';
import { countRows, freshDb } from '../helpers';
import { loadOrganisation } from '../../src/organisation/profile';

describe('demo data', () => {
  it('fills one 28-employee round with 24 online responses and an administrator', async () => {
    const db = freshDb();
    const seeded = await seedDemo(db, new Date('2026-11-28T03:00:00Z'));
    expect(seeded).toMatchObject({ invited: 28, username: 'demo' });
    expect(countRows(db, 'roster_entries')).toBe(28);
    expect(countRows(db, 'responses')).toBe(24);
    expect(db.prepare("SELECT count(*) AS n FROM roster_entries WHERE status = 'completed'").get()).toEqual({ n: 24 });
  });

  it('is deterministic: two runs store the same answers', async () => {
    const answersOf = async () => {
      const db = freshDb();
      await seedDemo(db, new Date('2026-11-28T03:00:00Z'));
      return (db.prepare('SELECT answers FROM responses').all() as { answers: Buffer }[]).map((row) => row.answers.toString('hex')).sort();
    };
    expect(await answersOf()).toEqual(await answersOf());
  });

  it('does nothing the second time', async () => {
    const db = freshDb();
    await seedDemo(db, new Date());
    expect(await seedDemo(db, new Date())).toBeNull();
    expect(countRows(db, 'rounds')).toBe(1);
  });
});

describe('the demo plan', () => {
  it('carries the demo diagnosis to objectives citing its gaps and action plans with a person in charge', async () => {
    const db = freshDb();
    await seedDemo(db, new Date('2026-12-01T03:00:00Z'));
    const planId = (db.prepare('SELECT id FROM plans').get() as { id: number }).id;
    const plan = showPlan(db, planId, { asOf: '2027-06-30', lang: 'id', report: { alphaMin: 0.7, categoryBoundary: 'lower' } });
    expect(plan.period).toBe('2027');
    expect(plan.situation.weakness.map((entry) => entry.dimension_code)).toEqual(expect.arrayContaining(['LG-HR', 'LG-TI', 'IBP-SOP']));
    expect(plan.situation.strength.map((entry) => entry.dimension_code)).toContain('LG-BUD');
    const cited = plan.objectives.flatMap((objective) => objective.dimension_codes);
    expect(cited).toEqual(expect.arrayContaining(['LG-HR', 'LG-TI', 'IBP-SOP']));
    expect(plan.objectives.every((objective) => objective.dimensions.every((dimension) => dimension.gap !== null))).toBe(true);
    expect(plan.actions.length).toBeGreaterThanOrEqual(9);
    expect(plan.actions.every((action) => action.pic.name !== '')).toBe(true);
    expect(plan.links.length).toBeGreaterThanOrEqual(5);
    expect(plan.aspirations).toHaveLength(2);
    // Two quarters measured: the map has colours and the budget has its absorption (51: 1.199 of 2.400 million by June,
    // 52: 760 of 1.800 − 120, 53: 300 of 600 → 2.259 / 4.680 = 48,27 % against the TW II target of 40 %).
    const evaluation = evaluatePeriod(db, planId, '2027-Q2', { lang: 'id', report: { alphaMin: 0.7, categoryBoundary: 'lower' }, today: '2027-07-10' });
    expect(evaluation.objectives.filter((objective) => objective.status !== null).length).toBeGreaterThanOrEqual(4);
    expect(new Set(evaluation.objectives.map((objective) => objective.status))).toEqual(new Set(['red', 'yellow', 'green']));
    expect(evaluation.budget?.total.months[5].absorption_pct).toBeCloseTo((2259 / 4680) * 100, 10);
    expect(evaluation.nko).not.toBeNull();
    // Seeding again adds nothing.
    await seedDemo(db, new Date('2026-12-01T03:00:00Z'));
    expect(db.prepare('SELECT count(*) AS n FROM plans').get()).toEqual({ n: 1 });
  });
});

describe('the demo organisation profile', () => {
  it('names the demo organisation, a made-up head of unit and a drawn SVG logo with nothing from elsewhere', async () => {
    const db = freshDb();
    await seedDemo(db, new Date('2026-12-01T03:00:00Z'));
    const profile = loadOrganisation(db);
    expect(profile).toMatchObject({ name: 'Direktorat Contoh (demo)', parent: 'Kementerian Contoh', city: 'Jakarta', head: { nip: '197001011995031001' } });
    expect(profile.head.name).toContain('(demo)');
    expect(profile.logo?.type).toBe('image/svg+xml');
    const svg = profile.logo!.data.toString('utf8');
    expect(svg).toContain('>DC</text>');
    expect(svg).not.toMatch(/href|url\(|<script/i);
  });
});
