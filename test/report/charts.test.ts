import { createHash } from 'node:crypto';
import type { ComparisonRow } from '../../src/analysis/compare';
import { translator } from '../../src/i18n';
import { buildReport, type RoundReport } from '../../src/report/build-report';
import type { DimensionResult, GroupBreakdown, GroupRow, PerspectiveResult } from '../../src/analysis/report';
import { changeChart, GAP_FILLS, gapChart, heatmapChart, itemChart, perspectiveChart } from '../../src/report/charts';
import { CHART_WIDTH, SMALLEST_FONT } from '../../src/report/svg';
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

/** Texts with their position, in document order, unescaped. */
function placedTexts(svg: string): { x: number; y: number; content: string; bold: boolean }[] {
  return [...svg.matchAll(/<text x="([\d.-]+)" y="([\d.-]+)"([^>]*)>([^<]*)<\/text>/g)].map((match) => ({
    x: Number(match[1]),
    y: Number(match[2]),
    bold: match[3].includes('font-weight="bold"'),
    content: unescapeXml(match[4]),
  }));
}

/** The fill of the heatmap cell whose tooltip starts with "group · dimension:". */
function cellFill(svg: string, group: string, dimension: string): string | undefined {
  const cells = [...svg.matchAll(/<rect [^>]*fill="([^"]+)"[^>]*><title>([^<]*)<\/title><\/rect>/g)];
  return cells.find((cell) => cell[2].startsWith(`${group} · ${dimension}:`))?.[1];
}

