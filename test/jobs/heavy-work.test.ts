import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { createApp } from '../../src/app';
import { openAndPrepare } from '../../src/bootstrap';
import { testConfig, type Config } from '../../src/config';
import type { Db } from '../../src/db/connection';
import { insertResponse } from '../../src/db/responses';
import { HeavyWork, revive } from '../../src/jobs/heavy-work';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../src/errors';
import { reportFile } from '../../src/report/service';
import { getInstrument } from '../../src/survey/instruments';
import { createRound } from '../../src/survey/rounds';
import { paperColumnNames } from '../../src/import/paper';
import { respondents } from '../../bench/data';
import { countRows, loggedIn } from '../helpers';

/**
 * The round's heavy builds on a real database file: in a worker thread with its own connection,
 * behind a queue that answers 503 once it is full, never holding up the thread that answers
 * employees' pages.
 */

jest.setTimeout(120_000);

interface FileApp {
  db: Db;
  heavy: HeavyWork;
  url: string;
  agent: Awaited<ReturnType<typeof loggedIn>>['agent'];
  csrf: string;
  roundId: number;
  close(): Promise<void>;
}

/** A round of `count` released responses (the bench's ministry shape) on a database file, and the app on a real port. */
async function fileApp(count: number, overrides: Partial<Config> = {}): Promise<FileApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-heavy-'));
  const { db } = openAndPrepare(path.join(dir, 'potret.db'));
  const instrument = getInstrument(db, 'bsc-default');
  const round = createRound(db, { name: 'Survei Kementerian' }, new Date('2026-11-01T00:00:00Z'), 'test');
  db.transaction(() => {
    for (const person of respondents(instrument, count)) {
      insertResponse(db, { round_id: round.row.id, channel: 'online', unit: person.unit, grade: person.grade, answers: Buffer.from(person.answers), submitted_on: '2026-11-20', form_id: null, batch_id: null });
    }
  })();
  db.prepare('UPDATE responses SET release = 1').run();
  const config = testConfig({ dbFile: path.join(dir, 'potret.db'), ...overrides });
  const heavy = new HeavyWork(db, config);
  const app = createApp({ db, config, heavy });
  const server = http.createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { agent, csrf } = await loggedIn(app, db);
  return {
    db,
    heavy,
    url,
    agent,
    csrf,
    roundId: round.row.id,
    close: async () => {
      await heavy.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The session cookie of a logged-in agent, for requests made outside it (plain http, in parallel). */
async function cookieOf(target: FileApp): Promise<string> {
  const response = await target.agent.get('/account');
  const jar = (target.agent as unknown as { jar: { getCookies(access: unknown): { toValueString(): string }[] } }).jar;
  const cookies = jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false });
  expect(response.status).toBe(200);
  return cookies.map((cookie) => cookie.toValueString()).join('; ');
}

