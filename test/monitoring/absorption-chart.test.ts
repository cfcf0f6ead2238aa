import { absorptionChartSvg, type AbsorptionChartLabels } from '../../src/monitoring/absorption-chart';

const LABELS: AbsorptionChartLabels = {
  title: 'Kurva serapan Belanja Barang (52)',
  description: 'serapan s.d. Juni 31,3%; rencana s.d. Juni 42,5%; target TW II 2027 40,0%.',
  realised: 'Realisasi kumulatif',
  plan: 'Rencana (RPD)',
  target: 'Target triwulan',
  yAxis: 'Kumulatif (%)',
  xAxis: 'Bulan',
  months: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
};

const SERIES = {
  realised: [2.4, 7.1, 11.3, 17.5, 23.8, 31.3, null, null, null, null, null, null],
  plan: [2.5, 7.5, 15, 23.8, 32.5, 42.5, 52.5, 62.5, 72.5, 82.5, 92.5, 100],
  targets: [15, 40, 60, 90],
};

function series(svg: string, name: string): string {
  const start = svg.indexOf(`data-series="${name}"`);
  return svg.slice(start, svg.indexOf('</g>', start));
}

describe('absorptionChartSvg: the S-curve of one spending type', () => {
  const svg = absorptionChartSvg(SERIES, LABELS);

  it('is an image named by its title, with the figures in words as its text alternative', () => {
    expect(svg).toMatch(/^<svg[^>]*role="img"/);
    expect(svg).toContain(`aria-label="${LABELS.title}. ${LABELS.description}"`);
    expect(svg).toContain(`<title>${LABELS.title}</title>`);
  });

  it('tells the series apart by line style and marker shape, not only by colour', () => {
    const realised = series(svg, 'realised');
    const plan = series(svg, 'plan');
    expect(realised).toMatch(/<path [^>]*stroke-width="3"/);
    expect(realised).not.toContain('stroke-dasharray');
    // One filled circle per month realised (January to June).
    expect(realised.match(/<circle /g)).toHaveLength(6);
    expect(plan).toContain('stroke-dasharray="5 3"');
    // A hollow square for each of the twelve planned months.
    expect(plan.match(/<rect [^>]*fill="#ffffff"/g)).toHaveLength(12);
    // A diamond per quarterly target, without a line between them.
    const targets = series(svg, 'target');
    expect(targets.match(/<path /g)).toHaveLength(4);
    expect(targets).not.toContain('fill="none"');
  });

  it('labels both axes and draws each series in its legend as it is drawn in the chart', () => {
    expect(svg).toContain('>Kumulatif (%)</text>');
    expect(svg).toContain('>Bulan</text>');
    for (const month of LABELS.months) expect(svg).toContain(`>${month}</text>`);
    // The legend is the last group, made of one group per entry.
    const legend = svg.slice(svg.indexOf('data-legend'));
    for (const label of [LABELS.realised, LABELS.plan, LABELS.target]) expect(legend).toContain(`>${label}</text>`);
    expect(legend).toContain('stroke-dasharray="5 3"');
    expect(legend).toContain('<circle ');
    expect(legend).toContain('<rect ');
  });

  it('puts the targets at the quarter ends, on the same scale as the curves', () => {
    const targets = series(svg, 'target');
    // A diamond's top point: x of month m = 40 + m / 12 × 310; y of v = 194 − v / 100 × 150, less its half-height 5.5.
    expect(targets).toContain('M117.5 166 '); // 15 % at March
    expect(targets).toContain('M195 128.5 '); // 40 % at June
    expect(targets).toContain('M350 53.5 '); // 90 % at December
  });

  it('extends the axis above 100 % when a value is above it, and stops a curve at its first missing month', () => {
    const over = absorptionChartSvg({ realised: [50, 110, null, 120, ...Array(8).fill(null)], plan: Array(12).fill(null), targets: [null, null, null, null] }, LABELS);
    expect(over).toContain('>125</text>');
    expect(series(over, 'realised').match(/<circle /g)).toHaveLength(2);
    expect(series(over, 'plan')).not.toContain('<path');
    expect(series(over, 'target')).not.toContain('<path');
  });
});
