import { translator } from '../../src/i18n';
import { buildReport, type RoundReport } from '../../src/report/build-report';
import type { ComparisonRow } from '../../src/analysis/compare';
import { executiveSummary } from '../../src/report/summary';
import { freshDb } from '../helpers';
import { roundWithResponses, varied } from './fixtures';

function report(lang: 'id' | 'en'): RoundReport {
  const db = freshDb();
  roundWithResponses(db, [...varied('Subdit A', 'III/a', 8, 3), ...varied('Subdit B', 'III/b', 8, 4), { unit: 'Subdit B', grade: null, answer: 0 }], { invited: 20 });
  return buildReport(db, 1, { lang, alphaMin: 0.6 });
}

describe('executive summary', () => {
  it('states the response rate and the channel mix from the report', () => {
    const summary = executiveSummary(report('en'), translator('en'), 'en');
    expect(summary.response).toBe('17 of 20 invited employees responded (85.0%): 17 online and 0 on paper. Questionnaires submitted without a single answer (not counted): 1.');
  });

  it('addresses the four focus areas by name, in Indonesian', () => {
    const summary = executiveSummary(report('id'), translator('id'), 'id');
    expect(summary.focus.map((sentence) => sentence.split(':')[0])).toEqual(['Pengembangan SDM', 'Pemanfaatan teknologi', 'Kepatuhan terhadap SOP', 'Budaya kerja']);
  });

  it('gives each focus area its dimension mean and signed gap', () => {
    const result = report('en');
    const summary = executiveSummary(result, translator('en'), 'en');
    const hr = result.dimensions.find((dimension) => dimension.focus === 'hr_development');
    const gap = hr?.gap as number;
    expect(summary.focus[0]).toContain(`${hr?.name} ${(hr?.mean as number).toFixed(2)}`);
    expect(summary.focus[0]).toContain(`gap ${gap < 0 ? '\u2212' : '+'}${Math.abs(gap).toFixed(2)}`);
  });

  it('says a focus area is not measured when the instrument has no dimension for it', () => {
    const result = report('en');
    const withoutCulture = { ...result, focus_areas: result.focus_areas.map((area) => (area.focus === 'work_culture' ? { ...area, dimensions: [] } : area)) };
    const summary = executiveSummary(withoutCulture, translator('en'), 'en');
    expect(summary.focus[3]).toBe('Work culture: not measured by this instrument.');
  });

  it('lists the priorities in the order of the report, largest shortfall first', () => {
    const result = report('en');
    const summary = executiveSummary(result, translator('en'), 'en');
    expect(summary.priorityItems.map((item) => item.split(' (')[0])).toEqual(result.priorities.map((dimension) => dimension.name));
  });

  it('reports reliability with the alpha threshold and the critical r at the report n', () => {
    const result = report('en');
    const summary = executiveSummary(result, translator('en'), 'en');
    const reliable = result.dimensions.filter((dimension) => dimension.reliable).length;
    expect(summary.reliability[0]).toMatch(new RegExp(`^${reliable} of ${result.dimensions.length} dimensions reach Cronbach's alpha ≥ 0\\.60`));
    expect(summary.reliability.join(' ')).toContain(`${(result.thresholds.r_critical as number).toFixed(3)} at n = ${result.n}`);
  });

  it('says there are no figures yet when nobody has answered', () => {
    const db = freshDb();
    roundWithResponses(db, []);
    const summary = executiveSummary(buildReport(db, 1, { lang: 'en', alphaMin: 0.6 }), translator('en'), 'en');
    expect(summary.response).toBe('No answers have been received yet, so this report has no figures.');
    expect(summary.focus).toHaveLength(4);
    expect(summary.reliability).toEqual([]);
  });
});

