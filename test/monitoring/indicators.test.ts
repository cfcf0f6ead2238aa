import type { Db } from '../../src/db/connection';
import { AppError } from '../../src/errors';
import * as plans from '../../src/plan/service';
import * as kpi from '../../src/monitoring/indicators';
import { listRealisations, listIndicatorTargets } from '../../src/db/monitoring';
import { listIndicators, listObjectives } from '../../src/db/objectives';
import { countRows, freshDb } from '../helpers';
import { diagnosedPlan, NOW, person } from '../plan/fixtures';

const TABLES = ['indicators', 'indicator_targets', 'realisations', 'period_closures', 'objectives', 'audit_log'];
const counts = (db: Db) => Object.fromEntries(TABLES.map((table) => [table, countRows(db, table)]));

/** Runs a change that must be refused; returns its problems and checks that nothing was written. */
function refused(db: Db, change: () => unknown, status = 422): { field?: string; message: string; value?: string | null }[] {
  const before = counts(db);
  const planBefore = db.prepare('SELECT * FROM plans').all();
  let caught: unknown;
  try {
    change();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).status).toBe(status);
  expect(counts(db)).toEqual(before);
  expect(db.prepare('SELECT * FROM plans').all()).toEqual(planBefore);
  return (caught as AppError).problems;
}

function setup() {
  const db = freshDb();
  const { planId } = diagnosedPlan(db);
  const objectiveId = plans.addObjective(db, planId, { perspective_code: 'LG', code: 'SS1', name: 'SDM kompeten' }, NOW, 'planner');
  const other = plans.addObjective(db, planId, { perspective_code: 'LG', code: 'SS2', name: 'TI dimanfaatkan' }, NOW, 'planner');
  const pic = person(db, 'Rina Wulandari');
  const indicatorId = kpi.addIndicator(db, planId, objectiveId, { code: 'IKU1', name: 'JP per pegawai', unit: 'JP', target: '20', consolidation: 'sum', pic_id: String(pic) }, NOW, 'planner');
  return { db, planId, objectiveId, other, pic, indicatorId };
}

describe('indicator definition', () => {
  test('an indicator keeps every field of its definition', () => {
    const { db, planId, objectiveId, pic } = setup();
    const id = kpi.addIndicator(
      db,
      planId,
      objectiveId,
      { code: 'IKU2', name: 'Keluhan layanan', definition: 'Keluhan tertulis', formula: 'jumlah keluhan', unit: 'kasus', polarity: 'minimize', frequency: 'monthly', consolidation: 'sum', baseline: '12', target: '6', data_source: 'Buku pengaduan', pic_id: pic },
      NOW,
      'planner',
    );
    const row = listIndicators(db, planId).find((item) => item.id === id)!;
    expect(row).toMatchObject({ code: 'IKU2', polarity: 'minimize', frequency: 'monthly', consolidation: 'sum', baseline: 12, target: 6, data_source: 'Buku pengaduan', pic_id: pic, source: 'entered' });
  });

  test('a range needs both bounds, lower below upper; a target of 0 is refused', () => {
    const { db, planId, objectiveId } = setup();
    expect(refused(db, () => kpi.addIndicator(db, planId, objectiveId, { name: 'Rasio', polarity: 'range', lower_bound: '85' }, NOW, 'planner')).map((p) => p.field)).toEqual(['upper_bound']);
    expect(refused(db, () => kpi.addIndicator(db, planId, objectiveId, { name: 'Rasio', polarity: 'range', lower_bound: '95', upper_bound: '85' }, NOW, 'planner'))[0].message).toMatch(/upper bound is below/);
    expect(refused(db, () => kpi.addIndicator(db, planId, objectiveId, { name: 'Nol', target: '0' }, NOW, 'planner'))[0]).toMatchObject({ field: 'target' });
    expect(refused(db, () => kpi.addIndicator(db, planId, objectiveId, { name: 'X', polarity: 'sideways' }, NOW, 'planner'))[0]).toMatchObject({ field: 'polarity' });
  });

  test('a computed source names what it reads from the plan', () => {
    const { db, planId, objectiveId } = setup();
    const id = kpi.addIndicator(db, planId, objectiveId, { name: 'Skor SDM', source: 'survey', source_level: 'dimension', source_code: 'lg-hr', source_measure: 'mean', target: '4' }, NOW, 'planner');
    expect(listIndicators(db, planId).find((row) => row.id === id)).toMatchObject({ source: 'survey', source_level: 'dimension', source_code: 'LG-HR', source_measure: 'mean' });
    expect(refused(db, () => kpi.addIndicator(db, planId, objectiveId, { name: 'Skor', source: 'survey', source_code: 'NOPE' }, NOW, 'planner'))[0].message).toMatch(/no dimension "NOPE"/);
    expect(refused(db, () => kpi.addIndicator(db, planId, objectiveId, { name: 'Serapan', source: 'absorption', source_code: '99', target: '90' }, NOW, 'planner'))[0].message).toMatch(/no spending type 99/);
  });

  test('a frequency cannot change under recorded periods', () => {
    const { db, planId, indicatorId } = setup();
    kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: '6' }, NOW, 'planner');
    const row = listIndicators(db, planId).find((item) => item.id === indicatorId)!;
    expect(refused(db, () => kpi.updateIndicator(db, planId, indicatorId, { ...row, frequency: 'monthly' }, NOW, 'planner'))[0]).toMatchObject({ field: 'frequency' });
  });
});

