/**
 * Employees and analysts at once: while two analysts download the workbook of a 100,000-response
 * round over and over, two more print its PDF and sixteen clients flood the login with rotating
 * usernames, employees open their questionnaire and submit it. The employees' side must not feel
 * the rest: questionnaire page p99 < 200 ms, no failed submission, stored = acknowledged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { createUser } from '../src/auth/accounts';
import { openAndPrepare } from '../src/bootstrap';
import { insertResponse } from '../src/db/responses';
import { insertRosterEntry } from '../src/db/roster';
import { locateChromium } from '../src/report/pdf';
import { getInstrument } from '../src/survey/instruments';
import { issueLinks } from '../src/survey/roster';
import { createRound } from '../src/survey/rounds';
import { SERVER, waitForLine } from './server-process';
import { respondents } from './data';
import type { ResultRow } from './run';

const SECONDS = 30;
const ANALYST = { username: 'analis', password: 'bench-analyst-password' };
/** Employees who open their questionnaire and submit it during the load. */
const EMPLOYEES = 3000;

interface LoadData {
  file: string;
  closedRound: number;
  pages: string[];
  submits: string[];
  bodies: string[];
}

async function prepare(dir: string, scale: number): Promise<LoadData> {
  const file = path.join(dir, 'load.db');
  const { db } = openAndPrepare(file);
  const instrument = getInstrument(db, 'bsc-default');
  const closed = createRound(db, { name: `Analysed ${scale}` }, new Date(), 'cli');
  db.transaction(() => {
    for (const person of respondents(instrument, scale)) {
      insertResponse(db, { round_id: closed.row.id, channel: 'online', unit: person.unit, grade: person.grade, answers: Buffer.from(person.answers), submitted_on: '2026-11-28', form_id: null, batch_id: null });
    }
  })();
  db.prepare('UPDATE responses SET release = 1 WHERE round_id = ?').run(closed.row.id);
  const open = createRound(db, { name: 'Open round' }, new Date(), 'cli');
  const people = [...respondents(instrument, EMPLOYEES, 97)];
  db.transaction(() => {
    people.forEach((person, index) => insertRosterEntry(db, { round_id: open.row.id, name: `Employee ${index}`, unit: person.unit, grade: person.grade, email: null, employee_no: null }));
  })();
  const links = issueLinks(db, open.row.id, 'all', 'http://127.0.0.1', new Date(), 'cli').map((link) => new URL(link.link).pathname);
  // An administrator (a server without one sends every login to the setup page), downloading as an analyst would.
  await createUser(db, { ...ANALYST, role: 'admin' }, new Date(), 'cli');
  db.close();
  const bodies = people.map((person) => new URLSearchParams(instrument.items.filter((item) => person.answers[item.index] > 0).map((item): [string, string] => [item.code, String(person.answers[item.index])])).toString());
  return { file, closedRound: closed.row.id, pages: links, submits: links.map((link) => `${link}/submit`), bodies };
}

function request(port: number, options: http.RequestOptions, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, agent: false, ...options }, (response) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (chunks.length < 64) chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString(), bytes }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function cookies(headers: http.IncomingHttpHeaders): string {
  return (headers['set-cookie'] ?? []).map((cookie) => cookie.split(';')[0]).join('; ');
}

/** A login form's cookie and token: every flood request posts them (a wrong password each time). */
async function loginForm(port: number): Promise<{ cookie: string; csrf: string }> {
  const page = await request(port, { path: '/login' });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!csrf) throw new Error('no login form');
  return { cookie: cookies(page.headers), csrf };
}

