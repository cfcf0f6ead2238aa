import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Config } from '../../src/config';
import { importPaperFile } from '../../src/survey/paper';
import { getRound } from '../../src/survey/rounds';
import { countRows, createTestApp, loggedIn } from '../helpers';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'paper');
const ROSTER_CSV = '\uFEFFname;unit;grade\r\nAni;Subdit Perencanaan;III/a\r\nBudi;Subdit Umum;III/b\r\nCitra;Subdit Keuangan;IV/a\r\n';

function fixture(name: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, name));
}

async function setupRound(overrides: Partial<Config> = {}) {
  const context = createTestApp(overrides);
  const { agent, csrf } = await loggedIn(context.app, context.db);
  const created = await agent.post('/rounds').type('form').send({ name: 'Diagnosis 2026', _csrf: csrf });
  const id = Number(/\/rounds\/(\d+)/.exec(created.headers.location)?.[1]);
  await agent.post(`/rounds/${id}/roster`).field('_csrf', csrf).attach('file', Buffer.from(ROSTER_CSV), 'roster.csv');
  return { ...context, agent, csrf, id };
}

type Round = Awaited<ReturnType<typeof setupRound>>;

function preview(round: Round, file: Buffer, fileName = 'kertas.csv', options: { allow_new_units?: boolean; skip_invalid?: boolean } = {}) {
  let request = round.agent.post(`/rounds/${round.id}/paper/preview`).field('_csrf', round.csrf);
  if (options.allow_new_units) request = request.field('allow_new_units', '1');
  if (options.skip_invalid) request = request.field('skip_invalid', '1');
  return request.attach('file', file, fileName);
}

function confirmFields(html: string): Record<string, string> {
  const form = /<form method="post" action="[^"]*\/paper\/confirm"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error('no confirm form on the page');
  return Object.fromEntries([...form[1].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [match[1], match[2]]));
}

function paperCount(round: Round): number {
  return (round.db.prepare("SELECT count(*) AS n FROM responses WHERE channel = 'paper'").get() as { n: number }).n;
}

function csvLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split('\r\n').filter((line) => line !== '');
}

