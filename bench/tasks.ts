/**
 * Measurements that run in a child process of their own, so that each one's peak RSS is its own
 * and not the bench's. Each prints one JSON line: { ms, rss_mb, ...extra }.
 */
import Database from 'better-sqlite3';
import express from 'express';
import { openDatabase } from '../src/db/connection';
import { buildReport } from '../src/report/build-report';

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
  /** The product: the full JSON report of a round, serialised as the API sends it. */
  report([file, roundId, runs]) {
    const db = openDatabase(file);
    const { ms, result } = bestOf(Number(runs), () => JSON.stringify(buildReport(db, Number(roundId), { lang: 'id', alphaMin: 0.6 })).length);
    db.close();
    return { ms, bytes: result };
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
