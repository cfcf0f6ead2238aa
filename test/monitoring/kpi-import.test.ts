import type { Db } from '../../src/db/connection';
import { AppError } from '../../src/errors';
import * as plans from '../../src/plan/service';
import { importKpiFile } from '../../src/monitoring/kpi-import';
import { closePeriod } from '../../src/monitoring/indicators';
import { listIndicatorTargets, listRealisations } from '../../src/db/monitoring';
import { listIndicators } from '../../src/db/objectives';
import { countRows, freshDb } from '../helpers';
import { diagnosedPlan, NOW, person } from '../plan/fixtures';

const TABLES = ['indicators', 'indicator_targets', 'realisations', 'audit_log'];
const counts = (db: Db) => Object.fromEntries(TABLES.map((table) => [table, countRows(db, table)]));
const options = { fileName: 'iku.csv', now: NOW, actor: 'planner' };

function setup() {
  const db = freshDb();
  const { planId } = diagnosedPlan(db);
  plans.addObjective(db, planId, { perspective_code: 'LG', code: 'SS1', name: 'SDM kompeten' }, NOW, 'planner');
  person(db, 'Rina Wulandari', { nip: '198001012005012001' });
  return { db, planId };
}

async function refusedImport(db: Db, planId: number, csv: string) {
  const before = counts(db);
  const error = await importKpiFile(db, planId, Buffer.from(csv), options).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(422);
  expect(counts(db)).toEqual(before);
  return (error as AppError).problems;
}

describe('indicator import', () => {
  test('creates indicators and records targets and realisations, in the Indonesian Excel dialect', async () => {
    const { db, planId } = setup();
    const csv = [
      'Kode Indikator;Sasaran;Nama Indikator;Satuan;Polaritas;Frekuensi;Konsolidasi;Target Tahunan;Bobot;PJ;Periode;Target Periode;Realisasi;Catatan',
      'IKU1;SS1;Jam pelajaran per pegawai;JP;maksimal;triwulanan;jumlah;20;;198001012005012001;2027-Q1;4;3,5;pelatihan daring',
      'IKU1;;;;;;;;;;2027-Q2;6;7;',
      'IKU2;SS1;Keluhan;kasus;semakin rendah semakin baik;bulanan;jumlah;12;;Rina Wulandari;2027-01;1;2;',
    ].join('\r\n');
    const result = await importKpiFile(db, planId, Buffer.from(csv), options);
    expect(result).toEqual({ dryRun: false, rows: 3, created: 2, updated: 0, targets: 3, realisations: 3 });
    const rows = listIndicators(db, planId);
    expect(rows.map((row) => [row.code, row.polarity, row.frequency, row.consolidation, row.target])).toEqual([
      ['IKU1', 'maximize', 'quarterly', 'sum', 20],
      ['IKU2', 'minimize', 'monthly', 'sum', 12],
    ]);
    expect(listRealisations(db, planId).map((row) => [row.period, row.value, row.note])).toEqual([
      ['2027-Q1', 3.5, 'pelatihan daring'],
      ['2027-Q2', 7, ''],
      ['2027-01', 2, ''],
    ]);
    expect(listIndicatorTargets(db, planId)).toHaveLength(3);
    expect(countRows(db, 'audit_log')).toBeGreaterThan(0);
  });

  test('updates a known indicator and its periods when imported again', async () => {
    const { db, planId } = setup();
    await importKpiFile(db, planId, Buffer.from('indicator,objective,name,period,realisation\nIKU1,SS1,JP,2027-Q1,3\n'), options);
    const result = await importKpiFile(db, planId, Buffer.from('indicator,annual_target,period,realisation\nIKU1,24,2027-Q1,4\n'), options);
    expect(result).toMatchObject({ created: 0, updated: 1, realisations: 1 });
    expect(listIndicators(db, planId)[0].target).toBe(24);
    expect(listRealisations(db, planId)[0].value).toBe(4);
  });

  test('a dry run checks everything and writes nothing', async () => {
    const { db, planId } = setup();
    const before = counts(db);
    const result = await importKpiFile(db, planId, Buffer.from('indicator,objective,name,period,realisation\nIKU1,SS1,JP,2027-Q1,3\n'), { ...options, dryRun: true });
    expect(result).toMatchObject({ dryRun: true, created: 1, realisations: 1 });
    expect(counts(db)).toEqual(before);
  });

  test('every problem with its line and column, and nothing written', async () => {
    const { db, planId } = setup();
    const problems = await refusedImport(
      db,
      planId,
      [
        'indicator,objective,name,polarity,period,realisation,pic',
        'IKU1,SS1,JP,maximize,2027-Q1,3,',
        'IKU1,,,minimize,2027-Q2,4,', // contradicts line 2's polarity
        'IKU2,SS9,Lain,,2027-Q1,1,', // no such objective
        'IKU3,,Tanpa sasaran,,2027-Q1,1,', // new, no objective
        'IKU4,SS1,Periode salah,,2027-03,1,', // monthly period for a quarterly indicator
        'IKU5,SS1,Angka salah,,2027-Q1,"1.000,5",', // not a number
        'IKU6,SS1,Orang tak dikenal,,2027-Q1,1,Siapa Saja',
        'IKU1,,,,2027-Q1,5,', // the period again
        ',SS1,Tanpa kode,,,,',
      ].join('\n'),
    );
    const at = (line: number) => problems.filter((problem) => problem.line === line).map((problem) => `${problem.column}: ${problem.message}`);
    expect(at(3)).toEqual([expect.stringMatching(/^polarity \(D\): line 2 gives IKU1 "maximize"/)]);
    expect(at(4)).toEqual([expect.stringMatching(/^objective \(B\): no objective SS9 in this plan; use SS1/)]);
    expect(at(5)).toEqual([expect.stringMatching(/^objective \(B\): IKU3 is not in the plan yet/)]);
    expect(at(6)).toEqual([expect.stringMatching(/^period \(E\): .*reported quarterly/)]);
    expect(at(7)).toEqual([expect.stringMatching(/^realisation \(F\): use a number/)]);
    expect(at(8)).toEqual([expect.stringMatching(/^pic \(G\): "Siapa Saja" is not in the people directory/)]);
    expect(at(9)).toEqual([expect.stringMatching(/^period \(E\): line 2 already gives IKU1 for 2027-Q1/)]);
    expect(at(10)).toEqual([expect.stringMatching(/^indicator \(A\): the indicator's code is blank/)]);
  });

  test('a realisation of a closed quarter is refused with the quarter named', async () => {
    const { db, planId } = setup();
    await importKpiFile(db, planId, Buffer.from('indicator,objective,name\nIKU1,SS1,JP\n'), options);
    closePeriod(db, planId, '2027-Q1', NOW, 'planner');
    const problems = await refusedImport(db, planId, 'indicator,period,realisation\nIKU1,2027-Q1,3\n');
    expect(problems).toEqual([expect.objectContaining({ line: 2, message: expect.stringMatching(/2027-Q1 is closed/) })]);
  });

  test('a file without the indicator column or without rows is refused', async () => {
    const { db, planId } = setup();
    expect((await refusedImport(db, planId, 'name,period\nJP,2027-Q1\n'))[0].message).toMatch(/indicator/i);
    expect((await refusedImport(db, planId, 'indicator,period\n'))[0].message).toMatch(/no indicators/);
  });
});
