import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import type { Config } from '../../src/config';
import type { Db } from '../../src/db/connection';
import { saveOrganisation } from '../../src/organisation/profile';
import { setSkmRoundOpen } from '../../src/skm/rounds';
import { createTestApp, loggedIn } from '../helpers';
import { readPdfText } from '../e2e/pdf-text';
import { addForms, handComputedForms, skmRound } from '../skm/fixtures';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) => fs.existsSync(file)) ?? null;
const withChromium = CHROMIUM ? it : it.skip;

const ORGANISATION = {
  name: 'Direktorat Layanan Uji',
  parent: 'Kementerian Uji Coba',
  unit: 'Direktorat Jenderal Pelayanan',
  city: 'Bandung',
  head_name: 'Dr. Rina Wulandari, M.Si.',
  head_position: 'Direktur Layanan Uji',
  head_nip: '197501012000032001',
};

/** A closed round of the hand-computed table (test/skm/fixtures.ts: IKM 8725/108 = 80,79, B) and the organisation profile. */
function published(overrides: Partial<Config> = {}) {
  const context = createTestApp(overrides);
  saveOrganisation(context.db, ORGANISATION, context.clock.now, 'test');
  const round = skmRound(context.db);
  addForms(context.db, round.row.id, handComputedForms());
  setSkmRoundOpen(context.db, round.row.id, false, context.clock.now, 'test');
  return { ...context, id: round.row.id };
}

/** supertest parser that keeps a binary body (PDF, PNG, XLSX) as a Buffer. */
function collectBinary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** The rows of every table and the connection's count of changed rows: a read leaves both as they were. */
function writes(db: Db): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  const counts: Record<string, number> = Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
  counts['(total changes)'] = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return counts;
}

async function workbookOf(body: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as Parameters<typeof book.xlsx.load>[0]);
  return book;
}

/** A sheet's rows below its header as arrays of cell values (column 1 first). */
function rowsOf(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow((row, number) => {
    if (number > 1) rows.push((row.values as ExcelJS.CellValue[]).slice(1));
  });
  return rows;
}

