import { createHash } from 'node:crypto';
import type { ComparisonRow } from '../../src/analysis/compare';
import { translator } from '../../src/i18n';
import { buildReport, type RoundReport } from '../../src/report/build-report';
import { changeChart, gapChart, heatmapChart, itemChart, perspectiveChart } from '../../src/report/charts';
import { renderStandaloneReport } from '../../src/report/render';
import { buildReportView } from '../../src/report/view-model';
import { createRound, getRound } from '../../src/survey/rounds';
import { freshDb } from '../helpers';
import { addResponses, roundWithResponses, suppressionRound, varied } from './fixtures';

const text = { t: translator('en'), lang: 'en' as const };

function demoReport(): RoundReport {
  const db = freshDb();
  roundWithResponses(db, [...varied('Subdit A', 'III/a', 8, 3), ...varied('Subdit B', 'III/b', 8, 4)]);
  return buildReport(db, 1, { lang: 'en', alphaMin: 0.6 });
}

/** The text contents of an SVG, in document order. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
}

describe('report charts', () => {
  it('perspectiveChart marks each perspective mean and target and describes them in its text alternative', () => {
    const report = demoReport();
    const svg = perspectiveChart(report, text);
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    for (const perspective of report.perspectives) {
      expect(svg).toContain(`${perspective.name} mean ${(perspective.mean as number).toFixed(2)}, target 4.00`);
    }
  });

  it('gapChart lists the dimensions largest shortfall first, each gap with its sign', () => {
    const report = demoReport();
    const svg = gapChart(report, text);
    const order = [...report.priorities, ...[...report.strengths].reverse()].map((dimension) => dimension.name);
    const labels = texts(svg).filter((content) => order.includes(content));
    expect(labels).toEqual(order);
    for (const dimension of report.priorities) expect(svg).toContain(`gap \u2212${Math.abs(dimension.gap).toFixed(2)}`);
  });

  it('itemChart draws one bar per item of the perspective and labels the favourable share', () => {
    const report = demoReport();
    const svg = itemChart(report, 'FIN', ['SD', 'D', 'N', 'A', 'SA'], text);
    const items = report.items.filter((item) => item.dimension.startsWith('FIN'));
    expect(texts(svg).filter((content) => /^FIN-[A-Z]+-\d+$/.test(content))).toEqual(items.map((item) => item.code));
    expect(svg).toContain(`${items[0].code}: favourable ${(items[0].favorable_pct as number).toFixed(1)}%`);
  });

  it('itemChart splits the neutral share across the centre line', () => {
    const db = freshDb();
    // Five, the minimum group size: fewer answers would wait unreleased while the round is open.
    roundWithResponses(db, Array.from({ length: 5 }, () => ({ unit: 'A', grade: null, answer: 3 })));
    const report = buildReport(db, 1, { lang: 'en', alphaMin: 0.6 });
    const svg = itemChart(report, 'FIN', ['1', '2', '3', '4', '5'], text);
    // Everyone neutral: one grey bar, 100 % wide, centred on the centre line (x = (424 + 684) / 2 = 554).
    const bar = /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="18" fill="#d9d9d9">/.exec(svg);
    expect(bar).not.toBeNull();
    const [x, width] = [Number(bar?.[1]), Number(bar?.[2])];
    expect(x + width / 2).toBeCloseTo(554, 0);
  });

  it('heatmapChart draws a suppressed group as one hatched band without any number', () => {
    const db = freshDb();
    suppressionRound(db);
    const report = buildReport(db, 1, { lang: 'en', alphaMin: 0.6 });
    const breakdown = report.groups[0];
    const svg = heatmapChart(report, breakdown, text);
    expect(svg.match(/suppressed: group too small<\/text>/g)).toHaveLength(2);
    expect(texts(svg).filter((content) => content === '1.00' || content === '2.00')).toEqual([]);
    expect(texts(svg)).toContain('5.00');
  });

  it('changeChart is null without a comparison and signs every change with one', () => {
    const db = freshDb();
    roundWithResponses(db, varied('A', null, 6, 3));
    const later = createRound(db, { name: 'Later' }, new Date(), 'test');
    addResponses(db, later, varied('A', null, 6, 4));
    expect(changeChart(buildReport(db, 2, { lang: 'en', alphaMin: 0.6 }), text)).toBeNull();
    const report = buildReport(db, 2, { lang: 'en', alphaMin: 0.6, compareWith: 1 });
    const svg = changeChart(report, text) as string;
    const first = report.comparison?.dimensions[0];
    expect(svg).toContain(`${first?.name} from ${(first?.previous_mean as number).toFixed(2)} to ${(first?.current_mean as number).toFixed(2)}, change +`);
  });

  describe('changeChart verdicts', () => {
    function compared(rows: Partial<ComparisonRow>[]): RoundReport {
      const base: ComparisonRow = { code: 'X', name: 'X', current_n: 20, previous_n: 18, current_mean: 3.5, previous_mean: 3, change: 0.5, null_reason: null, p_value: 0.21, significant: false, cohens_d: 0.5, direction: 'unchanged', test_null_reason: null };
      return { ...demoReport(), comparison: { round: { id: 9, name: '2025' }, perspectives: [], dimensions: rows.map((row) => ({ ...base, ...row })) } };
    }
    const count = (svg: string, fragment: string) => svg.split(fragment).length - 1;

    it('draws a change that is not significant neither as a rise nor as a fall, whatever its sign', () => {
      const svg = changeChart(compared([{ name: 'Up', change: 0.8 }, { name: 'Down', change: -0.6, cohens_d: -0.4 }]), text) as string;
      // The legend's swatches only: no bar in the colour of a rise or the hatching of a fall.
      expect(count(svg, 'fill="#2166ac"')).toBe(1);
      expect(count(svg, 'fill="url(#change-below)"')).toBe(1);
      // Text in an SVG is escaped: &lt; is <.
      expect(texts(svg)).toEqual(expect.arrayContaining(['rise (p &lt; 0.05)', 'fall (p &lt; 0.05)', 'unchanged (within noise)']));
    });

    it('writes the verdict, p and d under each bar and in the text alternative', () => {
      const svg = changeChart(
        compared([
          { name: 'Up', current_mean: 3.8, change: 0.8, p_value: 0.0004, significant: true, cohens_d: 1.1, direction: 'rise' },
          { name: 'Flat', change: 0.1, p_value: 0.6123, cohens_d: 0.08 },
        ]),
        text,
      ) as string;
      expect(texts(svg)).toEqual(expect.arrayContaining(['rise · p &lt; 0.001 · d = +1.10', 'unchanged (within noise) · p = 0.612 · d = +0.08']));
      expect(svg).toContain('Up from 3.00 to 3.80, change +0.80: rise, p &lt; 0.001, d = +1.10');
      expect(count(svg, 'fill="#2166ac"')).toBe(2);
    });

    it('says why a change was not tested instead of giving a verdict', () => {
      const svg = changeChart(compared([{ name: 'Rules', change: 1, p_value: null, significant: null, cohens_d: null, direction: null, test_null_reason: 'no variance in either round' }]), text) as string;
      expect(texts(svg)).toContain('not tested: the scores vary in neither round');
      expect(svg).toContain('change +1.00: not tested: the scores vary in neither round');
    });
  });

  it('escapes every text it draws (names come from custom instruments and rosters)', () => {
    const report = demoReport();
    const hostile = { ...report, perspectives: report.perspectives.map((perspective) => ({ ...perspective, name: `<script>alert("x")</script> & ${perspective.name}` })) };
    const svg = perspectiveChart(hostile, text);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ');
  });
});

// Unit and grade names come from rosters and paper CSVs; dimension, perspective and scale labels
// from custom instruments; round names from a form. None of them may become markup.
const IFRAME = '<iframe src="file:///etc/passwd"></iframe>';
const SCRIPT = `<script>alert('x & "y"')</script>`;
const SVG_TAGS = new Set(['svg', 'title', 'desc', 'defs', 'pattern', 'g', 'rect', 'line', 'path', 'text']);

function unescapeXml(value: string): string {
  return value.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Every text an SVG shows or announces: element contents and the aria-label, unescaped once. */
