import request from 'supertest';
import type { Db } from '../../src/db/connection';
import { importPaperFile, undoPaperBatch } from '../../src/survey/paper';
import { addRosterEntry, issueLinks } from '../../src/survey/roster';
import { createRound, type Round } from '../../src/survey/rounds';
import { createTestApp, loggedIn, type TestApp } from '../helpers';

/**
 * Each test is an attack by an analyst who holds the roster, watches the status page, and may
 * close, reopen and download as often as they like: it asserts that nothing is recovered.
 */

interface Employee {
  name: string;
  unit: string;
  grade: string;
  token: string;
}

async function attackSetup(roster: { unit: string; grade: string; count: number }[], minGroupSize = 5) {
  const context = createTestApp();
  const analyst = await loggedIn(context.app, context.db);
  const round = createRound(context.db, { name: 'Diagnosis 2026', min_group_size: String(minGroupSize) }, new Date('2026-11-01T00:00:00Z'), 'analyst');
  const employees: Employee[] = [];
  for (const group of roster) {
    for (let index = 0; index < group.count; index += 1) {
      const entry = addRosterEntry(context.db, round.row.id, { name: `${group.unit} ${group.grade} ${index}`, unit: group.unit, grade: group.grade }, new Date(), 'analyst');
      const [link] = issueLinks(context.db, round.row.id, [entry.id], 'http://potret.test', new Date(), 'analyst');
      employees.push({ name: entry.name, unit: group.unit, grade: group.grade, token: link.link.split('/s/')[1] });
    }
  }
  return { ...context, ...analyst, round, employees };
}

/** Submits every item with `value` (or a per-item pattern) and a comment, as the employee would. */
async function complete(context: TestApp & { round: Round }, employee: Employee, value: number | ((index: number) => number), comment?: string): Promise<void> {
  const body: Record<string, string> = {};
  for (const item of context.round.instrument.items) body[item.code] = String(typeof value === 'number' ? value : value(item.index));
  if (comment) body.comment_LG = comment;
  const response = await request(context.app).post(`/s/${employee.token}/submit`).type('form').send(body);
  expect(response.status).toBe(201);
}

async function close(agent: ReturnType<typeof request.agent>, csrf: string, roundId: number): Promise<void> {
  expect((await agent.post(`/rounds/${roundId}/close`).type('form').send({ _csrf: csrf, confirmed: 'yes' })).status).toBe(303);
}

async function reopen(agent: ReturnType<typeof request.agent>, csrf: string, roundId: number): Promise<void> {
  expect((await agent.post(`/rounds/${roundId}/reopen`).type('form').send({ _csrf: csrf, confirmed: 'yes' })).status).toBe(303);
}

/** Everything the analyst can download about the results, in a form that can be subtracted. */
async function publishedState(agent: ReturnType<typeof request.agent>, roundId: number) {
  const report = (await agent.get(`/api/rounds/${roundId}/report`)).body;
  const raw = (await agent.get(`/rounds/${roundId}/raw-data.csv`)).text.replace(/^\uFEFF/, '');
  const rows = raw.trim().split(/\r?\n/).slice(1).map((line) => line.split(',').slice(1).join(','));
  const html = (await agent.get(`/rounds/${roundId}/report`)).text;
  return { report, rows: rows.sort(), html };
}

/** Differences of online respondents per published group between two reports: n₂ − n₁. */
function groupDeltas(before: { groups: { by: string; rows: { group: string | null; n: number; suppressed: boolean }[] }[]; n: number }, after: typeof before): number[] {
  const deltas = [after.n - before.n];
  for (const breakdown of after.groups) {
    const earlier = before.groups.find((entry) => entry.by === breakdown.by);
    for (const row of breakdown.rows) {
      if (row.suppressed) continue;
      const previous = earlier?.rows.find((entry) => entry.group === row.group && !entry.suppressed);
      deltas.push(row.n - (previous?.n ?? 0));
    }
  }
  return deltas;
}

/** Rows per (unit, grade) label of the raw data. */
function labelCounts(rows: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const label = row.split(',').slice(0, 2).join(',');
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return counts;
}

function labelDeltas(before: string[], after: string[]): number[] {
  const a = labelCounts(before);
  const b = labelCounts(after);
  return [...new Set([...a.keys(), ...b.keys()])].map((label) => (b.get(label) ?? 0) - (a.get(label) ?? 0));
}

const safeDelta = (minimum: number) => (delta: number) => delta === 0 || Math.abs(delta) >= minimum;

