import path from 'node:path';
import type { Db } from '../db/connection';
import { ROOT } from '../paths';
import { CLI_ACTOR } from '../audit/log';
import { hasAdmin, insertNewUser, prepareNewUser, type PreparedUser } from '../auth/accounts';
import { listRounds } from '../db/rounds';
import { calendarDate } from '../dates';
import { addRosterEntry, issueLinks } from '../survey/roster';
import { closeRoundByHand, createRound } from '../survey/rounds';
import { openLink, submit } from '../survey/questionnaire';
import { syntheticAnswers } from './answers';
import { seedDemoOrganisation } from './organisation';
import { seedDemoPlan } from './plan';
import { seedDemoSkm } from './skm';
import { pick, seededRandom } from './random';
import type { ReportSettings } from '../plan/show';

export const DEMO_DB_FILE = path.join(ROOT, 'data', 'potret-demo.db');
export const DEMO_USERNAME = 'demo';
export const DEMO_PASSWORD = 'potret-demo-2026';
const DEMO_ROUND = 'Diagnosis Organisasi 2026 (demo)';

const UNITS = ['Subdirektorat Perencanaan', 'Subdirektorat Evaluasi', 'Subdirektorat Kerja Sama', 'Subbagian Tata Usaha'];
const GRADES = ['II/c', 'III/a', 'III/b', 'III/c', 'III/d', 'IV/a', 'IV/b'];
const GIVEN = ['Ahmad', 'Budi', 'Citra', 'Dewi', 'Eko', 'Fajar', 'Gita', 'Hendra', 'Indah', 'Joko', 'Kartika', 'Lestari', 'Made', 'Nur'];
const FAMILY = ['Santoso', 'Wulandari', 'Saputra', 'Rahmawati', 'Siregar', 'Nugroho', 'Hidayat', 'Pratiwi', 'Sihombing', 'Kurniawan'];

// The case Potret comes from: a solid work culture, clear gaps in HR development, technology use and SOP compliance.
const PROFILE = {
  means: { 'LG-BUD': 4.5, 'LG-HR': 3.0, 'LG-TI': 3.1, 'IBP-SOP': 3.2, 'FIN-ANG': 3.7, 'CUS-LAY': 3.9, 'LG-PIM': 3.6 },
  fallback: 3.6,
  blankRate: 0.02,
};

const COMMENTS = [
  { perspective: 'LG', text: 'Pelatihan teknis masih jarang; mohon rencana pengembangan kompetensi yang jelas per pegawai.' },
  { perspective: 'LG', text: 'Aplikasi persuratan sering lambat, banyak pekerjaan masih manual.' },
  { perspective: 'IBP', text: 'SOP sudah ada tetapi belum semua pegawai mengetahuinya, perlu sosialisasi.' },
  { perspective: 'IBP', text: 'Koordinasi antarsubdirektorat perlu jadwal rapat yang rutin.' },
  { perspective: 'FIN', text: 'Penyerapan anggaran menumpuk di triwulan IV.' },
  { perspective: 'CUS', text: 'Pemangku kepentingan menghargai respons cepat tim kami.' },
  { perspective: 'LG', text: 'Kebersamaan dan semangat kerja tim sangat baik.' },
  { perspective: 'CUS', text: 'Perlu kanal pengaduan daring yang lebih mudah.' },
  { perspective: 'LG', text: 'Pembagian tugas kadang tidak merata.' },
  { perspective: 'IBP', text: 'Dokumen kerja sebaiknya disimpan di satu sistem bersama.' },
  { perspective: 'FIN', text: 'Revisi DIPA membutuhkan waktu terlalu lama.' },
  { perspective: 'LG', text: 'Pimpinan terbuka terhadap masukan.' },
];

/**
 * Fills a database with one realistic, deterministic round: 28 employees in four units, 24 of
 * whom answered through their personal links (the same code path as real employees).
 * Does nothing if the demo round exists already.
 */
export async function seedDemo(
  db: Db,
  now: Date,
  timeZone = 'Asia/Jakarta',
  report: ReportSettings = { alphaMin: 0.7, categoryBoundary: 'lower' },
): Promise<{ roundName: string; invited: number; username: string; password: string } | null> {
  if (hasDemoRound(db)) return null;
  // The password is hashed before the transaction, which cannot wait for it.
  const admin = hasAdmin(db) ? null : await prepareNewUser({ username: DEMO_USERNAME, password: DEMO_PASSWORD, role: 'admin' });
  // One transaction: an interrupted seed leaves no half-filled demo round behind (which would never be re-seeded).
  const seeded = db.transaction(() => seedDemoRound(db, now, timeZone, admin))();
  if (!seeded) return null;
  // Closed, so that its results are published (an open round shows counts only).
  closeRoundByHand(db, seeded.roundId, now, CLI_ACTOR);
  seedDemoPlan(db, seeded.roundId, now, report);
  seedDemoOrganisation(db, now);
  seedDemoSkm(db, now);
  return { roundName: seeded.roundName, invited: seeded.invited, username: seeded.username, password: seeded.password };
}

function hasDemoRound(db: Db): boolean {
  return listRounds(db).some((round) => round.name === DEMO_ROUND);
}

function seedDemoRound(db: Db, now: Date, timeZone: string, admin: PreparedUser | null): { roundId: number; roundName: string; invited: number; username: string; password: string } | null {
  if (hasDemoRound(db)) return null;
  const random = seededRandom(20261128);
  // The demo is seeded by `npm start -- --demo` from the command line, and is recorded as such.
  if (admin && !hasAdmin(db)) insertNewUser(db, admin, now, CLI_ACTOR);
  const round = createRound(db, { name: DEMO_ROUND }, now, CLI_ACTOR);
  const id = round.row.id;
  const sizes = [9, 8, 6, 5];
  UNITS.forEach((unit, unitIndex) => {
    for (let i = 0; i < sizes[unitIndex]; i += 1) {
      addRosterEntry(db, id, {
        name: `${pick(random, GIVEN)} ${pick(random, FAMILY)}`,
        unit,
        grade: pick(random, GRADES),
        employee_no: `19${80 + unitIndex}0${String(100 + i * 7 + unitIndex)}`,
      }, now, CLI_ACTOR);
    }
  });
  const links = issueLinks(db, id, 'all', 'http://demo', now, CLI_ACTOR);
  const today = calendarDate(now, timeZone);
  links.slice(0, 24).forEach((link, index) => {
    const respondent = openLink(db, link.link.split('/s/')[1], today, 'demo seed');
    const answers = syntheticAnswers(round.instrument, PROFILE, random);
    const body: Record<string, string> = {};
    round.instrument.items.forEach((item) => {
      if (answers[item.index]) body[item.code] = String(answers[item.index]);
    });
    const comment = COMMENTS[index];
    if (comment) body[`comment_${comment.perspective}`] = comment.text;
    // Inside the seeding transaction: the log is emptied after it commits, nothing to wait for here.
    void submit(db, respondent, body);
  });
  return { roundId: id, roundName: DEMO_ROUND, invited: links.length, username: DEMO_USERNAME, password: DEMO_PASSWORD };
}
