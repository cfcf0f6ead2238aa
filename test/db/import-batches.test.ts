import { insertImportBatch, moveStagedPaperForms, openPaperStaging } from '../../src/db/import-batches';
import { insertResponse } from '../../src/db/responses';
import { createRound } from '../../src/survey/rounds';
import { countRows, freshDb } from '../helpers';

const NOW = new Date('2026-11-28T03:00:00Z');

function stagedBatch() {
  const db = freshDb();
  const round = createRound(db, { name: 'Diagnosis 2026' }, NOW, 'test');
  const batchId = insertImportBatch(db, { round_id: round.row.id, file_name: 'forms.csv', sha256: 'a'.repeat(64), row_count: 3, imported_by: 'test', imported_at: NOW.toISOString() });
  const staging = openPaperStaging(db);
  for (const formId of ['P-1', 'P-2', 'P-3']) staging.addForm({ formId, unit: 'Subdit Umum', grade: null, answers: Buffer.from([4, 4, 4]), comments: [['LG', `about ${formId}`]] });
  return { db, roundId: round.row.id, batchId, staging };
}

describe('staged paper forms', () => {
  it('are written into the round with the random ids they were staged with, comments apart from forms', () => {
    const { db, roundId, batchId, staging } = stagedBatch();
    const staged = db.prepare('SELECT id FROM temp.paper_staging_forms ORDER BY id').pluck().all();
    expect(moveStagedPaperForms(db, { roundId, batchId, submittedOn: '2026-11-28' })).toEqual({ forms: 3, comments: 3 });
    expect(db.prepare("SELECT id FROM responses WHERE channel = 'paper' ORDER BY id").pluck().all()).toEqual(staged);
    expect(db.prepare('SELECT count(*) FROM comments WHERE batch_id = ?').pluck().get(batchId)).toBe(3);
    staging.drop();
    expect(db.prepare("SELECT count(*) FROM temp.sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
  });

  it('get a new id when theirs is already taken, and every form is still written once', () => {
    const { db, roundId, batchId } = stagedBatch();
    const [taken] = db.prepare('SELECT id FROM temp.paper_staging_forms ORDER BY id').pluck().all() as number[];
    // An online response that happens to hold the id drawn for a staged form (about 1 in 10^11 per form).
    const online = insertResponse(db, { round_id: roundId, channel: 'online', unit: 'Subdit Umum', grade: null, answers: Buffer.from([1, 1, 1]), submitted_on: '2026-11-28', form_id: null, batch_id: null });
    db.prepare('UPDATE responses SET id = ? WHERE id = ?').run(taken, online);
    // Two staged comments with one id.
    db.exec('UPDATE temp.paper_staging_comments SET id = (SELECT min(id) FROM temp.paper_staging_comments)');
    expect(moveStagedPaperForms(db, { roundId, batchId, submittedOn: '2026-11-28' })).toEqual({ forms: 3, comments: 3 });
    expect(db.prepare("SELECT form_id FROM responses WHERE channel = 'paper' ORDER BY form_id").pluck().all()).toEqual(['P-1', 'P-2', 'P-3']);
    expect(db.prepare('SELECT channel FROM responses WHERE id = ?').pluck().get(taken)).toBe('online');
    expect(countRows(db, 'comments')).toBe(3);
  });
});
