import type { Db } from '../../src/db/connection';
import { addAction, addAspiration, addIndicator, addLink, addObjective, addProgress, addStrategyOption, addSwotEntry, cancelAction, updatePlanTexts } from '../../src/plan/service';
import { showPlan, type PlanShow } from '../../src/plan/show';
import { diagnosedPlan, NOW, person, REPORT_SETTINGS } from './fixtures';

/** The action titles and people in charge of `documentedPlan`, for checks that every one is printed. */
export const ACTION_TITLES = [
  'Survei kepuasan pemangku kepentingan',
  'Publikasi standar layanan di laman unit',
  'Rekonsiliasi realisasi anggaran bulanan',
  'Digitalisasi arsip surat masuk',
  'Reviu dan sosialisasi SOP layanan',
  'Pelatihan analis kebijakan (20 JP)',
  'Sertifikasi kompetensi teknis',
  'Penerapan aplikasi kolaborasi kerja',
];
export const PICS = ['Dewi Lestari', 'Budi Santoso', 'Rina Marlina', 'Agus Pratama'];

/**
 * A plan written out in full, as a planner would finish it: texts, two interviews, the situation
 * analysis filled from the diagnosis plus opportunities and threats, TOWS options, six objectives
 * over the four perspectives with indicators and cause → effect links, eight actions with budgets
 * and progress (one cancelled), and a signatory.
 */
