import type { Status } from '../../src/monitoring/achievement';
import type { Evaluation, IndicatorEvaluation, IndicatorPeriodFigures, ObjectiveEvaluation } from '../../src/monitoring/evaluation';
import type { Lang } from '../../src/i18n';
import type { BudgetFigures, BudgetMonthFigures, BudgetTypeFigures } from '../../src/monitoring/budget';

const MILLION = 1_000_000;
const TARGETS = [15, 40, 60, 90];
const TOLERANCE = 5;

/** A spending type's months from its RPD plan and realisations (millions of rupiah), computed as the BRIEF defines absorption and RPD deviation. */
function spendingType(code: string, name: string, pagu: number, blokir: number, planned: number[], realised: number[], actionsBudget: number, throughMonth: number): BudgetTypeFigures {
  const available = (pagu - blokir) * MILLION;
  let cumulativePlanned = 0;
  let cumulativeRealised = 0;
  const months: BudgetMonthFigures[] = planned.map((plan, index) => {
    const month = index + 1;
    const reported = month <= throughMonth;
    cumulativePlanned += plan * MILLION;
    if (reported) cumulativeRealised += realised[index] * MILLION;
    const deviation = reported && plan > 0 ? (Math.abs(realised[index] - plan) / plan) * 100 : null;
    return {
      month,
      planned: plan * MILLION,
      realised: reported ? realised[index] * MILLION : null,
      cumulative_planned: cumulativePlanned,
      cumulative_realised: reported ? cumulativeRealised : null,
      absorption_pct: reported ? (cumulativeRealised / available) * 100 : null,
      plan_pct: (cumulativePlanned / available) * 100,
      target_pct: month % 3 === 0 ? TARGETS[month / 3 - 1] : null,
      rpd_deviation_pct: deviation,
      rpd_within_tolerance: deviation === null ? null : deviation <= TOLERANCE,
    };
  });
  return { code, name, pagu: pagu * MILLION, blokir: blokir * MILLION, available, actions_budget: actionsBudget * MILLION, months, quarters: quartersOf(months) };
}

function quartersOf(months: BudgetMonthFigures[]): BudgetTypeFigures['quarters'] {
  return TARGETS.map((target, index) => {
    const absorption = months[index * 3 + 2].absorption_pct;
    return { quarter: (index + 1) as 1 | 2 | 3 | 4, absorption_pct: absorption, target_pct: target, met: absorption === null ? null : absorption >= target };
  });
}

/** The total: sums per month, the RPD deviation weighted by each type's share of the available budget. */
function totalOf(types: BudgetTypeFigures[], name: string): BudgetTypeFigures {
  const available = types.reduce((sum, type) => sum + type.available, 0);
  const months = types[0].months.map((_, index) => {
    const of = (pick: (month: BudgetMonthFigures) => number | null) => {
      const values = types.map((type) => pick(type.months[index]));
      return values.some((value) => value === null) ? null : (values as number[]).reduce((sum, value) => sum + value, 0);
    };
    const weighted = types.filter((type) => type.months[index].rpd_deviation_pct !== null);
    const weight = weighted.reduce((sum, type) => sum + type.available, 0);
    const deviation = weighted.length ? weighted.reduce((sum, type) => sum + (type.available / weight) * (type.months[index].rpd_deviation_pct as number), 0) : null;
    const cumulativeRealised = of((month) => month.cumulative_realised);
    const cumulativePlanned = of((month) => month.cumulative_planned) as number;
    return {
      month: index + 1,
      planned: of((month) => month.planned) as number,
      realised: of((month) => month.realised),
      cumulative_planned: cumulativePlanned,
      cumulative_realised: cumulativeRealised,
      absorption_pct: cumulativeRealised === null ? null : (cumulativeRealised / available) * 100,
      plan_pct: (cumulativePlanned / available) * 100,
      target_pct: types[0].months[index].target_pct,
      rpd_deviation_pct: deviation,
      rpd_within_tolerance: deviation === null ? null : deviation <= TOLERANCE,
    };
  });
  return {
    code: 'total',
    name,
    pagu: types.reduce((sum, type) => sum + type.pagu, 0),
    blokir: types.reduce((sum, type) => sum + type.blokir, 0),
    available,
    actions_budget: types.reduce((sum, type) => sum + type.actions_budget, 0),
    months,
    quarters: quartersOf(months),
  };
}