function get(url: string, cookie: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { cookie }, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), ms: Number(process.hrtime.bigint() - started) / 1e6 }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('heavy builds in worker threads', () => {
  it('run off the thread on a database file, and give the same raw data as the command line', async () => {
    const target = await fileApp(2000);
    try {
      expect(target.heavy.offThread).toBe(true);
      const response = await target.agent.get(`/rounds/${target.roundId}/raw-data.csv?dialect=semicolon`).buffer(true);
      expect(response.status).toBe(200);
      expect(response.headers['content-disposition']).toContain(`potret-round-${target.roundId}-raw-data-semicolon.csv`);
      const chunks = await reportFile(target.db, testConfig(), { roundId: target.roundId, lang: 'id', format: 'raw-csv', perspective: null, dialect: 'semicolon', generatedOn: '2026-11-28', actor: 'test', now: new Date() });
      const expected = [...chunks].join('');
      expect(response.text).toBe(expected);
      expect(parse(response.text, { bom: true, delimiter: ';' })).toHaveLength(2001);
      // Recorded once, with the release the file was built from.
      const downloads = target.db.prepare("SELECT details FROM audit_log WHERE action = 'report.download' ORDER BY id").all() as { details: string }[];
      expect(JSON.parse(downloads[0].details)).toMatchObject({ format: 'raw-csv', release: 1, responses: 2000 });
    } finally {
      await target.close();
    }
  });

  it('write a workbook whose data sheet holds every response, and build the report page and a 404 there too', async () => {
    const target = await fileApp(1500);
    try {
      const response = await target.agent.get(`/rounds/${target.roundId}/report.xlsx`).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(response.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.body as unknown as ArrayBuffer);
      const data = workbook.worksheets.find((sheet) => sheet.name === 'Data mentah');
      expect(data?.actualRowCount).toBe(1501);
      const page = await target.agent.get(`/rounds/${target.roundId}/report`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('n = 1500');
      const missing = await target.agent.get('/rounds/999/report.xlsx');
      expect(missing.status).toBe(404);
      expect(missing.headers['content-disposition']).toBeUndefined();
    } finally {
      await target.close();
    }
  });
});

describe('a large round with one worker and no queue', () => {
  let target: FileApp;
  let cookie: string;
  beforeAll(async () => {
    target = await fileApp(12000, { workers: 1, workerQueue: 0 });
    cookie = await cookieOf(target);
  });
  afterAll(() => target.close());

  it('keep the questionnaire server answering while a large workbook is built', async () => {
    const download = get(`${target.url}/rounds/${target.roundId}/report.xlsx`, cookie);
    let finished = false;
    void download.then(() => (finished = true));
    const waits: number[] = [];
    while (!finished) {
      waits.push((await get(`${target.url}/login`, '')).ms);
      await sleep(20);
    }
    const workbook = await download;
    expect(workbook.status).toBe(200);
    // The build took long enough that a build on the answering thread would have held these pages up…
    expect(workbook.ms).toBeGreaterThan(1500);
    expect(waits.length).toBeGreaterThan(10);
    // …and none of them waited for it.
    expect(Math.max(...waits)).toBeLessThan(400);
  });

  it('refuse a build beyond the queue at once with 503, Retry-After and a page that says why; nothing is recorded for it', async () => {
    const first = get(`${target.url}/rounds/${target.roundId}/report.xlsx`, cookie);
    await sleep(300);
    const before = countRows(target.db, 'audit_log');
    const refused = await get(`${target.url}/rounds/${target.roundId}/raw-data.csv`, cookie);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('10');
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.headers['content-disposition']).toBeUndefined();
    expect(refused.body.toString()).toContain('Server sedang menyusun berkas besar lain; coba lagi dalam beberapa detik.');
    expect(refused.ms).toBeLessThan(1000);
    expect(countRows(target.db, 'audit_log')).toBe(before);
    expect((await first).status).toBe(200);
    // Once the worker is free again, the same request is served.
    const again = await get(`${target.url}/rounds/${target.roundId}/raw-data.csv`, cookie);
    expect(again.status).toBe(200);
    expect(parse(again.body, { bom: true })).toHaveLength(countRows(target.db, 'responses') + 1);
  });

  it("serve a report already built for the round's state from the cache while the only worker is busy, and build it again after a release", async () => {
    const page = `${target.url}/rounds/${target.roundId}/report`;
    expect((await get(page, cookie)).status).toBe(200);
    const workbook = get(`${target.url}/rounds/${target.roundId}/report.xlsx`, cookie);
    await sleep(300);
    // The worker is taken and no build may wait: only the cache can answer this.
    const again = await get(page, cookie);
    expect(again.status).toBe(200);
    expect(again.ms).toBeLessThan(1000);
    expect(again.body.toString()).toContain('n = 12000');
    expect((await get(`${target.url}/rounds/${target.roundId}/raw-data.csv`, cookie)).status).toBe(503);
    expect((await workbook).status).toBe(200);
    // A release changes the round's state: the next report is built again, by the worker, with the new response.
    const instrument = getInstrument(target.db, 'bsc-default');
    insertResponse(target.db, { round_id: target.roundId, channel: 'paper', unit: 'Unit 01', grade: 'III/a', answers: Buffer.alloc(instrument.items.length, 4), submitted_on: '2026-11-21', form_id: 'P-1', batch_id: null });
    target.db.prepare('UPDATE responses SET release = 2 WHERE release IS NULL').run();
    const after = await get(page, cookie);
    expect(after.status).toBe(200);
    expect(after.body.toString()).toContain('n = 12001');
  });

  it('stop a build whose client went away, and serve the next one with a fresh worker', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = http.get(`${target.url}/rounds/${target.roundId}/raw-data.csv`, { headers: { cookie }, agent: false }, (response) => {
        response.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
      setTimeout(() => reject(new Error('no first chunk')), 30_000).unref();
    });
    let next: Awaited<ReturnType<typeof get>> | null = null;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      next = await get(`${target.url}/rounds/${target.roundId}/raw-data.csv`, cookie);
      if (next.status !== 503) break;
      await sleep(100);
    }
    expect(next?.status).toBe(200);
    expect(parse(next!.body, { bom: true })).toHaveLength(countRows(target.db, 'responses') + 1);
  });
});

describe('heavy builds on an in-memory database', () => {
  it('run on the calling thread behind the same gate: a full gate answers 503', async () => {
    const { db } = openAndPrepare(':memory:');
    const config = testConfig({ workers: 1, workerQueue: 0 });
    const heavy = new HeavyWork(db, config);
    expect(heavy.offThread).toBe(false);
    const app = createApp({ db, config, heavy });
    createRound(db, { name: 'Kecil' }, new Date(), 'test');
    const { agent } = await loggedIn(app, db);
    const release = await heavy.inlineGate.enter();
    try {
      const refused = await agent.get('/rounds/1/report.xlsx');
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('10');
      const json = await agent.get('/rounds/1/report').set('Accept', 'application/json');
      expect(json.status).toBe(503);
      expect(json.body.error).toBe('The server is building other large files at this moment; try again in a few seconds');
    } finally {
      release?.();
    }
    expect((await agent.get('/rounds/1/report')).status).toBe(200);
    void request;
  });
});

