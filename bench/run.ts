/**
 * npm run bench [-- --scales 28,10000,100000,1000000] [-- --quick] [-- --only report,import,online,load]
 *
 * Measures Potret against the floor of the same work on the same machine in the same run, at
 * directorate (28), ministry (10,000), national (100,000) and whole-civil-service (1,000,000:
 * 300 units, 17 grades; report and import only) scale, and writes bench/results.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { openAndPrepare } from '../src/bootstrap';
import { insertResponse } from '../src/db/responses';
import { insertRosterEntry } from '../src/db/roster';
import { getInstrument, type LoadedInstrument } from '../src/survey/instruments';
import { issueLinks } from '../src/survey/roster';
import { createRound } from '../src/survey/rounds';
import { ROOT } from '../src/paths';
import { paperColumnNames } from '../src/import/paper';
import { csvLine } from '../src/export/csv-writer';
import { addRosterEntry } from '../src/survey/roster';
import { SERVER, waitForLine } from './server-process';
import { respondents, shapeOf } from './data';
import { benchLoad } from './load';

export interface ResultRow {
  scale: number;
  measure: string;
  value: number;
  floor: number | null;
  ratio: number | null;
  unit: string;
  /** The target the product is held to at this scale (the benchmark issue's table), if any. */
  target?: string;
  meets?: boolean;
  note?: string;
}

/** Reads a target such as "< 50 ms", "≤ 3× floor" or "≥ 0.5× floor" and checks the row against it. */
export function meetsTarget(row: ResultRow): boolean | undefined {
  if (!row.target) return undefined;
  const absolute = /^< (\d+(?:\.\d+)?) \S+$/.exec(row.target);
  if (absolute) return row.value < Number(absolute[1]);
  const atMost = /^≤ (\d+(?:\.\d+)?)× floor$/.exec(row.target);
  if (atMost) return row.ratio !== null && row.ratio <= Number(atMost[1]);
  const atLeast = /^≥ (\d+(?:\.\d+)?)× floor$/.exec(row.target);
  if (atLeast) return row.ratio !== null && row.ratio >= Number(atLeast[1]);
  throw new Error(`unreadable target "${row.target}"`);
}

const TASKS = path.join(__dirname, 'tasks.js');

function runChild(args: string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TASKS, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() as string)) : reject(new Error(`${args[0]} exited ${code}`))));
  });
}

function ratio(value: number, floor: number): number {
  return Math.round((value / floor) * 100) / 100;
}

/** A product database with `scale` stored responses, and the reference table the floor reads. */
function prepareReportData(dir: string, scale: number): { file: string; reference: string; roundId: number; itemCount: number } {
  const file = path.join(dir, 'report.db');
  const reference = path.join(dir, 'reference.db');
  const { db } = openAndPrepare(file);
  const instrument = getInstrument(db, 'bsc-default');
  const round = createRound(db, { name: `Bench ${scale}` }, new Date(), 'cli');
  const ref = new Database(reference);
  ref.pragma('journal_mode = WAL');
  const columns = instrument.items.map((_, index) => `c${index}`);
  ref.exec(`CREATE TABLE reference (${columns.map((column) => `${column} INTEGER`).join(', ')})`);
  const refInsert = ref.prepare(`INSERT INTO reference VALUES (${columns.map(() => '?').join(', ')})`);
  db.transaction(() => {
    ref.transaction(() => {
      for (const respondent of respondents(instrument, scale)) {
        insertResponse(db, {
          round_id: round.row.id,
          channel: 'online',
          unit: respondent.unit,
          grade: respondent.grade,
          answers: Buffer.from(respondent.answers),
          submitted_on: '2026-11-28',
          form_id: null,
          batch_id: null,
        });
        refInsert.run(...Array.from(respondent.answers, (value) => (value === 0 ? null : value)));
      }
    })();
  })();
  // As in a round whose answers have all been released to the results (src/survey/release.ts).
  db.prepare('UPDATE responses SET release = 1').run();
  db.close();
  ref.close();
  return { file, reference, roundId: round.row.id, itemCount: instrument.items.length };
}

async function benchReport(dir: string, scale: number): Promise<ResultRow[]> {
  const data = prepareReportData(dir, scale);
  const runs = scale >= 100000 ? 3 : 5;
  const floor = await runChild(['report-floor', data.reference, String(data.itemCount), String(runs)]);
  const repeats = 21;
  const product = await runChild(['report', data.file, String(data.roundId), String(runs), String(repeats)]);
  if (product.cache_hits !== repeats) throw new Error(`the repeated report was served from the cache ${product.cache_hits} times of ${repeats}`);
  const firstTarget = scale <= 28 ? '< 50 ms' : scale >= 1_000_000 ? '≤ 2× floor' : '≤ 3× floor';
  const rows: ResultRow[] = [
    { scale, measure: 'report (JSON)', value: product.ms, floor: floor.ms, ratio: ratio(product.ms, floor.ms), unit: 'ms', target: firstTarget, note: 'first report of the round: computed from every answer' },
    {
      scale,
      measure: 'repeated report',
      value: product.repeated_ms,
      floor: null,
      ratio: null,
      unit: 'ms',
      target: '< 50 ms',
      note: `the same report for the next reader (state read, cache hit, serialised): median of ${repeats}, slowest ${product.repeated_max_ms.toFixed(1)} ms`,
    },
    { scale, measure: 'report peak RSS', value: product.rss_mb, floor: floor.rss_mb, ratio: ratio(product.rss_mb, floor.rss_mb), unit: 'MB', target: scale >= 100000 ? '< 300 MB' : undefined },
  ];
  return rows;
}