async function logIn(port: number): Promise<string> {
  const form = await loginForm(port);
  const body = new URLSearchParams({ ...ANALYST, _csrf: form.csrf }).toString();
  const response = await request(port, { path: '/login', method: 'POST', headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' } }, body);
  if (response.status !== 303) throw new Error(`analyst login failed: ${response.status}`);
  return cookies(response.headers);
}

/** Downloads `path` again and again until `until`, counting what came back. */
async function downloadLoop(port: number, target: string, cookie: string, until: number, tally: Map<number, number>): Promise<void> {
  while (Date.now() < until) {
    const response = await request(port, { path: target, headers: { cookie } });
    tally.set(response.status, (tally.get(response.status) ?? 0) + 1);
    if (response.status === 503) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function tallyText(tally: Map<number, number>): string {
  return [...tally].sort(([a], [b]) => a - b).map(([status, count]) => `${count}×${status}`).join(' ') || 'none';
}

export async function benchLoad(dir: string, scale: number, port: number): Promise<ResultRow[]> {
  const data = await prepare(dir, scale);
  const chromium = locateChromium(process.env.POTRET_CHROMIUM ?? null, process.env.PATH ?? '');
  const server = spawn(process.execPath, [SERVER], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', POTRET_DB: data.file, POTRET_LOG: 'info', ...(chromium ? { POTRET_CHROMIUM: chromium } : {}) },
  });
  try {
    await waitForLine(server, /listening/);
    const cookie = await logIn(port);
    const form = await loginForm(port);
    const until = Date.now() + SECONDS * 1000;
    const workbooks = new Map<number, number>();
    const pdfs = new Map<number, number>();
    const heavy = [
      downloadLoop(port, `/rounds/${data.closedRound}/report.xlsx`, cookie, until, workbooks),
      downloadLoop(port, `/rounds/${data.closedRound}/report.xlsx`, cookie, until, workbooks),
      ...(chromium ? [downloadLoop(port, `/rounds/${data.closedRound}/report.pdf`, cookie, until, pdfs), downloadLoop(port, `/rounds/${data.closedRound}/report.pdf`, cookie, until, pdfs)] : []),
    ];
    let login = 0;
    const flood = autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: 16,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
          setupRequest: (req) => ({ ...req, path: '/login', body: new URLSearchParams({ username: `tamu${(login += 1)}`, password: 'wrong-password-1234', _csrf: form.csrf }).toString() }),
        },
      ],
    });
    let page = 0;
    const pages = autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: 8,
      duration: SECONDS,
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: data.pages[(page += 1) % data.pages.length] }) }],
    });
    let submit = 0;
    const submissions = autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: 4,
      amount: data.submits.length,
      // Spread over the load's duration, as employees would come.
      overallRate: Math.ceil(data.submits.length / (SECONDS - 2)),
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          setupRequest: (req) => {
            const index = submit;
            submit += 1;
            return { ...req, path: data.submits[index], body: data.bodies[index] };
          },
        },
      ],
    });
    const [floodResult, pageResult, submitResult] = await Promise.all([flood, pages, submissions, ...heavy]);
    const acknowledged = Number(submitResult.statusCodeStats?.['201']?.count ?? 0);
    const submitErrors = submitResult.errors + submitResult.non2xx;
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    const db = new Database(data.file, { readonly: true });
    const stored = (db.prepare('SELECT count(*) AS n FROM responses WHERE round_id <> ?').get(data.closedRound) as { n: number }).n;
    db.close();
    const statuses = (result: autocannon.Result) =>
      Object.entries(result.statusCodeStats ?? {})
        .map(([status, { count }]) => `${count}×${status}`)
        .join(' ');
    return [
      {
        scale,
        measure: 'questionnaire page p99 under load',
        value: pageResult.latency.p99,
        floor: null,
        ratio: null,
        unit: 'ms',
        target: '< 200 ms',
        note: `${pageResult.requests.total} pages (${statuses(pageResult)}), p50 ${pageResult.latency.p50} ms, max ${pageResult.latency.max} ms; ${SECONDS} s beside workbooks ${tallyText(workbooks)}, PDFs ${chromium ? tallyText(pdfs) : 'skipped (no Chromium)'}, logins ${statuses(floodResult)}`,
      },
      {
        scale,
        measure: 'submissions under load: errors',
        // A submission acknowledged but not stored (or stored unacknowledged) counts as an error too.
        value: submitErrors + Math.abs(stored - acknowledged),
        floor: null,
        ratio: null,
        unit: 'errors',
        target: '< 1 errors',
        note: `stored ${stored}, acknowledged ${acknowledged}${stored === acknowledged ? '' : ' — MISMATCH'}, p99 ${submitResult.latency.p99} ms`,
      },
    ];
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
    fs.rmSync(path.join(dir, 'load.db'), { force: true });
  }
}
