import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAndPrepare } from '../../src/bootstrap';
import { resolveApiToken } from '../../src/auth/accounts';
import { runCli } from '../helpers';

async function cli(args: string[], env: Record<string, string>, stdin = '') {
  const result = await runCli(args, env, stdin);
  return { ...result, stdout: result.stdout.toString('utf8') };
}

function inDb<T>(env: Record<string, string>, read: (db: ReturnType<typeof openAndPrepare>['db']) => T): T {
  const { db } = openAndPrepare(env.POTRET_DB);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

describe('potret user and token commands', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-accounts-'));
    env = { POTRET_DB: path.join(dir, 'potret.db') };
    expect((await cli(['admin', 'create', 'root'], env, 'correct-horse-battery\n')).code).toBe(0);
    expect((await cli(['admin', 'create', 'budi', '--role', 'analyst'], env, 'correct-horse-battery\n')).code).toBe(0);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('user deactivate revokes the API tokens and ends the sessions at once; user reactivate lets the account in again', async () => {
    const token = (await cli(['token', 'create', 'budi', '--name', 'skrip'], env)).stdout.trim();
    inDb(env, (db) => db.prepare("INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) SELECT 'x', id, 'c', '2999-01-01T00:00:00Z' FROM users WHERE username = 'budi'").run());
    const off = await cli(['user', 'deactivate', 'budi'], env);
    expect(off).toMatchObject({ code: 0, stdout: 'budi deactivated (1 sessions ended, 1 API tokens revoked)\n' });
    inDb(env, (db) => {
      expect(resolveApiToken(db, token)).toBeNull();
      expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
      expect(db.prepare("SELECT actor FROM audit_log WHERE action = 'user.deactivate'").all()).toEqual([{ actor: 'cli' }]);
    });
    expect((await cli(['token', 'create', 'budi'], env)).code).toBe(1);
    const on = await cli(['user', 'reactivate', 'budi'], env);
    expect(on).toMatchObject({ code: 0, stdout: 'budi reactivated\n' });
    inDb(env, (db) => expect(db.prepare("SELECT deactivated_at FROM users WHERE username = 'budi'").get()).toEqual({ deactivated_at: null }));
  });

  it('refuses to deactivate the last active administrator', async () => {
    const result = await cli(['user', 'deactivate', 'root'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('root is the last active administrator');
    inDb(env, (db) => expect(db.prepare("SELECT deactivated_at FROM users WHERE username = 'root'").get()).toEqual({ deactivated_at: null }));
  });

  it.each([
    [['user', 'deactivate', 'nobody']],
    [['user', 'reactivate', 'nobody']],
    [['token', 'list', 'nobody']],
  ])('%j names the unknown user and exits non-zero', async (args) => {
    const result = await cli(args, env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No user "nobody"');
  });

  it('token list shows ids and labels, never a token; token revoke ends one token at once', async () => {
    const first = (await cli(['token', 'create', 'budi', '--name', 'laporan'], env)).stdout.trim();
    const second = (await cli(['token', 'create', 'root', '--name', 'cadangan'], env)).stdout.trim();
    const list = await cli(['token', 'list'], env);
    expect(list.stdout).toMatch(/^id\tusername\tname\tcreated\n1\tbudi\tlaporan\t\d{4}-\d\d-\d\d\n2\troot\tcadangan\t\d{4}-\d\d-\d\d\n$/);
    expect(list.stdout).not.toContain(first);
    expect((await cli(['token', 'list', 'budi'], env)).stdout.trim().split('\n')).toHaveLength(2);
    const revoked = await cli(['token', 'revoke', '1'], env);
    expect(revoked).toMatchObject({ code: 0, stdout: 'token 1 (laporan) of budi revoked\n' });
    inDb(env, (db) => {
      expect(resolveApiToken(db, first)).toBeNull();
      expect(resolveApiToken(db, second)?.username).toBe('root');
      expect(db.prepare("SELECT actor, details FROM audit_log WHERE action = 'token.revoke'").all()).toEqual([{ actor: 'cli', details: '{"username":"budi","token_id":1,"name":"laporan"}' }]);
    });
  });

  it('token revoke of an unknown id or a malformed one fails clearly', async () => {
    const unknown = await cli(['token', 'revoke', '99'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No API token with id 99');
    const malformed = await cli(['token', 'revoke', 'abc'], env);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('not "abc"');
  });
});