describe('realisations', () => {
  test('old → new in the audit log, and a blank value removes it', () => {
    const { db, planId, indicatorId } = setup();
    kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: '6' }, NOW, 'rina');
    kpi.recordRealisation(db, planId, indicatorId, { period: 'TW I 2027', value: '6,5', note: 'koreksi' }, NOW, 'rina');
    expect(listRealisations(db, planId)).toMatchObject([{ period: '2027-Q1', value: 6.5, note: 'koreksi', recorded_by: 'rina' }]);
    const entries = db.prepare("SELECT actor, details FROM audit_log WHERE action = 'kpi.realisation' ORDER BY id").all() as { actor: string; details: string }[];
    expect(entries.map((entry) => JSON.parse(entry.details))).toEqual([
      expect.objectContaining({ period: '2027-Q1', old: null, new: 6 }),
      expect.objectContaining({ period: '2027-Q1', old: 6, new: 6.5 }),
    ]);
    kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: '' }, NOW, 'rina');
    expect(listRealisations(db, planId)).toEqual([]);
  });

  test('a period of another frequency, outside the plan or not a period is refused', () => {
    const { db, planId, indicatorId } = setup();
    expect(refused(db, () => kpi.recordRealisation(db, planId, indicatorId, { period: '2027-03', value: '1' }, NOW, 'x'))[0].message).toMatch(/reported quarterly: write the period like 2027-Q1/);
    expect(refused(db, () => kpi.recordRealisation(db, planId, indicatorId, { period: '2029-Q1', value: '1' }, NOW, 'x'))[0].message).toMatch(/the plan runs 2027–2027/);
    expect(refused(db, () => kpi.recordRealisation(db, planId, indicatorId, { period: 'kemarin', value: '1' }, NOW, 'x'))[0]).toMatchObject({ field: 'period', value: 'kemarin' });
    expect(refused(db, () => kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: '1.000,5' }, NOW, 'x'))[0]).toMatchObject({ field: 'value' });
  });

  test('attack: a contributor cannot report on an indicator someone else is in charge of', () => {
    const { db, planId, indicatorId, pic } = setup();
    const stranger = person(db, 'Budi');
    refused(db, () => kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: '5' }, NOW, 'budi', { ownPersonId: stranger }), 403);
    refused(db, () => kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: '5' }, NOW, 'nobody', { ownPersonId: null }), 403);
    kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: '5' }, NOW, 'rina', { ownPersonId: pic });
    expect(listRealisations(db, planId)).toHaveLength(1);
  });

  test('a computed indicator has no realisation to type in', () => {
    const { db, planId, objectiveId } = setup();
    const id = kpi.addIndicator(db, planId, objectiveId, { name: 'Serapan', source: 'absorption', target: '90' }, NOW, 'planner');
    expect(refused(db, () => kpi.recordRealisation(db, planId, id, { period: '2027-Q1', value: '20' }, NOW, 'x'))[0].message).toMatch(/computed from the budget/);
  });

  test('attack: a closed quarter freezes its figures until an administrator reopens it with a reason', () => {
    const { db, planId, indicatorId } = setup();
    kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: '5' }, NOW, 'planner');
    kpi.closePeriod(db, planId, '2027-Q1', NOW, 'planner');
    expect(refused(db, () => kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: '9' }, NOW, 'planner'))[0].message).toMatch(/2027-Q1 is closed/);
    expect(refused(db, () => kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: '' }, NOW, 'planner'))[0].message).toMatch(/closed/);
    expect(refused(db, () => kpi.setIndicatorTargets(db, planId, indicatorId, { '2027-Q1': '4' }, NOW, 'planner'))[0].message).toMatch(/closed/);
    expect(refused(db, () => kpi.closePeriod(db, planId, '2027-Q1', NOW, 'planner'))[0].message).toMatch(/already closed/);
    expect(refused(db, () => kpi.reopenPeriod(db, planId, '2027-Q1', { reason: ' ' }, NOW, 'admin'))[0]).toMatchObject({ field: 'reason' });
    kpi.reopenPeriod(db, planId, '2027-Q1', { reason: 'Data BKD terlambat' }, NOW, 'admin');
    kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: '9' }, NOW, 'planner');
    expect(listRealisations(db, planId)[0].value).toBe(9);
    const reopen = db.prepare("SELECT details FROM audit_log WHERE action = 'period.reopen'").get() as { details: string };
    expect(JSON.parse(reopen.details)).toMatchObject({ period: '2027-Q1', reason: 'Data BKD terlambat' });
  });

  test('period targets are set, changed and removed, each in the audit log', () => {
    const { db, planId, indicatorId } = setup();
    kpi.setIndicatorTargets(db, planId, indicatorId, { '2027-Q1': '4', '2027-Q2': '6' }, NOW, 'planner');
    kpi.setIndicatorTargets(db, planId, indicatorId, { '2027-Q1': '', '2027-Q2': '7' }, NOW, 'planner');
    expect(listIndicatorTargets(db, planId)).toEqual([{ indicator_id: indicatorId, period: '2027-Q2', target: 7 }]);
    expect(refused(db, () => kpi.setIndicatorTargets(db, planId, indicatorId, { '2027-Q3': '5', '2027-05': '1' }, NOW, 'planner'))[0]).toMatchObject({ field: '2027-05' });
  });
});