/** A paper CSV as Excel in an Indonesian locale saves it: semicolons, BOM, CRLF, a few quoted comments. */
function writePaperCsv(file: string, instrument: LoadedInstrument, scale: number): void {
  const header = paperColumnNames(instrument);
  const perspectives = instrument.definition.perspectives.length;
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, `\uFEFF${csvLine(header, { dialect: 'semicolon' })}`);
  let chunk = '';
  let index = 0;
  for (const respondent of respondents(instrument, scale, 3)) {
    const comments = Array<string>(perspectives).fill('');
    if (index % 20 === 0) comments[index % perspectives] = 'Perlu pelatihan; terutama "aplikasi" baru';
    const cells = [`F-${index + 1}`, respondent.unit, respondent.grade, ...Array.from(respondent.answers, (value) => (value === 0 ? '' : String(value))), ...comments];
    chunk += csvLine(cells, { dialect: 'semicolon' });
    index += 1;
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = '';
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
}

async function benchImport(dir: string, scale: number): Promise<ResultRow[]> {
  const file = path.join(dir, 'import.db');
  const csvFile = path.join(dir, 'paper.csv');
  const { db } = openAndPrepare(file);
  const instrument = getInstrument(db, 'bsc-default');
  const round = createRound(db, { name: `Paper ${scale}` }, new Date(), 'cli');
  // The forms' units must be on the roster.
  for (const unit of shapeOf(scale).units) addRosterEntry(db, round.row.id, { name: `Head of ${unit}`, unit }, new Date(), 'cli');
  db.close();
  writePaperCsv(csvFile, instrument, scale);
  const floor = await runChild(['import-floor', path.join(dir, 'import-floor.db'), csvFile, String(instrument.items.length)]);
  const product = await runChild(['import', file, String(round.row.id), csvFile]);
  if (product.imported !== scale) throw new Error(`import stored ${product.imported} of ${scale} forms`);
  const megabytes = fs.statSync(csvFile).size / 1024 / 1024;
  return [
    {
      scale,
      measure: 'paper import',
      value: product.ms,
      floor: floor.ms,
      ratio: ratio(product.ms, floor.ms),
      unit: 'ms',
      target: scale >= 100000 ? '≤ 3× floor' : undefined,
      note: `${megabytes.toFixed(1)} MB from disk; floor = csv-parse streaming the file + a plain one-transaction insert as records arrive`,
    },
    {
      scale,
      measure: 'paper import peak RSS',
      value: product.rss_mb,
      floor: floor.rss_mb,
      ratio: ratio(product.rss_mb, floor.rss_mb),
      unit: 'MB',
      target: scale >= 1_000_000 ? '< 300 MB' : undefined,
      note: 'both stream the file; the product also keeps one form id per form (to catch a form typed twice)',
    },
  ];
}

/** Roster and links for the online measure; returns the urlencoded bodies and the paths to post them to. */
function prepareOnlineData(file: string, scale: number): { instrument: LoadedInstrument; paths: string[]; bodies: string[] } {
  const { db } = openAndPrepare(file);
  const instrument = getInstrument(db, 'bsc-default');
  const round = createRound(db, { name: `Online ${scale}` }, new Date(), 'cli');
  const people = [...respondents(instrument, scale, 97)];
  db.transaction(() => {
    people.forEach((person, index) => insertRosterEntry(db, { round_id: round.row.id, name: `Employee ${index}`, unit: person.unit, grade: person.grade, email: null, employee_no: null }));
  })();
  const links = issueLinks(db, round.row.id, 'all', 'http://127.0.0.1', new Date(), 'cli');
  db.close();
  const bodies = people.map((person) => new URLSearchParams(instrument.items.filter((item) => person.answers[item.index] > 0).map((item): [string, string] => [item.code, String(person.answers[item.index])])).toString());
  return { instrument, paths: links.map((link) => `${new URL(link.link).pathname}/submit`), bodies };
}

/** Runs the load and measures its wall time itself: autocannon's own duration is counted in whole sampling seconds. */
async function load(port: number, paths: string[], bodies: string[], scale: number): Promise<autocannon.Result & { seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await loadOnce(port, paths, bodies, scale);
  return { ...result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function loadOnce(port: number, paths: string[], bodies: string[], scale: number): Promise<autocannon.Result> {
  let next = 0;
  // Each personal link submits once. The run is bounded by a request count rather than a
  // duration, so that no request is still in flight when it ends and "stored = acknowledged"
  // can be checked exactly (about 10 s at the rates measured here).
  const bounded = { amount: Math.min(scale, 5000), connections: Math.min(50, scale) };
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    ...bounded,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        setupRequest: (request) => {
          const index = next % paths.length;
          next += 1;
          return { ...request, path: paths[index], body: bodies[index] };
        },
      },
    ],
  });
}

