import { publishedSkmReport } from '../../src/skm/analysis';
import { profileChart, PROFILE_CHART_WIDTH } from '../../src/skm/chart';
import { skmDocumentHtml, skmDocumentView, skmInfographicHtml, skmInfographicView } from '../../src/skm/document';
import { getSkmRound, setSkmRoundOpen } from '../../src/skm/rounds';
import { freshDb } from '../helpers';
import { addForms, handComputedForms, skmRound } from './fixtures';

/** The published report of the hand-computed table (fixtures.ts: IKM 8725/108 = 80.787…, B). */
function handReport(lang: 'id' | 'en' = 'id') {
  const db = freshDb();
  const round = skmRound(db);
  addForms(db, round.row.id, handComputedForms());
  setSkmRoundOpen(db, round.row.id, false, new Date('2026-12-01T00:00:00Z'), 'test');
  return publishedSkmReport(db, getSkmRound(db, round.row.id), { lang, commentMin: 10 });
}

/** Every font-size in an SVG. */
function fontSizes(svg: string): number[] {
  return [...svg.matchAll(/font-size="([\d.]+)"/g)].map((match) => Number(match[1]));
}

describe('the SKM document view', () => {
  it('formats the index and the element figures for the language, rounded only here', () => {
    const view = skmDocumentView(handReport(), { lang: 'id', generatedOn: '2027-01-05', organisation: null });
    expect(view.results.ikm).toBe('80,79');
    expect(view.results.grade).toBe('B (Baik)');
    // Requirements: NRR 43/12 = 3.5833, weighted 43/108 = 0.3981, converted 89.5833 → 89,58 (A).
    expect(view.results.elements[0]).toEqual({ name: 'Persyaratan', n: 12, nrr: '3,58', weighted: '0,398', converted: '89,58', grade: 'A (Sangat Baik)', distribution: [0, 0, 5, 7] });
    expect(view.cover.date).toBe('5 Januari 2027');
    expect(view.round.period).toBe('1 Juli 2026 – 31 Desember 2026');
    const english = skmDocumentView(handReport('en'), { lang: 'en', generatedOn: '2027-01-05', organisation: null });
    expect(english.results.ikm).toBe('80.79');
    expect(english.results.grade).toBe('B (Good)');
  });

  it('without an organisation profile says so on the cover and leaves the signature to be filled in', () => {
    const view = skmDocumentView(handReport(), { lang: 'id', generatedOn: '2027-01-05', organisation: null });
    expect(view.cover).toMatchObject({ organisation: 'Organisasi belum diisi', organisationGiven: false, parent: '', unit: '', logo: null });
    expect(view.unit).toBe('unit ini');
    expect(view.signature).toEqual({ place: '', date: '5 Januari 2027', position: '', name: '', nip: '' });
  });

  it('lists the priority elements as the follow-up rows, lowest NRR first', () => {
    const view = skmDocumentView(handReport(), { lang: 'id', generatedOn: '2027-01-05', organisation: null });
    expect(view.followup.rows.map((row) => row.key)).toEqual(['time', 'facilities', 'product', 'complaints']);
  });

  it('draws one profile chart per field, hatching the not-answered group and naming its hatching after the field', () => {
    const view = skmDocumentView(handReport(), { lang: 'id', generatedOn: '2027-01-05', organisation: null });
    expect(view.profile.map((field) => field.field)).toEqual(['gender', 'age', 'education', 'occupation', 'service']);
    // Nobody gave an age: all 12 are "tidak diisi", a hatched bar.
    const age = view.profile.find((field) => field.field === 'age')!.chart;
    expect(age).toContain('id="skm-profile-age-unanswered"');
    expect(age).toContain('fill="url(#skm-profile-age-unanswered)"');
    expect(age).toContain('tidak diisi: 12 (100,0%)');
    const gender = view.profile.find((field) => field.field === 'gender')!.chart;
    expect(gender).not.toContain('unanswered');
    expect(gender).toContain('Laki-laki: 5 (41,7%); Perempuan: 7 (58,3%).');
  });

  it('writes the document and the infographic without a web address (inline SVG takes its namespace from HTML)', async () => {
    const report = handReport();
    const options = { lang: 'id' as const, generatedOn: '2027-01-05', organisation: null };
    for (const html of [await skmDocumentHtml(report, { ...options, selfContained: true }), await skmInfographicHtml(report, options)]) {
      expect(html).not.toMatch(/https?:\/\//);
      expect(html).toContain("default-src 'none'");
    }
  });

  it('gives the infographic the index with a comma, the grade letter and label, and the full element names', () => {
    const view = skmInfographicView(handReport(), { lang: 'id', generatedOn: '2027-01-05', organisation: null });
    expect(view).toMatchObject({ heading: 'Indeks Kepuasan Masyarakat', ikm: '80,79', grade: 'B', gradeLabel: 'Baik', respondents: '12 responden', period: '1 Juli 2026 – 31 Desember 2026' });
    // The longest name wraps onto lines of its own, never cut with an ellipsis.
    expect(view.chart).not.toContain('…');
    expect(view.chart).toContain('>Penanganan pengaduan, saran,<');
    expect(view.bands.map((band) => `${band.grade} ${band.range}`)).toEqual(['A 88,31 – 100,00', 'B 76,61 – 88,30', 'C 65,00 – 76,60', 'D 25,00 – 64,99']);
  });
});

describe('the profile chart', () => {
  it('prints its smallest text at 8 pt or more when two stand side by side on A4 (89 mm each)', () => {
    const svg = profileChart([{ label: 'Permohonan data dan informasi', n: 46, value: '46 (38,3%)', unanswered: false }], 'Responden', 'Permohonan data dan informasi: 46 (38,3%).', 'test');
    expect(svg).toContain(`viewBox="0 0 ${PROFILE_CHART_WIDTH} `);
    const smallest = Math.min(...fontSizes(svg));
    // One viewBox unit prints at 89 / 400 mm; 1 pt = 0.3528 mm.
    expect((smallest * 89) / PROFILE_CHART_WIDTH / 0.3528).toBeGreaterThanOrEqual(8);
  });

  it('makes the largest group the longest bar and writes each count with its share', () => {
    const svg = profileChart(
      [
        { label: 'SMA', n: 10, value: '10 (25,0%)', unanswered: false },
        { label: 'S1', n: 30, value: '30 (75,0%)', unanswered: false },
      ],
      'Responden menurut pendidikan',
      'SMA: 10 (25,0%); S1: 30 (75,0%).',
      'edu',
    );
    const widths = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"/g)].map((match) => Number(match[1]));
    expect(widths).toHaveLength(2);
    expect(widths[1] / widths[0]).toBeCloseTo(3, 1);
    expect(svg).toContain('>30 (75,0%)<');
  });
});
