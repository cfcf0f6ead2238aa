import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAndPrepare } from '../../src/bootstrap';
import type { Db } from '../../src/db/connection';
import { insertResponse } from '../../src/db/responses';
import { addInstrument } from '../../src/survey/instruments';
import { addRosterEntry } from '../../src/survey/roster';
import { createRound, type Round } from '../../src/survey/rounds';
import { buildReport } from '../../src/report/build-report';
import { rawData } from '../../src/report/raw-data';
import { createTestApp, loggedIn, runCli } from '../helpers';

/**
 * Six respondents answering the six items of LG-HR (one blank), nothing else. Expected values
 * from R 4.2 with psych 2.2.9:
 *   x <- matrix(c(4,4,3,5,4,4, 2,3,2,2,3,2, 5,5,4,4,5,5, 3,NA,3,3,2,3, 4,3,4,4,4,3, 1,2,2,1,2,2), ncol = 6, byrow = TRUE)
 */
const HR_ANSWERS = [
  [4, 4, 3, 5, 4, 4],
  [2, 3, 2, 2, 3, 2],
  [5, 5, 4, 4, 5, 5],
  [3, 0, 3, 3, 2, 3],
  [4, 3, 4, 4, 4, 3],
  [1, 2, 2, 1, 2, 2],
];
const UNITS = ['Subdit A', 'Subdit A', 'Subdit A', 'Subdit B', 'Subdit B', 'Subdit B'];

function storeHrAnswers(db: Db, round: Round, channel: 'online' | 'paper' = 'online'): void {
  const hrItems = round.instrument.items.filter((item) => item.dimension === 'LG-HR');
  HR_ANSWERS.forEach((row, respondent) => {
    const answers = Buffer.alloc(round.instrument.items.length);
    hrItems.forEach((item, index) => (answers[item.index] = row[index]));
    insertResponse(db, {
      round_id: round.row.id,
      channel: respondent < 4 ? channel : 'paper',
      unit: UNITS[respondent],
      grade: 'III/a',
      answers,
      submitted_on: '2026-11-28',
      form_id: respondent < 4 ? null : `P-${respondent}`,
      batch_id: null,
    });
  });
  // As published by a close, with the units as given (the report's suppression is tested on them).
  db.prepare('UPDATE responses SET release = 1 WHERE round_id = ? AND release IS NULL').run(round.row.id);
}