describe('weights', () => {
  test('set per level; refused with the level named unless they sum to 100 %', () => {
    const { db, planId, objectiveId, indicatorId } = setup();
    const second = kpi.addIndicator(db, planId, objectiveId, { code: 'IKU2', name: 'Pegawai terlatih' }, NOW, 'planner');
    expect(refused(db, () => kpi.setWeights(db, planId, 'indicators', objectiveId, { [indicatorId]: '60', [second]: '30' }, NOW, 'planner'))[0].message).toBe("the weights of the indicators of SS1 sum to 90 %, not 100 %");
    expect(refused(db, () => kpi.setWeights(db, planId, 'indicators', objectiveId, { [indicatorId]: '60' }, NOW, 'planner'))[0].message).toMatch(/give every one of the indicators of SS1 a weight \(missing: IKU2\)/);
    kpi.setWeights(db, planId, 'indicators', objectiveId, { [indicatorId]: '60', [second]: '40' }, NOW, 'planner');
    expect(listIndicators(db, planId).map((row) => row.weight)).toEqual([60, 40]);
    const objectives = listObjectives(db, planId);
    expect(refused(db, () => kpi.setWeights(db, planId, 'objectives', 'LG', { [objectives[0].id]: '70', [objectives[1].id]: '40' }, NOW, 'planner'))[0].message).toBe('the weights of the objectives of perspective LG sum to 110 %, not 100 %');
    expect(refused(db, () => kpi.setWeights(db, planId, 'perspectives', null, { CUS: '25', FIN: '15', IBP: '30', LG: '20' }, NOW, 'planner'))[0].message).toBe('the weights of the perspectives sum to 90 %, not 100 %');
    kpi.setWeights(db, planId, 'perspectives', null, { CUS: '25', FIN: '15', IBP: '30', LG: '30' }, NOW, 'planner');
    expect(JSON.parse((db.prepare('SELECT perspective_weights FROM plans').get() as { perspective_weights: string }).perspective_weights)).toEqual({ CUS: 25, FIN: 15, IBP: 30, LG: 30 });
    kpi.setWeights(db, planId, 'perspectives', null, {}, NOW, 'planner');
    expect((db.prepare('SELECT perspective_weights FROM plans').get() as { perspective_weights: string | null }).perspective_weights).toBeNull();
  });

  test('a weight given with a new indicator must keep its objective whole; none given puts the objective back to equal weights', () => {
    const { db, planId, objectiveId, indicatorId } = setup();
    expect(refused(db, () => kpi.addIndicator(db, planId, objectiveId, { name: 'X', weight: '50' }, NOW, 'planner'))[0].message).toMatch(/would sum to 50 %/);
    const second = kpi.addIndicator(db, planId, objectiveId, { name: 'Y' }, NOW, 'planner');
    kpi.setWeights(db, planId, 'indicators', objectiveId, { [indicatorId]: '70', [second]: '30' }, NOW, 'planner');
    kpi.addIndicator(db, planId, objectiveId, { name: 'Z' }, NOW, 'planner');
    expect(listIndicators(db, planId).map((row) => row.weight)).toEqual([null, null, null]);
  });

  test('measurement settings: green starts at or above where red ends', () => {
    const { db, planId } = setup();
    expect(refused(db, () => kpi.updateMonitoringSettings(db, planId, { index_cap: '120', red_below: '90', green_from: '85' }, NOW, 'planner'))[0]).toMatchObject({ field: 'green_from' });
    expect(refused(db, () => kpi.updateMonitoringSettings(db, planId, { index_cap: '90', red_below: '80', green_from: '100' }, NOW, 'planner'))[0]).toMatchObject({ field: 'index_cap' });
    kpi.updateMonitoringSettings(db, planId, { index_cap: '110', red_below: '75', green_from: '95' }, NOW, 'planner');
    expect(db.prepare('SELECT index_cap, red_below, green_from FROM plans').get()).toEqual({ index_cap: 110, red_below: 75, green_from: 95 });
  });
});

