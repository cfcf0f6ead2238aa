import { questionnairePages } from '../../src/survey/paging';
import { loadDraft, MAX_COMMENT_LENGTH, openLink } from '../../src/survey/questionnaire';
import { draftKeyFor, sealDraft } from '../../src/survey/sealed-draft';
import { saveDraft } from '../../src/db/responses';
import { countRows, EMPLOYEE_DEVICE, employee, roundWithLink } from '../helpers';

// The default instrument's perspectives hold 9, 8, 10 and 21 statements: pages 1–3 are one
// perspective each, the fourth perspective spans pages 4, 5 and 6 (7 statements each).

/** The helpers' round with one personal link, with the questionnaire's pages. */
function roundWithPages(dates: { opens_on?: string; closes_on?: string } = {}) {
  const context = roundWithLink(dates);
  return { ...context, pages: questionnairePages(context.round.instrument.definition) };
}
type Setup = ReturnType<typeof roundWithPages>;

function respondent(context: Setup) {
  return openLink(context.db, context.token, '2026-11-28', EMPLOYEE_DEVICE);
}

function draftAnswers(context: Setup): number[] {
  return [...loadDraft(context.db, respondent(context)).answers];
}

/** Every statement of one questionnaire page answered with `value`. */
function answersOfPage(context: Setup, page: number, value: number): Record<string, string> {
  return Object.fromEntries(context.pages[page - 1].itemCodes.map((code) => [code, String(value)]));
}

const indexOf = (context: Setup, code: string) => context.round.instrument.itemIndex.get(code) as number;

