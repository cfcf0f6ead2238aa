import { translator } from '../../src/i18n';
import { buildReport, type RoundReport } from '../../src/report/build-report';
import { changeChart, gapChart, heatmapChart, itemChart, perspectiveChart } from '../../src/report/charts';
import { createRound } from '../../src/survey/rounds';
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
    expect(texts(svg).filter((content) => /^FIN-/.test(content))).toEqual(items.map((item) => item.code));
    expect(svg).toContain(`${items[0].code}: favourable ${(items[0].favorable_pct as number).toFixed(1)}%`);
  });

  it('itemChart splits the neutral share across the centre line', () => {
    const db = freshDb();
    roundWithResponses(db, Array.from({ length: 4 }, () => ({ unit: 'A', grade: null, answer: 3 })));
    const report = buildReport(db, 1, { lang: 'en', alphaMin: 0.6 });
    const svg = itemChart(report, 'FIN', ['1', '2', '3', '4', '5'], text);
    // Everyone neutral: one grey bar, 100 % wide, centred on the centre line (x = 205).
    const bar = /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="18" fill="#d9d9d9">/.exec(svg);
    expect(bar).not.toBeNull();
    const [x, width] = [Number(bar?.[1]), Number(bar?.[2])];
    expect(x + width / 2).toBeCloseTo(205, 0);
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
    const later = createRound(db, { name: 'Later' }, new Date());
    addResponses(db, later, varied('A', null, 6, 4));
    expect(changeChart(buildReport(db, 2, { lang: 'en', alphaMin: 0.6 }), text)).toBeNull();
    const report = buildReport(db, 2, { lang: 'en', alphaMin: 0.6, compareWith: 1 });
    const svg = changeChart(report, text) as string;
    const first = report.comparison?.dimensions[0];
    expect(svg).toContain(`${first?.name} from ${(first?.previous_mean as number).toFixed(2)} to ${(first?.current_mean as number).toFixed(2)}, change +`);
  });

  it('escapes every text it draws (names come from custom instruments and rosters)', () => {
    const report = demoReport();
    const hostile = { ...report, perspectives: report.perspectives.map((perspective) => ({ ...perspective, name: `<script>alert("x")</script> & ${perspective.name}` })) };
    const svg = perspectiveChart(hostile, text);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ');
  });
});
