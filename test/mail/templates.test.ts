import { checkTemplate, defaultTemplate, fillTemplate } from '../../src/mail/templates';
import { countRows, createTestApp, loggedIn } from '../helpers';
import { roundWithRoster } from './smtp';

const VALUES = { name: 'Ani Lestari', link: 'https://survei.example.go.id/s/abc', closesOn: '2027-01-10', organiser: 'Subdit Perencanaan', contact: 'Rina' };

describe('message templates (pure)', () => {
  it('fills Indonesian and English placeholder names alike, the closing date in each language\'s month names', () => {
    expect(fillTemplate('{nama}/{name} {tautan}/{link} {tanggal_tutup}/{closing_date} {penyelenggara}/{organiser} {narahubung}/{contact}', VALUES)).toBe(
      'Ani Lestari/Ani Lestari https://survei.example.go.id/s/abc/https://survei.example.go.id/s/abc 10 Januari 2027/10 January 2027 Subdit Perencanaan/Subdit Perencanaan Rina/Rina',
    );
  });

  it('writes a dash for a closing date or contact the round does not have', () => {
    expect(fillTemplate('{tanggal_tutup} {narahubung}', { ...VALUES, closesOn: null, contact: null })).toBe('— —');
  });

  it('names an unknown placeholder, and leaves braces that are no placeholder alone', () => {
    expect(checkTemplate('invitation', { subject: 'Survei { 2026 }', body: '{tautan} {nama_lengkap}' })).toEqual([{ field: 'body', code: 'unknown_placeholder', placeholder: '{nama_lengkap}' }]);
  });

  it('refuses the link in a reminder and requires it in an invitation and a chat message', () => {
    expect(checkTemplate('reminder', { subject: 'x', body: 'Tautan: {link}' })).toEqual([{ field: 'body', code: 'link_not_allowed', placeholder: '{link}' }]);
    expect(checkTemplate('invitation', { subject: 'x', body: 'Yth. {nama}' })).toEqual([{ field: 'body', code: 'link_required' }]);
    expect(checkTemplate('chat', { subject: '', body: 'Yth. {nama}' })).toEqual([{ field: 'body', code: 'link_required' }]);
  });

  it('refuses the link glued into another address, which would route every employee through someone else\'s server', () => {
    for (const body of ['https://relay.example.com/go?u={tautan}', 'Buka:{tautan}', '{tautan}&x=1', 'x{link}']) {
      expect(checkTemplate('invitation', { subject: 'x', body })).toContainEqual({ field: 'body', code: 'link_not_alone', placeholder: body.match(/\{\w+\}/)?.[0] });
    }
    for (const body of ['Tautan: {tautan}', '{tautan}', 'Buka ({link}).', 'Tautan:\n{tautan}\nTerima kasih', '«{tautan}»']) {
      expect(checkTemplate('invitation', { subject: 'x', body })).toEqual([]);
    }
  });

  it('accepts every default text in both languages', () => {
    for (const lang of ['id', 'en'] as const) {
      for (const kind of ['invitation', 'reminder', 'chat'] as const) expect(checkTemplate(kind, defaultTemplate(kind, lang))).toEqual([]);
    }
  });
});

describe('editing a round\'s templates', () => {
  async function setup() {
    const context = createTestApp();
    const { roundId } = roundWithRoster(context.db, 2);
    const { agent, csrf } = await loggedIn(context.app, context.db);
    return { ...context, roundId, agent, csrf };
  }

  function templateEdits(db: ReturnType<typeof createTestApp>['db']): number {
    return (db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'mail.template'").get() as { n: number }).n;
  }

  it('shows the Indonesian default, and the English one on request, before anything is saved', async () => {
    const { agent, roundId } = await setup();
    const page = await agent.get(`/rounds/${roundId}/mail/templates/invitation`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Undangan mengisi survei {penyelenggara}');
    const english = await agent.get(`/rounds/${roundId}/mail/templates/invitation?default=en`);
    expect(english.text).toContain('Invitation to the {organiser} survey');
  });

  it.each([
    ['invitation', { subject: 'Undangan', body: 'Yth. {nama_lengkap}, {tautan}' }, 'isian tidak dikenal: {nama_lengkap}'],
    ['invitation', { subject: 'Undangan {tahun}', body: '{tautan}' }, 'isian tidak dikenal: {tahun}'],
    ['reminder', { subject: 'Pengingat', body: 'Tautan Anda: {tautan}' }, 'pengingat tidak dapat memuat tautan ({tautan})'],
    ['invitation', { subject: 'Undangan', body: 'Yth. {nama}' }, 'harus memuat isian tautan'],
    ['invitation', { subject: '', body: '{tautan}' }, 'wajib diisi'],
  ])('refuses a %s template %j with 422 "%s", saving nothing', async (kind, fields, message) => {
    const { agent, csrf, db, roundId } = await setup();
    const response = await agent.post(`/rounds/${roundId}/mail/templates/${kind}`).type('form').send({ ...fields, _csrf: csrf });
    expect(response.status).toBe(422);
    expect(response.text).toContain(message);
    expect(countRows(db, 'mail_templates')).toBe(0);
    expect(templateEdits(db)).toBe(0);
  });

  it('names the unknown placeholder in English on the English page', async () => {
    const { agent, csrf, roundId } = await setup();
    const response = await agent.post(`/rounds/${roundId}/mail/templates/invitation?lang=en`).type('form').send({ subject: 'S', body: '{link} {foo}', _csrf: csrf });
    expect(response.status).toBe(422);
    expect(response.text).toContain('unknown placeholder: {foo}');
  });

  it('saves a round\'s own text, which the preview then uses', async () => {
    const { agent, csrf, db, roundId } = await setup();
    const saved = await agent.post(`/rounds/${roundId}/mail/templates/invitation`).type('form').send({ subject: 'Survei {penyelenggara}', body: 'Halo {nama}, isi sebelum {tanggal_tutup}: {tautan}', _csrf: csrf });
    expect(saved.status).toBe(303);
    expect(templateEdits(db)).toBe(1);
    // What employees were sent stays readable after the text is changed again.
    const audit = db.prepare("SELECT details FROM audit_log WHERE action = 'mail.template'").get() as { details: string };
    expect(JSON.parse(audit.details)).toEqual({ kind: 'invitation', subject: 'Survei {penyelenggara}', body: 'Halo {nama}, isi sebelum {tanggal_tutup}: {tautan}' });
    const preview = await agent.post(`/rounds/${roundId}/mail/preview`).type('form').send({ kind: 'invitation', audience: 'missing', _csrf: csrf });
    expect(preview.text).toContain('Survei Subdit Perencanaan');
    expect(preview.text).toContain('Halo Pegawai 1, isi sebelum 15 Desember 2026: http://potret.test/s/contoh-tautan-pribadi');
  });

  it('answers 404 for a template kind that does not exist', async () => {
    const { agent, roundId } = await setup();
    expect((await agent.get(`/rounds/${roundId}/mail/templates/newsletter`)).status).toBe(404);
  });
});