/** The budget of 2027 with realisations entered through `throughMonth` (June for TW II). */
export function budgetFixture(lang: Lang = 'id', throughMonth = 6): BudgetFigures {
  const en = lang === 'en';
  const types = [
    spendingType('51', en ? 'Personnel' : 'Belanja Pegawai', 1200, 0, Array(12).fill(100), [98, 101, 100, 99, 102, 100, 100, 99, 101, 100, 100, 98], 0, throughMonth),
    spendingType('52', en ? 'Goods and services' : 'Belanja Barang', 850, 50, [20, 40, 60, 70, 70, 80, 80, 80, 80, 80, 80, 60], [19, 38, 33, 50, 50, 60, 70, 75, 80, 80, 78, 60], 168.5, throughMonth),
    spendingType('53', en ? 'Capital' : 'Belanja Modal', 400, 0, [0, 0, 20, 40, 40, 60, 60, 60, 40, 40, 20, 20], [0, 0, 3.2, 5, 10, 15, 30, 41, 40, 40, 20, 20], 25, throughMonth),
  ];
  return {
    year: 2027,
    through_month: throughMonth,
    types,
    total: totalOf(types, en ? 'Total' : 'Jumlah'),
    rpd_tolerance: TOLERANCE,
    targets: Object.fromEntries([...types.map((type) => type.code), 'total'].map((code) => [code, [...TARGETS]])),
    targets_are_defaults: true,
  };
}

const STATUS_OF = (index: number | null): Status | null => (index === null ? null : index < 80 ? 'red' : index < 100 ? 'yellow' : 'green');

function period(code: string, name: string, target: number | null, realisation: number | null, achievement: number | null, closed: boolean): IndicatorPeriodFigures {
  const index = achievement === null ? null : Math.min(120, Math.max(0, achievement));
  return { period: code, name, target, realisation, achievement_pct: achievement, index_pct: index, status: STATUS_OF(index), closed };
}

type IndicatorInput = Pick<IndicatorEvaluation, 'id' | 'code' | 'name' | 'unit' | 'objective_id' | 'objective_code' | 'perspective' | 'periods'> & Partial<IndicatorEvaluation>;

function indicator(input: IndicatorInput): IndicatorEvaluation {
  const achievement = input.achievement_pct ?? null;
  const index = achievement === null ? null : Math.min(120, Math.max(0, achievement));
  return {
    definition: '',
    formula: '',
    data_source: '',
    source_level: null,
    source_code: null,
    source_measure: null,
    polarity: 'maximize',
    lower_bound: null,
    upper_bound: null,
    frequency: 'quarterly',
    consolidation: 'last',
    baseline: null,
    annual_target: null,
    weight: 100,
    weight_set: null,
    pic: null,
    source: 'entered',
    source_ref: '',
    target: null,
    target_basis: 'periods',
    realisation: null,
    achievement_pct: achievement,
    index_pct: index,
    status: STATUS_OF(index),
    missing_periods: input.periods.filter((item) => item.realisation === null).map((item) => item.period),
    ...input,
  };
}

const NO_ACTIONS: ObjectiveEvaluation['actions'] = { not_started: 0, on_track: 0, behind: 0, overdue: 0, done: 0, cancelled: 0 };

/**
 * A hand-built evaluation of TW II 2027 for a directorate: five objectives over the four
 * perspectives, seven indicators (one not reported at all, one with a month missing, one range),
 * the budget of three spending types, actions behind for two people, one prompt of each kind,
 * three survey changes and two reminders. NKO = 0.25·104 + 0.15·92 + 0.30·90 + 0.30·102 = 97.4.
 */
