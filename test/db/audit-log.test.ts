import { recordAudit } from '../../src/audit/log';
import type { Db } from '../../src/db/connection';
import { createRound } from '../../src/survey/rounds';
import { freshDb } from '../helpers';

/** A round whose close by hand is in the log (as the route records it; the close itself does not matter here). */
function closedRound(): { db: Db; roundId: number } {
  const db = freshDb();
  const roundId = createRound(db, { name: 'Diagnosis 2026' }, new Date('2026-11-01T00:00:00Z'), 'admin').row.id;
  const at = new Date('2026-11-28T03:00:00Z');
  recordAudit(db, { actor: 'admin', action: 'round.close', roundId }, at);
  return { db, roundId };
}

function closes(db: Db): { actor: string; at: string }[] {
  return db.prepare("SELECT actor, at FROM audit_log WHERE action = 'round.close'").all() as { actor: string; at: string }[];
}

describe('audit_log is append-only in the database itself', () => {
  // The attack: an administrator with the database file (sqlite3, or any SQLite library) closed a
  // round at a revealing moment and now wants the record gone or blamed on someone else.
  it('refuses to delete the record of a close', () => {
    const { db } = closedRound();
    expect(() => db.prepare("DELETE FROM audit_log WHERE action = 'round.close'").run()).toThrow('audit_log is append-only: rows cannot be deleted');
    expect(() => db.exec('DELETE FROM audit_log')).toThrow('append-only');
    expect(closes(db)).toEqual([{ actor: 'admin', at: '2026-11-28T03:00:00.000Z' }]);
  });

  it('refuses to rewrite the record of a close (actor, time or action)', () => {
    const { db } = closedRound();
    expect(() => db.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE action = 'round.close'").run()).toThrow('audit_log is append-only: rows cannot be changed');
    expect(() => db.prepare("UPDATE audit_log SET at = '2026-12-31T00:00:00.000Z' WHERE action = 'round.close'").run()).toThrow('append-only');
    expect(() => db.prepare("UPDATE audit_log SET action = 'round.create' WHERE action = 'round.close'").run()).toThrow('append-only');
    expect(closes(db)).toEqual([{ actor: 'admin', at: '2026-11-28T03:00:00.000Z' }]);
  });

  it('refuses to overwrite the record of a close with INSERT OR REPLACE, which skips DELETE triggers', () => {
    const { db } = closedRound();
    const id = (db.prepare("SELECT id FROM audit_log WHERE action = 'round.close'").get() as { id: number }).id;
    expect(() =>
      db.prepare("INSERT OR REPLACE INTO audit_log (id, at, actor, action, round_id) VALUES (?, '2026-11-28T03:00:00.000Z', 'admin', 'round.reopen', 1)").run(id),
    ).toThrow('audit_log is append-only: rows cannot be replaced');
    expect(() => db.prepare("INSERT INTO audit_log (id, at, actor, action) VALUES (?, 'x', 'y', 'z') ON CONFLICT (id) DO UPDATE SET actor = 'y'").run(id)).toThrow('append-only');
    expect(closes(db)).toEqual([{ actor: 'admin', at: '2026-11-28T03:00:00.000Z' }]);
  });

  it('keeps the record when the round itself is deleted (no foreign key)', () => {
    const { db, roundId } = closedRound();
    db.pragma('foreign_keys = OFF');
    db.prepare('DELETE FROM rounds WHERE id = ?').run(roundId);
    expect(db.prepare("SELECT round_id FROM audit_log WHERE action = 'round.close'").get()).toEqual({ round_id: roundId });
  });

  it('accepts only a JSON object as details', () => {
    const db = freshDb();
    expect(() => db.prepare("INSERT INTO audit_log (at, actor, action, details) VALUES ('x', 'cli', 'backup.create', 'not json')").run()).toThrow('CHECK constraint failed');
    expect(() => db.prepare("INSERT INTO audit_log (at, actor, action, details) VALUES ('x', 'cli', 'backup.create', '[1]')").run()).toThrow('CHECK constraint failed');
    db.prepare("INSERT INTO audit_log (at, actor, action) VALUES ('x', 'cli', 'backup.create')").run();
    expect(db.prepare('SELECT details FROM audit_log').get()).toEqual({ details: '{}' });
  });
});
