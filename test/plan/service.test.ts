import type { Db } from '../../src/db/connection';
import { AppError } from '../../src/errors';
import * as plans from '../../src/plan/service';
import { acceptStarter, discardStarter, prefillSituation, showPlan } from '../../src/plan/show';
import { createRound } from '../../src/survey/rounds';
import { countRows, freshDb } from '../helpers';
import { addRosterEntry } from '../../src/survey/roster';
import { diagnosedPlan, NOW, person, REPORT_SETTINGS } from './fixtures';

const TABLES = ['plans', 'aspirations', 'swot_entries', 'strategy_options', 'objectives', 'objective_links', 'indicators', 'people', 'actions', 'action_members', 'milestones', 'progress_updates', 'audit_log'];

function counts(db: Db): Record<string, number> {
  return Object.fromEntries(TABLES.map((table) => [table, countRows(db, table)]));
}

/** Runs a change that must be refused; returns its problems and checks that nothing was written. */
function refused(db: Db, change: () => unknown, status = 422): { field?: string; message: string; value?: string | null }[] {
  const before = counts(db);
  let caught: unknown;
  try {
    change();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).status).toBe(status);
  expect(counts(db)).toEqual(before);
  return (caught as AppError).problems;
}

function show(db: Db, planId: number, asOf = '2027-06-30') {
  return showPlan(db, planId, { asOf, lang: 'id', report: REPORT_SETTINGS });
}

function objective(db: Db, planId: number, input: Record<string, unknown> = {}): number {
  return plans.addObjective(db, planId, { perspective_code: 'LG', name: 'Sasaran', ...input }, NOW, 'planner');
}

function action(db: Db, planId: number, input: Record<string, unknown>): number {
  return plans.addAction(db, planId, { title: 'Aksi', target_indicator: 'JP', starts_on: '2027-01-01', ends_on: '2027-12-31', horizon: 'short_term', ...input }, NOW, 'planner');
}

describe('plans', () => {
  it('creates a plan on its baseline round, with the public-sector perspective order, and records it', () => {
    const db = freshDb();
    const { planId, roundId } = diagnosedPlan(db, { prefill: false });
    const plan = show(db, planId);
    expect(plan.period).toBe('2027');
    expect(plan.settings.perspective_order).toEqual(['CUS', 'FIN', 'IBP', 'LG']);
    expect(plan.rounds).toEqual([{ id: roundId, name: 'Diagnosis 2026', purpose: 'baseline', published: true }]);
    expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'plan.create'").get()).toEqual({ n: 1 });
  });

  it('refuses a second plan for the same organisation and period, a bad year range and an unknown round', () => {
    const db = freshDb();
    diagnosedPlan(db, { prefill: false });
    expect(refused(db, () => plans.createPlan(db, { name: 'Lagi', organisation: 'direktorat contoh', start_year: '2027' }, NOW, 'p'))[0]).toMatchObject({ field: 'start_year' });
    expect(refused(db, () => plans.createPlan(db, { name: 'X', start_year: '2027', end_year: '2026' }, NOW, 'p'))[0]).toMatchObject({ field: 'end_year' });
    expect(refused(db, () => plans.createPlan(db, { name: 'X', start_year: '20x7' }, NOW, 'p'))[0]).toMatchObject({ field: 'start_year' });
    expect(refused(db, () => plans.createPlan(db, { name: 'X', start_year: '2030', baseline_round: '99' }, NOW, 'p'))[0]).toMatchObject({ field: 'baseline_round', value: '99' });
  });

  it('refuses a perspective order that leaves one out or names an unknown one', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db, { prefill: false });
    expect(refused(db, () => plans.updatePlanSettings(db, planId, { perspective_order: ['CUS', 'FIN', 'IBP'], behind_margin: '15', load_limit: '3' }, NOW, 'p'))[0]).toMatchObject({ field: 'perspective_order' });
    expect(refused(db, () => plans.updatePlanSettings(db, planId, { perspective_order: ['CUS', 'FIN', 'IBP', 'XX'], behind_margin: '15', load_limit: '3' }, NOW, 'p'))[0]).toMatchObject({ field: 'perspective_order' });
    plans.updatePlanSettings(db, planId, { perspective_order: ['FIN', 'CUS', 'IBP', 'LG'], behind_margin: '10', load_limit: '2' }, NOW, 'p');
    expect(show(db, planId).settings).toEqual({ perspective_order: ['FIN', 'CUS', 'IBP', 'LG'], behind_margin: 10, load_limit: 2 });
  });
});

