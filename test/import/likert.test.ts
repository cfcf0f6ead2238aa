import { createLikertParser, parseLikertCell, type LikertScale } from '../../src/import/likert';
import { ScaleSchema } from '../../src/survey/instrument-schema';

// The scale of data/instruments/bsc-default.json, checked against the schema so the fixture stays valid.
const FIVE_POINT: LikertScale = ScaleSchema.parse({
  min: 1,
  max: 5,
  labels: [
    { value: 1, id: 'Sangat tidak setuju', en: 'Strongly disagree' },
    { value: 2, id: 'Tidak setuju', en: 'Disagree' },
    { value: 3, id: 'Netral', en: 'Neutral' },
    { value: 4, id: 'Setuju', en: 'Agree' },
    { value: 5, id: 'Sangat setuju', en: 'Strongly agree' },
  ],
});

const parse = createLikertParser(FIVE_POINT);

describe('createLikertParser', () => {
  it('reads each whole number from min to max', () => {
    expect(['1', '2', '3', '4', '5'].map(parse)).toEqual([1, 2, 3, 4, 5].map((value) => ({ ok: true, value })));
  });

  it('trims surrounding spaces and tabs', () => {
    expect(parse(' 4 ')).toEqual({ ok: true, value: 4 });
    expect(parse('\t2')).toEqual({ ok: true, value: 2 });
  });

  it('reads a blank or whitespace-only cell as a missing answer (null)', () => {
    expect(['', '   ', '\t', '\u00a0'].map(parse)).toEqual(Array(4).fill({ ok: true, value: null }));
  });

  it('reads the Indonesian labels in any case', () => {
    expect(['Sangat Setuju', 'setuju', 'NETRAL', 'tidak SETUJU', 'Sangat tidak setuju'].map(parse)).toEqual(
      [5, 4, 3, 2, 1].map((value) => ({ ok: true, value })),
    );
  });

  it('reads the English labels in any case', () => {
    expect(['STRONGLY AGREE', 'agree', 'Neutral', 'disagree', 'strongly Disagree'].map(parse)).toEqual(
      [5, 4, 3, 2, 1].map((value) => ({ ok: true, value })),
    );
  });

  it('treats runs of spaces inside a label as one space', () => {
    expect(parse('  Sangat   tidak  setuju ')).toEqual({ ok: true, value: 1 });
    expect(parse('Strongly\u00a0agree')).toEqual({ ok: true, value: 5 });
  });

  it.each([
    ['4.5', 'a decimal with a point'],
    ['4,0', 'a decimal with a comma'],
    ['0', 'below the scale'],
    ['6', 'above the scale'],
    ['-1', 'negative'],
    ['+4', 'a signed number'],
    ['04', 'a leading zero'],
    ['4a', 'trailing text'],
    ['4 5', 'two numbers'],
    ['S', 'an abbreviation'],
    ['SS', 'an abbreviation of a two-word label'],
    ['Setuju sekali', 'a label that is not on the scale'],
    ['Sangat', 'part of a label'],
    ['x', 'a tick mark'],
  ])('rejects %j (%s) instead of guessing', (raw) => {
    expect(parse(raw)).toEqual({ ok: false, message: expect.stringContaining('Not an answer on the 1–5 scale') });
  });

  it('lists every accepted number and label in the error message', () => {
    const result = parse('4.5');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('whole number from 1 to 5');
    for (const label of FIVE_POINT.labels) {
      expect(result.message).toContain(`${label.value} = "${label.id}" / "${label.en}"`);
    }
    expect(result.message).toContain('blank');
  });

  it('follows the scale it was built for, e.g. 1–7', () => {
    const sevenPoint = ScaleSchema.parse({
      min: 1,
      max: 7,
      labels: [1, 2, 3, 4, 5, 6, 7].map((value) => ({ value, id: `Tingkat ${value}`, en: `Level ${value}` })),
    });
    const parseSeven = createLikertParser(sevenPoint);
    expect(parseSeven('7')).toEqual({ ok: true, value: 7 });
    expect(parseSeven('tingkat 6')).toEqual({ ok: true, value: 6 });
    expect(parseSeven('8').ok).toBe(false);
  });

  it('throws when one text would mean two values (a broken instrument, a programming error)', () => {
    const ambiguous: LikertScale = {
      min: 1,
      max: 3,
      labels: [
        { value: 1, id: 'Kurang', en: 'Low' },
        { value: 2, id: 'Sedang', en: 'Medium' },
        { value: 3, id: 'Low', en: 'High' },
      ],
    };
    expect(() => createLikertParser(ambiguous)).toThrow(/"Low" would mean both 1 and 3/);
  });
});

describe('parseLikertCell', () => {
  it('gives the same answers as a parser built with createLikertParser', () => {
    for (const raw of ['4', ' sangat setuju ', '', '4.5']) {
      expect(parseLikertCell(raw, FIVE_POINT)).toEqual(parse(raw));
    }
  });
});
