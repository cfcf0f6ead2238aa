import { AUDIT_ACTIONS, auditCsv, listAudit, recordAudit } from '../../src/audit/log';
import { en } from '../../src/i18n/en';
import { id } from '../../src/i18n/id';
import { freshDb } from '../helpers';

const AT = new Date('2026-11-28T03:00:00Z');

describe('recordAudit and listAudit', () => {
  it('stores the time in UTC and lists it in the office time zone, with the details as name/value pairs, changes as old → new', () => {
    const db = freshDb();
    recordAudit(db, { actor: 'cli', action: 'backup.create', details: { file: '/srv/potret/backup.db', changes: { min_group_size: { from: 5, to: 3 }, closes_on: { from: null, to: '2026-12-31' } }, entries: [1, 2] } }, AT);
    expect(db.prepare('SELECT at, actor, action, round_id, details FROM audit_log').get()).toEqual({
      at: '2026-11-28T03:00:00.000Z',
      actor: 'cli',
      action: 'backup.create',
      round_id: null,
      details: '{"file":"/srv/potret/backup.db","changes":{"min_group_size":{"from":5,"to":3},"closes_on":{"from":null,"to":"2026-12-31"}},"entries":[1,2]}',
    });
    expect(listAudit(db, { roundId: null, page: 1, timeZone: 'Asia/Jakarta' }).entries).toEqual([
      {
        id: 1,
        at: '2026-11-28 10:00',
        actor: 'cli',
        action: 'backup.create',
        roundId: null,
        roundName: null,
        details: [
          { name: 'file', value: '/srv/potret/backup.db' },
          { name: 'changes.min_group_size', value: '5 → 3' },
          { name: 'changes.closes_on', value: '— → 2026-12-31' },
          { name: 'entries', value: '[1,2]' },
        ],
      },
    ]);
  });

  it('pages newest first and gives an empty page past the last', () => {
    const db = freshDb();
    for (let minute = 0; minute < 5; minute += 1) recordAudit(db, { actor: 'a', action: 'round.close', roundId: 7 }, new Date(AT.getTime() + minute * 60_000));
    const second = listAudit(db, { roundId: 7, page: 2, pageSize: 2, timeZone: 'UTC' });
    expect(second).toMatchObject({ page: 2, pages: 3, total: 5 });
    expect(second.entries.map((entry) => entry.id)).toEqual([3, 2]);
    expect(listAudit(db, { roundId: 7, page: 9, pageSize: 2, timeZone: 'UTC' }).entries).toEqual([]);
    expect(listAudit(db, { roundId: 8, page: 1, timeZone: 'UTC' })).toMatchObject({ entries: [], pages: 1, total: 0 });
  });

  it('writes the CSV through the shared writer: BOM, CRLF, formula cells neutralised', () => {
    const db = freshDb();
    recordAudit(db, { actor: '-evil', action: 'user.create', details: { username: '-evil' } }, AT);
    const csv = [...auditCsv(db, { roundId: null, dialect: 'comma', timeZone: 'Asia/Jakarta' })].join('');
    expect(csv).toBe('\uFEFFid,at_utc,at_local,actor,action,round_id,round_name,details\r\n' + `1,2026-11-28T03:00:00.000Z,2026-11-28 10:00,'-evil,user.create,,,"{""username"":""-evil""}"\r\n`);
  });

  it('has a label for every action in Indonesian and English', () => {
    for (const action of AUDIT_ACTIONS) {
      expect(id).toHaveProperty([`audit.action.${action}`]);
      expect(en).toHaveProperty([`audit.action.${action}`]);
    }
  });
});