describe('aspirations', () => {
  it('keeps themes with the perspectives they concern and summarises them per perspective', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db, { prefill: false });
    plans.addAspiration(db, planId, { interviewee: 'Direktur', position: 'Direktur', interviewed_on: '2026-12-05', themes: 'Layanan digital [CUS, ibp]\nPegawai kompeten [LG]' }, NOW, 'p');
    plans.addAspiration(db, planId, { interviewee: 'Kasubdit', themes: 'SOP yang jelas [IBP]' }, NOW, 'p');
    const plan = show(db, planId);
    expect(plan.aspirations[0].themes).toEqual([
      { text: 'Layanan digital', perspectives: ['CUS', 'IBP'] },
      { text: 'Pegawai kompeten', perspectives: ['LG'] },
    ]);
    expect(plan.aspiration_summary).toEqual([
      { perspective: 'CUS', themes: 1, interviews: 1 },
      { perspective: 'FIN', themes: 0, interviews: 0 },
      { perspective: 'IBP', themes: 2, interviews: 2 },
      { perspective: 'LG', themes: 1, interviews: 1 },
    ]);
  });

  it('refuses an unknown perspective code in a theme, and an interview without who', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db, { prefill: false });
    expect(refused(db, () => plans.addAspiration(db, planId, { interviewee: 'Direktur', themes: 'Digital [XYZ]' }, NOW, 'p'))[0]).toMatchObject({ field: 'themes', value: 'XYZ' });
    expect(refused(db, () => plans.addAspiration(db, planId, { interviewee: ' ' }, NOW, 'p'))[0]).toMatchObject({ field: 'interviewee' });
    expect(refused(db, () => plans.addAspiration(db, planId, { interviewee: 'A', interviewed_on: '2026-02-30' }, NOW, 'p'))[0]).toMatchObject({ field: 'interviewed_on' });
  });
});