describe('the perspective chart', () => {
  function withPerspectives(rows: Partial<PerspectiveResult>[]): RoundReport {
    const report = demoReport();
    return { ...report, perspectives: rows.map((row, index) => ({ ...report.perspectives[index], ...row })) };
  }

  it('draws the 95 % interval as a whisker from ci95_low to ci95_high on the scale, and none without an interval', () => {
    const report = withPerspectives([
      { name: 'Interval', mean: 3.5, ci95_low: 3.2, ci95_high: 3.8, target: 4, gap: -0.5, target_status: 'below_target' },
      { name: 'One answer', n: 1, mean: 4.2, ci95_low: null, ci95_high: null, target: 4, gap: 0.2, target_status: null },
    ]);
    const svg = perspectiveChart(report, text);
    // The plot runs from x = 214 (scale min 1) to x = 534 (scale max 5): 80 units per scale point,
    // so 3.2 → 214 + 2.2 × 80 = 390 and 3.8 → 214 + 2.8 × 80 = 438.
    const whiskers = [...svg.matchAll(/<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"[^>]*class="whisker"/g)];
    expect(whiskers).toHaveLength(1);
    expect(Number(whiskers[0][1])).toBeCloseTo(390, 1);
    expect(Number(whiskers[0][3])).toBeCloseTo(438, 1);
    expect(svg).toContain('Interval mean 3.50, target 4.00, gap −0.50, 95 % interval 3.20–3.80: below target');
    expect(svg).toContain('One answer mean 4.20, target 4.00, gap +0.20: fewer than 2 answers');
  });

  it('cuts an interval that reaches past the scale at its end', () => {
    const svg = perspectiveChart(withPerspectives([{ mean: 4.8, ci95_low: 4.4, ci95_high: 5.3, target: 4, gap: 0.8, target_status: 'at_or_above_target' }]), text);
    // 4.4 → 214 + 3.4 × 80 = 486; 5.3 is past the maximum 5 → 534.
    const whisker = /<line x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"[^>]*class="whisker"/.exec(svg);
    expect([Number(whisker?.[1]), Number(whisker?.[2])]).toEqual([486, 534]);
    expect(svg).toContain('95 % interval 4.40–5.30');
  });

  it('marks each target with a bar at its own position on the scale', () => {
    const svg = perspectiveChart(withPerspectives([{ target: 4 }, { target: 3.5 }, { target: 4 }, { target: 4 }]), text);
    // A 5-unit bar centred on the target: 4 → 454, 3.5 → 414.
    const targets = [...svg.matchAll(/<rect x="([\d.]+)"[^>]*width="5"[^>]*class="target"/g)].map((match) => Number(match[1]) + 2.5);
    // The first is the legend's.
    expect(targets.slice(1)).toEqual([454, 414, 454, 454]);
  });

  it('says each status in words beside its row and gives it a shape, not only a colour', () => {
    const report = withPerspectives([{ target_status: 'below_target' }, { target_status: 'near_target' }, { target_status: 'at_or_above_target' }, { target_status: 'below_target' }]);
    const idText = { t: translator('id'), lang: 'id' as const };
    const words = texts(perspectiveChart(report, idText));
    // Legend first, then one status per row.
    expect(words.filter((content) => ['di bawah target', 'mendekati target', 'memenuhi target'].includes(content))).toEqual([
      'memenuhi target',
      'mendekati target',
      'di bawah target',
      'di bawah target',
      'mendekati target',
      'memenuhi target',
      'di bawah target',
    ]);
    const svg = perspectiveChart(report, text);
    // Three shapes for three statuses: a downward triangle (its tip below its base), a diamond (four corners), an upward triangle.
    const markers = [...svg.matchAll(/<path d="([^"]+)"/g)].map((match) => match[1]).slice(3);
    expect(markers.map((d) => d.split('L').length)).toEqual([3, 4, 3, 3]);
  });

  it('can draw every dimension instead of the four perspectives', () => {
    const report = demoReport();
    const svg = perspectiveChart(report, text, { level: 'dimensions' });
    expect(svg).toContain('<title>Every dimension against target</title>');
    for (const dimension of report.dimensions) expect(svg).toContain(`${dimension.name} mean ${(dimension.mean as number).toFixed(2)}`);
  });
});

describe('the item chart', () => {
  function reportWithTexts(): { report: RoundReport; texts: Map<string, string> } {
    const db = freshDb();
    roundWithResponses(db, [...varied('Subdit A', 'III/a', 8, 3), ...varied('Subdit B', 'III/b', 8, 4)]);
    const report = buildReport(db, 1, { lang: 'id', alphaMin: 0.6 });
    return { report, texts: new Map(getRound(db, 1).instrument.items.map((item) => [item.code, item.text.id])) };
  }

  it('labels every row with the full statement, wrapped into pieces that join back to it', () => {
    const { report, texts } = reportWithTexts();
    const svg = itemChart(report, 'LG', ['1', '2', '3', '4', '5'], { t: translator('id'), lang: 'id' }, { texts });
    const placed = placedTexts(svg);
    const items = report.items.filter((item) => item.dimension.startsWith('LG-'));
    expect(items.length).toBeGreaterThan(10);
    for (const item of items) {
      const start = placed.findIndex((entry) => entry.content === item.code);
      const lineX = placed[start + 1].x;
      const lines: string[] = [];
      for (let index = start + 1; placed[index].x === lineX && placed[index].y > placed[start].y - 1 && lines.length < 4; index += 1) lines.push(placed[index].content);
      expect(lines.length).toBeLessThanOrEqual(3);
      expect(lines.join(' ')).toBe(texts.get(item.code));
    }
  });

  it('writes the code small and secondary, and the dimension name as a bold sub-heading above its items', () => {
    const { report, texts } = reportWithTexts();
    const svg = itemChart(report, 'LG', ['1', '2', '3', '4', '5'], { t: translator('id'), lang: 'id' }, { texts });
    const placed = placedTexts(svg);
    const code = placed.find((entry) => entry.content === 'LG-HR-01');
    expect(svg).toMatch(/<text x="0" y="[\d.]+" font-size="12" fill="#555d66">LG-HR-01<\/text>/);
    const heading = placed.find((entry) => entry.content === 'Pengembangan Kompetensi SDM');
    expect(heading?.bold).toBe(true);
    expect(heading?.y).toBeLessThan(code?.y as number);
    const order = placed.filter((entry) => entry.bold && report.dimensions.some((dimension) => dimension.name === entry.content)).map((entry) => entry.content);
    expect(order).toEqual(report.dimensions.filter((dimension) => dimension.perspective === 'LG').map((dimension) => dimension.name));
  });

  it('draws only the items of one dimension when asked', () => {
    const { report, texts } = reportWithTexts();
    const svg = itemChart(report, 'LG', ['1', '2', '3', '4', '5'], { t: translator('id'), lang: 'id' }, { texts, dimension: 'LG-TI' });
    const codes = placedTexts(svg).map((entry) => entry.content).filter((content) => /^LG-[A-Z]+-\d+$/.test(content));
    expect(codes).toEqual(report.items.filter((item) => item.dimension === 'LG-TI').map((item) => item.code));
  });
});

describe('the heatmap', () => {
  // Two dimensions with different targets, so that one group mean lands in different classes.
  function handBuilt(rows: { group: string; sop: number | null; culture: number | null }[]): { report: RoundReport; breakdown: GroupBreakdown } {
    const report = demoReport();
    const base = report.dimensions[0];
    const dimensions: DimensionResult[] = [
      { ...base, code: 'SOP', name: 'SOP compliance', target: 4 },
      { ...base, code: 'CUL', name: 'Work culture', target: 3.5 },
    ];
    const breakdown: GroupBreakdown = {
      by: 'unit',
      rows: rows.map((row) => ({ group: row.group, n: 6, suppressed: false, dimensions: { SOP: row.sop, CUL: row.culture }, null_reasons: (row.sop === null ? { SOP: 'cell suppressed' } : {}) as GroupRow['null_reasons'] })),
    };
    return { report: { ...report, dimensions }, breakdown };
  }

  it('colours a cell by its mean minus its own dimension\'s target, neutral at the target, darkest red far below and darkest blue far above', () => {
    const { report, breakdown } = handBuilt([
      { group: 'On target', sop: 4, culture: 3.5 },
      { group: 'Same mean', sop: 3.75, culture: 3.75 },
      { group: 'Far off', sop: 1.5, culture: 5 },
    ]);
    const svg = heatmapChart(report, breakdown, text);
    // RdBu, 7 classes, bounds ±0.10, ±0.50, ±1.00 on a 1–5 scale.
    const [darkRed, , lightRed, neutral, lightBlue, , darkBlue] = ['#b2182b', '#ef8a62', '#fddbc7', '#f7f7f7', '#d1e5f0', '#67a9cf', '#2166ac'];
    expect([...GAP_FILLS]).toEqual(['#b2182b', '#ef8a62', '#fddbc7', '#f7f7f7', '#d1e5f0', '#67a9cf', '#2166ac']);
    // 4.00 − 4.00 = 0 and 3.50 − 3.50 = 0: the neutral class.
    expect(cellFill(svg, 'On target', 'SOP compliance')).toBe(neutral);
    expect(cellFill(svg, 'On target', 'Work culture')).toBe(neutral);
    // 3.75 − 4.00 = −0.25 (between −0.50 and −0.10): light red; 3.75 − 3.50 = +0.25: light blue.
    expect(cellFill(svg, 'Same mean', 'SOP compliance')).toBe(lightRed);
    expect(cellFill(svg, 'Same mean', 'Work culture')).toBe(lightBlue);
    // 1.50 − 4.00 = −2.50 (≤ −1.00): darkest red; 5.00 − 3.50 = +1.50 (≥ +1.00): darkest blue.
    expect(cellFill(svg, 'Far off', 'SOP compliance')).toBe(darkRed);
    expect(cellFill(svg, 'Far off', 'Work culture')).toBe(darkBlue);
  });

  it('puts a bound in the class further from the target, using the mean as printed', () => {
    const { report, breakdown } = handBuilt([
      // 3.90 − 4.00 = −0.10 exactly as printed (not −0.10000000000000009): already light red; 4.50 − 3.50 = +1.00: darkest blue.
      { group: 'Bounds', sop: 3.9, culture: 4.5 },
      // 3.904 prints as 3.90 and is coloured as 3.90; 3.5949 prints as 3.59, gap +0.09: neutral.
      { group: 'Printed', sop: 3.904, culture: 3.5949 },
    ]);
    const svg = heatmapChart(report, breakdown, text);
    expect(cellFill(svg, 'Bounds', 'SOP compliance')).toBe('#fddbc7');
    expect(cellFill(svg, 'Bounds', 'Work culture')).toBe('#2166ac');
    expect(cellFill(svg, 'Printed', 'SOP compliance')).toBe('#fddbc7');
    expect(cellFill(svg, 'Printed', 'Work culture')).toBe('#f7f7f7');
  });

  it('writes the mean in every cell, in white on the darkest classes, and marks below-target cells with ▼ and bold', () => {
    const { report, breakdown } = handBuilt([{ group: 'Far off', sop: 1.5, culture: 5 }, { group: 'Near', sop: 3.95, culture: 3.6 }]);
    const svg = heatmapChart(report, breakdown, text);
    const placed = placedTexts(svg);
    expect(placed.find((entry) => entry.content === '1.50')).toMatchObject({ bold: true });
    expect(placed.find((entry) => entry.content === '5.00')).toMatchObject({ bold: false });
    expect(svg).toMatch(/fill="#ffffff"[^>]*>1\.50<\/text>/);
    expect(svg).toMatch(/fill="#ffffff"[^>]*>5\.00<\/text>/);
    // 3.95 − 4.00 = −0.05 is neutral in colour but still below target: marked, so greyscale readers see it.
    expect(placed.find((entry) => entry.content === '3.95')).toMatchObject({ bold: true });
    // Legend + the two below-target cells.
    expect(svg.match(/class="below-target"/g)).toHaveLength(3);
    expect(svg).toContain('Near · SOP compliance: 3.95 (target 4.00, gap −0.05)');
  });

  it('hatches a suppressed cell and marks it with a cross, and says in its legend what lies below and above the target', () => {
    const { report, breakdown } = handBuilt([{ group: 'Small', sop: null, culture: 3.5 }]);
    const svg = heatmapChart(report, breakdown, text);
    expect(cellFill(svg, 'Small', 'SOP compliance')).toBe('url(#heatmap-unit-suppressed)');
    expect(svg).toContain('<title>Small · SOP compliance: suppressed</title>');
    const words = texts(svg);
    expect(words).toEqual(expect.arrayContaining(['×', 'below target', 'above target', '−1.00', '−0.50', '−0.10', '+0.10', '+0.50', '+1.00']));
    expect(words.indexOf('below target')).toBeLessThan(words.indexOf('above target'));
  });

  it('heads the columns with the dimension codes, each naming its dimension in a tooltip', () => {
    const { report, breakdown } = handBuilt([{ group: 'A', sop: 4, culture: 4 }]);
    const svg = heatmapChart(report, breakdown, text);
    expect(svg).toMatch(/<g><title>SOP compliance<\/title><text [^>]*font-weight="bold"[^>]*>SOP<\/text><\/g>/);
  });
});

describe('every chart', () => {
  function allCharts(): string[] {
    const db = freshDb();
    roundWithResponses(db, [...varied('Subdit A', 'III/a', 8, 3), ...varied('Subdit B', 'III/b', 8, 4)]);
    const later = createRound(db, { name: 'Later' }, new Date(), 'test');
    addResponses(db, later, [...varied('Subdit A', 'III/a', 8, 4), ...varied('Subdit B', 'III/b', 8, 4)]);
    const report = buildReport(db, 2, { lang: 'en', alphaMin: 0.6, compareWith: 1 });
    const texts = new Map(getRound(db, 2).instrument.items.map((item) => [item.code, item.text.en]));
    return [
      perspectiveChart(report, text),
      perspectiveChart(report, text, { level: 'dimensions' }),
      gapChart(report, text),
      changeChart(report, text) as string,
      ...report.perspectives.map((perspective) => itemChart(report, perspective.code, ['1', '2', '3', '4', '5'], text, { texts })),
      ...report.groups.map((breakdown) => heatmapChart(report, breakdown, text)),
    ];
  }

  it('is at most 1,000 units tall, so that it fits a printed page with its caption without shrinking its text below 8 pt', () => {
    // Printed at most 240 mm tall (the stylesheet): 1,000 units in 240 mm keep 12 units at 2.88 mm = 8.2 pt.
    for (const svg of allCharts()) expect(Number(/viewBox="0 0 \d+ (\d+)"/.exec(svg)?.[1])).toBeLessThanOrEqual(1000);
  });

  it('is as wide as the text and prints no text below 8 pt at 170 mm (12 units of 720)', () => {
    // 12 × 170 / 720 mm = 2.83 mm = 8.03 pt.
    expect((SMALLEST_FONT * 170) / CHART_WIDTH / (25.4 / 72)).toBeGreaterThanOrEqual(8);
    for (const svg of allCharts()) {
      expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 720 \d+" width="100%"/);
      expect(svg).not.toMatch(/<svg [^>]*height=/);
      const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((match) => Number(match[1]));
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(SMALLEST_FONT);
    }
  });

  it('is an image with a title and a description in words', () => {
    for (const svg of allCharts()) {
      expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-label="[^"]+"/);
      expect(svg).toMatch(/<title>[^<]+<\/title><desc>[^<]+<\/desc>/);
    }
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
  it('carries a Content Security Policy that allows its own inline stylesheet and embedded images (the logo) and nothing else', async () => {
    const db = freshDb();
    roundWithResponses(db, varied('Subdit A', 'III/a', 6, 3));
    const report = buildReport(db, 1, { lang: 'en', alphaMin: 0.6 });
    const view = buildReportView(report, { lang: 'en', t: text.t, instrument: getRound(db, 1).instrument, comments: [], commentMin: 10, generatedOn: '2026-11-28' });
    const html = await renderStandaloneReport(view);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(css, 'utf8').digest('base64');
    expect(csp).toBe(`default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`);
    // Before anything that could be fetched or run: the policy applies from where it appears on.
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<title>'));
  });
});