describe('paper questionnaires: pages', () => {
  it('links the round page to the paper questionnaires', async () => {
    const round = await setupRound();
    const page = await round.agent.get(`/rounds/${round.id}`);
    expect(page.text).toContain(`href="/rounds/${round.id}/paper"`);
    expect(page.text).toContain('Impor kuesioner kertas');
  });

  it('shows the templates and an upload form with labelled fields and no script', async () => {
    const round = await setupRound();
    const page = await round.agent.get(`/rounds/${round.id}/paper`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/rounds/${round.id}/paper/template.xlsx"`);
    expect(page.text).toContain('<label for="f-file">Berkas CSV</label>');
    expect(page.text).toMatch(/<fieldset>\s*<legend>Pilihan impor<\/legend>/);
    expect(page.text).toContain('<input type="checkbox" name="allow_new_units" value="1"');
    expect(page.text).not.toContain('<script');
  });

  it('offers a printable questionnaire with every statement, a box per scale point and a form-number box', async () => {
    const round = await setupRound();
    const { instrument } = getRound(round.db, round.id);
    expect((await round.agent.get(`/rounds/${round.id}/paper`)).text).toContain(`href="/rounds/${round.id}/paper/form"`);
    const page = await round.agent.get(`/rounds/${round.id}/paper/form`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Nomor formulir');
    for (const item of instrument.items) expect(page.text).toContain(item.code);
    expect(page.text.match(/class="tick"/g)).toHaveLength(instrument.items.length * 5);
    expect((await round.agent.get(`/rounds/${round.id}/paper/form?lang=en`)).text.replace(/&#39;/g, "'")).toContain(instrument.items[0].text.en);
    expect((await round.agent.get('/rounds/999/paper/form')).status).toBe(404);
  });

  it('speaks English when asked', async () => {
    const round = await setupRound();
    const page = await round.agent.get(`/rounds/${round.id}/paper?lang=en`);
    expect(page.text).toContain('<h1>Paper questionnaires</h1>');
    expect(page.text).toContain('Check the file');
  });
});

describe('paper questionnaires: templates', () => {
  it('offers a CSV template that is the header row only, with a BOM for Excel', async () => {
    const round = await setupRound();
    const response = await round.agent.get(`/rounds/${round.id}/paper/template.csv`);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toContain(`potret-round-${round.id}-paper-template.csv`);
    expect(response.text.startsWith('\uFEFFform_id,unit,grade,FIN-ANG-01,FIN-ANG-02,')).toBe(true);
    expect(response.text.endsWith(',LG-PIM-05,comment_FIN,comment_CUS,comment_IBP,comment_LG\r\n')).toBe(true);
    expect(csvLines(response.text)).toHaveLength(1);
  });

  it('offers the CSV template with semicolons for Excel with Indonesian settings', async () => {
    const round = await setupRound();
    const response = await round.agent.get(`/rounds/${round.id}/paper/template.csv?dialect=semicolon`);
    expect(csvLines(response.text)[0]).toMatch(/^form_id;unit;grade;FIN-ANG-01;/);
  });

  describe('XLSX template', () => {
    async function workbook() {
      const round = await setupRound();
      const response = await round.agent.get(`/rounds/${round.id}/paper/template.xlsx`).buffer(true).parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('spreadsheetml');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(response.body as unknown as ExcelJS.Buffer);
      return book;
    }

    it('has the form sheet first, with the template header', async () => {
      const book = await workbook();
      expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['Formulir', 'Unit', 'Pernyataan', 'Petunjuk']);
      const header = book.worksheets[0].getRow(1).values as unknown[];
      expect(header.slice(1, 5)).toEqual(['form_id', 'unit', 'grade', 'FIN-ANG-01']);
      expect(header.slice(-4)).toEqual(['comment_FIN', 'comment_CUS', 'comment_IBP', 'comment_LG']);
    });

    it('gives every answer cell a drop-down of the scale', async () => {
      const book = await workbook();
      const validations = (book.worksheets[0] as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
      expect(validations.D2).toMatchObject({ type: 'list', formulae: ['"1,2,3,4,5"'] });
      expect(validations.AY10001).toMatchObject({ type: 'list', formulae: ['"1,2,3,4,5"'] });
    });

    it('gives the unit cells a drop-down of the roster\'s units', async () => {
      const book = await workbook();
      const validations = (book.worksheets[0] as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
      expect(validations.B2).toMatchObject({ type: 'list', formulae: ["'Unit'!$A$2:$A$4"] });
      expect(book.getWorksheet('Unit')?.getColumn(1).values.slice(1)).toEqual(['unit', 'Subdit Keuangan', 'Subdit Perencanaan', 'Subdit Umum']);
    });

    it('lists every item code with its statement in both languages', async () => {
      const book = await workbook();
      const items = book.getWorksheet('Pernyataan');
      expect(items?.getRow(2).values).toEqual([
        undefined,
        'FIN-ANG-01',
        'Keuangan',
        'Perencanaan dan Penyerapan Anggaran',
        'Kegiatan yang dibiayai dalam DIPA unit kerja saya sesuai dengan kebutuhan pelaksanaan tugas.',
        "The activities funded in my unit's DIPA match what we need to carry out our work.",
      ]);
      expect(items?.getColumn(1).values.filter((value) => typeof value === 'string' && /^[A-Z]+-[A-Z]+-\d\d$/.test(value))).toHaveLength(48);
    });
  });
});

describe('paper questionnaires: upload, preview, confirm', () => {
  it('previews a valid file with the number of forms to add, and writes nothing', async () => {
    const round = await setupRound();
    const response = await preview(round, fixture('excel-indonesia.csv'));
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/Formulir yang akan ditambahkan<\/dt><dd><strong>3<\/strong>/);
    expect(response.text).toContain('Impor 3 formulir');
    expect(paperCount(round)).toBe(0);
    expect(countRows(round.db, 'import_batches')).toBe(0);
  });

  it('imports the previewed file on confirmation and lists its batch', async () => {
    const round = await setupRound();
    const shown = await preview(round, fixture('excel-indonesia.csv'), 'senin.csv');
    const confirmed = await round.agent.post(`/rounds/${round.id}/paper/confirm`).type('form').send(confirmFields(shown.text));
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.location).toBe(`/rounds/${round.id}/paper?notice=imported&batch=1`);
    expect(paperCount(round)).toBe(3);
    const page = await round.agent.get(confirmed.headers.location);
    expect(page.text).toContain('Batch 1: 3 formulir diimpor.');
    expect(page.text).toContain('Formulir kertas di periode ini: 3.');
    expect(page.text).toMatch(/<th scope="row">1<\/th>\s*<td>senin\.csv<\/td>\s*<td class="num">3<\/td>/);
  });

  it('forgets the upload once it is imported', async () => {
    const round = await setupRound();
    const shown = await preview(round, fixture('excel-indonesia.csv'));
    await round.agent.post(`/rounds/${round.id}/paper/confirm`).type('form').send(confirmFields(shown.text));
    expect(countRows(round.db, 'pending_imports')).toBe(0);
  });

  it('keeps the upload when its confirmation is refused, so that it can be confirmed again', async () => {
    const round = await setupRound();
    const shown = await preview(round, fixture('every-error.csv'));
    const { sha256 } = confirmFields(shown.text);
    const refused = await round.agent.post(`/rounds/${round.id}/paper/confirm`).type('form').send({ _csrf: round.csrf, sha256 });
    expect(refused.status).toBe(422);
    expect(countRows(round.db, 'pending_imports')).toBe(1);
    const confirmed = await round.agent.post(`/rounds/${round.id}/paper/confirm`).type('form').send({ _csrf: round.csrf, sha256, skip_invalid: '1' });
    expect(confirmed.status).toBe(303);
    expect(paperCount(round)).toBe(2);
    expect(countRows(round.db, 'pending_imports')).toBe(0);
  });

  it('forgets an upload a day old as soon as any upload is looked up', async () => {
    // Sessions outlast the day the clock moves on.
    const round = await setupRound({ sessionHours: 72 });
    await preview(round, fixture('excel-indonesia.csv'), 'old.csv');
    round.clock.now = new Date(round.clock.now.getTime() + 2 * 3600_000);
    const recent = confirmFields((await preview(round, fixture('google-sheets.csv'), 'recent.csv')).text).sha256;
    round.clock.now = new Date(round.clock.now.getTime() + 23 * 3600_000);
    const report = await round.agent.get(`/rounds/${round.id}/paper/uploads/${recent}/problems.csv`);
    expect(report.status).toBe(200);
    expect(round.db.prepare('SELECT file_name FROM pending_imports').all()).toEqual([{ file_name: 'recent.csv' }]);
  });

  it('lists every problem with line, column, value and reason, offers no full import, and writes nothing', async () => {
    const round = await setupRound();
    const response = await preview(round, fixture('every-error.csv'));
    expect(response.status).toBe(422);
    expect(response.text).toMatch(/<td class="num">3<\/td>\s*<td>FIN-ANG-01<\/td>\s*<td><code>6<\/code><\/td>\s*<td>Bukan jawaban pada skala 1–5\. Tulis bilangan bulat dari 1 sampai 5/);
    expect(response.text).toMatch(/<td class="num">8<\/td>\s*<td>unit<\/td>\s*<td><code>Subdit Rahasia<\/code><\/td>\s*<td>Unit ini tidak ada di daftar pegawai periode ini\. Unit pada daftar pegawai: /);
    expect(response.text).toMatch(/<td class="num">5<\/td>\s*<td>form_id<\/td>\s*<td>\(kosong\)<\/td>/);
    expect(response.text).toContain('6 dari 8 baris bermasalah');
    expect(response.text).not.toContain('>Impor 2 formulir<');
    expect(response.text).toContain('Impor hanya 2 formulir yang benar');
    expect(paperCount(round)).toBe(0);
  });

  it('offers the problems report as CSV with line, column, value and reason', async () => {
    const round = await setupRound();
    const shown = await preview(round, fixture('every-error.csv'));
    const sha256 = confirmFields(shown.text).sha256;
    const report = await round.agent.get(`/rounds/${round.id}/paper/uploads/${sha256}/problems.csv?allow_new_units=0`);
    expect(report.status).toBe(200);
    const lines = csvLines(report.text);
    expect(lines[0]).toBe('severity;line;column;value;message');
    expect(lines[1]).toMatch(/^error;3;FIN-ANG-01;6;"?Not an answer on the 1–5 scale/);
    expect(lines).toHaveLength(7);
  });

  it('imports only the valid rows when asked, keeping the rejected ones for download', async () => {
    const round = await setupRound();
    const shown = await preview(round, fixture('every-error.csv'), 'kertas.csv', { skip_invalid: true });
    expect(shown.status).toBe(200);
    expect(confirmFields(shown.text)).toMatchObject({ skip_invalid: '1' });
    const confirmed = await round.agent.post(`/rounds/${round.id}/paper/confirm`).type('form').send(confirmFields(shown.text));
    expect(confirmed.status).toBe(303);
    expect(paperCount(round)).toBe(2);
    const page = await round.agent.get(confirmed.headers.location);
    expect(page.text).toContain('6 baris bermasalah tidak diimpor.');
    const rejects = await round.agent.get(`/rounds/${round.id}/paper/batches/1/rejects.csv`);
    expect(rejects.status).toBe(200);
    const lines = csvLines(rejects.text);
    expect(lines[0].endsWith(';source_line;reason')).toBe(true);
    expect(lines.slice(1).map((line) => line.split(';')[0])).toEqual(['P-102', 'P-103', '', 'P-101', 'P-107', 'P-108']);
  });

  it('accepts units missing from the roster, with a warning, when "new units allowed" is ticked', async () => {
    const round = await setupRound();
    const file = Buffer.from(fixture('excel-indonesia.csv').toString('utf8').replace('Subdit Keuangan', 'Balai Diklat'), 'utf8');
    const refused = await preview(round, file);
    expect(refused.status).toBe(422);
    const shown = await preview(round, file, 'kertas.csv', { allow_new_units: true });
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('Unit ini tidak ada di daftar pegawai periode ini; 1 formulir akan disimpan dengan unit ini sebagai unit baru');
    await round.agent.post(`/rounds/${round.id}/paper/confirm`).type('form').send(confirmFields(shown.text));
    expect(round.db.prepare("SELECT count(*) AS n FROM responses WHERE unit = 'Balai Diklat'").get()).toEqual({ n: 1 });
  });

  it('refuses the same file twice, naming the earlier batch', async () => {
    const round = await setupRound();
    const first = await preview(round, fixture('excel-indonesia.csv'), 'senin.csv');
    await round.agent.post(`/rounds/${round.id}/paper/confirm`).type('form').send(confirmFields(first.text));
    const again = await preview(round, fixture('excel-indonesia.csv'), 'selasa.csv');
    expect(again.status).toBe(409);
    expect(again.text).toContain('Berkas ini sudah diimpor sebagai batch 1 («senin.csv», 3 formulir');
    expect(again.text).not.toContain('/paper/confirm');
    expect(paperCount(round)).toBe(3);
  });

  it('refuses a confirmation that arrives after the same file was imported, re-showing the preview', async () => {
    const round = await setupRound();
    const shown = await preview(round, fixture('excel-indonesia.csv'));
    const fields = confirmFields(shown.text);
    // Meanwhile someone imports the same file from the command line.
    importPaperFile(round.db, round.id, fixture('excel-indonesia.csv'), { fileName: 'kertas.csv', importedBy: 'cli', timeZone: 'Asia/Jakarta', now: round.clock.now });
    const twice = await round.agent.post(`/rounds/${round.id}/paper/confirm`).type('form').send(fields);
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('Berkas ini sudah diimpor ke periode ini sebagai batch 1');
    expect(paperCount(round)).toBe(3);
  });

  it('answers a confirmation of an unknown or expired upload with 410 and the upload form', async () => {
    const round = await setupRound();
    const response = await round.agent.post(`/rounds/${round.id}/paper/confirm`).type('form').send({ _csrf: round.csrf, sha256: 'a'.repeat(64) });
    expect(response.status).toBe(410);
    expect(response.text).toContain('<label for="f-file">');
    expect(response.text).toContain('unggah kembali berkasnya');
  });

  it('asks for a file when none is chosen', async () => {
    const round = await setupRound();
    const response = await round.agent.post(`/rounds/${round.id}/paper/preview`).field('_csrf', round.csrf);
    expect(response.status).toBe(422);
    expect(response.text).toContain('Pilih berkas CSV yang akan diimpor.');
  });

  it('refuses a file larger than the upload limit with 413, and writes nothing', async () => {
    const round = await setupRound({ maxUploadBytes: 1024 });
    const response = await preview(round, fixture('excel-indonesia.csv'));
    expect(response.status).toBe(413);
    expect(response.text).toContain('Berkas lebih besar dari batas');
    expect(countRows(round.db, 'pending_imports')).toBe(0);
    expect(paperCount(round)).toBe(0);
  });

  it('refuses a file with more rows than the limit, saying how many are allowed', async () => {
    const round = await setupRound({ maxRows: 2 });
    const response = await preview(round, fixture('excel-indonesia.csv'));
    expect(response.status).toBe(422);
    expect(response.text).toContain('Berkas berisi lebih dari 2 baris, sedangkan paling banyak 2 baris dapat diimpor sekaligus.');
    expect(response.text).not.toContain('/paper/confirm');
  });

  it('shows why a file that is not CSV cannot be read', async () => {
    const round = await setupRound();
    const response = await preview(round, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'kertas.xlsx');
    expect(response.status).toBe(422);
    expect(response.text).toContain('Berkas ini adalah buku kerja Excel (.xlsx), bukan berkas CSV.');
  });
});

/** A file as valid as excel-indonesia.csv with other form numbers, so a different file (another SHA-256). */
function variant(n: number): Buffer {
  return Buffer.from(fixture('excel-indonesia.csv').toString('utf8').replace(/P-00(\d)/g, `V${n}-00$1`), 'utf8');
}

function pendingBytes(round: Round): number {
  return (round.db.prepare('SELECT coalesce(sum(length(content)), 0) AS n FROM pending_imports').get() as { n: number }).n;
}

describe('paper questionnaires: a refused upload is not kept', () => {
  const refused: [string, (round: Round) => Promise<Buffer>][] = [
    ['a file already imported', async (round) => {
      const first = await preview(round, fixture('excel-indonesia.csv'));
      await round.agent.post(`/rounds/${round.id}/paper/confirm`).type('form').send(confirmFields(first.text));
      return fixture('excel-indonesia.csv');
    }],
    ['a file that is not CSV', async () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), Buffer.alloc(64 * 1024)])],
    ['a file with more rows than the limit (8 here)', async () =>
      Buffer.from(`${fixture('excel-indonesia.csv').toString('utf8')}${'P-9;Subdit Umum;III/a;3\r\n'.repeat(10)}`, 'utf8')],
    ['a file in which no row can be imported', async () =>
      Buffer.from(fixture('excel-indonesia.csv').toString('utf8').replace(/Subdit (Perencanaan|Umum|Keuangan)/g, 'Balai Diklat'), 'utf8')],
  ];

  it.each(refused)('leaves no row and no byte behind for %s, and offers no download of it', async (_name, make) => {
    const round = await setupRound({ maxRows: 8 });
    const file = await make(round);
    const before = { rows: countRows(round.db, 'pending_imports'), bytes: pendingBytes(round), audit: countRows(round.db, 'audit_log') };
    const response = await preview(round, file);
    expect([409, 422]).toContain(response.status);
    expect(response.text).not.toContain('/paper/confirm');
    expect(response.text).not.toContain('/problems.csv');
    expect(response.text).toContain('Berkas ini tidak disimpan di server');
    expect({ rows: countRows(round.db, 'pending_imports'), bytes: pendingBytes(round), audit: countRows(round.db, 'audit_log') }).toEqual(before);
  });

  it('keeps a file of which some rows can be imported, so that they can be confirmed', async () => {
    const round = await setupRound();
    const response = await preview(round, fixture('every-error.csv'));
    expect(response.status).toBe(422);
    expect(response.text).toContain('/paper/confirm');
    expect(response.text).not.toContain('Berkas ini tidak disimpan di server');
    expect(countRows(round.db, 'pending_imports')).toBe(1);
  });
});

describe('paper questionnaires: uploads waiting per user are limited', () => {
  it('refuses the upload after the limit of waiting uploads with 409 and the reason, storing nothing of it', async () => {
    const round = await setupRound({ maxPendingUploads: 2 });
    expect((await preview(round, variant(1))).status).toBe(200);
    expect((await preview(round, variant(2))).status).toBe(200);
    const bytes = pendingBytes(round);
    const refused = await preview(round, variant(3), 'ketiga.csv');
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Anda sudah memiliki 2 unggahan yang menunggu konfirmasi (paling banyak 2)');
    expect(refused.text).toContain('<label for="f-file">');
    expect(countRows(round.db, 'pending_imports')).toBe(2);
    expect(pendingBytes(round)).toBe(bytes);
    expect(round.db.prepare("SELECT count(*) AS n FROM pending_imports WHERE file_name = 'ketiga.csv'").get()).toEqual({ n: 0 });
  });

  it('still takes the same file again, which replaces its waiting upload', async () => {
    const round = await setupRound({ maxPendingUploads: 2 });
    await preview(round, variant(1));
    await preview(round, variant(2));
    expect((await preview(round, variant(2), 'lagi.csv')).status).toBe(200);
    expect(countRows(round.db, 'pending_imports')).toBe(2);
  });

  it('refuses the upload that would pass the limit of waiting bytes with 409, storing nothing of it', async () => {
    const round = await setupRound({ maxPendingUploadBytes: variant(1).length + 100 });
    expect((await preview(round, variant(1))).status).toBe(200);
    const refused = await preview(round, variant(2), 'kedua.csv', {});
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Unggahan Anda yang menunggu konfirmasi bersama berkas ini berukuran');
    expect(countRows(round.db, 'pending_imports')).toBe(1);
  });

  it('lists the waiting uploads with a way to delete one, after which the next upload is taken', async () => {
    const round = await setupRound({ maxPendingUploads: 1 });
    await preview(round, variant(1), 'pertama.csv');
    expect((await preview(round, variant(2))).status).toBe(409);
    const page = await round.agent.get(`/rounds/${round.id}/paper`);
    expect(page.text).toContain('Unggahan Anda yang menunggu konfirmasi');
    expect(page.text).toMatch(/<th scope="row">pertama\.csv<\/th>/);
    const sha256 = /name="sha256" value="([0-9a-f]{64})"/.exec(page.text)?.[1];
    const deleted = await round.agent.post(`/rounds/${round.id}/paper/cancel`).type('form').send({ _csrf: round.csrf, sha256, from: String(round.id) });
    expect(deleted.status).toBe(303);
    expect(countRows(round.db, 'pending_imports')).toBe(0);
    expect((await preview(round, variant(2))).status).toBe(200);
  });

  it('counts each user on their own', async () => {
    const round = await setupRound({ maxPendingUploads: 1 });
    await preview(round, variant(1));
    const other = await loggedIn(round.app, round.db, 'analyst');
    const response = await other.agent.post(`/rounds/${round.id}/paper/preview`).field('_csrf', other.csrf).attach('file', variant(2), 'analis.csv');
    expect(response.status).toBe(200);
    expect(countRows(round.db, 'pending_imports')).toBe(2);
  });

  it('does not count uploads past their time', async () => {
    const round = await setupRound({ maxPendingUploads: 1, sessionHours: 72 });
    await preview(round, variant(1));
    round.clock.now = new Date(round.clock.now.getTime() + 25 * 3600_000);
    expect((await preview(round, variant(2))).status).toBe(200);
    expect(countRows(round.db, 'pending_imports')).toBe(1);
  });
});

describe('paper questionnaires: undo', () => {
  async function imported() {
    const round = await setupRound();
    const shown = await preview(round, fixture('excel-indonesia.csv'), 'senin.csv');
    await round.agent.post(`/rounds/${round.id}/paper/confirm`).type('form').send(confirmFields(shown.text));
    return round;
  }

  it('asks before undoing a batch, saying what goes', async () => {
    const round = await imported();
    const page = await round.agent.get(`/rounds/${round.id}/paper/batches/1/undo`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('3 formulir dari berkas «senin.csv»');
    expect(paperCount(round)).toBe(3);
  });

  it('undoes a batch with its forms and comments', async () => {
    const round = await imported();
    const response = await round.agent.post(`/rounds/${round.id}/paper/batches/1/undo`).type('form').send({ _csrf: round.csrf });
    expect(response.status).toBe(303);
    expect(paperCount(round)).toBe(0);
    expect(countRows(round.db, 'comments')).toBe(0);
    expect((await round.agent.get(response.headers.location)).text).toContain('Batch 1 dibatalkan: 3 formulir dihapus.');
  });

  it('refuses an undo without the form\'s CSRF token', async () => {
    const round = await imported();
    const response = await round.agent.post(`/rounds/${round.id}/paper/batches/1/undo`).type('form').send({});
    expect(response.status).toBe(403);
    expect(paperCount(round)).toBe(3);
  });
});
