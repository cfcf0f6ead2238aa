import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../src/app';
import type { LoginGuard } from '../src/auth/login-guard';
import { main } from '../src/cli';
import { createUser, hasAdmin } from '../src/auth/accounts';
import type { Role } from '../src/db/types';
import { testConfig, type Config } from '../src/config';
import { openDatabase, type Db } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import { installBundledInstruments } from '../src/survey/instruments';
import { installBundledSkmInstruments } from '../src/skm/instrument';
import { addRosterEntry, issueLinks } from '../src/survey/roster';
import { createRound } from '../src/survey/rounds';

export const ADMIN = { username: 'admin', password: 'correct-horse-battery' };

/** A fresh in-memory database, migrated, with the bundled instruments: every test gets its own. */
export function freshDb(): Db {
  const db = openDatabase(':memory:');
  migrate(db);
  installBundledInstruments(db, new Date('2026-11-01T00:00:00Z'));
  installBundledSkmInstruments(db, new Date('2026-11-01T00:00:00Z'));
  return db;
}

export interface TestApp {
  db: Db;
  app: Express;
  config: Readonly<Config>;
  clock: { now: Date };
}

/** `options.loginGuard`: login limits of the test's own (smaller caps, counters to read). */
export function createTestApp(overrides: Partial<Config> = {}, options: { loginGuard?: LoginGuard } = {}): TestApp {
  const db = freshDb();
  const config = testConfig({ baseUrl: 'http://potret.test', ...overrides });
  const clock = { now: new Date('2026-11-28T03:00:00Z') };
  const app = createApp({ db, config, now: () => clock.now, loginGuard: options.loginGuard });
  return { db, app, config, clock };
}

/**
 * Everything written to the console or to stdout/stderr while `run` runs, as one text: what a log
 * file would hold. Output is swallowed, not shown.
 */
export async function captureLogs(run: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const keep = (...args: unknown[]) => {
    lines.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 6 }))).join(' '));
  };
  const spies = [
    jest.spyOn(console, 'log').mockImplementation(keep),
    jest.spyOn(console, 'info').mockImplementation(keep),
    jest.spyOn(console, 'warn').mockImplementation(keep),
    jest.spyOn(console, 'error').mockImplementation(keep),
    jest.spyOn(console, 'debug').mockImplementation(keep),
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (keep(String(chunk)), true)),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (keep(String(chunk)), true)),
  ];
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines.join('\n');
}

export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in page');
  return match[1];
}

/**
 * An agent logged in with the given role (an administrator by default), with the session's CSRF
 * token. Every role but admin is `<role>1`, next to an administrator `first-admin` (without any
 * administrator every page leads to /setup). Call it once per role per app.
 */
export async function loggedIn(app: Express, db: Db, role: Role = 'admin'): Promise<{ agent: ReturnType<typeof request.agent>; csrf: string; username: string }> {
  const username = role === 'admin' ? ADMIN.username : `${role}1`;
  if (role !== 'admin' && !hasAdmin(db)) await createUser(db, { username: 'first-admin', password: ADMIN.password, role: 'admin' }, new Date(), 'test');
  await createUser(db, { username, password: ADMIN.password, role }, new Date(), 'test');
  const agent = request.agent(app);
  const loginPage = await agent.get('/login');
  const login = await agent.post('/login').type('form').send({ username, password: ADMIN.password, _csrf: csrfFrom(loginPage.text) });
  if (login.status !== 303) throw new Error(`login failed: ${login.status}`);
  // The account page is open to every role.
  const page = await agent.get('/account');
  return { agent, csrf: csrfFrom(page.text), username };
}

export function countRows(db: Db, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Runs one `potret` command in-process with captured output; stdout as bytes (XLSX, CSV with BOM). */
export async function runCli(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  let err = '';
  stdout.on('data', (chunk: Buffer | string) => out.push(Buffer.from(chunk)));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await main(args, { stdout, stderr, readStdin: async () => stdin, env: { POTRET_LOG: 'silent', ...env } });
  return { code, stdout: Buffer.concat(out), stderr: err };
}

/** The device secret of the employee's browser in route tests (drafts open only in the browser that saved them). */
export const EMPLOYEE_DEVICE = 'employee-browser-secret-0123456789abcdefghi';

const employeeAgents = new WeakMap<Express, ReturnType<typeof request.agent>>();

/** The employee's browser: every request carries the same device cookie, as a real browser's would. */
export function employee(app: Express): ReturnType<typeof request.agent> {
  let agent = employeeAgents.get(app);
  if (!agent) {
    agent = request.agent(app).set('Cookie', `potret_device=${EMPLOYEE_DEVICE}`);
    employeeAgents.set(app, agent);
  }
  return agent;
}

/** A round with one employee and their personal link; dates optional. */
export function roundWithLink(dates: { opens_on?: string; closes_on?: string } = {}) {
  const context = createTestApp();
  const round = createRound(context.db, { name: 'Diagnosis 2026', ...dates }, new Date(), 'test');
  const entry = addRosterEntry(context.db, round.row.id, { name: 'Ani Lestari', unit: 'Subdit A', grade: 'III/a', employee_no: 'PEG-1001' }, new Date(), 'test');
  const [issued] = issueLinks(context.db, round.row.id, [entry.id], 'http://potret.test', new Date(), 'test');
  const token = issued.link.split('/s/')[1];
  return { ...context, round, entry, token, base: `/s/${token}` };
}