describe('the SKM report as a self-contained HTML file', () => {
  it('is one file with its Content Security Policy and no web address, the cover naming the organisation, and the index with a decimal comma', async () => {
    const { app, db, id } = published();
    const { agent } = await loggedIn(app, db, 'viewer');
    const response = await agent.get(`/skm/rounds/${id}/report.html`);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename=potret-skm-${id}-report.html`);
    const html = response.text;
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:;/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link /);
    const cover = /<header class="skm-cover">([\s\S]*?)<\/header>/.exec(html)![1];
    expect(cover).toContain('Kementerian Uji Coba');
    expect(cover).toContain('Direktorat Layanan Uji');
    expect(cover).toContain('Direktorat Jenderal Pelayanan');
    expect(cover).toContain('Laporan Survei Kepuasan Masyarakat');
    expect(cover).toContain('1 Juli 2026 – 31 Desember 2026');
    expect(cover).toContain('12 responden');
    // The document's date: the app's clock reads 28 November 2026.
    expect(cover).toContain('28 November 2026');
    // 8725/108 = 80.787… → 80,79, grade B (hand computed, see the fixture).
    expect(html).toContain('Indeks Kepuasan Masyarakat periode ini adalah 80,79, mutu pelayanan B (Baik), dari 12 kuesioner.');
    const headings = [...html.matchAll(/<h2 id="[^"]+">([^<]+)<\/h2>/g)].map((match) => match[1]);
    expect(headings).toEqual(['Daftar isi', 'I. Pendahuluan', 'II. Metode', 'III. Profil responden', 'IV. Hasil per unsur dan indeks', 'V. Rencana tindak lanjut']);
    // The profile as charts, one per field, with counts and shares in their text alternative.
    expect(html.match(/<figure class="chart skm-profile-chart"/g)).toHaveLength(5);
    expect(html).toContain('Perempuan: 7 (58,3%)');
  });

  it('suppresses the small services as the JSON does and lists the priority elements in the follow-up plan', async () => {
    const { app, db, id } = published();
    const { agent } = await loggedIn(app, db, 'viewer');
    const html = (await agent.get(`/skm/rounds/${id}/report.html`)).text;
    const service = /<caption>Jenis layanan<\/caption>([\s\S]*?)<\/table>/.exec(html)![1];
    expect(service).toMatch(/Perizinan<\/th><td class="num">7<\/td>\s*<td class="num">88,89<\/td><td>A<\/td>/);
    expect(service).toMatch(/Konsultasi<\/th><td class="num">3<\/td>\s*<td colspan="2" class="skm-suppressed">tidak ditampilkan<\/td>/);
    expect(service).toMatch(/Pengaduan<\/th><td class="num">2<\/td>\s*<td colspan="2" class="skm-suppressed">tidak ditampilkan<\/td>/);
    const followup = /<section class="skm-section skm-followup"[\s\S]*?<\/section>/.exec(html)![0];
    const rows = [...followup.matchAll(/<tr><th scope="row">([^<]+)<span class="skm-sub">([^<]+)<\/span><\/th><td><\/td><td><\/td><td><\/td><\/tr>/g)].map((match) => [match[1], match[2]]);
    expect(rows).toEqual([
      ['Waktu penyelesaian', 'NRR 2,58 · 64,58 (D)'],
      ['Sarana dan prasarana', 'NRR 2,58 · 64,58 (D)'],
      ['Produk spesifikasi jenis pelayanan', 'NRR 3,00 · 75,00 (C)'],
      ['Penanganan pengaduan, saran, dan masukan', 'NRR 3,00 · 75,00 (C)'],
    ]);
  });

  it('is signed by the head of unit from the organisation profile, in the profile\'s city', async () => {
    const { app, db, id } = published();
    const { agent } = await loggedIn(app, db, 'viewer');
    const html = (await agent.get(`/skm/rounds/${id}/report.html`)).text;
    const signature = /<div class="skm-signature">([\s\S]*?)<\/div>\s*<\/section>/.exec(html)![1];
    expect(signature).toContain('Bandung, 28 November 2026');
    expect(signature).toContain('Mengetahui,');
    expect(signature).toContain('Direktur Layanan Uji');
    expect(signature).toContain('Dr. Rina Wulandari, M.Si.');
    expect(signature).toContain('NIP 197501012000032001');
  });

  it('speaks English with ?lang=en, with a decimal point', async () => {
    const { app, db, id } = published();
    const { agent } = await loggedIn(app, db, 'viewer');
    const html = (await agent.get(`/skm/rounds/${id}/report.html?lang=en`)).text;
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Stakeholder Satisfaction Survey Report');
    expect(html).toContain('The satisfaction index of this round is 80.79, service grade B (Good), from 12 questionnaires.');
    expect(html).toContain('V. Follow-up plan');
  });
});

describe('the SKM report as a workbook', () => {
  it('holds the JSON report\'s numbers as numbers under number formats, in Indonesian sheets', async () => {
    const { app, db, id } = published();
    const { agent } = await loggedIn(app, db, 'viewer');
    const json = (await agent.get(`/api/skm/rounds/${id}/report`)).body;
    const response = await agent.get(`/skm/rounds/${id}/report.xlsx`).buffer(true).parse(collectBinary);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = await workbookOf(response.body as Buffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['Ringkasan', 'Unsur', 'Profil', 'Kelompok', 'Tren']);

    const summary = new Map<string, ExcelJS.Cell>();
    book.getWorksheet('Ringkasan')!.eachRow((row) => summary.set(String(row.getCell(1).value), row.getCell(2)));
    // Full precision: 8725/108, not 80.79.
    expect(summary.get('IKM')!.value).toBe(8725 / 108);
    expect(summary.get('IKM')!.value).toBe(json.ikm);
    expect(summary.get('IKM')!.numFmt).toBe('0.00');
    expect(summary.get('IKM (pecahan tepat)')!.value).toBe('8725/108');
    expect(summary.get('Mutu pelayanan')!.value).toBe('B');
    expect(summary.get('Kuesioner')!.value).toBe(12);
    expect((summary.get('Awal periode')!.value as Date).toISOString()).toBe('2026-07-01T00:00:00.000Z');

    const elements = book.getWorksheet('Unsur')!;
    const header = (elements.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    expect(header).toEqual(['Kode', 'Unsur pelayanan', 'n', 'NRR', 'Bobot', 'NRR tertimbang', 'Nilai konversi', 'Mutu pelayanan', 'Keterangan mutu', 'Jawaban 1', 'Jawaban 2', 'Jawaban 3', 'Jawaban 4']);
    const rows = rowsOf(elements);
    expect(rows.map((row) => row[0])).toEqual(json.elements.map((element: { key: string }) => element.key));
    rows.forEach((row, index) => {
      const element = json.elements[index];
      expect(row.slice(2, 7)).toEqual([element.n, element.nrr, element.weight, element.nrr_weighted, element.ikm_element]);
      expect(row.slice(9)).toEqual([element.distribution['1'], element.distribution['2'], element.distribution['3'], element.distribution['4']]);
    });
    // Requirements: 43/12 (hand computed), weighted 43/108, answers 0, 0, 5, 7.
    expect(rows[0]).toEqual(['requirements', 'Persyaratan', 12, 43 / 12, 1 / 9, 43 / 108, (25 * 43) / 12, 'A', 'Sangat Baik', 0, 0, 5, 7]);
    expect(elements.getRow(2).getCell(4).numFmt).toBe('0.00');
  });

  it('shows a suppressed group as "disembunyikan" without any figure, and a shown one with its index', async () => {
    const { app, db, id } = published();
    const { agent } = await loggedIn(app, db, 'viewer');
    const book = await workbookOf((await agent.get(`/skm/rounds/${id}/report.xlsx`).buffer(true).parse(collectBinary)).body as Buffer);
    const groups = rowsOf(book.getWorksheet('Kelompok')!).filter((row) => row[0] === 'Jenis layanan');
    expect(groups.map((row) => row.slice(0, 4))).toEqual([
      ['Jenis layanan', 'Perizinan', 7, 'ditampilkan'],
      ['Jenis layanan', 'Konsultasi', 3, 'disembunyikan'],
      ['Jenis layanan', 'Pengaduan', 2, 'disembunyikan'],
    ]);
    // The shown service: all 7 forms of the female group (Σ NRR 32 → 800/9); the hidden ones have no cell after the word.
    expect(groups[0].slice(4, 7)).toEqual([800 / 9, 'A', 4]);
    for (const row of groups.slice(1)) expect(row.slice(4).filter((value) => value !== null && value !== undefined)).toEqual([]);
    const profile = rowsOf(book.getWorksheet('Profil')!).find((row) => row[1] === 'Perempuan')!;
    expect(profile).toEqual(['Jenis kelamin', 'Perempuan', 7, 7 / 12]);
    const trend = rowsOf(book.getWorksheet('Tren')!);
    expect(trend).toHaveLength(1);
    expect(trend[0].slice(3, 6)).toEqual([12, 8725 / 108, 'B']);
  });
});

describe('the SKM report files before publication, and who may download them', () => {
  const FILES = ['report.html', 'report.pdf', 'report.xlsx', 'infographic.png', 'infographic.pdf'];

  it.each(FILES)('%s of an open round answers 409 with the count only, and writes nothing', async (file) => {
    const { app, db } = createTestApp({ chromium: CHROMIUM ?? '/nonexistent/chromium' });
    const round = skmRound(db);
    addForms(db, round.row.id, handComputedForms());
    const { agent } = await loggedIn(app, db, 'analyst');
    const before = writes(db);
    const response = await agent.get(`/skm/rounds/${round.row.id}/${file}`);
    expect(response.status).toBe(409);
    expect(response.headers['content-disposition']).toBeUndefined();
    expect(response.text).toContain('Laporan SKM belum diterbitkan');
    expect(response.text).toContain('12 kuesioner masuk');
    expect(response.text).not.toMatch(/80[,.]79/);
    expect(writes(db)).toEqual(before);
  });

  it.each(FILES)('%s of a closed round too small to publish answers 409', async (file) => {
    const { app, db } = createTestApp();
    const round = skmRound(db);
    addForms(db, round.row.id, handComputedForms().slice(0, 4));
    setSkmRoundOpen(db, round.row.id, false, new Date(), 'test');
    const { agent } = await loggedIn(app, db, 'viewer');
    const response = await agent.get(`/skm/rounds/${round.row.id}/${file}`);
    expect(response.status).toBe(409);
    expect(response.text).toContain('kurang dari ukuran kelompok minimum 5');
  });

  it.each(FILES)('%s of an unknown round answers 404', async (file) => {
    const { app, db } = published();
    const { agent } = await loggedIn(app, db, 'viewer');
    expect((await agent.get(`/skm/rounds/99/${file}`)).status).toBe(404);
    expect((await agent.get(`/skm/rounds/abc/${file}`)).status).toBe(404);
  });

  it.each(FILES)('%s is refused to a contributor (no reports.read)', async (file) => {
    const { app, db, id } = published();
    const { agent } = await loggedIn(app, db, 'contributor');
    expect((await agent.get(`/skm/rounds/${id}/${file}`)).status).toBe(403);
  });

  it('answers 503 for the PDF and the infographic when the server has no Chromium, and hides their links', async () => {
    const { app, db, id } = published({ chromium: '/nonexistent/chromium' });
    const { agent } = await loggedIn(app, db, 'viewer');
    for (const file of ['report.pdf', 'infographic.png', 'infographic.pdf']) expect((await agent.get(`/skm/rounds/${id}/${file}`)).status).toBe(503);
    const page = await agent.get(`/skm/rounds/${id}/report`);
    expect(page.text).toContain(`href="/skm/rounds/${id}/report.html"`);
    expect(page.text).toContain(`href="/skm/rounds/${id}/report.xlsx"`);
    expect(page.text).not.toContain('report.pdf');
    expect(page.text).not.toContain('infographic.png');
    expect(page.text).toContain('memerlukan Chromium di server');
  });
});

describe('the links to the SKM report files', () => {
  withChromium('are on the report page for a viewer, and on the round page for an analyst once the round is published', async () => {
    const { app, db, id } = published({ chromium: CHROMIUM! });
    const viewer = (await loggedIn(app, db, 'viewer')).agent;
    const page = (await viewer.get(`/skm/rounds/${id}/report`)).text;
    for (const file of ['report.html', 'report.pdf', 'report.xlsx', 'infographic.png', 'infographic.pdf']) expect(page).toContain(`href="/skm/rounds/${id}/${file}"`);
    expect(page).not.toContain(`href="/skm/rounds/${id}"`);
    const analyst = (await loggedIn(app, db, 'analyst')).agent;
    const roundPage = (await analyst.get(`/skm/rounds/${id}`)).text;
    expect(roundPage).toContain(`href="/skm/rounds/${id}/report.pdf"`);
    expect(roundPage).toContain(`href="/skm/rounds/${id}/infographic.png"`);
    const open = skmRound(db, { name: 'SKM terbuka' });
    const openPage = (await analyst.get(`/skm/rounds/${open.row.id}`)).text;
    expect(openPage).not.toContain('report.pdf');
    expect(openPage).toContain('dapat diunduh setelah periode ditutup');
  });
});

describe('the SKM report and infographic printed by Chromium', () => {
  withChromium('the report PDF has the cover alone on page 1 and the index on a later page', async () => {
    const { app, db, id } = published({ chromium: CHROMIUM! });
    const { agent } = await loggedIn(app, db, 'viewer');
    const response = await agent.get(`/skm/rounds/${id}/report.pdf`).buffer(true).parse(collectBinary);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.body as Buffer;
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 594\.9\d* 841\.9\d*\]/);
    const pages = readPdfText(pdf).pages.map((text) => text.replace(/\s+/g, ''));
    expect(pages[0]).toContain('DIREKTORATLAYANANUJI');
    expect(pages[0]).toContain('LAPORANSURVEIKEPUASANMASYARAKAT');
    expect(pages[0]).not.toContain('80,79');
    expect(pages.slice(1).join('')).toContain('80,79');
  });

  withChromium('the infographic PNG is an A4 page at twice the CSS pixels: 1588 × 2246', async () => {
    const { app, db, id } = published({ chromium: CHROMIUM! });
    const { agent } = await loggedIn(app, db, 'viewer');
    const response = await agent.get(`/skm/rounds/${id}/infographic.png`).buffer(true).parse(collectBinary);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['content-disposition']).toBe(`attachment; filename=potret-skm-${id}-infographic.png`);
    const png = response.body as Buffer;
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // The first chunk is IHDR: its width and height are the big-endian words at bytes 16 and 20.
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1588, 2246]);
  });

  withChromium('the infographic PDF is exactly one A4 page with the index, its grade and the nine elements', async () => {
    const { app, db, id } = published({ chromium: CHROMIUM! });
    const { agent } = await loggedIn(app, db, 'viewer');
    const response = await agent.get(`/skm/rounds/${id}/infographic.pdf`).buffer(true).parse(collectBinary);
    expect(response.status).toBe(200);
    const { pages } = readPdfText(response.body as Buffer);
    expect(pages).toHaveLength(1);
    const page = pages[0].replace(/\s+/g, '');
    expect(page).toContain('INDEKSKEPUASANMASYARAKAT');
    expect(page).toContain('80,79');
    expect(page).toContain('B—Baik');
    expect(page).toContain('12responden');
    for (const name of ['Persyaratan', 'Waktupenyelesaian', 'Penangananpengaduan,saran,danmasukan']) expect(page).toContain(name);
    expect(page).toContain('2,58');
  });
});
