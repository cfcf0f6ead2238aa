import { CLI_ACTOR } from '../audit/log';
import type { Db } from '../db/connection';
import { listPeople } from '../db/actions';
import { listPlans } from '../db/plans';
import * as plans from '../plan/service';
import { acceptStarter, prefillSituation, showPlan, type ReportSettings } from '../plan/show';
import { listIndicators } from '../db/objectives';
import { setBudgetLine, setBudgetMonth } from '../monitoring/budget-service';
import { recordRealisation, setIndicatorTargets } from '../monitoring/indicators';

export const DEMO_PLAN = 'Rencana Kinerja Direktorat 2027 (demo)';

/**
 * The step after the demo diagnosis: a plan built from it, as the case did — leadership
 * interviews, the situation analysis filled from the published results, TOWS strategies, the
 * starter objectives for the three gaps taken, a stakeholder and a budget objective, cause-effect
 * links and action plans with a person in charge from the round's roster.
 */
export function seedDemoPlan(db: Db, roundId: number, now: Date, report: ReportSettings): number | null {
  if (listPlans(db).some((plan) => plan.name === DEMO_PLAN)) return null;
  return db.transaction(() => {
    const year = now.getUTCFullYear() + 1;
    const planId = plans.createPlan(db, { name: DEMO_PLAN, organisation: 'Direktorat Contoh (demo)', start_year: String(year), baseline_round: String(roundId) }, now, CLI_ACTOR);
    plans.updatePlanTexts(
      db,
      planId,
      {
        vision_id: 'Menjadi direktorat yang profesional, adaptif dan berbasis data dalam melayani pemangku kepentingan.',
        vision_en: 'A professional, adaptive and data-driven directorate serving its stakeholders.',
        mission_id: 'Mengembangkan kompetensi seluruh pegawai secara berkelanjutan\nMendigitalkan proses kerja utama\nMenjalankan setiap proses sesuai SOP yang tertulis dan diaudit',
        mission_en: 'Develop every employee\'s competence continuously\nDigitise the main work processes\nRun every process by written, audited SOPs',
        values_id: 'Berorientasi pelayanan\nAkuntabel\nKompeten\nHarmonis\nLoyal\nAdaptif\nKolaboratif',
        values_en: 'Service-oriented\nAccountable\nCompetent\nHarmonious\nLoyal\nAdaptive\nCollaborative',
        signatory_name: 'Dr. Hendra Saputra, M.Si.',
        signatory_position: 'Direktur',
        signatory_nip: '197203151998031002',
        signed_place: 'Jakarta',
      },
      now,
      CLI_ACTOR,
    );
    plans.addAspiration(db, planId, { interviewee: 'Dr. Hendra Saputra, M.Si.', position: 'Direktur', interviewed_on: `${year - 1}-11-25`, notes: 'Pimpinan ingin keputusan berbasis data dan layanan yang cepat kepada pemangku kepentingan.', themes: 'Layanan cepat dan terukur bagi pemangku kepentingan [CUS]\nPegawai yang kompeten dan terlatih [LG]\nPekerjaan administrasi yang didigitalkan [IBP, LG]' }, now, CLI_ACTOR);
    plans.addAspiration(db, planId, { interviewee: 'Dewi Rahmawati, S.E.', position: 'Kepala Subbagian Tata Usaha', interviewed_on: `${year - 1}-11-27`, notes: 'SOP tersedia tetapi belum disosialisasikan; penyerapan anggaran menumpuk di akhir tahun.', themes: 'SOP yang dipahami semua pegawai [IBP]\nPenyerapan anggaran merata sepanjang tahun [FIN]' }, now, CLI_ACTOR);

    prefillSituation(db, planId, { lang: 'id', report }, now, CLI_ACTOR);
    const opportunity = plans.addSwotEntry(db, planId, { kind: 'opportunity', text: 'Kebijakan SPBE nasional dan aplikasi umum yang tersedia gratis' }, now, CLI_ACTOR);
    plans.addSwotEntry(db, planId, { kind: 'opportunity', text: 'Program pelatihan daring lembaga pembina jabatan fungsional' }, now, CLI_ACTOR);
    const threat = plans.addSwotEntry(db, planId, { kind: 'threat', text: 'Pemotongan anggaran di tengah tahun (blokir)' }, now, CLI_ACTOR);

    const situation = showPlan(db, planId, { asOf: `${year}-01-01`, lang: 'id', report }).situation;
    const weakness = (code: string) => situation.weakness.find((entry) => entry.dimension_code === code)?.id;
    const strengths = situation.strength.map((entry) => entry.id);
    const digital = [weakness('LG-TI'), opportunity].filter((id): id is number => id !== undefined);
    if (weakness('LG-TI') !== undefined) plans.addStrategyOption(db, planId, { quadrant: 'WO', text: 'Memanfaatkan aplikasi SPBE untuk mendigitalkan persuratan dan arsip', factor_ids: digital }, now, CLI_ACTOR);
    if (strengths.length) plans.addStrategyOption(db, planId, { quadrant: 'ST', text: 'Mengandalkan budaya kerja yang kuat untuk menjaga kinerja saat anggaran dipotong', factor_ids: [strengths[0], threat] }, now, CLI_ACTOR);

    plans.importPeopleFromRoster(db, roundId, now, CLI_ACTOR);
    const people = listPeople(db);
    const pic = (index: number) => people[index % people.length].id;
    const starterOptions = { lang: 'id' as const, report };
    const offered = showPlan(db, planId, { asOf: `${year}-01-01`, lang: 'id', report }).starters.map((starter) => starter.key);
    offered.forEach((key, index) => {
      acceptStarter(db, planId, key, { indicator_indexes: [0, 1], action_indexes: [0, 1, 2], pic_id: String(pic(index * 3)) }, starterOptions, now, CLI_ACTOR);
    });

    const service = plans.addObjective(db, planId, { perspective_code: 'CUS', name: 'Meningkatnya kepuasan pemangku kepentingan', name_en: 'Stakeholder satisfaction raised', dimension_codes: ['CUS-LAY'] }, now, CLI_ACTOR);
    const ikm = plans.addIndicator(db, planId, service, { code: 'IKU-CUS1', name: 'Indeks Kepuasan Masyarakat (IKM)', unit: 'indeks', target: '85', frequency: 'semester', data_source: 'Survei Kepuasan Masyarakat', pic_id: pic(4) }, now, CLI_ACTOR);
    const budget = plans.addObjective(db, planId, { perspective_code: 'FIN', name: 'Terwujudnya pengelolaan anggaran yang akuntabel', name_en: 'Accountable budget management', dimension_codes: ['FIN-ANG'] }, now, CLI_ACTOR);
    const absorption = plans.addIndicator(db, planId, budget, { code: 'IKU-FIN1', name: 'Persentase penyerapan anggaran', unit: '%', target: '95', source: 'absorption', pic_id: pic(1) }, now, CLI_ACTOR);
    plans.addAction(db, planId, { objective_id: budget, title: 'Menyusun rencana penarikan dana (RPD) bulanan dan memantaunya', target_indicator: 'Deviasi RPD', target_value: '5', target_unit: '%', starts_on: `${year}-01-01`, ends_on: `${year}-12-31`, pic_id: pic(1), member_ids: [String(pic(2))], horizon: 'short_term', quarters: ['1', '2', '3', '4'], budget: '15000000', budget_code: '521211', spending_type: '52' }, now, CLI_ACTOR);
    plans.addAction(db, planId, { objective_id: service, title: 'Menyelenggarakan survei kepuasan pemangku kepentingan', target_indicator: 'Laporan SKM', target_value: '2', target_unit: 'laporan', starts_on: `${year}-04-01`, ends_on: `${year}-11-30`, pic_id: pic(4), horizon: 'short_term', quarters: ['2', '4'], budget: '25000000', budget_code: '521219', spending_type: '52' }, now, CLI_ACTOR);

    // Cause and effect, bottom to top: people and technology → processes → budget and stakeholders.
    const objectives = showPlan(db, planId, { asOf: `${year}-01-01`, lang: 'id', report }).objectives;
    const byStarter = (key: string) => objectives.find((objective) => objective.starter_key === key)?.id;
    const link = (cause: number | undefined, effect: number | undefined) => {
      if (cause !== undefined && effect !== undefined) plans.addLink(db, planId, { cause_id: cause, effect_id: effect }, now, CLI_ACTOR);
    };
    link(byStarter('hr_development'), byStarter('technology_use'));
    link(byStarter('hr_development'), byStarter('sop_compliance'));
    link(byStarter('technology_use'), byStarter('sop_compliance'));
    link(byStarter('sop_compliance'), budget);
    link(byStarter('sop_compliance'), service);
    link(budget, service);

    seedDemoMeasurement(db, planId, year, { ikm, absorption }, now);
    return planId;
  })();
}