describe('hostile and edge input (found by attacking the pages)', () => {
  test('a number too large to be a figure (400 digits would be Infinity) is refused and nothing is written', () => {
    const { db, planId, indicatorId } = setup();
    const huge = '1' + '0'.repeat(400);
    expect(refused(db, () => kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: huge }, NOW, 'x'))[0]).toMatchObject({ field: 'value' });
    expect(refused(db, () => kpi.setIndicatorTargets(db, planId, indicatorId, { '2027-Q1': huge }, NOW, 'x'))[0]).toMatchObject({ field: '2027-Q1' });
    expect(refused(db, () => kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: 1e300 }, NOW, 'x'))[0]).toMatchObject({ field: 'value' });
  });

  test('a negative target or bound is refused: dividing by it would turn better into worse', () => {
    const { db, planId, objectiveId } = setup();
    expect(refused(db, () => kpi.addIndicator(db, planId, objectiveId, { name: 'Turun', target: '-10' }, NOW, 'x'))[0]).toMatchObject({ field: 'target' });
    expect(refused(db, () => kpi.addIndicator(db, planId, objectiveId, { name: 'Rentang', polarity: 'range', lower_bound: '-10', upper_bound: '-2' }, NOW, 'x'))[0]).toMatchObject({ field: 'lower_bound' });
  });

  test('an absorption indicator is read as its last known value, whatever consolidation was asked', () => {
    const { db, planId, objectiveId } = setup();
    const id = kpi.addIndicator(db, planId, objectiveId, { name: 'Serapan', source: 'absorption', consolidation: 'sum', target: '90' }, NOW, 'x');
    expect(listIndicators(db, planId).find((row) => row.id === id)?.consolidation).toBe('last');
  });

  test('attack: a closed quarter cannot be rewritten through the definition that judges it; the name can still change', () => {
    const { db, planId, indicatorId } = setup();
    kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: '10' }, NOW, 'x');
    kpi.closePeriod(db, planId, '2027-Q1', NOW, 'x');
    expect(refused(db, () => kpi.updateIndicator(db, planId, indicatorId, { target: '40', polarity: 'minimize' }, NOW, 'x'))[0].message).toMatch(/closed 2027-Q1: the target, polarity that judge them stay/);
    kpi.updateIndicator(db, planId, indicatorId, { name: 'JP per pegawai (jam)' }, NOW, 'x');
    expect(listIndicators(db, planId).find((row) => row.id === indicatorId)).toMatchObject({ name: 'JP per pegawai (jam)', target: 20, polarity: 'maximize' });
  });

  test('attack: removing an indicator does not erase a closed quarter; otherwise its figures go into the audit entry and its objective returns to equal weights', () => {
    const { db, planId, objectiveId, indicatorId } = setup();
    const second = kpi.addIndicator(db, planId, objectiveId, { code: 'IKU2', name: 'Pegawai' }, NOW, 'x');
    kpi.setWeights(db, planId, 'indicators', objectiveId, { [indicatorId]: '60', [second]: '40' }, NOW, 'x');
    kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: '10' }, NOW, 'x');
    kpi.closePeriod(db, planId, '2027-Q1', NOW, 'x');
    expect(refused(db, () => plans.removeElement(db, planId, 'indicator', indicatorId, NOW, 'x'))[0].message).toMatch(/closed 2027-Q1/);
    expect(refused(db, () => plans.removeElement(db, planId, 'objective', objectiveId, NOW, 'x'))[0].message).toMatch(/closed 2027-Q1/);
    kpi.reopenPeriod(db, planId, '2027-Q1', { reason: 'koreksi' }, NOW, 'admin');
    plans.removeElement(db, planId, 'indicator', indicatorId, NOW, 'x');
    expect(listIndicators(db, planId).map((row) => row.weight)).toEqual([null]);
    const entry = db.prepare("SELECT details FROM audit_log WHERE action = 'plan.remove' ORDER BY id DESC").get() as { details: string };
    expect(JSON.parse(entry.details)).toMatchObject({ element: 'indicator', code: 'IKU1', realisations: { '2027-Q1': 10 }, weights: 'reset to equal' });
  });

  test('attack: a weight field named __proto__ is refused, not silently dropped (which reset the weights)', () => {
    const { db, planId, objectiveId, indicatorId } = setup();
    const second = kpi.addIndicator(db, planId, objectiveId, { code: 'IKU2', name: 'Pegawai' }, NOW, 'x');
    kpi.setWeights(db, planId, 'indicators', objectiveId, { [indicatorId]: '60', [second]: '40' }, NOW, 'x');
    const body = JSON.parse('{"__proto__": "100"}') as Record<string, unknown>;
    expect(refused(db, () => kpi.setWeights(db, planId, 'indicators', objectiveId, body, NOW, 'x'))[0]).toMatchObject({ field: '__proto__' });
    expect(listIndicators(db, planId).map((row) => row.weight)).toEqual([60, 40]);
  });

  test('a change that changes nothing leaves no audit entry; a changed note is recorded old → new', () => {
    const { db, planId, indicatorId } = setup();
    const before = countRows(db, 'audit_log');
    kpi.updateIndicator(db, planId, indicatorId, { weight: null }, NOW, 'x');
    expect(countRows(db, 'audit_log')).toBe(before);
    kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: '6' }, NOW, 'x');
    kpi.recordRealisation(db, planId, indicatorId, { period: '2027-Q1', value: '6', note: 'data BKD' }, NOW, 'x');
    const last = db.prepare("SELECT details FROM audit_log WHERE action = 'kpi.realisation' ORDER BY id DESC").get() as { details: string };
    expect(JSON.parse(last.details)).toMatchObject({ old: 6, new: 6, note: { old: '', new: 'data BKD' } });
  });
});