describe('situation analysis', () => {
  it('fills weaknesses (interval below target) and strengths (interval at or above) from the published report, with live figures', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    const plan = show(db, planId);
    expect(plan.situation.weakness.map((entry) => entry.dimension_code).sort()).toEqual(['IBP-SOP', 'LG-HR', 'LG-TI']);
    expect(plan.situation.strength.map((entry) => entry.dimension_code)).toEqual(['LG-BUD']);
    // By hand from the fixture: every respondent answers 2 or 3 alternately on HR items → mean 2.5, gap −1.5.
    expect(plan.situation.weakness.find((entry) => entry.dimension_code === 'LG-HR')?.dimension).toMatchObject({ mean: 2.5, gap: -1.5, target_status: 'below_target' });
    expect(plan.situation.weakness.map((entry) => entry.label)).toEqual(['W1', 'W2', 'W3']);
    // Dimensions near 4 are not placed: their intervals contain the target.
    expect(plan.unplaced_dimensions.every((dimension) => dimension.target_status !== 'below_target' && dimension.target_status !== 'at_or_above_target')).toBe(true);
  });

  it('cites nothing and fills nothing while the baseline round has no published results', () => {
    const db = freshDb();
    const round = createRound(db, { name: 'Masih dibuka' }, NOW, 'p');
    const planId = plans.createPlan(db, { name: 'Rencana', start_year: '2027', baseline_round: String(round.row.id) }, NOW, 'p');
    expect(show(db, planId).diagnosis).toBeNull();
    expect(show(db, planId).starters).toEqual([]);
    expect(refused(db, () => prefillSituation(db, planId, { lang: 'id', report: REPORT_SETTINGS }, NOW, 'p'))[0]).toMatchObject({ field: 'round' });
  });

  it('refuses a TOWS option citing a factor of the wrong kind or none of its internal kind', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    const plan = show(db, planId);
    const weakness = plan.situation.weakness[0].id;
    const strength = plan.situation.strength[0].id;
    const opportunity = plans.addSwotEntry(db, planId, { kind: 'opportunity', text: 'Program SPBE nasional' }, NOW, 'p');
    expect(refused(db, () => plans.addStrategyOption(db, planId, { quadrant: 'SO', text: 'X', factor_ids: [String(weakness), String(opportunity)] }, NOW, 'p'))[0]).toMatchObject({ field: 'factor_ids', value: String(weakness) });
    expect(refused(db, () => plans.addStrategyOption(db, planId, { quadrant: 'WO', text: 'X', factor_ids: [String(opportunity)] }, NOW, 'p'))[0]).toMatchObject({ field: 'factor_ids' });
    expect(refused(db, () => plans.addStrategyOption(db, planId, { quadrant: 'WO', text: 'X', factor_ids: ['9999'] }, NOW, 'p'))[0]).toMatchObject({ value: '9999' });
    const option = plans.addStrategyOption(db, planId, { quadrant: 'WO', text: 'Digitalisasi memanfaatkan SPBE', factor_ids: [String(weakness), String(opportunity)] }, NOW, 'p');
    plans.addStrategyOption(db, planId, { quadrant: 'SO', text: 'Budaya kerja', factor_ids: [strength] }, NOW, 'p');
    expect(show(db, planId).strategy_options.map((item) => [item.code, item.factor_labels])).toEqual([
      ['SO1', ['S1']],
      ['WO1', ['W1', 'O1']],
    ]);
    expect(option).toBeGreaterThan(0);
  });
});

describe('objectives and links', () => {
  it('shows each objective with the gaps of the dimensions it cites, in the plan\'s perspective order', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    objective(db, planId, { name: 'Kompetensi', dimension_codes: ['lg-hr', 'LG-TI'] });
    objective(db, planId, { perspective_code: 'CUS', name: 'Layanan prima' });
    const plan = show(db, planId);
    expect(plan.objectives.map((item) => item.code)).toEqual(['SS2', 'SS1']);
    expect(plan.objectives[1]).toMatchObject({ dimension_codes: ['LG-HR', 'LG-TI'], gap: -1.5 });
  });

  it('refuses an unknown perspective, an unknown dimension, an unknown strategy and a taken code', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    objective(db, planId, { code: 'SS1' });
    expect(refused(db, () => objective(db, planId, { perspective_code: 'HR' }))[0]).toMatchObject({ field: 'perspective_code', value: 'HR' });
    expect(refused(db, () => objective(db, planId, { dimension_codes: ['LG-XX'] }))[0]).toMatchObject({ field: 'dimension_codes', value: 'LG-XX' });
    expect(refused(db, () => objective(db, planId, { option_ids: ['77'] }))[0]).toMatchObject({ field: 'option_ids' });
    expect(refused(db, () => objective(db, planId, { code: 'ss1' }))[0]).toMatchObject({ field: 'code' });
  });

  it('refuses a link that closes a cycle (also through a third objective), a self-link and a repeated link', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    const [a, b, c] = [objective(db, planId), objective(db, planId, { perspective_code: 'IBP' }), objective(db, planId, { perspective_code: 'CUS' })];
    plans.addLink(db, planId, { cause_id: a, effect_id: b }, NOW, 'p');
    plans.addLink(db, planId, { cause_id: b, effect_id: c }, NOW, 'p');
    expect(refused(db, () => plans.addLink(db, planId, { cause_id: c, effect_id: a }, NOW, 'p'))[0].message).toBe('SS3 → SS1 would make a cycle: SS1 already leads to SS3');
    expect(refused(db, () => plans.addLink(db, planId, { cause_id: a, effect_id: a }, NOW, 'p'))[0]).toMatchObject({ field: 'effect_id' });
    expect(refused(db, () => plans.addLink(db, planId, { cause_id: a, effect_id: b }, NOW, 'p'))[0].message).toMatch(/already on the map/);
  });

  it('refuses a link to an objective of another plan', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    const other = plans.createPlan(db, { name: 'Lain', organisation: 'Unit lain', start_year: '2027' }, NOW, 'p');
    const mine = objective(db, planId);
    const theirs = objective(db, other);
    expect(refused(db, () => plans.addLink(db, planId, { cause_id: mine, effect_id: theirs }, NOW, 'p'))[0]).toMatchObject({ field: 'effect_id' });
  });

  it('removing an objective removes its actions and links with it, in one step', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    const [a, b] = [objective(db, planId), objective(db, planId, { perspective_code: 'IBP' })];
    plans.addLink(db, planId, { cause_id: a, effect_id: b }, NOW, 'p');
    action(db, planId, { objective_id: a, pic_id: person(db, 'Budi') });
    plans.removeElement(db, planId, 'objective', a, NOW, 'p');
    expect([countRows(db, 'objectives'), countRows(db, 'objective_links'), countRows(db, 'actions')]).toEqual([1, 0, 0]);
  });
});