describe('what the reliability means', () => {
  function withFlags(unreliable: boolean, invalid: boolean): RoundReport {
    const result = report('en');
    return {
      ...result,
      dimensions: result.dimensions.map((dimension, index) => ({ ...dimension, alpha: 0.8, reliable: !(unreliable && index === 0) })),
      items: result.items.map((item, index) => ({ ...item, valid: !(invalid && index === 0) })),
    };
  }
  const meaning = (result: RoundReport) => executiveSummary(result, translator('en'), 'en').reliability.at(-1);

  it('says the scores can be read with confidence when every scale is reliable and every item valid', () => {
    expect(meaning(withFlags(false, false))).toMatch(/^This means the instrument measured consistently/);
  });

  it('warns about the unreliable dimensions only when there are some', () => {
    expect(meaning(withFlags(true, false))).toMatch(/^This means the scores of the dimensions that are not reliable should be read with care, as their items do not measure one thing consistently; the other/);
  });

  it('asks to review the invalid items without doubting reliable scales', () => {
    expect(meaning(withFlags(false, true))).toMatch(/^This means every dimension measured consistently/);
  });
});

describe('the change since an earlier round', () => {
  const untestedFields = { p_value: null, significant: null, cohens_d: null, direction: null };
  function row(code: string, fields: Partial<ComparisonRow>): ComparisonRow {
    return { code, name: code, current_n: 20, previous_n: 18, current_mean: 3.5, previous_mean: 3, change: 0.5, null_reason: null, p_value: 0.2, significant: false, cohens_d: 0.4, direction: 'unchanged', test_null_reason: null, ...fields };
  }
  function compared(rows: ComparisonRow[]): RoundReport {
    return { ...report('en'), comparison: { round: { id: 9, name: '2025' }, perspectives: [], dimensions: rows } };
  }
  const rows = [
    row('Training', { change: 0.5, p_value: 0.0031, significant: true, cohens_d: 0.9, direction: 'rise' }),
    row('Tools', { change: -0.4, p_value: 0.0104, significant: true, cohens_d: -0.7, direction: 'fall' }),
    row('Culture', { change: 0.8, p_value: 0.21, cohens_d: 0.5 }),
    row('Rules', { ...untestedFields, change: 1, test_null_reason: 'no variance in either round' }),
    row('Retired', { ...untestedFields, current_mean: null, change: null, null_reason: 'not in current round', test_null_reason: 'not in current round' }),
  ];

  it('calls a change a rise or fall only when it is significant, and the rest unchanged (within noise) or not testable', () => {
    expect(executiveSummary(compared(rows), translator('en'), 'en').comparison).toBe(
      'Compared with 2025: of 4 dimensions, 1 rose and 1 fell significantly (Welch\'s t-test, p < 0.05); 1 unchanged (within noise). ' +
        'Not testable: 1 of them (fewer than 2 respondents, or scores that do not vary). ' +
        'Largest rise: Training (+0.50; p = 0.003; d = +0.90). Largest fall: Tools (\u22120.40; p = 0.010; d = \u22120.70).',
    );
  });

  it('never names a larger change that is not significant as the largest rise', () => {
    const summary = executiveSummary(compared(rows), translator('en'), 'en').comparison as string;
    expect(summary).not.toContain('Culture');
    expect(executiveSummary(compared([rows[2]]), translator('en'), 'en').comparison).toBe('Compared with 2025: of 1 dimensions, 0 rose and 0 fell significantly (Welch\'s t-test, p < 0.05); 1 unchanged (within noise).');
  });

  it('says so in Indonesian by default', () => {
    expect(executiveSummary(compared(rows.slice(0, 3)), translator('id'), 'id').comparison).toBe(
      'Dibandingkan dengan 2025: dari 3 dimensi, 1 naik dan 1 turun secara signifikan (uji t Welch, p < 0,05); 1 tidak berubah (dalam batas galat). ' +
        'Kenaikan terbesar: Training (+0,50; p = 0,003; d = +0,90). Penurunan terbesar: Tools (\u22120,40; p = 0,010; d = \u22120,70).',
    );
  });
});
