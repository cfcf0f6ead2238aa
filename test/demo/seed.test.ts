import { seedDemo } from '../../src/demo/seed';
import { countRows, freshDb } from '../helpers';

describe('demo data', () => {
  it('fills one 28-employee round with 24 online responses and an administrator', () => {
    const db = freshDb();
    const seeded = seedDemo(db, new Date('2026-11-28T03:00:00Z'));
    expect(seeded).toMatchObject({ invited: 28, username: 'demo' });
    expect(countRows(db, 'roster_entries')).toBe(28);
    expect(countRows(db, 'responses')).toBe(24);
    expect(db.prepare("SELECT count(*) AS n FROM roster_entries WHERE status = 'completed'").get()).toEqual({ n: 24 });
  });

  it('is deterministic: two runs store the same answers', () => {
    const answersOf = () => {
      const db = freshDb();
      seedDemo(db, new Date('2026-11-28T03:00:00Z'));
      return (db.prepare('SELECT answers FROM responses').all() as { answers: Buffer }[]).map((row) => row.answers.toString('hex')).sort();
    };
    expect(answersOf()).toEqual(answersOf());
  });

  it('does nothing the second time', () => {
    const db = freshDb();
    seedDemo(db, new Date());
    expect(seedDemo(db, new Date())).toBeNull();
    expect(countRows(db, 'rounds')).toBe(1);
  });
});
