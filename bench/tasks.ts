/**
 * Measurements that run in a child process of their own, so that each one's peak RSS is its own
 * and not the bench's. Each prints one JSON line: { ms, rss_mb, ...extra }.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { Parser } from 'csv-parse';
import express from 'express';
import { openDatabase } from '../src/db/connection';
import { loadConfig } from '../src/config';
import { reportCacheStats, resetReportCache } from '../src/report/cache';
import { loadReport } from '../src/report/service';
import { importPaperFile } from '../src/survey/paper';

function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}

function bestOf<T>(runs: number, work: () => T): { ms: number; result: T } {
  let best = Infinity;
  let result!: T;
  for (let run = 0; run < runs; run += 1) {
    const start = process.hrtime.bigint();
    result = work();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms: best, result };
}

const tasks: Record<string, (args: string[]) => Promise<Record<string, unknown>> | Record<string, unknown>> = {
  /**
   * The product: the full JSON report of a round, serialised as the API sends it, through the
   * function the report page, the downloads and the API use (loadReport, with its cache). First:
   * best of `runs`, the cache emptied before each, so each run computes the report from every
   * answer. Repeated: the same report for the next readers (the round unchanged), the median of
   * `repeats` requests, each a read of the round's state, a cache lookup and the serialisation.
   */
  report([file, roundId, runs, repeats]) {
    const db = openDatabase(file);
    const config = loadConfig({});
    const request = { roundId: Number(roundId), lang: 'id' as const };
    const { ms, result } = bestOf(Number(runs), () => {
      resetReportCache(db);
      return JSON.stringify(loadReport(db, config, request).report).length;
    });
    const times: number[] = [];
    for (let repeat = 0; repeat < Number(repeats); repeat += 1) {
      const start = process.hrtime.bigint();
      JSON.stringify(loadReport(db, config, request).report);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    const stats = reportCacheStats(db);
    db.close();
    return { ms, bytes: result, repeated_ms: times[Math.floor(times.length / 2)], repeated_max_ms: times[times.length - 1], cache_hits: stats.hits };
  },

  /** The floor: one query for count, sum and sum of squares per item over one row per response. */
  'report-floor'([file, itemCount, runs]) {
    const db = new Database(file, { readonly: true });
    const columns = Array.from({ length: Number(itemCount) }, (_, index) => `c${index}`);
    const sql = `SELECT ${columns.map((column) => `count(${column}), sum(${column}), sum(${column} * ${column})`).join(', ')} FROM reference`;
    const statement = db.prepare(sql).raw();
    const { ms } = bestOf(Number(runs), () => statement.get());
    db.close();
    return { ms };
  },

  /** The product: the full paper import path from the file on disk, as the command line runs it (read, decode, parse, validate every row, stage, write in one transaction). */
  import([file, roundId, csvFile]) {
    const db = openDatabase(file);
    const start = process.hrtime.bigint();
    const result = importPaperFile(db, Number(roundId), { path: csvFile }, { fileName: 'bench.csv', importedBy: 'bench', timeZone: 'Asia/Jakarta', maxRows: Number.POSITIVE_INFINITY });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    db.close();
    return { ms, imported: result.imported };
  },

  /**
   * The floor of the import: csv-parse alone parsing the same file as it streams from disk (its
   * incremental parser fed 1 MB slices, as the product feeds it), plus better-sqlite3 inserting
   * the same answers (packed as the product stores them) into a plain table in one transaction
   * as the records arrive, with the product's durability settings. Streaming, like the product,
   * so that neither holds the file: the floor's memory is what streaming costs.
   */
  'import-floor'([file, csvFile, itemCount]) {
    const db = openDatabase(file);
    db.exec('CREATE TABLE plain (form_id TEXT, unit TEXT, grade TEXT, answers BLOB)');
    const insert = db.prepare('INSERT INTO plain VALUES (?, ?, ?, ?)');
    const items = Number(itemCount);
    const parser = (new Parser({ bom: true, delimiter: ';' }) as unknown as { api: { parse(bytes: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined } }).api;
    let header = true;
    const push = (record: string[]) => {
      if (header) {
        header = false;
        return;
      }
      const answers = Buffer.alloc(items);
      for (let index = 0; index < items; index += 1) answers[index] = Number(record[3 + index]) || 0;
      insert.run(record[0], record[1], record[2], answers);
    };
    const start = process.hrtime.bigint();
    db.transaction(() => {
      const descriptor = fs.openSync(csvFile, 'r');
      try {
        for (;;) {
          const slice = Buffer.allocUnsafe(1 << 20);
          const read = fs.readSync(descriptor, slice, 0, slice.length, null);
          if (read === 0) break;
          const error = parser.parse(slice.subarray(0, read), false, push, () => undefined);
          if (error) throw error;
        }
        const error = parser.parse(undefined, true, push, () => undefined);
        if (error) throw error;
      } finally {
        fs.closeSync(descriptor);
      }
    })();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    db.close();
    return { ms };
  },

  /** The floor of online submissions: a minimal Express endpoint that inserts the answers in one transaction. */
  async 'floor-server'([file, port]) {
    const db = openDatabase(file);
    db.exec('CREATE TABLE IF NOT EXISTS floor_responses (id INTEGER PRIMARY KEY, answers BLOB NOT NULL)');
    const insert = db.prepare('INSERT INTO floor_responses (answers) VALUES (?)');
    const app = express();
    app.use(express.urlencoded({ extended: false, limit: '200kb' }));
    app.post('/s/:token/submit', (req, res) => {
      const values = Object.values(req.body as Record<string, string>).map(Number);
      db.transaction(() => insert.run(Buffer.from(values)))();
      res.status(201).send('ok');
    });
    app.get('/count', (_req, res) => {
      res.json((db.prepare('SELECT count(*) AS n FROM floor_responses').get() as { n: number }).n);
    });
    await new Promise<void>((resolve) => app.listen(Number(port), '127.0.0.1', () => resolve()));
    process.stdout.write('listening\n');
    return new Promise(() => undefined);
  },
};

export async function runTask(name: string, args: string[]): Promise<void> {
  const task = tasks[name];
  if (!task) throw new Error(`unknown task ${name}`);
  const result = await task(args);
  process.stdout.write(`${JSON.stringify({ ...result, rss_mb: peakRssMb() })}\n`);
}

if (require.main === module) {
  runTask(process.argv[2], process.argv.slice(3)).then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
