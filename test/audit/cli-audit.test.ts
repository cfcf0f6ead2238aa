import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/connection';
import { runCli } from '../helpers';

const PAPER_FILE = path.join(__dirname, '..', 'fixtures', 'paper', 'google-sheets.csv');

async function cli(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await runCli(args, env, stdin);
  return { ...result, stdout: result.stdout.toString('utf8') };
}

interface AuditRow {
  actor: string;
  action: string;
  round_id: number | null;
  details: Record<string, unknown>;
}

describe('the command line in the audit log', () => {
  let dir: string;
  let env: Record<string, string>;

  function auditRows(): AuditRow[] {
    const db = openDatabase(env.POTRET_DB);
    try {
      const rows = db.prepare('SELECT actor, action, round_id, details FROM audit_log ORDER BY id').all() as { actor: string; action: string; round_id: number | null; details: string }[];
      return rows.map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
    } finally {
      db.close();
    }
  }

  function logText(): string {
    const db = openDatabase(env.POTRET_DB);
    try {
      return JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
    } finally {
      db.close();
    }
  }

  async function roundWithRoster(): Promise<string> {
    expect((await cli(['round', 'create', '--name', 'Diagnosis 2026'], env)).code).toBe(0);
    const roster = path.join(dir, 'roster.csv');
    fs.writeFileSync(roster, 'name;unit\r\nAni;Subdit Perencanaan\r\nBudi;Subdit Umum\r\nCitra;Subdit Keuangan\r\n');
    const linksOut = path.join(dir, 'links.csv');
    expect((await cli(['roster', 'import', '1', roster, '--links-out', linksOut], env)).code).toBe(0);
    return fs.readFileSync(linksOut, 'utf8');
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-audit-cli-'));
    env = { POTRET_DB: path.join(dir, 'potret.db'), POTRET_BASE_URL: 'https://survei.example.go.id' };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records round create, roster import and the links it wrote, as "cli", never a link', async () => {
    const links = await roundWithRoster();
    expect(auditRows()).toEqual([
      { actor: 'cli', action: 'round.create', round_id: 1, details: { name: 'Diagnosis 2026', opens_on: null, closes_on: null, target: 4, min_group_size: 5, organiser: null, contact: null, results_on: null, instrument: 'bsc-default' } },
      { actor: 'cli', action: 'roster.import', round_id: 1, details: { added: 3 } },
      { actor: 'cli', action: 'links.issue', round_id: 1, details: { which: 'selected', count: 3, reissued: 0, entries: [1, 2, 3] } },
    ]);
    const tokens = [...links.matchAll(/\/s\/([A-Za-z0-9_-]{43})/g)].map((match) => match[1]);
    expect(new Set(tokens).size).toBe(3); // each link is in its column and in the ready message
    for (const token of tokens) expect(logText()).not.toContain(token);
    expect(logText()).not.toContain('/s/');
  });

  it('records nothing of a roster import that was rolled back', async () => {
    await cli(['round', 'create', '--name', 'R'], env);
    const roster = path.join(dir, 'roster.csv');
    fs.writeFileSync(roster, 'name,unit\nAni,A\n');
    expect((await cli(['roster', 'import', '1', roster, '--links-out', path.join(dir, 'missing-dir', 'links.csv')], env)).code).toBe(2);
    expect(auditRows().map((row) => row.action)).toEqual(['round.create']);
  });

  it('records account and token creation, never the password or the token', async () => {
    expect((await cli(['admin', 'create', 'kepala', '--role', 'analyst'], env, 'a-long-password\n')).code).toBe(0);
    const token = (await cli(['token', 'create', 'kepala', '--name', 'dashboard'], env)).stdout.trim();
    expect(auditRows()).toEqual([
      { actor: 'cli', action: 'user.create', round_id: null, details: { username: 'kepala', role: 'analyst' } },
      { actor: 'cli', action: 'token.create', round_id: null, details: { username: 'kepala', role: 'analyst', name: 'dashboard' } },
    ]);
    expect(logText()).not.toContain(token);
    expect(logText()).not.toContain('a-long-password');
  });

  it('records a paper import and its undo as "cli"', async () => {
    await roundWithRoster();
    expect((await cli(['paper', 'import', '1', PAPER_FILE, '--allow-new-units'], env)).code).toBe(0);
    expect((await cli(['paper', 'undo', '1', '1'], env)).code).toBe(0);
    const [imported, undone] = auditRows().slice(-2);
    expect(imported).toMatchObject({ actor: 'cli', action: 'paper.import', round_id: 1, details: { batch: 1, file_name: 'google-sheets.csv', rejected: 0 } });
    expect(undone).toMatchObject({ actor: 'cli', action: 'paper.undo', round_id: 1, details: { batch: 1, file_name: 'google-sheets.csv' } });
    expect(imported.details.forms).toBeGreaterThan(0);
    expect(undone.details.forms).toBe(imported.details.forms);
    expect(logText()).not.toContain('Anggaran terlambat');
  });

  it('records a dry run of a paper import as nothing', async () => {
    await roundWithRoster();
    const before = auditRows().length;
    expect((await cli(['paper', 'import', '1', PAPER_FILE, '--allow-new-units', '--dry-run'], env)).code).toBe(0);
    expect(auditRows()).toHaveLength(before);
  });

  it('records potret report in every format but the codebook', async () => {
    await roundWithRoster();
    for (const format of ['json', 'csv', 'raw-csv', 'groups-csv', 'xlsx', 'html', 'codebook-csv']) {
      const result = await cli(['report', '1', '--format', format, '--dialect', 'semicolon', '--out', path.join(dir, `report-${format}`)], env);
      expect(result.code).toBe(0);
    }
    const downloads = auditRows().filter((row) => row.action === 'report.download');
    expect(downloads.map((row) => [row.actor, row.details.format, row.details.dialect ?? null])).toEqual([
      ['cli', 'json', null],
      ['cli', 'csv', 'semicolon'],
      ['cli', 'raw-csv', 'semicolon'],
      ['cli', 'groups-csv', 'semicolon'],
      ['cli', 'xlsx', null],
      ['cli', 'html', null],
    ]);
    expect(downloads[0].details).toEqual({ format: 'json', release: 0, responses: 0, compare: null, lang: 'id' });
  });

  it('records a backup with the file it wrote, after writing it', async () => {
    await cli(['round', 'create', '--name', 'R'], env);
    const target = path.join(dir, 'backup.db');
    expect((await cli(['backup', target], env)).code).toBe(0);
    expect(auditRows().pop()).toEqual({ actor: 'cli', action: 'backup.create', round_id: null, details: { file: target } });
  });

  it('potret audit --round writes that round\'s entries as CSV to stdout, newest first', async () => {
    await roundWithRoster();
    await cli(['round', 'create', '--name', '=cmd|calc'], env);
    const result = await runCli(['audit', '--round', '1'], env);
    expect(result.code).toBe(0);
    const text = result.stdout.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('id,at_utc,at_local,actor,action,round_id,round_name,details');
    expect(lines.slice(1).map((line) => line.split(',').slice(3, 7).join(','))).toEqual([
      'cli,links.issue,1,Diagnosis 2026',
      'cli,roster.import,1,Diagnosis 2026',
      'cli,round.create,1,Diagnosis 2026',
    ]);
    const all = (await runCli(['audit'], env)).stdout.toString('utf8');
    expect(all).toContain(",cli,round.create,2,'=cmd|calc,");
  });

  it('potret audit writes a semicolon file with --out and --dialect', async () => {
    await roundWithRoster();
    const out = path.join(dir, 'audit.csv');
    const result = await cli(['audit', '--dialect', 'semicolon', '--out', out], env);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    const lines = fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('id;at_utc;at_local;actor;action;round_id;round_name;details');
    expect(lines).toHaveLength(4);
  });

  it('potret audit refuses a bad --round or --dialect with exit 2, and a missing database', async () => {
    await cli(['round', 'create', '--name', 'R'], env);
    const badRound = await cli(['audit', '--round', 'abc'], env);
    expect(badRound.code).toBe(2);
    expect(badRound.stderr).toContain('--round is a round number');
    expect((await cli(['audit', '--dialect', 'tab'], env)).code).toBe(2);
    const missing = { ...env, POTRET_DB: path.join(dir, 'nope.db') };
    expect((await cli(['audit'], missing)).code).toBe(2);
    expect(fs.existsSync(missing.POTRET_DB)).toBe(false);
  });

  it('lists the audit command in the usage text', async () => {
    const result = await cli(['--help'], env);
    expect(result.stdout).toContain('audit [--round <id>] [--out <file>] [--dialect comma|semicolon]');
  });
});