/** A paper CSV of `count` forms of the default instrument (semicolons, as Excel in an Indonesian locale saves it); `bad` puts a 9 in the last form's first answer. */
function paperCsv(db: Db, count: number, bad = false): Buffer {
  const instrument = getInstrument(db, 'bsc-default');
  const header = paperColumnNames(instrument);
  const lines = [header.join(';')];
  let index = 0;
  for (const person of respondents(instrument, count, 5)) {
    index += 1;
    const answers = Array.from(person.answers, (value) => (value === 0 ? '' : String(value)));
    if (bad && index === count) answers[0] = '9';
    lines.push([`K-${index}`, person.unit, person.grade, ...answers, ...Array(header.length - 3 - answers.length).fill('')].join(';'));
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

describe('paper uploads in a worker', () => {
  it('check, report and import in the worker: the preview counts, a refused import names line and column and writes nothing, a good one stores every form', async () => {
    const target = await fileApp(0);
    try {
      const open = createRound(target.db, { name: 'Kertas' }, new Date('2026-11-01T00:00:00Z'), 'test').row.id;
      const upload = (file: Buffer) => target.agent.post(`/rounds/${open}/paper/preview`).field('_csrf', target.csrf).field('allow_new_units', '1').attach('file', file, 'kertas.csv');
      const bad = await upload(paperCsv(target.db, 3000, true));
      expect(bad.status).toBe(422);
      expect(bad.text).toContain('<dt>Baris dalam berkas</dt><dd>3000</dd>');
      expect(bad.text).toContain('<strong>2999</strong>');
      const sha = /name="sha256" value="([0-9a-f]{64})"/.exec(bad.text)?.[1];
      expect(sha).toBeDefined();
      const problems = await target.agent.get(`/rounds/${open}/paper/uploads/${sha}/problems.csv?allow_new_units=1`);
      expect(problems.status).toBe(200);
      expect(problems.text).toMatch(/;3001;/);
      const before = countRows(target.db, 'responses');
      const refused = await target.agent.post(`/rounds/${open}/paper/confirm`).type('form').send({ _csrf: target.csrf, sha256: sha, allow_new_units: '1' });
      expect(refused.status).toBe(422);
      expect(countRows(target.db, 'responses')).toBe(before);
      expect(countRows(target.db, 'import_batches')).toBe(0);

      const good = await upload(paperCsv(target.db, 3000));
      expect(good.status).toBe(200);
      const goodSha = /name="sha256" value="([0-9a-f]{64})"/.exec(good.text)?.[1];
      const imported = await target.agent.post(`/rounds/${open}/paper/confirm`).type('form').send({ _csrf: target.csrf, sha256: goodSha, allow_new_units: '1' });
      expect(imported.status).toBe(303);
      expect(target.db.prepare("SELECT count(*) AS n FROM responses WHERE round_id = ? AND channel = 'paper'").get(open)).toEqual({ n: 3000 });
      expect(countRows(target.db, 'import_batches')).toBe(1);
      // The upload was consumed in the import's transaction.
      expect(target.db.prepare('SELECT count(*) AS n FROM pending_imports WHERE sha256 = ?').get(goodSha)).toEqual({ n: 0 });
    } finally {
      await target.close();
    }
  });
});

describe('errors from a worker', () => {
  it('come back as the classes the routes tell apart, with status, problems and Retry-After; anything else as a plain error (a 500)', () => {
    const invalid = revive({ name: 'ValidationError', message: 'Bad file', status: 422, problems: [{ line: 3, column: 'B', message: 'not a number' }] });
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).problems).toEqual([{ line: 3, column: 'B', message: 'not a number' }]);
    expect(revive({ name: 'ConflictError', message: 'already imported', status: 409 })).toBeInstanceOf(ConflictError);
    expect(revive({ name: 'NotFoundError', message: 'Not found', status: 404 })).toBeInstanceOf(NotFoundError);
    const busy = revive({ name: 'ServiceUnavailableError', message: 'busy', status: 503, retryAfterSeconds: 10 });
    expect(busy).toMatchObject({ status: 503, retryAfterSeconds: 10 });
    const bug = revive({ name: 'TypeError', message: 'x is undefined', stack: 'TypeError: x is undefined\n    at worker' });
    expect(bug).not.toBeInstanceOf(AppError);
    expect(bug.stack).toContain('at worker');
  });
});
