import fs from 'node:fs';
import path from 'node:path';
import { InstrumentSchema } from '../../src/survey/instrument-schema';

const DEFAULT = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'data', 'instruments', 'bsc-default.json'), 'utf8'));

function messagesFor(change: (instrument: typeof DEFAULT) => void): string[] {
  const instrument = structuredClone(DEFAULT);
  change(instrument);
  const parsed = InstrumentSchema.safeParse(instrument);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('instrument schema', () => {
  it.each(['unit', 'Form_ID', 'grade', 'comment', 'comment_LG', 'nav', 'lang', 'reason', 'source_line'])('reserves the item code %s for Potret\'s own fields', (code) => {
    expect(messagesFor((instrument) => (instrument.perspectives[0].dimensions[0].items[0].code = code))).toContain(
      `perspectives.0.dimensions.0.items.0.code: "${code}" is reserved for Potret's own fields`,
    );
  });

  it('refuses a label that would mean two scale points', () => {
    expect(messagesFor((instrument) => (instrument.scale.labels[1].en = 'Sangat tidak setuju'))).toContain(
      'scale.labels.1.en: "Sangat tidak setuju" is already the label of 1',
    );
  });

  it('refuses a label written as a number', () => {
    expect(messagesFor((instrument) => (instrument.scale.labels[2].id = '3'))).toContain('scale.labels.2.id: a label cannot be a number');
  });

  it('refuses a repeated code anywhere in the instrument, whatever its case', () => {
    expect(messagesFor((instrument) => (instrument.perspectives[1].dimensions[0].items[0].code = 'fin-ang-01')).join('\n')).toMatch(/code "fin-ang-01" is already used/);
  });

  it('accepts the default instrument', () => {
    expect(messagesFor(() => undefined)).toEqual([]);
  });
});