describe('a perspective of more than ten statements', () => {
  it('spans three pages of seven under one heading with its part; only the last part asks the comment', async () => {
    const { app, base } = roundWithPages();
    const first = await employee(app).get(`${base}/p/4`);
    expect(first.status).toBe(200);
    expect(first.text).toContain('Perspektif 4 dari 4 (bagian 1 dari 3)');
    expect(first.text.match(/<fieldset class="item/g)).toHaveLength(7);
    expect(first.text).not.toContain('name="comment"');
    const last = await employee(app).get(`${base}/p/6?lang=en`);
    expect(last.text).toContain('Perspective 4 of 4 (part 3 of 3)');
    expect(last.text).toContain('name="comment"');
    expect(last.text).toContain('value="review"');
    // A single-page perspective keeps its plain heading.
    expect((await employee(app).get(`${base}/p/1?lang=id`)).text).toMatch(/Perspektif 1 dari 4\s*</);
    expect((await employee(app).get(`${base}/p/7`)).status).toBe(404);
  });

  it('refuses on one part a statement of another part, and saves nothing', async () => {
    const context = roundWithPages();
    const { app, db, base } = context;
    const response = await employee(app).post(`${base}/p/4`).type('form').send({ ...answersOfPage(context, 4, 3), ...answersOfPage(context, 5, 3) });
    expect(response.status).toBe(422);
    expect(response.text).toContain('butir ini ada di halaman lain');
    expect(countRows(db, 'drafts')).toBe(0);
  });

  it('keeps the comment given on the last part when an earlier part is saved again', async () => {
    const context = roundWithPages();
    const { app, base } = context;
    await employee(app).post(`${base}/p/6`).type('form').send({ ...answersOfPage(context, 6, 4), comment: 'Pelatihan kurang', nav: 'review' }).expect(303);
    await employee(app).post(`${base}/p/4`).type('form').send({ ...answersOfPage(context, 4, 2), nav: 'next' }).expect(303);
    expect((await employee(app).get(`${base}/p/6`)).text).toContain('Pelatihan kurang');
    const answers = draftAnswers(context);
    expect(context.pages[3].itemCodes.map((code) => answers[indexOf(context, code)])).toEqual(Array(7).fill(2));
    expect(context.pages[5].itemCodes.map((code) => answers[indexOf(context, code)])).toEqual(Array(7).fill(4));
  });
});

describe('a draft saved when every perspective was one page', () => {
  /** Seals a draft as the earlier release did (format 1, `page` counting perspectives). */
  function legacyDraft(context: Setup, perspectivePage: number): number[] {
    const { round, entry, token, db } = context;
    const answers = new Uint8Array(round.instrument.items.length).map((_, index) => (index % 5) + 1);
    const sealed = sealDraft(draftKeyFor(token, EMPLOYEE_DEVICE), entry.id, round.instrument, MAX_COMMENT_LENGTH, { answers, comments: { LG: 'Komentar lama' }, page: perspectivePage }, 1);
    saveDraft(db, { roster_entry_id: entry.id, sealed });
    db.prepare("UPDATE roster_entries SET status = 'started' WHERE id = ?").run(entry.id);
    return [...answers];
  }

  it('resumes at the first page of the perspective it was on, every answer and comment in place', async () => {
    const context = roundWithPages();
    const { app, base } = context;
    const answers = legacyDraft(context, 4);
    const intro = await employee(app).get(base);
    expect(intro.text).toContain(`href="${base}/p/4"`);
    expect(draftAnswers(context)).toEqual(answers);
    const lastPart = await employee(app).get(`${base}/p/6`);
    expect(lastPart.text).toContain('Komentar lama');
    const code = context.pages[5].itemCodes[0];
    expect(lastPart.text).toContain(`name="${code}" value="${answers[indexOf(context, code)]}" checked`);
  });

  it('resumes at the review when it was saved there (one past the last perspective)', async () => {
    const context = roundWithPages();
    legacyDraft(context, 5);
    expect((await employee(context.app).get(context.base)).text).toContain(`href="${context.base}/review"`);
  });
});

describe('changing an answer from the review', () => {
  it('links each perspective from the review with from=review, and the page offers to return there', async () => {
    const { app, base } = roundWithPages();
    const review = await employee(app).get(`${base}/review`);
    expect(review.text).toContain(`href="${base}/p/4?from=review"`);
    expect(review.text).toContain(`href="${base}/p/1?from=review#f-FIN-ANG-01"`);
    expect(review.text).toContain(`href="${base}/p/6">`);
    const page = await employee(app).get(`${base}/p/2?from=review`);
    expect(page.text).toContain('<input type="hidden" name="from" value="review">');
    expect(page.text).toContain('Simpan dan kembali ke pemeriksaan');
    expect((await employee(app).get(`${base}/p/2`)).text).not.toContain('name="from"');
  });

  it('returns to the review on saving that page, not to the next page', async () => {
    const context = roundWithPages();
    const { app, base } = context;
    const saved = await employee(app).post(`${base}/p/2`).type('form').send({ ...answersOfPage(context, 2, 5), from: 'review', nav: 'review' });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`${base}/review`);
    // Enter in an older page's form, or a "next" from it, goes back to the review too.
    expect((await employee(app).post(`${base}/p/4`).type('form').send({ from: 'review', nav: 'next' })).headers.location).toBe(`${base}/review`);
    expect(draftAnswers(context)[indexOf(context, 'CUS-LAY-01')]).toBe(5);
    // Going back a page, or switching the language, stays in the questionnaire (the latter still from the review).
    expect((await employee(app).post(`${base}/p/2`).type('form').send({ from: 'review', nav: 'prev' })).headers.location).toBe(`${base}/p/1`);
    expect((await employee(app).post(`${base}/p/2`).type('form').send({ from: 'review', nav: 'lang' })).headers.location).toBe(`${base}/p/2?lang=en&from=review`);
    // Without it, saving moves on.
    expect((await employee(app).post(`${base}/p/2`).type('form').send({ nav: 'next' })).headers.location).toBe(`${base}/p/3`);
  });

  it('keeps from=review when the page is refused and shown again', async () => {
    const { app, base } = roundWithPages();
    const refused = await employee(app).post(`${base}/p/1`).type('form').send({ 'FIN-ANG-01': '9', from: 'review', nav: 'review' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('<input type="hidden" name="from" value="review">');
  });
});

describe('saving each answer as it is chosen (POST /s/<token>/p/<page>/answer)', () => {
  it('saves exactly that answer into the draft, answers 204 with nothing in the body, and marks the employee started', async () => {
    const context = roundWithPages();
    const { app, db, base, entry } = context;
    await employee(app).post(`${base}/p/1`).type('form').send({ ...answersOfPage(context, 1, 2), comment: 'Anggaran', nav: 'next' }).expect(303);
    const before = draftAnswers(context);
    const response = await employee(app).post(`${base}/p/1/answer`).type('form').send({ 'FIN-ANG-03': '5' });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    const after = draftAnswers(context);
    const changed = after.map((value, index) => (value === before[index] ? null : index)).filter((index) => index !== null);
    expect(changed).toEqual([indexOf(context, 'FIN-ANG-03')]);
    expect(after[indexOf(context, 'FIN-ANG-03')]).toBe(5);
    // The comment and the place to resume (page 2) are as the page left them.
    const draft = loadDraft(db, respondent(context));
    expect(draft.comments).toEqual({ FIN: 'Anggaran' });
    expect(draft.page).toBe(2);
    expect(db.prepare('SELECT status FROM roster_entries WHERE id = ?').get(entry.id)).toEqual({ status: 'started' });
  });

  it('starts a draft on the page of a first answer', async () => {
    const context = roundWithPages();
    const { app, db, base, entry } = context;
    await employee(app).post(`${base}/p/5/answer`).type('form').send({ [context.pages[4].itemCodes[2]]: '1' }).expect(204);
    expect(countRows(db, 'drafts')).toBe(1);
    expect(loadDraft(db, respondent(context)).page).toBe(5);
    expect(draftAnswers(context).filter((value) => value !== 0)).toEqual([1]);
    expect(db.prepare('SELECT status FROM roster_entries WHERE id = ?').get(entry.id)).toEqual({ status: 'started' });
    expect((await employee(app).get(base)).text).toContain(`href="${base}/p/5"`);
  });

  it.each([
    ['a value off the scale', { 'FIN-ANG-01': '6' }, 'FIN-ANG-01'],
    ['a value that is not a whole number', { 'FIN-ANG-01': '4.5' }, 'FIN-ANG-01'],
    ['a blank value', { 'FIN-ANG-01': '' }, 'FIN-ANG-01'],
    ['two answers at once', { 'FIN-ANG-01': '3', 'FIN-ANG-02': '3' }, 'answer'],
    ['no answer', {}, 'answer'],
    ['a statement of another page', { 'LG-HR-01': '3' }, 'LG-HR-01'],
    ['an unknown statement', { 'XX-99': '3' }, 'XX-99'],
    ['a comment', { comment: 'teks' }, 'answer'],
    ['a navigation field', { nav: 'review' }, 'answer'],
  ])('refuses %s with 422 naming the field, and writes nothing', async (_case, body, field) => {
    const context = roundWithPages();
    const { app, db, base, entry } = context;
    const response = await employee(app).post(`${base}/p/1/answer`).set('Accept', 'application/json').type('form').send(body);
    expect(response.status).toBe(422);
    expect(response.body.problems.map((problem: { field: string }) => problem.field)).toEqual([field]);
    // Nothing sent is repeated back.
    expect(response.body.problems.every((problem: Record<string, unknown>) => !('value' in problem))).toBe(true);
    expect(countRows(db, 'drafts')).toBe(0);
    expect(db.prepare('SELECT status FROM roster_entries WHERE id = ?').get(entry.id)).toEqual({ status: 'invited' });
  });

  it('refuses a bad value without touching a saved draft', async () => {
    const context = roundWithPages();
    const { app, db, base } = context;
    await employee(app).post(`${base}/p/1`).type('form').send({ ...answersOfPage(context, 1, 2), nav: 'next' }).expect(303);
    const sealed = (db.prepare('SELECT sealed FROM drafts').get() as { sealed: Buffer }).sealed;
    await employee(app).post(`${base}/p/1/answer`).type('form').send({ 'FIN-ANG-01': '0' }).expect(422);
    expect((db.prepare('SELECT sealed FROM drafts').get() as { sealed: Buffer }).sealed.equals(sealed)).toBe(true);
  });
});

describe('attacks on the answer endpoint', () => {
  it('answers an unknown or malformed token exactly as the page submission does, revealing nothing', async () => {
    const { app, db } = roundWithPages();
    const unknown = '/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const page = await employee(app).post(`${unknown}/p/1`).type('form').send({ 'FIN-ANG-01': '3' });
    const answer = await employee(app).post(`${unknown}/p/1/answer`).type('form').send({ 'FIN-ANG-01': '3' });
    expect(answer.status).toBe(404);
    expect(answer.status).toBe(page.status);
    // The same page, but for the address of its language switch.
    expect(answer.text.replace('/p/1/answer?', '/p/1?')).toBe(page.text);
    expect(answer.text).not.toContain('Diagnosis 2026');
    expect((await employee(app).post('/s/short/p/1/answer').type('form').send({ 'FIN-ANG-01': '3' })).status).toBe(404);
    expect(countRows(db, 'drafts')).toBe(0);
  });

  it('accepts nothing for a submitted response: the same answer as the page submission, the response unchanged, no draft', async () => {
    const context = roundWithPages();
    const { app, db, base } = context;
    await employee(app).post(`${base}/submit`).type('form').send(answersOfPage(context, 1, 4)).expect(201);
    const stored = (db.prepare('SELECT answers FROM responses').get() as { answers: Buffer }).answers;
    const page = await employee(app).post(`${base}/p/1`).type('form').send({ 'FIN-ANG-01': '1' });
    const answer = await employee(app).post(`${base}/p/1/answer`).type('form').send({ 'FIN-ANG-01': '1' });
    expect(answer.status).toBe(page.status);
    // The same page, but for the address of its language switch.
    expect(answer.text.replace('/p/1/answer?', '/p/1?')).toBe(page.text);
    expect(answer.text).toContain('sudah dikirim');
    expect(answer.status).not.toBe(204);
    expect(countRows(db, 'drafts')).toBe(0);
    expect(countRows(db, 'responses')).toBe(1);
    expect((db.prepare('SELECT answers FROM responses').get() as { answers: Buffer }).answers.equals(stored)).toBe(true);
  });

  it('cannot submit a response early: every statement answered through it leaves a draft, never a response', async () => {
    const context = roundWithPages();
    const { app, db, base, entry, pages } = context;
    for (const page of pages) {
      for (const code of page.itemCodes) await employee(app).post(`${base}/p/${page.number}/answer`).type('form').send({ [code]: '4' }).expect(204);
    }
    // Fields that move on or submit elsewhere are refused here, not obeyed.
    await employee(app).post(`${base}/p/${pages.length}/answer`).type('form').send({ nav: 'review' }).expect(422);
    await employee(app).post(`${base}/p/${pages.length}/answer`).type('form').send({ [pages[pages.length - 1].itemCodes[0]]: '4', nav: 'submit' }).expect(422);
    expect(countRows(db, 'responses')).toBe(0);
    expect(countRows(db, 'comments')).toBe(0);
    expect(db.prepare('SELECT status FROM roster_entries WHERE id = ?').get(entry.id)).toEqual({ status: 'started' });
    expect(draftAnswers(context).every((value) => value === 4)).toBe(true);
  });

  it('accepts nothing when the round is closed or not yet open', async () => {
    const closed = roundWithPages({ closes_on: '2026-11-27' });
    const response = await employee(closed.app).post(`${closed.base}/p/1/answer`).type('form').send({ 'FIN-ANG-01': '3' });
    expect(response.status).toBe(403);
    expect(countRows(closed.db, 'drafts')).toBe(0);
    const scheduled = roundWithPages({ opens_on: '2026-12-01' });
    expect((await employee(scheduled.app).post(`${scheduled.base}/p/1/answer`).type('form').send({ 'FIN-ANG-01': '3' })).status).toBe(403);
    expect(countRows(scheduled.db, 'drafts')).toBe(0);
  });

  it('refuses a cross-site request', async () => {
    const { app, db, base } = roundWithPages();
    const response = await employee(app).post(`${base}/p/1/answer`).set('Origin', 'https://evil.example').type('form').send({ 'FIN-ANG-01': '3' });
    expect(response.status).toBe(403);
    expect(countRows(db, 'drafts')).toBe(0);
  });

  it('does not save into a page that does not exist', async () => {
    const { app, db, base } = roundWithPages();
    for (const page of ['0', '7', 'x', '1.5']) {
      expect((await employee(app).post(`${base}/p/${page}/answer`).type('form').send({ 'FIN-ANG-01': '3' })).status).toBe(404);
    }
    expect(countRows(db, 'drafts')).toBe(0);
  });
});

describe('the introduction and the thank-you page', () => {
  it('name the organiser, the contact person and the date results are shared, when the round has them', async () => {
    const context = roundWithPages();
    const { app, db, round, base } = context;
    db.prepare('UPDATE rounds SET organiser = ?, contact = ?, results_on = ? WHERE id = ?').run('Biro Perencanaan', 'Sari (0812-3456-7890)', '2027-01-15', round.row.id);
    const intro = await employee(app).get(`${base}?lang=id`);
    expect(intro.text).toContain('Penyelenggara: Biro Perencanaan.');
    expect(intro.text).toContain('Jika ada pertanyaan, hubungi Sari (0812-3456-7890).');
    expect((await employee(app).get(`${base}?lang=en`)).text).toContain('Organised by Biro Perencanaan.');
    const thanks = await employee(app).post(`${base}/submit?lang=id`).type('form').send(answersOfPage(context, 1, 4));
    expect(thanks.status).toBe(201);
    expect(thanks.text).toContain('Hasil survei akan disampaikan pada 15 Januari 2027.');
    // Opening the link again says it too.
    expect((await employee(app).get(`${base}?lang=en`)).text).toContain('The results will be shared on 15 January 2027.');
  });

  it('say nothing of a contact or a date when none is set', async () => {
    const context = roundWithPages();
    const { app, base } = context;
    const intro = await employee(app).get(`${base}?lang=id`);
    expect(intro.status).toBe(200);
    expect(intro.text).not.toContain('Jika ada pertanyaan');
    expect(intro.text).not.toContain('Biro Perencanaan');
    const thanks = await employee(app).post(`${base}/submit?lang=id`).type('form').send({});
    expect(thanks.status).toBe(201);
    expect(thanks.text).toContain('Terima kasih');
    expect(thanks.text).not.toContain('Hasil survei akan disampaikan');
  });
});
