import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../src/app';
import { openAndPrepare } from '../src/bootstrap';
import { testConfig } from '../src/config';
import { openDatabase } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import { addRosterEntry, issueLinks } from '../src/survey/roster';
import { createRound } from '../src/survey/rounds';
import { runCli } from './helpers';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'potret-cli-'));
}

async function cli(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await runCli(args, env, stdin);
  return { ...result, stdout: result.stdout.toString('utf8') };
}

describe('potret CLI', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = tempDir();
    env = { POTRET_DB: path.join(dir, 'potret.db'), POTRET_BASE_URL: 'https://survei.example.go.id' };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates a round and prints its id', async () => {
    const result = await cli(['round', 'create', '--name', 'Diagnosis 2026'], env);
    expect(result).toMatchObject({ code: 0, stdout: '1\n' });
  });

  it('reports a bad option value on stderr with a non-zero exit', async () => {
    const result = await cli(['round', 'create', '--name', 'X', '--min-group-size', '2'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('min_group_size: at least 3');
  });

  it('imports a roster and writes the links CSV with full links', async () => {
    await cli(['round', 'create', '--name', 'R'], env);
    const roster = path.join(dir, 'roster.csv');
    fs.writeFileSync(roster, 'name;unit;grade\r\nAni;Subdit A;III/a\r\nBudi;Subdit B;III/b\r\n');
    const linksOut = path.join(dir, 'links.csv');
    const result = await cli(['roster', 'import', '1', roster, '--links-out', linksOut], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 employees added');
    const lines = fs.readFileSync(linksOut, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('name,unit,grade,email,employee_no,link,pesan');
    expect(lines[1]).toMatch(/^Ani,Subdit A,III\/a,,,https:\/\/survei\.example\.go\.id\/s\/[A-Za-z0-9_-]{43},"Yth. Ani, /);
  });

  it('without --links-out adds the roster only: no file, no token, and says how links are created', async () => {
    await cli(['round', 'create', '--name', 'R'], env);
    const roster = path.join(dir, 'roster.csv');
    fs.writeFileSync(roster, 'name;unit\r\nAni;Subdit A\r\nBudi;Subdit B\r\n');
    const result = await cli(['roster', 'import', '1', roster], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 employees added to round 1\n');
    expect(result.stdout).toContain('no links were created: they are created when the invitations are sent, or on the round page');
    expect(fs.readdirSync(dir).filter((name) => !name.startsWith('potret.db')).sort()).toEqual(['roster.csv']);
    const db = openDatabase(env.POTRET_DB);
    expect(db.prepare('SELECT name, token_hash FROM roster_entries ORDER BY id').all()).toEqual([
      { name: 'Ani', token_hash: null },
      { name: 'Budi', token_hash: null },
    ]);
    expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'links.issue'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a second roster without --new-only, and with it adds only the new employees, reporting the rest', async () => {
    await cli(['round', 'create', '--name', 'R'], env);
    const first = path.join(dir, 'first.csv');
    fs.writeFileSync(first, 'nama,unit kerja,nip\nAni,Subdit A,1001\nBudi,Subdit B,\nEko,Subdit C,1005\n');
    expect((await cli(['roster', 'import', '1', first], env)).code).toBe(0);
    const second = path.join(dir, 'second.csv');
    fs.writeFileSync(second, 'No,nama,unit kerja,nip\n1, budi ,SUBDIT B,\n2,Citra,Subdit C,1003\n3,Anita,Subdit A,1001x\n4,Dewi,Subdit A,1001\n5,Eko,Subdit D,1005\n');
    const refused = await cli(['roster', 'import', '1', second], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('round 1 already has 3 employees on its roster; nothing was imported');
    expect(refused.stderr).toContain('run the command again with --new-only');
    const merged = await cli(['roster', 'import', '1', second, '--new-only'], env);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain('2 employees added to round 1; 2 skipped as already on the roster; 1 conflicting');
    expect(merged.stdout).toContain('line 5: employee number 1001 is on the roster as "Ani", not "Dewi"; not added');
    expect(merged.stderr).toContain('column "No" (column A) is not a roster column and was ignored; the roster columns are nama, unit kerja, golongan, email, nip');
    const db = openDatabase(env.POTRET_DB);
    expect(db.prepare('SELECT name, employee_no, token_hash FROM roster_entries ORDER BY id').all()).toEqual([
      { name: 'Ani', employee_no: '1001', token_hash: null },
      { name: 'Budi', employee_no: null, token_hash: null },
      { name: 'Eko', employee_no: '1005', token_hash: null },
      { name: 'Citra', employee_no: '1003', token_hash: null },
      { name: 'Anita', employee_no: '1001x', token_hash: null },
    ]);
    db.close();
  });

  it('with --new-only and --links-out writes links for the added employees only', async () => {
    await cli(['round', 'create', '--name', 'R'], env);
    const first = path.join(dir, 'first.csv');
    fs.writeFileSync(first, 'name,unit\nAni,A\n');
    await cli(['roster', 'import', '1', first], env);
    const second = path.join(dir, 'second.csv');
    fs.writeFileSync(second, 'name,unit\nAni,A\nBudi,B\n');
    const linksOut = path.join(dir, 'links.csv');
    const result = await cli(['roster', 'import', '1', second, '--new-only', '--links-out', linksOut], env);
    expect(result.code).toBe(0);
    const lines = fs.readFileSync(linksOut, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^Budi,B,,,,https:\/\/survei\.example\.go\.id\/s\/[A-Za-z0-9_-]{43},/);
    const db = openDatabase(env.POTRET_DB);
    expect(db.prepare('SELECT name, token_hash IS NOT NULL AS linked FROM roster_entries ORDER BY id').all()).toEqual([
      { name: 'Ani', linked: 0 },
      { name: 'Budi', linked: 1 },
    ]);
    db.close();
  });

  it('warns that links point to localhost when no public address is configured', async () => {
    const local = { POTRET_DB: env.POTRET_DB };
    await cli(['round', 'create', '--name', 'R'], local);
    const roster = path.join(dir, 'roster.csv');
    fs.writeFileSync(roster, 'name,unit\nAni,A\n');
    const result = await cli(['roster', 'import', '1', roster, '--links-out', path.join(dir, 'links.csv')], local);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('set POTRET_BASE_URL');
  });

  it('rejects a roster with a bad line, naming it, and adds nobody', async () => {
    await cli(['round', 'create', '--name', 'R'], env);
    const roster = path.join(dir, 'roster.csv');
    fs.writeFileSync(roster, 'name,unit\nAni,A\n,B\n');
    const result = await cli(['roster', 'import', '1', roster, '--links-out', path.join(dir, 'links.csv')], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 3, column name: a name is required');
    const db = openDatabase(env.POTRET_DB);
    expect(db.prepare('SELECT count(*) AS n FROM roster_entries').get()).toEqual({ n: 0 });
    db.close();
    expect(fs.existsSync(path.join(dir, 'links.csv'))).toBe(false);
  });

  it('shows an instrument as JSON', async () => {
    const result = await cli(['instrument', 'show', 'bsc-default'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).code).toBe('bsc-default');
  });

  it('adds a custom instrument and rejects a malformed one with the zod path of each problem', async () => {
    const good = JSON.parse((await cli(['instrument', 'show', 'bsc-default'], env)).stdout);
    good.code = 'bsc-short';
    good.perspectives = good.perspectives.slice(0, 1);
    const goodFile = path.join(dir, 'good.json');
    fs.writeFileSync(goodFile, JSON.stringify(good));
    expect((await cli(['instrument', 'add', goodFile], env)).code).toBe(0);

    const bad = { ...good, code: 'bsc-bad', perspectives: [{ ...good.perspectives[0], dimensions: [{ ...good.perspectives[0].dimensions[0], items: [] }] }] };
    bad.scale = { ...good.scale, labels: good.scale.labels.slice(0, 4) };
    const badFile = path.join(dir, 'bad.json');
    fs.writeFileSync(badFile, JSON.stringify(bad));
    const result = await cli(['instrument', 'add', badFile], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('perspectives.0.dimensions.0.items: a dimension needs at least one item');
    expect(result.stderr).toContain('scale.labels: expected 5 labels');
  });

  it('creates an administrator with the password from standard input', async () => {
    const result = await cli(['admin', 'create', 'kepala'], env, 'a-long-password\n');
    expect(result).toMatchObject({ code: 0, stdout: 'admin kepala created\n' });
    const db = openDatabase(env.POTRET_DB);
    const row = db.prepare('SELECT role, password_hash FROM users').get() as { role: string; password_hash: string };
    db.close();
    expect(row.role).toBe('admin');
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain('a-long-password');
  });

  it.each(['analyst', 'viewer', 'contributor'])('creates an account with --role %s, recorded in the audit log', async (role) => {
    const result = await cli(['admin', 'create', `akun-${role}`, '--role', role], env, 'a-long-password\n');
    expect(result).toMatchObject({ code: 0, stdout: `${role} akun-${role} created\n` });
    const db = openDatabase(env.POTRET_DB);
    const row = db.prepare('SELECT role FROM users WHERE username = ?').get(`akun-${role}`);
    const entry = db.prepare("SELECT actor, details FROM audit_log WHERE action = 'user.create'").get() as { actor: string; details: string };
    db.close();
    expect(row).toEqual({ role });
    expect(entry.actor).toBe('cli');
    expect(JSON.parse(entry.details)).toEqual({ username: `akun-${role}`, role });
  });

  it('refuses a role that does not exist, and creates nobody', async () => {
    const result = await cli(['admin', 'create', 'akar', '--role', 'root'], env, 'a-long-password\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('role');
    const db = openDatabase(env.POTRET_DB);
    const count = db.prepare('SELECT count(*) AS n FROM users').get();
    db.close();
    expect(count).toEqual({ n: 0 });
  });

  it('writes an online backup that opens as a Potret database', async () => {
    await cli(['round', 'create', '--name', 'Backed up'], env);
    const target = path.join(dir, 'backup.db');
    expect((await cli(['backup', target], env)).code).toBe(0);
    const copy = openDatabase(target);
    expect(copy.prepare('SELECT name FROM rounds').get()).toEqual({ name: 'Backed up' });
    copy.close();
  });

  it('writes a backup with neither drafts nor pending paper uploads, rebuilt so that not even their bytes remain', async () => {
    // The attack: a backup is copied off the server while an employee has a draft and a paper upload awaits its confirmation.
    const { db } = openAndPrepare(env.POTRET_DB);
    const round = createRound(db, { name: 'Backed up' }, new Date(), 'test');
    const entry = addRosterEntry(db, round.row.id, { name: 'Ani Lestari', unit: 'Subdit A' }, new Date(), 'test');
    const [issued] = issueLinks(db, round.row.id, [entry.id], 'http://potret.test', new Date(), 'test');
    const app = createApp({ db, config: testConfig({ baseUrl: 'http://potret.test' }), now: () => new Date('2026-11-28T03:00:00Z') });
    await request(app).post(`${new URL(issued.link).pathname}/p/1`).type('form').send({ 'FIN-ANG-01': '4', comment: 'draf rahasia', nav: 'next' }).expect(303);
    const sealed = (db.prepare('SELECT sealed FROM drafts').get() as { sealed: Buffer }).sealed;
    const upload = Buffer.from('form_id,unit,FIN-ANG-01,comment_FIN\nP-1,Subdit A,5,unggahan-kertas-rahasia\n');
    db.prepare("INSERT INTO pending_imports (round_id, sha256, file_name, content, uploaded_by, uploaded_at) VALUES (?, 'abc', 'paper.csv', ?, 'admin', ?)").run(round.row.id, upload, new Date().toISOString());
    db.close();

    const target = path.join(dir, 'backup.db');
    const result = await cli(['backup', target], env);
    expect(result.code).toBe(0);
    expect(fs.readdirSync(dir).filter((name) => name.includes('backup'))).toEqual(['backup.db']);

    const bytes = fs.readFileSync(target);
    expect(bytes.includes(sealed)).toBe(false);
    expect(bytes.includes(sealed.subarray(sealed.length - 16))).toBe(false);
    expect(bytes.includes(Buffer.from('unggahan-kertas-rahasia'))).toBe(false);
    const copy = openDatabase(target);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT count(*) AS n FROM drafts').get()).toEqual({ n: 0 });
    expect(copy.prepare('SELECT count(*) AS n FROM pending_imports').get()).toEqual({ n: 0 });
    expect(copy.prepare('SELECT name, status FROM roster_entries').all()).toEqual([{ name: 'Ani Lestari', status: 'started' }]);
    expect(migrate(copy)).toEqual([]);
    copy.close();
    // It opens as a working Potret database.
    const restored = { ...env, POTRET_DB: target };
    expect((await cli(['round', 'create', '--name', 'After restore'], restored)).stdout).toBe('2\n');
  });

  it('leaves no file behind when the backup cannot be written', async () => {
    await cli(['round', 'create', '--name', 'R'], env);
    const result = await cli(['backup', path.join(dir, 'missing-dir', 'backup.db')], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot write the backup');
    expect(fs.readdirSync(dir).filter((name) => !name.startsWith('potret.db'))).toEqual([]);
  });

  it('imports nothing when the links file cannot be written', async () => {
    await cli(['round', 'create', '--name', 'R'], env);
    const roster = path.join(dir, 'roster.csv');
    fs.writeFileSync(roster, 'name,unit\nAni,A\n');
    const result = await cli(['roster', 'import', '1', roster, '--links-out', path.join(dir, 'missing-dir', 'links.csv')], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nothing was imported');
    const db = openDatabase(env.POTRET_DB);
    expect(db.prepare('SELECT count(*) AS n FROM roster_entries').get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses to back up or report on a database that does not exist, creating none', async () => {
    const missing = { ...env, POTRET_DB: path.join(dir, 'nope.db') };
    const result = await cli(['backup', path.join(dir, 'backup.db')], missing);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no database at');
    expect(fs.existsSync(path.join(dir, 'nope.db'))).toBe(false);
    expect((await cli(['report', '1'], missing)).code).toBe(2);
  });

  it('prints usage with exit 2 for an unknown command', async () => {
    const result = await cli(['frobnicate'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: potret');
  });
});
