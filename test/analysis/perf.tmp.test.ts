import { createReportAccumulator } from '../../src/analysis/report';
import type { AnalysisLayout } from '../../src/analysis/layout';
it('perf', () => {
  const dims = ['D1','D2','D3','D4','D5','D6','D7','D8','D9'];
  const layout: AnalysisLayout = {
    scale: { min: 1, max: 5 },
    items: Array.from({ length: 45 }, (_, i) => ({ code: `I${i}`, dimension: dims[Math.floor(i / 5)] })),
    dimensions: dims.map((code, d) => ({ code, perspective: `P${d % 4}`, focus: null, name: code, target: 4 })),
    perspectives: [0,1,2,3].map((p) => ({ code: `P${p}`, name: `P${p}`, target: 4 })),
  };
  const n = 100000;
  let seed = 12345;
  const rows: Uint8Array[] = [];
  for (let r = 0; r < n; r++) { const a = new Uint8Array(45); for (let i = 0; i < 45; i++) { seed = (seed * 1103515245 + 12345) >>> 0; const u = seed / 4294967296; a[i] = u < 0.03 ? 0 : 1 + Math.floor(u * 5 * 0.97 / 0.97) % 5; } rows.push(a); }
  const units = Array.from({ length: 40 }, (_, u) => `unit-${u}`);
  const grades = ['II/a','III/b','IV/a', ''];
  for (let rep = 0; rep < 3; rep++) {
  const acc = createReportAccumulator(layout, { alphaMin: 0.6, minGroupSize: 5, groupBy: ['unit', 'grade'] });
  const groups = rows.map((_, r) => ({ unit: units[r % 40], grade: grades[r % 4] }));
  const t0 = performance.now();
  for (let r = 0; r < n; r++) acc.add(rows[r], groups[r]);
  const t1 = performance.now();
  const rep2 = acc.finish();
  const t2 = performance.now();
  console.log(`add ${(t1 - t0).toFixed(1)} ms, finish ${(t2 - t1).toFixed(1)} ms`, rep2.dimensions[0].mean, rep2.dimensions[0].alpha);
  }
});
