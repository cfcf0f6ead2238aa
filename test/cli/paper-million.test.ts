import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/connection';
import { paperColumnNames } from '../../src/import/paper';
import { getInstrument } from '../../src/survey/instruments';
import { runCli } from '../helpers';

const CLI_CHILD = path.join(__dirname, '..', 'fixtures', 'cli-child.js');
const FORMS = 1_000_000;

/** `count` forms (F-0, F-1, …) as Excel in an Indonesian locale saves them (semicolons, BOM, CRLF), written fast: only the form id changes from row to row. */
function writeForms(file: string, columns: string[], count: number): void {
  const itemCount = columns.filter((column) => column.includes('-')).length;
  const commentCount = columns.length - 3 - itemCount;
  const bodies = Array.from({ length: 5 }, (_, variant) => {
    const answers = Array.from({ length: itemCount }, (_, index) => String(((variant + index) % 5) + 1));
    const comments = Array.from({ length: commentCount }, (_, index) => (variant === 0 && index === 0 ? '"Perlu pelatihan; terutama aplikasi baru"' : ''));
    return `;Subdit Umum;III/a;${[...answers, ...comments].join(';')}\r\n`;
  });
  const out = fs.openSync(file, 'w');
  try {
    fs.writeSync(out, `\uFEFF${columns.join(';')}\r\n`);
    let chunk = '';
    for (let index = 0; index < count; index++) {
      chunk += `F-${index}${bodies[index % 5]}`;
      if (chunk.length > 1 << 20) {
        fs.writeSync(out, chunk);
        chunk = '';
      }
    }
    fs.writeSync(out, chunk);
  } finally {
    fs.closeSync(out);
  }
}

/** Runs `potret paper import` in a child process; resolves with its exit and output, or kills it with SIGKILL when its standard error matches killWhen. */
function importInChild(args: string[], env: Record<string, string>, killWhen?: RegExp): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_CHILD, 'paper', 'import', ...args], { env: { ...process.env, ...env, POTRET_LOG: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (killWhen && killWhen.test(stderr)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('potret paper import of a million forms', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-paper-million-'));
    env = { POTRET_DB: path.join(dir, 'potret.db') };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function roundState() {
    const db = openDatabase(env.POTRET_DB);
    try {
      const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
      return {
        integrity: db.pragma('integrity_check', { simple: true }),
        responses: count('responses'),
        comments: count('comments'),
        batches: count('import_batches'),
        rejects: count('import_rejects'),
        audit: db.prepare("SELECT count(*) FROM audit_log WHERE action = 'paper.import'").pluck().get(),
      };
    } finally {
      db.close();
    }
  }

  it('killed part-way leaves the round unchanged, and a second import of its forms then succeeds', async () => {
    await runCli(['round', 'create', '--name', 'Seluruh ASN 2026'], env);
    const roster = path.join(dir, 'roster.csv');
    fs.writeFileSync(roster, 'name;unit\r\nAni;Subdit Umum\r\n');
    await runCli(['roster', 'import', '1', roster, '--links-out', path.join(dir, 'links.csv')], env);
    const db = openDatabase(env.POTRET_DB);
    const columns = paperColumnNames(getInstrument(db, 'bsc-default'));
    db.close();
    const csv = path.join(dir, 'forms.csv');
    writeForms(csv, columns, FORMS);
    const before = roundState();
    expect(before).toMatchObject({ integrity: 'ok', responses: 0, batches: 0 });

    // Killed while it reads, checks and stages: half the forms are staged, none is in the round.
    // (the default row limit, 200,000, would refuse the file: --max-rows raises it for this import)
    const killed = await importInChild(['1', csv, '--max-rows', String(FORMS)], env, /500000 forms read and checked/);
    expect(killed.signal).toBe('SIGKILL');
    expect(roundState()).toEqual(before);
    // Staging lives in SQLite's deleted temporary files: nothing is left beside the database.
    expect(fs.readdirSync(dir).filter((name) => !/^(potret\.db(-wal|-shm)?|roster\.csv|links\.csv|forms\.csv|again\.csv)$/.test(name))).toEqual([]);

    // No trace of the killed import is left: forms with its first thousand form ids import as new.
    const again = path.join(dir, 'again.csv');
    writeForms(again, columns, 1000);
    const imported = await importInChild(['1', again], env);
    expect(imported).toMatchObject({ code: 0, stdout: '1000 forms imported into round 1 as batch 1\n' });
    expect(roundState()).toEqual({ integrity: 'ok', responses: 1000, comments: 200, batches: 1, rejects: 0, audit: 1 });
  }, 120_000);
});