function shownTexts(svg: string): string[] {
  const contents = [...svg.matchAll(/<(title|desc|text)\b[^>]*>([^<]*)<\/\1>/g)].map((match) => match[2]);
  const labels = [...svg.matchAll(/aria-label="([^"]*)"/g)].map((match) => match[1]);
  return [...contents, ...labels].map(unescapeXml);
}

/** The chart is built only of the elements the chart code writes, and names are escaped exactly once. */
function expectInert(svg: string): void {
  const tags = new Set([...svg.matchAll(/<\/?([A-Za-z][\w:-]*)/g)].map((match) => match[1].toLowerCase()));
  expect([...tags].filter((tag) => !SVG_TAGS.has(tag))).toEqual([]);
  expect(svg).not.toMatch(/&amp;(amp|lt|gt|quot|#39);/);
}

function hostileRounds(): { db: ReturnType<typeof freshDb>; report: RoundReport } {
  const db = freshDb();
  const respondents = [...varied(IFRAME, IFRAME, 6, 3), ...varied(`Subdit ${SCRIPT}`, 'III/b', 6, 4)];
  roundWithResponses(db, respondents, { name: `Baseline ${SCRIPT}` });
  const later = createRound(db, { name: 'Follow-up' }, new Date('2026-11-02T00:00:00Z'), 'test');
  addResponses(db, later, respondents);
  const report = buildReport(db, 2, { lang: 'en', alphaMin: 0.6, compareWith: 1 });
  const rename = <T extends { name: string }>(entry: T): T => ({ ...entry, name: `${SCRIPT} & ${entry.name}` });
  const comparison = report.comparison;
  return {
    db,
    report: {
      ...report,
      perspectives: report.perspectives.map(rename),
      dimensions: report.dimensions.map(rename),
      priorities: report.priorities.map(rename),
      strengths: report.strengths.map(rename),
      comparison: comparison === null ? null : { ...comparison, dimensions: comparison.dimensions.map(rename) },
    },
  };
}

describe('report charts with hostile names', () => {
  const scaleLabels = ['1', `<b onmouseover="x()">2</b>`, '3 & "tiga"', IFRAME, SCRIPT];

  it('heatmapChart escapes unit and grade names, and dimension names in its cell tooltips', () => {
    const { report } = hostileRounds();
    for (const breakdown of report.groups) {
      const svg = heatmapChart(report, breakdown, text);
      expectInert(svg);
      const shown = shownTexts(svg);
      expect(shown.some((content) => content.startsWith(`${IFRAME} · ${SCRIPT} & `))).toBe(true);
      expect(shown.some((content) => content.includes(`${IFRAME} (n = 6)`))).toBe(true);
    }
  });

  it('itemChart escapes the scale labels in its legend and tooltips, the statements, and the perspective name in its title', () => {
    const { report } = hostileRounds();
    const texts = new Map([['FIN-ANG-01', `${IFRAME} ${SCRIPT}`]]);
    const svg = itemChart(report, 'FIN', scaleLabels, text, { texts });
    expectInert(svg);
    const shown = shownTexts(svg);
    expect(shown).toContain(IFRAME);
    expect(shown.some((content) => content.includes(` · ${SCRIPT}: `))).toBe(true);
    expect(shown.some((content) => content.startsWith(`FIN-ANG-01 ${IFRAME} ${SCRIPT}: favourable`))).toBe(true);
    expect(shown.some((content) => content.includes(`${SCRIPT} & `))).toBe(true);
  });

  it('gapChart, perspectiveChart and changeChart escape dimension, perspective and round names', () => {
    const { report } = hostileRounds();
    const charts = [gapChart(report, text), perspectiveChart(report, text), changeChart(report, text) as string];
    for (const svg of charts) {
      expectInert(svg);
      expect(shownTexts(svg).some((content) => content.includes(`${SCRIPT} & `))).toBe(true);
    }
    expect(shownTexts(charts[2]).some((content) => content.includes(`Baseline ${SCRIPT}`))).toBe(true);
  });

  it('the self-contained HTML report contains no markup from any name', async () => {
    const { db, report } = hostileRounds();
    const instrument = getRound(db, 2).instrument;
    const definition = instrument.definition;
    const hostileInstrument = {
      ...instrument,
      definition: { ...definition, scale: { ...definition.scale, labels: definition.scale.labels.map((label, index) => ({ ...label, en: scaleLabels[index] })) } },
    };
    const view = buildReportView(report, { lang: 'en', t: text.t, instrument: hostileInstrument, comments: [], commentMin: 10, generatedOn: '2026-11-28' });
    const html = await renderStandaloneReport(view);
    expect(html).not.toMatch(/<(script|iframe|b)\b/i);
    expect(html).not.toMatch(/&amp;(amp|lt|gt|quot|#39|#34);/);
    expect(html).toContain('&lt;iframe src=&quot;file:///etc/passwd&quot;&gt;&lt;/iframe&gt;');
    for (const svg of html.match(/<svg[\s\S]*?<\/svg>/g) ?? []) expectInert(svg);
  });
});

describe('the self-contained HTML report', () => {
  it('carries a Content Security Policy that allows its own inline stylesheet and nothing else', async () => {
    const db = freshDb();
    roundWithResponses(db, varied('Subdit A', 'III/a', 6, 3));
    const report = buildReport(db, 1, { lang: 'en', alphaMin: 0.6 });
    const view = buildReportView(report, { lang: 'en', t: text.t, instrument: getRound(db, 1).instrument, comments: [], commentMin: 10, generatedOn: '2026-11-28' });
    const html = await renderStandaloneReport(view);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(css, 'utf8').digest('base64');
    expect(csp).toBe(`default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`);
    // Before anything that could be fetched or run: the policy applies from where it appears on.
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<title>'));
  });
});