describe('confidentiality under attack', () => {
  it('close → report → reopen → report: the one who completed in between is not recovered', async () => {
    const context = await attackSetup([{ unit: 'Subdit A', grade: 'III/a', count: 10 }]);
    const { agent, csrf, round, employees } = context;
    for (const employee of employees.slice(0, 6)) await complete(context, employee, 4, 'Cukup baik');
    // While open, nothing is published: the report holds counts only, the raw data no row.
    const open = await publishedState(agent, round.row.id);
    expect(open.report.n).toBe(0);
    expect(open.rows).toEqual([]);
    expect(open.html).not.toContain('Cukup baik');
    await close(agent, csrf, round.row.id);
    await reopen(agent, csrf, round.row.id);
    const before = await publishedState(agent, round.row.id);
    expect(before.report.n).toBe(6);
    // The victim completes; the status page shows who.
    await complete(context, employees[6], 1, 'RAHASIA korban');
    await close(agent, csrf, round.row.id);
    const after = await publishedState(agent, round.row.id);
    expect(after.rows).toEqual(before.rows);
    expect(after.report.dimensions).toEqual(before.report.dimensions);
    expect(after.html).not.toContain('RAHASIA korban');
    expect(after.report.round).toMatchObject({ online: 6, pending: 1 });
    // The waiting answer stays in the file, but without unit or grade: a copy joined with the roster
    // does not point at its writer (README: what a copy with the status history still shows).
    expect(context.db.prepare('SELECT unit, grade FROM responses WHERE release IS NULL').all()).toEqual([{ unit: null, grade: null }]);
    // Closing and reopening again changes nothing either.
    await reopen(agent, csrf, round.row.id);
    await close(agent, csrf, round.row.id);
    expect((await publishedState(agent, round.row.id)).rows).toEqual(before.rows);
  });

  it('a batch of five with one person alone from their unit: no unit mean or raw-data label gives that person away', async () => {
    const context = await attackSetup([
      { unit: 'Subdit A', grade: 'III/a', count: 10 },
      { unit: 'Subdit B', grade: 'III/a', count: 6 },
      { unit: 'Subdit C', grade: 'IV/a', count: 1 },
    ]);
    const { agent, csrf, round, employees } = context;
    const unitA = employees.filter((employee) => employee.unit === 'Subdit A');
    const unitB = employees.filter((employee) => employee.unit === 'Subdit B');
    const loner = employees.find((employee) => employee.unit === 'Subdit C') as Employee;
    for (const employee of [...unitA.slice(0, 5), ...unitB.slice(0, 5)]) await complete(context, employee, 4);
    await close(agent, csrf, round.row.id);
    await reopen(agent, csrf, round.row.id);
    const before = await publishedState(agent, round.row.id);
    // Second batch: four more of unit A and the only member of unit C (five in all).
    for (const employee of unitA.slice(5, 9)) await complete(context, employee, 3);
    await complete(context, loner, 1);
    await close(agent, csrf, round.row.id);
    const after = await publishedState(agent, round.row.id);
    expect(after.report.n).toBe(15);
    // n₂·m₂ − n₁·m₁ needs a group that changed by 1–4 people: there is none, in the report or the raw data.
    expect(groupDeltas(before.report, after.report).every(safeDelta(5))).toBe(true);
    expect(labelDeltas(before.rows, after.rows).every(safeDelta(5))).toBe(true);
    expect(after.rows.some((row) => row.startsWith('Subdit C'))).toBe(false);
  });

  it('paper forms invented by the analyst do not lift one online answer over the minimum', async () => {
    const context = await attackSetup([{ unit: 'Subdit A', grade: 'III/a', count: 12 }]);
    const { agent, csrf, db, round, employees } = context;
    for (const employee of employees.slice(0, 5)) await complete(context, employee, 4, 'Komentar awal');
    await close(agent, csrf, round.row.id);
    await reopen(agent, csrf, round.row.id);
    const before = await publishedState(agent, round.row.id);
    await complete(context, employees[5], 1, 'RAHASIA korban');
    // Four forms the analyst typed themselves: with the victim, five new answers.
    const items = round.instrument.items.map((item) => item.code);
    const csv = `form_id,unit,grade,${items.join(',')},comment_LG\n${[1, 2, 3, 4].map((n) => `X${n},Subdit A,III/a,${items.map(() => '5').join(',')},palsu`).join('\n')}\n`;
    const batch = importPaperFile(db, round.row.id, Buffer.from(csv), { fileName: 'sybil.csv', importedBy: 'admin', timeZone: 'Asia/Jakarta' });
    await close(agent, csrf, round.row.id);
    const after = await publishedState(agent, round.row.id);
    // The victim's answer and comment wait; only the analyst's own forms joined.
    expect(after.report.round).toMatchObject({ online: 5, paper: 4, pending: 1 });
    expect(after.html).not.toContain('RAHASIA korban');
    // The new rows are exactly the four invented forms (labels may be blanked as cover; answers are compared).
    const answersOnly = (rows: string[]) => rows.map((row) => row.split(',').slice(2).join(',')).sort();
    const added = [...answersOnly(after.rows)];
    for (const row of answersOnly(before.rows)) added.splice(added.indexOf(row), 1);
    expect(added).toEqual(Array(4).fill(items.map(() => '5').join(',')));
    // Undoing the batch does not release the victim either.
    undoPaperBatch(db, round.row.id, batch.batchId as number, new Date(), 'analyst');
    expect(answersOnly((await publishedState(agent, round.row.id)).rows)).toEqual(answersOnly(before.rows));
  });

  it('a closed round\'s stored units and grades link no response to a person unique among completers', async () => {
    const context = await attackSetup([
      { unit: 'Subdit A', grade: 'III/a', count: 6 },
      { unit: 'Subdit A', grade: 'III/b', count: 1 },
      { unit: 'Subdit B', grade: 'III/a', count: 5 },
      { unit: 'Subdit B', grade: 'IV/a', count: 2 },
      { unit: 'Subdit C', grade: 'IV/a', count: 1 },
    ]);
    const { agent, csrf, db, round, employees } = context;
    for (const employee of employees) await complete(context, employee, 3);
    await close(agent, csrf, round.row.id);
    // The attack: group the roster's completers by unit and grade and join with the responses.
    const stored = db.prepare("SELECT unit, grade, count(*) AS n FROM responses WHERE round_id = ? AND channel = 'online' GROUP BY unit, grade").all(round.row.id) as {
      unit: string | null;
      grade: string | null;
      n: number;
    }[];
    for (const cell of stored) {
      const sameOnRoster = employees.filter((employee) => (cell.unit === null || employee.unit === cell.unit) && (cell.grade === null || employee.grade === cell.grade));
      expect({ cell, n: cell.n >= 5, roster: sameOnRoster.length >= 5 }).toEqual({ cell, n: true, roster: true });
    }
    expect(stored.reduce((sum, cell) => sum + cell.n, 0)).toBe(15);
  });

  it('comments are released with the answers, never before', async () => {
    const context = await attackSetup([{ unit: 'Subdit A', grade: 'III/a', count: 12 }], 5);
    const { agent, csrf, round, employees } = context;
    // Ten respondents: the default minimum for showing comments at all.
    for (const [index, employee] of employees.slice(0, 10).entries()) await complete(context, employee, 4, `Komentar nomor ${index}`);
    expect((await agent.get(`/rounds/${round.row.id}/report`)).text).not.toContain('Komentar nomor');
    await close(agent, csrf, round.row.id);
    const html = (await agent.get(`/rounds/${round.row.id}/report`)).text;
    for (let index = 0; index < 10; index += 1) expect(html).toContain(`Komentar nomor ${index}`);
  });

  it('the analyst who holds the links CSV opens a started employee\'s link and sees none of the saved answers or comment', async () => {
    const context = await attackSetup([{ unit: 'Subdit A', grade: 'III/a', count: 6 }]);
    const { app, db, round, employees } = context;
    const victim = employees[0];
    const page1 = round.instrument.definition.perspectives[0];
    const body: Record<string, string> = { nav: 'next', comment: 'RAHASIA draf korban' };
    for (const dimension of page1.dimensions) for (const item of dimension.items) body[item.code] = '2';
    // The employee saves page 1 in their own browser.
    const browser = request.agent(app);
    expect((await browser.get(`/s/${victim.token}`)).status).toBe(200);
    expect((await browser.post(`/s/${victim.token}/p/1`).type('form').send(body)).status).toBe(303);
    expect((await browser.get(`/s/${victim.token}/p/1`)).text).toContain('RAHASIA draf korban');
    // The attack: the same link, in the analyst's browser (no cookie, or one of their own).
    for (const attacker of [request(app), request.agent(app)]) {
      const seen = await attacker.get(`/s/${victim.token}/p/1`);
      expect(seen.status).toBe(200);
      expect(seen.text).not.toContain('RAHASIA draf korban');
      expect(seen.text).not.toMatch(/value="2" checked/);
    }
    const intro = await request(app).get(`/s/${victim.token}`);
    expect(intro.text).toContain('dibuat di peramban atau perangkat lain');
    // The employee's own browser still resumes.
    expect((await browser.get(`/s/${victim.token}/p/1`)).text).toContain('RAHASIA draf korban');
    expect(db.prepare('SELECT count(*) AS n FROM drafts').get()).toEqual({ n: 1 });
  });

  it('lowering the minimum group size once answers exist is refused', async () => {
    const context = await attackSetup([{ unit: 'Subdit A', grade: 'III/a', count: 6 }]);
    const { agent, csrf, db, round, employees } = context;
    await complete(context, employees[0], 4);
    const response = await agent.post(`/rounds/${round.row.id}/edit`).type('form').send({ _csrf: csrf, name: 'Diagnosis 2026', target: '4.00', min_group_size: '3' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('min_group_size');
    expect((db.prepare('SELECT min_group_size FROM rounds WHERE id = ?').get(round.row.id) as { min_group_size: number }).min_group_size).toBe(5);
    // Raising it stays possible.
    const raised = await agent.post(`/rounds/${round.row.id}/edit`).type('form').send({ _csrf: csrf, name: 'Diagnosis 2026', target: '4.00', min_group_size: '6' });
    expect(raised.status).toBe(303);
  });
});

/** Byte offsets of each needle in the file, in the needles' order (-1 when absent). */
function offsets(file: Buffer, needles: Buffer[]): number[] {
  return needles.map((needle) => file.indexOf(needle));
}

function isMonotone(values: number[]): boolean {
  const up = values.every((value, index) => index === 0 || value > values[index - 1]);
  const down = values.every((value, index) => index === 0 || value < values[index - 1]);
  return up || down;
}

describe('the database file of a closed round', () => {
  /** Twelve distinct answer patterns and comments, submitted in a known order. */
  async function closedRound() {
    const context = await attackSetup([{ unit: 'Subdit A', grade: 'III/a', count: 12 }]);
    const items = context.round.instrument.items.length;
    // A small linear congruential generator per respondent: distinct, reproducible patterns.
    const patterns = context.employees.map((_, r) => {
      let state = 1000 + r * 7919;
      return Buffer.from(Array.from({ length: items }, () => 1 + ((state = (state * 1103515245 + 12345) % 2147483648) >> 16) % 5));
    });
    for (const [r, employee] of context.employees.entries()) await complete(context, employee, (index) => patterns[r][index], `catatan-urutan-${String(r).padStart(2, '0')}`);
    const comments = context.employees.map((_, r) => Buffer.from(`catatan-urutan-${String(r).padStart(2, '0')}`));
    return { ...context, patterns, comments };
  }

  function storedIdOrder(db: Db, table: 'responses' | 'comments', needles: Buffer[]): number[] {
    const column = table === 'responses' ? 'answers' : 'text';
    const rows = db.prepare(`SELECT id, ${column} AS value FROM ${table} ORDER BY id`).all() as { id: number; value: Buffer | string }[];
    return needles.map((needle) => rows.findIndex((row) => Buffer.from(row.value as Buffer).equals(needle)));
  }

  it('keeps responses and comments in pages in an order unrelated to submission', async () => {
    const { agent, csrf, db, round, patterns, comments } = await closedRound();
    // Before the close, the pages list them in submission order (the README names this limit).
    expect(isMonotone(offsets(db.serialize(), patterns))).toBe(true);
    await close(agent, csrf, round.row.id);
    const file = db.serialize();
    const answerOffsets = offsets(file, patterns);
    const commentOffsets = offsets(file, comments);
    expect(answerOffsets.every((offset) => offset >= 0)).toBe(true);
    expect(commentOffsets.every((offset) => offset >= 0)).toBe(true);
    // After the release the tables are rebuilt: bytes follow the random ids, not the order of arrival.
    expect(isMonotone(answerOffsets)).toBe(false);
    expect(isMonotone(commentOffsets)).toBe(false);
    const byId = storedIdOrder(db, 'responses', patterns);
    const sortedByOffset = [...answerOffsets.keys()].sort((a, b) => answerOffsets[a] - answerOffsets[b]);
    expect(isMonotone(sortedByOffset.map((index) => byId[index]))).toBe(true);
  });
});