describe('starters', () => {
  it('offers a starter for each focus area below target and none for work culture (above target)', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    expect(show(db, planId).starters.map((starter) => starter.key)).toEqual(['hr_development', 'technology_use', 'sop_compliance']);
  });

  it('accepting creates the objective citing the dimension, the chosen indicators and actions with the PIC; discarding hides it', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    const pic = person(db, 'Siti');
    acceptStarter(db, planId, 'hr_development', { indicator_indexes: [0], action_indexes: [0, 1], pic_id: String(pic) }, { lang: 'id', report: REPORT_SETTINGS }, NOW, 'p');
    discardStarter(db, planId, 'technology_use', NOW, 'p');
    const plan = show(db, planId);
    expect(plan.objectives[0]).toMatchObject({ perspective: 'LG', dimension_codes: ['LG-HR'], starter_key: 'hr_development' });
    expect(plan.objectives[0].indicators.map((indicator) => [indicator.unit, indicator.target])).toEqual([['JP', 20]]);
    // The needs analysis runs in TW I only (1 January – 31 March); the training is continuous to the plan's end.
    expect(plan.actions.map((item) => [item.pic.name, item.horizon, item.starts_on, item.ends_on])).toEqual([
      ['Siti', 'short_term', '2027-01-01', '2027-03-31'],
      ['Siti', 'continuous', '2027-01-01', '2027-12-31'],
    ]);
    expect(plan.starters.map((starter) => starter.key)).toEqual(['sop_compliance']);
  });

  it('refuses to take a starter with actions but no PIC, writing nothing', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    expect(refused(db, () => acceptStarter(db, planId, 'sop_compliance', { indicator_indexes: [0], action_indexes: [0], pic_id: '' }, { lang: 'id', report: REPORT_SETTINGS }, NOW, 'p'))[0]).toMatchObject({ field: 'pic_id' });
  });
});

