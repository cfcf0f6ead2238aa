import { CLI_ACTOR } from '../audit/log';
import type { Db } from '../db/connection';
import { insertSkmResponse, insertSkmSuggestion, listSkmRounds } from '../db/skm';
import { createSkmRound, setSkmRoundOpen } from '../skm/rounds';
import { pick, seededRandom } from './random';

/**
 * Two stakeholder satisfaction rounds for the demo: last semester's (120 forms from a population of
 * 400, three services) and the one before (90 forms), so the report shows a trend. The unit serves
 * its public well but slowly: completion time is the clearly weak element, a little better than
 * the semester before. Deterministic answers (a seeded generator), like the employee demo.
 */

const SERVICES = 'L01 Konsultasi perencanaan\nL02 Permohonan data dan informasi\nL03 Fasilitasi kerja sama';

/** Probabilities of the answers 1–4 per element; elements not listed use GOOD. */
type Distribution = readonly [number, number, number, number];
const GOOD: Distribution = [0.02, 0.1, 0.55, 0.33];
const LAST: Record<string, Distribution> = {
  time: [0.12, 0.38, 0.4, 0.1],
  cost: [0, 0.02, 0.18, 0.8],
  complaints: [0.05, 0.2, 0.55, 0.2],
  behaviour: [0.01, 0.06, 0.5, 0.43],
};
const EARLIER: Record<string, Distribution> = { ...LAST, time: [0.18, 0.42, 0.32, 0.08], complaints: [0.07, 0.25, 0.5, 0.18] };

const EDUCATION = ['SMA', 'D1-D3', 'S1', 'S1', 'S1', 'S2', 'S2', 'S3'];
const OCCUPATION = ['PNS', 'PNS', 'PNS', 'swasta', 'swasta', 'wirausaha', 'lainnya', 'TNI', 'POLRI'];
const CHANNELS = ['online', 'online', 'online', 'kiosk', 'paper'] as const;

const SUGGESTIONS = [
  'Waktu penyelesaian permohonan data terlalu lama, mohon ada kepastian jadwal.',
  'Petugas ramah dan sabar menjelaskan.',
  'Mohon status permohonan bisa dipantau secara daring.',
  'Antrean di loket cukup lama pada pagi hari.',
  'Persyaratan sudah jelas di laman.',
  'Kanal pengaduan belum banyak diketahui masyarakat.',
  'Ruang tunggu nyaman.',
  'Tolong balasan surel dipercepat.',
  'Layanan gratis, sangat membantu.',
  'Perlu penjelasan tertulis tentang alur layanan kerja sama.',
  'Jam layanan bisa diperpanjang sampai sore.',
  'Informasi di laman sebaiknya diperbarui lebih sering.',
  'Petugas menguasai materi konsultasi.',
  'Hasil layanan diterima lebih lambat dari janji.',
];

function answer(random: () => number, distribution: Distribution): number {
  let draw = random();
  for (let score = 0; score < 3; score++) {
    if (draw < distribution[score]) return score + 1;
    draw -= distribution[score];
  }
  return 4;
}

/** The half-year before the one `now` falls in, and the one before that (UTC dates). */
function semesters(now: Date): { start: string; end: string; label: string }[] {
  const year = now.getUTCFullYear();
  const firstHalf = now.getUTCMonth() < 6;
  const half = (y: number, first: boolean) => ({ start: first ? `${y}-01-01` : `${y}-07-01`, end: first ? `${y}-06-30` : `${y}-12-31`, label: `${first ? 'I' : 'II'} ${y}` });
  const last = firstHalf ? half(year - 1, false) : half(year, true);
  const before = firstHalf ? half(year - 1, true) : half(year - 1, false);
  return [before, last];
}

function seedRound(db: Db, now: Date, period: { start: string; end: string; label: string }, forms: number, profile: Record<string, Distribution>, seed: number, suggestions: readonly string[]): void {
  const random = seededRandom(seed);
  const round = createSkmRound(db, { name: `SKM Semester ${period.label} (demo)`, period_start: period.start, period_end: period.end, services: SERVICES, population: '400', min_group_size: '5' }, now, CLI_ACTOR);
  const keys = round.elements.map((element) => element.key);
  const serviceCodes = round.services.map((service) => service.code);
  for (let form = 0; form < forms; form++) {
    const answers = keys.map((key) => (key === 'complaints' && random() < 0.05 ? 0 : answer(random, profile[key] ?? GOOD)));
    const age = random() < 0.04 ? null : 19 + Math.floor(random() * 45);
    insertSkmResponse(db, {
      round_id: round.row.id,
      channel: pick(random, CHANNELS),
      answers: Buffer.from(answers),
      gender: random() < 0.03 ? null : random() < 0.52 ? 'female' : 'male',
      age,
      education: pick(random, EDUCATION),
      occupation: pick(random, OCCUPATION),
      // The third service is asked for least: a small group the breakdowns must hide.
      service: random() < 0.03 ? serviceCodes[2] : random() < 0.6 ? serviceCodes[0] : serviceCodes[1],
      submitted_on: period.start,
      day_part: random() < 0.6 ? 'morning' : 'afternoon',
      batch_id: null,
    });
  }
  for (const text of suggestions) insertSkmSuggestion(db, { round_id: round.row.id, text, batch_id: null });
  setSkmRoundOpen(db, round.row.id, false, now, CLI_ACTOR);
}

/** Adds the demo's SKM rounds unless a demo SKM round exists already; true when it did. */
export function seedDemoSkm(db: Db, now: Date): boolean {
  if (listSkmRounds(db).some((row) => row.name.endsWith('(demo)'))) return false;
  const [before, last] = semesters(now);
  db.transaction(() => {
    seedRound(db, now, before, 90, EARLIER, 20170714, SUGGESTIONS.slice(0, 6));
    seedRound(db, now, last, 120, LAST, 20171014, SUGGESTIONS);
  })();
  return true;
}