describe('GET /api/rounds/:id/report', () => {
  it('reports the stored answers with the figures R computes', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db);
    const round = createRound(db, { name: 'Diagnosis 2026' }, new Date(), 'test');
    for (let i = 0; i < 8; i += 1) addRosterEntry(db, round.row.id, { name: `E${i}`, unit: 'Subdit A' }, new Date(), 'test');
    storeHrAnswers(db, round);

    const response = await agent.get(`/api/rounds/${round.row.id}/report`);
    expect(response.status).toBe(200);
    const report = response.body;
    expect(report.round).toEqual({
      id: round.row.id,
      name: 'Diagnosis 2026',
      instrument: 'bsc-default',
      scale: { min: 1, max: 5 },
      invited: 8,
      responses: 6,
      online: 4,
      paper: 2,
      response_rate: 6 / 8,
      exceeds_roster: false,
      pending: 0,
      release: 1,
    });
    // t <- qt(0.975, 4); t / sqrt(4 + t^2)
    expect(report.thresholds.r_critical).toBeCloseTo(0.81140135189950779, 9);
    expect(report.thresholds).toMatchObject({ alpha_min: 0.6, min_group_size: 5 });

    const hr = report.dimensions.find((d: { code: string }) => d.code === 'LG-HR');
    // s <- rowMeans(x, na.rm = TRUE); mean(s); sd(s)
    expect(hr.n).toBe(6);
    expect(hr.mean).toBeCloseTo(3.1888888888888891, 9);
    expect(hr.sd).toBeCloseTo(1.1198544879019212, 9);
    expect(hr.target).toBe(4);
    // mean(s) - 4; mean(s) / 4 * 100; mean(s) / 5 * 100
    expect(hr.gap).toBeCloseTo(-0.81111111111111089, 9);
    expect(hr.achievement_pct).toBeCloseTo(79.722222222222229, 9);
    expect(hr.scale_pct).toBeCloseTo(63.777777777777779, 9);
    expect(hr.category).toBe('medium');
    expect(hr.focus).toBe('hr_development');
    // psych::alpha(na.omit(x))$total$raw_alpha
    expect(hr.alpha).toBeCloseTo(0.96569343065693425, 9);
    expect(hr.reliable).toBe(true);

    const first = report.items.find((item: { code: string }) => item.code === 'LG-HR-01');
    // mean(x[,1]); sd(x[,1]); psych::alpha(na.omit(x))$item.stats$r.drop[1]
    expect(first.mean).toBeCloseTo(3.1666666666666665, 9);
    expect(first.sd).toBeCloseTo(1.4719601443879744, 9);
    expect(first.item_total_r).toBeCloseTo(0.99134279556372107, 9);
    expect(first.valid).toBe(true);
    const second = report.items.find((item: { code: string }) => item.code === 'LG-HR-02');
    // mean(x[,2], na.rm = TRUE); median(x[,2], na.rm = TRUE)
    expect(second.n).toBe(5);
    expect(second.mean).toBeCloseTo(3.4, 9);
    expect(second.median).toBe(3);
    expect(second.distribution).toEqual({ '1': 0, '2': 1, '3': 2, '4': 1, '5': 1 });
    // psych::alpha(na.omit(x))$item.stats$r.drop[2]
    expect(second.item_total_r).toBeCloseTo(0.87985497335911789, 9);

    expect(report.priorities.map((p: { code: string }) => p.code)).toEqual(['LG-HR']);
    const unitRows = report.groups.find((g: { by: string }) => g.by === 'unit').rows;
    // Both units have 3 respondents, fewer than 5: both suppressed, no mean shown.
    expect(unitRows).toEqual([
      expect.objectContaining({ group: 'Subdit A', n: 3, suppressed: true }),
      expect.objectContaining({ group: 'Subdit B', n: 3, suppressed: true }),
    ]);
    expect(unitRows.every((row: { dimensions: Record<string, unknown> }) => Object.values(row.dimensions).every((mean) => mean === null))).toBe(true);
    expect(report.comparison).toBeNull();
  });

  it('gives a perspective the mean of its dimensions\' targets, so overrides move its gap too', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const round = createRound(db, { name: 'Targets' }, new Date(), 'test');
    storeHrAnswers(db, round);
    // LG has four dimensions: LG-HR at 3.00 and three at the round's 4.00 → (3 + 4 + 4 + 4) / 4 = 3.75.
    await agent.post(`/rounds/${round.row.id}/targets`).type('form').send({ 'LG-HR': '3', _csrf: csrf });
    const report = (await agent.get(`/api/rounds/${round.row.id}/report`)).body;
    const lg = report.perspectives.find((p: { code: string }) => p.code === 'LG');
    expect(lg.target).toBe(3.75);
    // Only LG-HR was answered, so the LG mean equals the LG-HR mean (3.18888…, see above).
    expect(lg.gap).toBeCloseTo(3.1888888888888891 - 3.75, 9);
    expect(report.dimensions.find((d: { code: string }) => d.code === 'LG-HR').gap).toBeCloseTo(0.1888888888888891, 9);
  });

  it('applies the configured category boundary rule', async () => {
    const { app, db } = createTestApp({ categoryBoundary: 'upper' });
    const { agent } = await loggedIn(app, db);
    const round = createRound(db, { name: 'Boundary' }, new Date(), 'test');
    storeHrAnswers(db, round);
    const report = (await agent.get(`/api/rounds/${round.row.id}/report`)).body;
    expect(report.thresholds.category_boundary).toBe('upper');
  });

  it('names the dimension in English with ?lang=en', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db);
    const round = createRound(db, { name: 'R' }, new Date(), 'test');
    const response = await agent.get(`/api/rounds/${round.row.id}/report?lang=en`);
    expect(response.body.dimensions.find((d: { code: string }) => d.code === 'LG-HR').name).toBe(round.instrument.definition.perspectives[3].dimensions.find((d) => d.code === 'LG-HR')?.name.en);
  });

  it('gives null with a reason, never NaN, for a round without answers', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db);
    const round = createRound(db, { name: 'Empty' }, new Date(), 'test');
    const report = (await agent.get(`/api/rounds/${round.row.id}/report`)).body;
    expect(report.round.response_rate).toBeNull();
    expect(report.dimensions[0].mean).toBeNull();
    expect(report.dimensions[0].null_reasons.mean).toBe('no answers');
    expect(report.thresholds.r_critical).toBeNull();
  });

  it('compares with an earlier round of the same instrument', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db);
    const earlier = createRound(db, { name: '2025' }, new Date(), 'test');
    const later = createRound(db, { name: '2026' }, new Date(), 'test');
    storeHrAnswers(db, earlier);
    storeHrAnswers(db, later);
    const report = (await agent.get(`/api/rounds/${later.row.id}/report?compare=${earlier.row.id}`)).body;
    expect(report.comparison.round).toEqual({ id: earlier.row.id, name: '2025' });
    const hr = report.comparison.dimensions.find((row: { code: string }) => row.code === 'LG-HR');
    expect(hr.change).toBe(0);
    expect(hr.previous_mean).toBeCloseTo(3.1888888888888891, 9);
  });

  it('refuses to compare with a round of another instrument, or with itself (422), and an unknown round (404)', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db);
    const round = createRound(db, { name: 'R' }, new Date(), 'test');
    const other = structuredClone(round.instrument.definition);
    other.code = 'bsc-other';
    addInstrument(db, JSON.stringify(other), new Date());
    const otherRound = createRound(db, { name: 'Other', instrument: 'bsc-other' }, new Date(), 'test');
    const mismatch = await agent.get(`/api/rounds/${round.row.id}/report?compare=${otherRound.row.id}`);
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error).toBe('Rounds of different instruments cannot be compared');
    expect((await agent.get(`/api/rounds/${round.row.id}/report?compare=99`)).status).toBe(404);
    const same = await agent.get(`/api/rounds/${round.row.id}/report?compare=${round.row.id}`);
    expect(same.status).toBe(422);
    expect(same.body.problems[0]).toMatchObject({ field: 'compare' });
  });
});

describe('potret report --format json', () => {
  it('prints the same report as the API', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-report-'));
    const file = path.join(dir, 'potret.db');
    const { db } = openAndPrepare(file);
    const round = createRound(db, { name: 'CLI' }, new Date(), 'test');
    storeHrAnswers(db, round);
    db.close();
    const { code, stdout } = await runCli(['report', String(round.row.id), '--format', 'json'], { POTRET_DB: file });
    expect(code).toBe(0);
    const report = JSON.parse(stdout.toString('utf8'));
    expect(report.dimensions.find((d: { code: string }) => d.code === 'LG-HR').alpha).toBeCloseTo(0.96569343065693425, 9);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