describe('action plans', () => {
  it('refuses a PIC who is not in the directory, naming the field and value', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    const objectiveId = objective(db, planId);
    expect(refused(db, () => action(db, planId, { objective_id: objectiveId, pic_id: '42' }))[0]).toMatchObject({ field: 'pic_id', value: '42' });
    expect(refused(db, () => action(db, planId, { objective_id: objectiveId }))[0]).toMatchObject({ field: 'pic_id' });
  });

  it('refuses an end before the start, a short-term action outside the plan year, a bad quarter and a budget that is no whole rupiah', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    const base = { objective_id: objective(db, planId), pic_id: person(db, 'Budi') };
    expect(refused(db, () => action(db, planId, { ...base, starts_on: '2027-06-01', ends_on: '2027-05-31' }))[0]).toMatchObject({ field: 'ends_on' });
    expect(refused(db, () => action(db, planId, { ...base, ends_on: '2028-03-31' }))[0]).toMatchObject({ field: 'ends_on', value: '2028-03-31' });
    expect(refused(db, () => action(db, planId, { ...base, quarters: ['5'] }))[0].field).toMatch(/^quarters/);
    expect(refused(db, () => action(db, planId, { ...base, budget: '12,5' }))[0]).toMatchObject({ field: 'budget' });
    expect(refused(db, () => action(db, planId, { ...base, budget: '12.50' }))[0]).toMatchObject({ field: 'budget' });
    expect(refused(db, () => action(db, planId, { ...base, budget: '-5' }))[0]).toMatchObject({ field: 'budget' });
    // A continuous action may run past the plan year.
    expect(action(db, planId, { ...base, horizon: 'continuous', ends_on: '2028-03-31' })).toBeGreaterThan(0);
  });

  it('reads a budget written with thousands dots or "Rp" as whole rupiah', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    const base = { objective_id: objective(db, planId), pic_id: person(db, 'Budi') };
    action(db, planId, { ...base, budget: '12.500.000' });
    action(db, planId, { ...base, budget: 'Rp 150.000.000' });
    action(db, planId, { ...base, budget: 7500000 });
    expect(show(db, planId).actions.map((item) => item.budget)).toEqual([12500000, 150000000, 7500000]);
  });

  it('says which spending type a budget is drawn from, and refuses one that does not exist', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    const base = { objective_id: objective(db, planId), pic_id: person(db, 'Budi'), budget: '5.000.000' };
    action(db, planId, { ...base, spending_type: '52' });
    expect(show(db, planId).actions.map((item) => item.spending_type)).toEqual(['52']);
    expect(refused(db, () => action(db, planId, { ...base, spending_type: '99' }))[0]).toMatchObject({ field: 'spending_type', value: '99' });
    expect(refused(db, () => action(db, planId, { ...base, spending_type: 'barang' }))[0]).toMatchObject({ field: 'spending_type' });
  });

  it('keeps the progress history and computes the status as of any date', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    const id = action(db, planId, { objective_id: objective(db, planId), pic_id: person(db, 'Budi'), quarters: ['1', '2', '3', '4'], budget: '12500000' });
    plans.addProgress(db, id, { reported_on: '2027-03-31', percent: '25' }, NOW, 'budi');
    plans.addProgress(db, id, { reported_on: '2027-06-30', percent: '30' }, NOW, 'budi');
    expect(show(db, planId, '2027-04-15').actions[0]).toMatchObject({ status: 'on_track', progress: 25, quarters: [1, 2, 3, 4], budget: 12500000 });
    // 30 June is day 181 of 365: 49.6 % elapsed, 30 % done → 19.6 points behind.
    expect(show(db, planId, '2027-06-30').actions[0]).toMatchObject({ status: 'behind', progress: 30 });
    expect(show(db, planId, '2027-06-30').actions[0].updates).toHaveLength(2);
  });

  it('refuses progress outside 0–100, without a figure, or on a cancelled action', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    const id = action(db, planId, { objective_id: objective(db, planId), pic_id: person(db, 'Budi') });
    expect(refused(db, () => plans.addProgress(db, id, { reported_on: '2027-03-31', percent: '101' }, NOW, 'p'))[0]).toMatchObject({ field: 'percent' });
    expect(refused(db, () => plans.addProgress(db, id, { reported_on: '2027-03-31', percent: '-1' }, NOW, 'p'))[0]).toMatchObject({ field: 'percent' });
    expect(refused(db, () => plans.addProgress(db, id, { reported_on: '2027-03-31' }, NOW, 'p'))[0]).toMatchObject({ field: 'percent' });
    expect(refused(db, () => plans.addProgress(db, id, { reported_on: '2027-03-31', percent: '10', evidence_url: 'javascript:alert(1)' }, NOW, 'p'))[0]).toMatchObject({ field: 'evidence_url' });
    plans.cancelAction(db, planId, id, { cancelled_on: '2027-02-01', reason: 'Anggaran dialihkan' }, NOW, 'p');
    expect(refused(db, () => plans.addProgress(db, id, { reported_on: '2027-03-31', percent: '10' }, NOW, 'p'))[0]).toMatchObject({ field: 'percent' });
    expect(show(db, planId).actions[0]).toMatchObject({ status: 'cancelled', cancel_reason: 'Anggaran dialihkan' });
  });

  it('refuses progress on another PIC\'s action when limited to one person (a contributor), writing nothing', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    const budi = person(db, 'Budi');
    const siti = person(db, 'Siti');
    const id = action(db, planId, { objective_id: objective(db, planId), pic_id: budi });
    refused(db, () => plans.addProgress(db, id, { reported_on: '2027-03-31', percent: '50' }, NOW, 'siti', siti), 403);
    expect(plans.addProgress(db, id, { reported_on: '2027-03-31', percent: '50' }, NOW, 'budi', budi)).toBeGreaterThan(0);
  });

  it('flags a person over the load limit with the day the peak starts', () => {
    const db = freshDb();
    const { planId } = diagnosedPlan(db);
    plans.updatePlanSettings(db, planId, { perspective_order: ['CUS', 'FIN', 'IBP', 'LG'], behind_margin: '15', load_limit: '1' }, NOW, 'p');
    const objectiveId = objective(db, planId);
    const budi = person(db, 'Budi');
    const siti = person(db, 'Siti');
    action(db, planId, { objective_id: objectiveId, pic_id: budi, starts_on: '2027-01-01', ends_on: '2027-06-30' });
    action(db, planId, { objective_id: objectiveId, pic_id: siti, member_ids: [String(budi)], starts_on: '2027-03-01', ends_on: '2027-09-30' });
    const people = show(db, planId).people;
    expect(people.find((item) => item.name === 'Budi')?.load).toEqual({ actions: 2, peak_concurrent: 2, peak_on: '2027-03-01', overloaded: true });
    expect(people.find((item) => item.name === 'Siti')?.load.overloaded).toBe(false);
  });
});