/**
 * Two quarters of the plan's year measured, so the monitoring page and the evaluation report show
 * colours at once: each starter indicator's period targets and realisations for TW I and TW II
 * (some on track, some behind), the IKM of semester I, and a budget of three spending types with
 * its disbursement plan (RPD) and realisation for January to June.
 */
function seedDemoMeasurement(db: Db, planId: number, year: number, own: { ikm: number; absorption: number }, now: Date): void {
  const byName: Record<string, { targets: number[]; realised: (number | null)[] }> = {
    'Rata-rata jam pelajaran (JP) pengembangan kompetensi per pegawai per tahun': { targets: [4, 6, 5, 5], realised: [3, 5] },
    'Persentase pegawai yang memenuhi 20 JP pengembangan kompetensi': { targets: [10, 30, 60, 100], realised: [7, 21] },
    'Persentase proses kerja utama yang didigitalkan': { targets: [20, 40, 60, 80], realised: [25, 45] },
    'Persentase pegawai yang menggunakan aplikasi kerja secara rutin': { targets: [50, 60, 75, 90], realised: [48, 58] },
    'Persentase proses kerja utama yang memiliki SOP yang ditetapkan': { targets: [40, 60, 80, 100], realised: [40, 65] },
  };
  for (const indicator of listIndicators(db, planId)) {
    const figures = byName[indicator.name];
    if (figures) {
      setIndicatorTargets(db, planId, indicator.id, Object.fromEntries(figures.targets.map((target, index) => [`${year}-Q${index + 1}`, target])), now, CLI_ACTOR);
      figures.realised.forEach((value, index) => {
        if (value !== null) recordRealisation(db, planId, indicator.id, { period: `${year}-Q${index + 1}`, value }, now, CLI_ACTOR);
      });
    } else if (indicator.name === 'Tingkat kepatuhan terhadap SOP hasil audit') {
      recordRealisation(db, planId, indicator.id, { period: `${year}-S1`, value: 72 }, now, CLI_ACTOR);
      setIndicatorTargets(db, planId, indicator.id, { [`${year}-S1`]: 70, [`${year}-S2`]: 90 }, now, CLI_ACTOR);
    }
  }
  recordRealisation(db, planId, own.ikm, { period: `${year}-S1`, value: '78,5', note: 'SKM semester I' }, now, CLI_ACTOR);
  setIndicatorTargets(db, planId, own.absorption, { [`${year}-Q1`]: 15, [`${year}-Q2`]: 40, [`${year}-Q3`]: 60, [`${year}-Q4`]: 90 }, now, CLI_ACTOR);

  const million = 1_000_000;
  const budget: Record<string, { pagu: number; blokir: number; planned: number[]; realised: number[] }> = {
    '51': { pagu: 2400, blokir: 0, planned: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], realised: [195, 198, 205, 200, 202, 199] },
    '52': { pagu: 1800, blokir: 120, planned: [100, 120, 150, 150, 150, 160, 140, 140, 140, 150, 150, 130], realised: [80, 110, 160, 120, 140, 150] },
    '53': { pagu: 600, blokir: 0, planned: [0, 0, 50, 100, 100, 100, 100, 100, 50, 0, 0, 0], realised: [0, 0, 20, 60, 90, 130] },
  };
  for (const [type, line] of Object.entries(budget)) {
    setBudgetLine(db, planId, { year, spending_type: type, pagu: line.pagu * million, blokir: line.blokir * million }, now, CLI_ACTOR);
    line.planned.forEach((planned, index) => {
      const realised = line.realised[index];
      setBudgetMonth(db, planId, { year, spending_type: type, month: index + 1, planned: planned * million, ...(realised === undefined ? {} : { realised: realised * million }) }, now, CLI_ACTOR);
    });
  }
}