export function evaluationFixture(lang: Lang = 'id'): Evaluation {
  const en = lang === 'en';
  const q = (n: number) => (en ? `Q${n} 2027` : `TW ${['I', 'II'][n - 1]} 2027`);
  const month = (n: number) => (en ? ['January', 'February', 'March', 'April', 'May', 'June'] : ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni'])[n - 1] + ' 2027';
  const people = {
    dewi: { id: 1, name: 'Dewi Lestari' },
    rina: { id: 2, name: 'Rina Marlina' },
    budi: { id: 3, name: 'Budi Santoso, S.Kom.' },
    agus: { id: 4, name: 'Agus Pratama' },
    sari: { id: 5, name: 'Sari Wulandari' },
  };
  const budget = budgetFixture(lang);
  const absorptionQ1 = budget.total.quarters[0].absorption_pct as number;
  const absorptionQ2 = budget.total.quarters[1].absorption_pct as number;

  const indicators: IndicatorEvaluation[] = [
    indicator({
      id: 1, code: 'IKU 1.1', name: en ? 'Stakeholder satisfaction index' : 'Indeks kepuasan pemangku kepentingan', unit: en ? 'index' : 'indeks',
      objective_id: 1, objective_code: 'SS1', perspective: 'CUS', pic: people.dewi, baseline: 76, annual_target: 80,
      target: 80, realisation: 83.2, achievement_pct: 104,
      periods: [period('2027-Q1', q(1), 80, 82, 102.5, true), period('2027-Q2', q(2), 80, 83.2, 104, false)],
    }),
    indicator({
      id: 2, code: 'IKU 2.1', name: en ? 'Budget absorption' : 'Persentase penyerapan anggaran', unit: '%',
      objective_id: 2, objective_code: 'SS2', perspective: 'FIN', pic: people.rina, annual_target: 95, source: 'absorption', source_ref: 'absorption total',
      target: 40, realisation: absorptionQ2, achievement_pct: (absorptionQ2 / 40) * 100,
      periods: [period('2027-Q1', q(1), 15, absorptionQ1, (absorptionQ1 / 15) * 100, true), period('2027-Q2', q(2), 40, absorptionQ2, (absorptionQ2 / 40) * 100, false)],
    }),
    indicator({
      id: 3, code: 'IKU 3.1', name: en ? 'Services delivered to SOP' : 'Persentase layanan sesuai SOP', unit: '%',
      objective_id: 3, objective_code: 'SS3', perspective: 'IBP', pic: people.budi, baseline: 35, annual_target: 90, weight: 50,
      target: 50, realisation: 35, achievement_pct: 70,
      periods: [period('2027-Q1', q(1), 40, 35, 87.5, true), period('2027-Q2', q(2), 50, 35, 70, false)],
    }),
    indicator({
      id: 4, code: 'IKU 3.2', name: en ? 'SOP non-compliance findings' : 'Jumlah temuan ketidakpatuhan SOP', unit: en ? 'findings' : 'temuan',
      objective_id: 3, objective_code: 'SS3', perspective: 'IBP', pic: people.budi, polarity: 'minimize', consolidation: 'sum', annual_target: 20, weight: 50,
      target: 10, realisation: null, achievement_pct: null,
      periods: [period('2027-Q1', q(1), 5, null, null, true), period('2027-Q2', q(2), 5, null, null, false)],
    }),
    indicator({
      id: 5, code: 'IKU 4.1', name: en ? 'Services available online' : 'Persentase layanan berbasis digital', unit: '%',
      objective_id: 4, objective_code: 'SS4', perspective: 'IBP', pic: people.agus, baseline: 20, annual_target: 40,
      target: 30, realisation: 33, achievement_pct: 110,
      periods: [period('2027-Q1', q(1), 25, 28, 112, true), period('2027-Q2', q(2), 30, 33, 110, false)],
    }),
    indicator({
      id: 6, code: 'IKU 5.1', name: en ? 'Training hours per employee' : 'Rata-rata jam pelatihan per pegawai', unit: 'JP',
      objective_id: 5, objective_code: 'SS5', perspective: 'LG', pic: people.sari, frequency: 'monthly', consolidation: 'sum', annual_target: 20, weight: 50,
      target: 10, realisation: 10.4, achievement_pct: 104,
      periods: [
        period('2027-01', month(1), 1.5, 1.2, 80, true),
        period('2027-02', month(2), 1.5, 1.8, 120, true),
        period('2027-03', month(3), 2, 2.4, 120, true),
        period('2027-04', month(4), 1.5, 1.6, (1.6 / 1.5) * 100, false),
        period('2027-05', month(5), 1.5, null, null, false),
        period('2027-06', month(6), 2, 3.4, 170, false),
      ],
    }),
    indicator({
      id: 7, code: 'IKU 5.2', name: en ? 'Certified staff' : 'Persentase pegawai bersertifikat kompetensi', unit: '%',
      objective_id: 5, objective_code: 'SS5', perspective: 'LG', pic: null, polarity: 'range', lower_bound: 40, upper_bound: 60, frequency: 'semester', weight: 50,
      target: null, target_basis: null, realisation: 52, achievement_pct: 100,
      periods: [period('2027-S1', en ? 'Semester 1 2027' : 'Semester I 2027', null, 52, 100, false)],
    }),
  ];

  const objective = (id: number, code: string, perspective: string, name: string, value: number | null, counts: Partial<ObjectiveEvaluation['actions']>, dimensions: string[], measured: number, total: number): ObjectiveEvaluation => ({
    id,
    code,
    name,
    perspective,
    weight: perspective === 'IBP' ? 50 : 100,
    weight_set: null,
    value,
    status: STATUS_OF(value),
    indicators: total,
    measured,
    weights_problem: null,
    dimension_codes: dimensions,
    actions: { ...NO_ACTIONS, ...counts },
  });
  const objectives = [
    objective(1, 'SS1', 'CUS', en ? 'Higher stakeholder satisfaction' : 'Meningkatnya kepuasan pemangku kepentingan', 104, { on_track: 1, done: 1 }, ['CUS-KEP'], 1, 1),
    objective(2, 'SS2', 'FIN', en ? 'Optimal budget absorption' : 'Terwujudnya penyerapan anggaran yang optimal', 92, { done: 1, overdue: 1 }, ['FIN-ANG'], 1, 1),
    objective(3, 'SS3', 'IBP', en ? 'Better SOP compliance' : 'Meningkatnya kepatuhan terhadap SOP', 70, { on_track: 2 }, ['IBP-SOP'], 1, 2),
    objective(4, 'SS4', 'IBP', en ? 'Digital services' : 'Terwujudnya layanan berbasis digital', 110, { behind: 2, on_track: 1 }, ['LG-TI'], 1, 1),
    objective(5, 'SS5', 'LG', en ? 'Higher staff competence' : 'Meningkatnya kompetensi SDM', 102, { done: 1, on_track: 1 }, ['LG-HR'], 2, 2),
  ];

  const perspective = (code: string, name: string, weight: number, value: number, objectivesCount: number) => ({
    code,
    name,
    weight,
    value,
    status: STATUS_OF(value),
    objectives: objectivesCount,
    measured: objectivesCount,
    weights_problem: null,
  });

  return {
    plan: { id: 1, name: 'Rencana Kinerja 2027–2029', organisation: 'Direktorat Contoh', period: '2027–2029' },
    signatory: PLAN_CONTEXT.signatory,
    links: PLAN_CONTEXT.links,
    period: { code: '2027-Q2', kind: 'quarter', year: 2027, name: q(2), start: '2027-04-01', end: '2027-06-30' },
    as_of: '2027-06-30',
    settings: { index_cap: 120, red_below: 80, green_from: 100, perspective_weights: { CUS: 25, FIN: 15, IBP: 30, LG: 30 }, perspective_weights_set: true, rpd_tolerance: TOLERANCE },
    indicators,
    objectives,
    perspectives: [
      perspective('CUS', en ? 'Customer and stakeholders' : 'Pelanggan/Pemangku Kepentingan', 25, 104, 1),
      perspective('FIN', en ? 'Financial' : 'Keuangan', 15, 92, 1),
      perspective('IBP', en ? 'Internal business process' : 'Proses Bisnis Internal', 30, 90, 2),
      perspective('LG', en ? 'Learning and growth' : 'Pembelajaran dan Pertumbuhan', 30, 102, 1),
    ],
    nko: 0.25 * 104 + 0.15 * 92 + 0.3 * 90 + 0.3 * 102,
    nko_status: 'yellow',
    budget,
    outcomes: { absorption: { absorption_pct: absorptionQ2, target_pct: 40, met: false }, satisfaction: null },
    behind: [
      {
        pic: people.agus,
        actions: [
          { id: 7, title: en ? 'Digitise incoming mail' : 'Digitalisasi arsip surat masuk', objective_code: 'SS4', status: 'behind', progress: 30, elapsed_pct: 60.4, due_on: '2027-09-30', reported_on: '2027-05-20' },
          { id: 9, title: en ? 'E-mail office training' : 'Pelatihan aplikasi persuratan elektronik', objective_code: 'SS4', status: 'behind', progress: null, elapsed_pct: 40, due_on: '2027-12-15', reported_on: null },
        ],
      },
      {
        pic: people.rina,
        actions: [{ id: 4, title: en ? 'Speed up procurement' : 'Percepatan pengadaan barang dan jasa', objective_code: 'SS2', status: 'overdue', progress: 80, elapsed_pct: 100, due_on: '2027-05-31', reported_on: '2027-05-15' }],
      },
    ],
    prompts: [
      { kind: 'assumption', objective_code: 'SS3', objective_name: objectives[2].name },
      { kind: 'gap_not_closed', objective_code: 'SS5', objective_name: objectives[4].name, dimension_code: 'LG-HR', gap: -0.62 },
      { kind: 'action_without_effect', objective_code: 'SS2', objective_name: objectives[1].name, action_id: 3, action_title: en ? 'Monthly budget reconciliation' : 'Rekonsiliasi realisasi anggaran bulanan', indicator_codes: ['IKU 2.1'] },
    ],
    survey_changes: [
      { objective_code: 'SS3', dimension_code: 'IBP-SOP', dimension_name: en ? 'Compliance with standards and procedures' : 'Kepatuhan terhadap Standar dan Prosedur', from_round: 'Survei Awal 2026', to_round: 'Survei Evaluasi 2027', previous_mean: 2.5, current_mean: 2.61, change: 0.11, p_value: 0.412, significant: false, direction: 'unchanged' },
      { objective_code: 'SS4', dimension_code: 'LG-TI', dimension_name: en ? 'Use of information technology' : 'Pemanfaatan Teknologi Informasi', from_round: 'Survei Awal 2026', to_round: 'Survei Evaluasi 2027', previous_mean: 3.1, current_mean: 2.95, change: -0.15, p_value: 0.281, significant: false, direction: 'unchanged' },
      { objective_code: 'SS5', dimension_code: 'LG-HR', dimension_name: en ? 'Staff competence development' : 'Pengembangan Kompetensi SDM', from_round: 'Survei Awal 2026', to_round: 'Survei Evaluasi 2027', previous_mean: 2.5, current_mean: 3.38, change: 0.88, p_value: 0.0004, significant: true, direction: 'rise' },
    ],
    reminders: [
      { person: { id: 4, name: 'Agus Pratama', email: 'agus@contoh.go.id' }, indicators: [], actions: [{ id: 9, title: en ? 'E-mail office training' : 'Pelatihan aplikasi persuratan elektronik', last_update: null }] },
      { person: { id: 3, name: 'Budi Santoso, S.Kom.', email: null }, indicators: [{ code: 'IKU 3.2', name: en ? 'SOP non-compliance findings' : 'Jumlah temuan ketidakpatuhan SOP', period: '2027-Q2' }], actions: [] },
    ],
    closed_periods: ['2027-Q1'],
  };
}

/**
 * The same plan at the start of its first quarter: nothing reported, no budget entered, no survey
 * to compare, nobody behind. Every figure of the report is missing: it must say so in words.
 */
export function emptyEvaluationFixture(lang: Lang = 'id'): Evaluation {
  const full = evaluationFixture(lang);
  const indicators = full.indicators.map((item) => ({
    ...item,
    realisation: null,
    achievement_pct: null,
    index_pct: null,
    status: null,
    periods: item.periods.slice(0, 1).map((figures) => ({ ...figures, realisation: null, achievement_pct: null, index_pct: null, status: null, closed: false })),
    missing_periods: item.periods.slice(0, 1).map((figures) => figures.period),
  }));
  return {
    ...full,
    plan: { ...full.plan, organisation: '' },
    signatory: { name: '', position: '', nip: '', place: '' },
    links: [],
    period: { code: '2027-Q1', kind: 'quarter', year: 2027, name: lang === 'en' ? 'Q1 2027' : 'TW I 2027', start: '2027-01-01', end: '2027-03-31' },
    as_of: '2027-01-20',
    indicators,
    objectives: full.objectives.map((item) => ({ ...item, value: null, status: null, measured: 0, actions: { ...NO_ACTIONS, not_started: 1 } })),
    perspectives: full.perspectives.map((item) => ({ ...item, value: null, status: null, measured: 0 })),
    nko: null,
    nko_status: null,
    budget: null,
    outcomes: { absorption: null, satisfaction: null },
    behind: [],
    prompts: [],
    survey_changes: [],
    reminders: [],
    closed_periods: [],
  };
}

/** What the plan adds to the evaluation: the map's links and the signatory. */
export const PLAN_CONTEXT: Pick<Evaluation, 'signatory' | 'links'> = {
  signatory: { name: 'Dr. Siti Rahmawati, M.Si.', position: 'Direktur Contoh', nip: '197501012000032001', place: 'Jakarta' },
  links: [
    { cause_id: 5, effect_id: 3, cause: 'SS5', effect: 'SS3' },
    { cause_id: 5, effect_id: 4, cause: 'SS5', effect: 'SS4' },
    { cause_id: 3, effect_id: 1, cause: 'SS3', effect: 'SS1' },
    { cause_id: 4, effect_id: 1, cause: 'SS4', effect: 'SS1' },
    { cause_id: 2, effect_id: 1, cause: 'SS2', effect: 'SS1' },
  ],
};