export function documentedPlan(db: Db, options: { objectiveName?: string; signatory?: boolean } = {}): { planId: number } {
  const { planId } = diagnosedPlan(db);
  const at = NOW;
  updatePlanTexts(
    db,
    planId,
    {
      vision_id: 'Menjadi direktorat yang profesional, akuntabel dan melayani.',
      vision_en: 'A professional, accountable directorate that serves.',
      mission_id: 'Meningkatkan kualitas layanan kepada pemangku kepentingan\nMembangun SDM yang kompeten dan berintegritas\nMenerapkan tata kelola berbasis teknologi',
      mission_en: 'Improve services to stakeholders\nBuild competent staff of integrity\nRun governance on technology',
      values_id: 'Integritas\nProfesionalisme\nSinergi\nPelayanan',
      values_en: 'Integrity\nProfessionalism\nSynergy\nService',
      ...(options.signatory === false
        ? {}
        : { signatory_name: 'Dr. Siti Rahmawati, M.Si.', signatory_position: 'Direktur Contoh', signatory_nip: '197501012000032001', signed_place: 'Jakarta' }),
    },
    at,
    'planner',
  );
  addAspiration(db, planId, { interviewee: 'Dr. Siti Rahmawati, M.Si.', position: 'Direktur', interviewed_on: '2026-12-01', themes: 'Layanan digital bagi masyarakat [CUS, IBP]\nPenyerapan anggaran tepat waktu [FIN]\nSDM yang menguasai teknologi [LG]' }, at, 'planner');
  addAspiration(db, planId, { interviewee: 'Ir. Hendra Wijaya', position: 'Kepala Subdirektorat A', interviewed_on: '2026-12-03', themes: 'SOP yang dipatuhi semua pegawai [IBP]\nPelatihan yang terencana [LG]\nBudaya kerja yang terjaga' }, at, 'planner');

  const opportunity1 = addSwotEntry(db, planId, { kind: 'opportunity', text: 'Kebijakan transformasi digital pemerintah (SPBE)' }, at, 'planner');
  const opportunity2 = addSwotEntry(db, planId, { kind: 'opportunity', text: 'Anggaran pelatihan tersedia di tingkat kementerian' }, at, 'planner');
  const threat1 = addSwotEntry(db, planId, { kind: 'threat', text: 'Tuntutan pemangku kepentingan yang meningkat' }, at, 'planner');
  const threat2 = addSwotEntry(db, planId, { kind: 'threat', text: 'Pemotongan anggaran di tengah tahun' }, at, 'planner');
  const show = showPlan(db, planId, { asOf: '2027-01-10', lang: 'id', report: REPORT_SETTINGS });
  const strength = show.situation.strength[0].id;
  const weakness = (code: string) => show.situation.weakness.find((entry) => entry.dimension_code === code)?.id;
  const so = addStrategyOption(db, planId, { quadrant: 'SO', text: 'Memanfaatkan budaya kerja yang kuat untuk mempercepat layanan digital', factor_ids: [strength, opportunity1] }, at, 'planner');
  const wo = addStrategyOption(db, planId, { quadrant: 'WO', text: 'Memakai anggaran pelatihan kementerian untuk menutup kesenjangan kompetensi', factor_ids: [weakness('LG-HR'), opportunity2] }, at, 'planner');
  addStrategyOption(db, planId, { quadrant: 'ST', text: 'Menjaga mutu layanan dengan kerja tim lintas subdirektorat', factor_ids: [strength, threat1] }, at, 'planner');
  const wt = addStrategyOption(db, planId, { quadrant: 'WT', text: 'Membakukan SOP agar layanan tetap berjalan saat anggaran dipotong', factor_ids: [weakness('IBP-SOP'), threat2] }, at, 'planner');

  const objective = (perspective: string, name: string, dimensions: string[], optionIds: number[], nameEn = '') =>
    addObjective(db, planId, { perspective_code: perspective, name, name_en: nameEn, dimension_codes: dimensions, option_ids: optionIds }, at, 'planner');
  const satisfaction = objective('CUS', 'Meningkatnya kepuasan pemangku kepentingan', ['CUS-KEP'], [so], 'Higher stakeholder satisfaction');
  const budget = objective('FIN', 'Terwujudnya penyerapan anggaran yang optimal', ['FIN-ANG'], [], 'Optimal budget absorption');
  const sop = objective('IBP', 'Meningkatnya kepatuhan terhadap SOP', ['IBP-SOP'], [wt], 'Better SOP compliance');
  const coordination = objective('IBP', 'Terwujudnya tata kerja yang terkoordinasi', ['IBP-KOR'], [], 'Coordinated ways of working');
  const competence = objective('LG', options.objectiveName ?? 'Meningkatnya kompetensi SDM', ['LG-HR'], [wo], 'Higher staff competence');
  const technology = objective('LG', 'Meningkatnya pemanfaatan teknologi informasi', ['LG-TI'], [so], 'Better use of information technology');

  addIndicator(db, planId, satisfaction, { code: 'IKU 1', name: 'Indeks kepuasan pemangku kepentingan', unit: 'indeks', target: '80' }, at, 'planner');
  addIndicator(db, planId, budget, { code: 'IKU 2', name: 'Persentase penyerapan anggaran', unit: '%', target: '95' }, at, 'planner');
  addIndicator(db, planId, sop, { code: 'IKU 3', name: 'Persentase layanan sesuai SOP', unit: '%', target: '90' }, at, 'planner');
  addIndicator(db, planId, competence, { code: 'IKU 4', name: 'Rata-rata jam pelatihan per pegawai', unit: 'JP', target: '20' }, at, 'planner');
  addIndicator(db, planId, technology, { code: 'IKU 5', name: 'Persentase proses kerja yang didukung aplikasi', unit: '%', target: '60,5' }, at, 'planner');

  for (const [cause, effect] of [
    [competence, sop],
    [competence, coordination],
    [technology, sop],
    [sop, satisfaction],
    [coordination, satisfaction],
    [budget, satisfaction],
  ]) {
    addLink(db, planId, { cause_id: cause, effect_id: effect }, at, 'planner');
  }

  const [dewi, budi, rina, agus] = PICS.map((name) => person(db, name));
  const action = (objectiveId: number, index: number, pic: number, fields: Record<string, unknown>) =>
    addAction(db, planId, { objective_id: objectiveId, title: ACTION_TITLES[index], pic_id: pic, horizon: 'short_term', starts_on: '2027-01-01', ends_on: '2027-12-31', ...fields }, at, 'planner');
  action(satisfaction, 0, dewi, { target_indicator: 'Laporan survei kepuasan', target_value: '2', target_unit: 'laporan', quarters: [2, 4], budget: '12500000' });
  action(satisfaction, 1, budi, { target_indicator: 'Standar layanan terbit', target_value: '1', target_unit: 'dokumen', quarters: [1], budget: '0', ends_on: '2027-03-31' });
  const reconcile = action(budget, 2, rina, { target_indicator: 'Berita acara rekonsiliasi', target_value: '12', target_unit: 'berita acara', quarters: [1, 2, 3, 4], budget: '4750000' });
  action(coordination, 3, budi, { target_indicator: 'Arsip terdigitalisasi', target_value: '80', target_unit: '%', quarters: [2, 3], budget: '35000000', member_ids: [agus] });
  action(sop, 4, agus, { target_indicator: 'SOP direviu dan disosialisasikan', target_value: '15', target_unit: 'SOP', quarters: [1, 2], budget: '18250000' });
  action(competence, 5, dewi, { target_indicator: 'Pegawai terlatih', target_value: '28', target_unit: 'orang', quarters: [2, 3], budget: '56000000', horizon: 'continuous', ends_on: '2029-12-31' });
  const certification = action(competence, 6, rina, { target_indicator: 'Pegawai tersertifikasi', target_value: '5', target_unit: 'orang', quarters: [3, 4], budget: '25000000' });
  action(technology, 7, agus, { target_indicator: 'Aplikasi dipakai semua subdirektorat', target_value: '100', target_unit: '%', quarters: [1, 2, 3, 4], budget: '42000000' });
  addProgress(db, reconcile, { reported_on: '2027-01-09', percent: '10', note: 'Rekonsiliasi Desember selesai' }, at, 'planner');
  cancelAction(db, planId, certification, { cancelled_on: '2027-01-09', reason: 'Digabung dengan pelatihan' }, at, 'planner');
  return { planId };
}

export function documentedShow(db: Db, lang: 'id' | 'en' = 'id', options: Parameters<typeof documentedPlan>[1] = {}): PlanShow {
  const { planId } = documentedPlan(db, options);
  return showPlan(db, planId, { asOf: '2027-01-10', lang, report: REPORT_SETTINGS });
}