function startProcess(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function benchOnline(dir: string, scale: number, port: number): Promise<ResultRow[]> {
  const file = path.join(dir, 'online.db');
  const data = prepareOnlineData(file, scale);

  const profile = process.env.POTRET_BENCH_PROFILE ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.POTRET_BENCH_PROFILE}`] : [];
  const server = startProcess([...profile, SERVER], { PORT: String(port), HOST: '127.0.0.1', POTRET_DB: file, POTRET_LOG: 'info' });
  await waitForLine(server, /listening/);
  const product = await load(port, data.paths, data.bodies, scale);
  // Read before stopping: closing the database would empty the log anyway. Every acknowledged
  // submission has been checkpointed, so this should be 0.
  const walBytes = fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0;
  await stop(server);
  const db = new Database(file, { readonly: true });
  const stored = (db.prepare('SELECT count(*) AS n FROM responses').get() as { n: number }).n;
  db.close();
  const acknowledged = Number(product.statusCodeStats?.['201']?.count ?? 0);

  const floorFile = path.join(dir, 'floor.db');
  const floorServer = startProcess([TASKS, 'floor-server', floorFile, String(port + 1)], {});
  await waitForLine(floorServer, /listening/);
  const floor = await load(port + 1, data.paths, data.bodies, scale);
  await stop(floorServer);

  const perSecond = (result: { seconds: number }, ok: number) => Math.round((ok / result.seconds) * 10) / 10;
  const productRate = perSecond(product, acknowledged);
  const floorRate = perSecond(floor, floor['2xx']);
  return [
    {
      scale,
      measure: 'online submissions/s',
      value: productRate,
      floor: floorRate,
      ratio: ratio(productRate, floorRate),
      unit: 'req/s',
      target: scale === 10000 ? '≥ 0.5× floor' : undefined,
      note: `stored ${stored}, acknowledged ${acknowledged}, already-submitted ${Number(product.statusCodeStats?.['200']?.count ?? 0)}, errors ${product.errors + product.non2xx - Number(product.statusCodeStats?.['200']?.count ?? 0)}${stored === acknowledged ? '' : ' — MISMATCH'}, -wal ${walBytes} bytes after the load`,
    },
    { scale, measure: 'online p50 latency', value: product.latency.p50, floor: floor.latency.p50, ratio: ratio(product.latency.p50, floor.latency.p50 || 1), unit: 'ms' },
    { scale, measure: 'online p99 latency', value: product.latency.p99, floor: floor.latency.p99, ratio: ratio(product.latency.p99, floor.latency.p99 || 1), unit: 'ms', target: scale === 10000 ? '< 100 ms' : undefined },
  ];
}

function printTable(rows: ResultRow[]): void {
  const header = ['scale', 'measure', 'value', 'floor', 'ratio', 'unit', 'target', 'meets', 'note'];
  const lines = [
    header,
    ...rows.map((row) =>
      [row.scale, row.measure, row.value.toFixed(1), row.floor === null ? '' : row.floor.toFixed(1), row.ratio === null ? '' : `${row.ratio}×`, row.unit, row.target ?? '', row.meets === undefined ? '' : row.meets ? 'yes' : 'NO', row.note ?? ''].map(String),
    ),
  ];
  const widths = header.map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  for (const line of lines) console.log(line.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scales: { type: 'string' }, quick: { type: 'boolean' }, only: { type: 'string' } } });
  const scales = (values.scales ?? (values.quick ? '28,10000' : '28,10000,100000,1000000')).split(',').map(Number);
  const only = new Set((values.only ?? 'report,import,online,load').split(','));
  const rows: ResultRow[] = [];
  const started = Date.now();
  for (const scale of scales) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `potret-bench-${scale}-`));
    try {
      if (only.has('report')) rows.push(...(await benchReport(dir, scale)));
      if (only.has('import')) rows.push(...(await benchImport(dir, scale)));
      // A million personal links would measure the roster, not the questionnaire.
      if (only.has('online') && scale < 1_000_000) rows.push(...(await benchOnline(dir, scale, 4300)));
      // Employees beside analysts' downloads: measured on the national round.
      if (only.has('load') && scale === 100_000) rows.push(...(await benchLoad(dir, scale, 4310)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    console.error(`scale ${scale} done after ${Math.round((Date.now() - started) / 1000)} s`);
  }
  for (const row of rows) row.meets = meetsTarget(row);
  printTable(rows);
  const out = path.join(ROOT, 'bench', 'results.json');
  fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, seconds: Math.round((Date.now() - started) / 1000), rows }, null, 2)}\n`);
  console.log(`\nwritten to bench/results.json (${Math.round((Date.now() - started) / 1000)} s)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