describe('people', () => {
  it('refuses a second person with the same NIP and a malformed NIP', () => {
    const db = freshDb();
    person(db, 'Budi', { nip: '198501012010011001' });
    expect(refused(db, () => person(db, 'Budi Lain', { nip: '1985 0101 2010 0110 01' }))[0]).toMatchObject({ field: 'nip' });
    expect(refused(db, () => person(db, 'X', { nip: '12345' }))[0]).toMatchObject({ field: 'nip' });
  });

  it('imports the roster once: a second import adds nobody', () => {
    const db = freshDb();
    const { roundId } = diagnosedPlan(db);
    addRosterEntry(db, roundId, { name: 'Budi', unit: 'Subdit A', employee_no: '198501012010011001' }, NOW, 'p');
    addRosterEntry(db, roundId, { name: 'Siti', unit: 'Subdit B', email: 'siti@example.go.id' }, NOW, 'p');
    expect(plans.importPeopleFromRoster(db, roundId, NOW, 'p')).toEqual({ added: 2, skipped: 0 });
    expect(plans.importPeopleFromRoster(db, roundId, NOW, 'p')).toEqual({ added: 0, skipped: 2 });
    expect(db.prepare('SELECT name, unit, nip, email FROM people ORDER BY name').all()).toEqual([
      { name: 'Budi', unit: 'Subdit A', nip: '198501012010011001', email: null },
      { name: 'Siti', unit: 'Subdit B', nip: null, email: 'siti@example.go.id' },
    ]);
  });
});
