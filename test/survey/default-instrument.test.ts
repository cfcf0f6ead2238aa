import { readFileSync } from 'fs';
import { join } from 'path';
import { FOCUS_AREAS, Instrument, InstrumentSchema, Text } from '../../src/survey/instrument-schema';

const INSTRUMENT_PATH = join(__dirname, '..', '..', 'data', 'instruments', 'bsc-default.json');

// Read from disk rather than `import`, so the test sees the file exactly as the app will load it.
function readRawInstrument(): unknown {
  return JSON.parse(readFileSync(INSTRUMENT_PATH, 'utf8'));
}

function loadInstrument(): Instrument {
  return InstrumentSchema.parse(readRawInstrument());
}

function allDimensions(instrument: Instrument) {
  return instrument.perspectives.flatMap((perspective) => perspective.dimensions);
}

function allItems(instrument: Instrument) {
  return allDimensions(instrument).flatMap((dimension) => dimension.items);
}

/** Every bilingual text in the instrument, labelled with where it sits so a failure points at it. */
function allTexts(instrument: Instrument): { where: string; text: Text }[] {
  const texts: { where: string; text: Text }[] = [{ where: 'name', text: instrument.name }];
  if (instrument.description) texts.push({ where: 'description', text: instrument.description });
  instrument.scale.labels.forEach((label) => texts.push({ where: `scale label ${label.value}`, text: label }));
  for (const perspective of instrument.perspectives) {
    texts.push({ where: `${perspective.code} name`, text: perspective.name });
    if (perspective.description) texts.push({ where: `${perspective.code} description`, text: perspective.description });
    for (const dimension of perspective.dimensions) {
      texts.push({ where: `${dimension.code} name`, text: dimension.name });
      if (dimension.description) texts.push({ where: `${dimension.code} description`, text: dimension.description });
      for (const item of dimension.items) texts.push({ where: item.code, text: item.text });
    }
  }
  return texts;
}

describe('default instrument data/instruments/bsc-default.json', () => {
  it('parses with InstrumentSchema', () => {
    const result = InstrumentSchema.safeParse(readRawInstrument());
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('is identified as bsc-default, version 1', () => {
    const instrument = loadInstrument();
    expect({ code: instrument.code, version: instrument.version }).toEqual({ code: 'bsc-default', version: 1 });
  });

  it('uses a 1–5 agreement scale from "Sangat tidak setuju" to "Sangat setuju"', () => {
    const { scale } = loadInstrument();
    expect(scale.labels).toEqual([
      { value: 1, id: 'Sangat tidak setuju', en: 'Strongly disagree' },
      { value: 2, id: 'Tidak setuju', en: 'Disagree' },
      { value: 3, id: 'Netral', en: 'Neutral' },
      { value: 4, id: 'Setuju', en: 'Agree' },
      { value: 5, id: 'Sangat setuju', en: 'Strongly agree' },
    ]);
  });

  it('lists the four BSC perspectives in order: FIN, CUS, IBP, LG', () => {
    const instrument = loadInstrument();
    expect(instrument.perspectives.map((perspective) => perspective.code)).toEqual(['FIN', 'CUS', 'IBP', 'LG']);
  });

  it('has 3–6 items in every dimension', () => {
    const outOfRange = allDimensions(loadInstrument())
      .filter((dimension) => dimension.items.length < 3 || dimension.items.length > 6)
      .map((dimension) => `${dimension.code}: ${dimension.items.length} items`);
    expect(outOfRange).toEqual([]);
  });

  it('has at least 40 items in total', () => {
    expect(allItems(loadInstrument()).length).toBeGreaterThanOrEqual(40);
  });

  it('marks each focus area on exactly one dimension', () => {
    const focusedCodes = (focus: string) =>
      allDimensions(loadInstrument())
        .filter((dimension) => dimension.focus === focus)
        .map((dimension) => dimension.code);
    for (const focus of FOCUS_AREAS) {
      expect({ focus, dimensions: focusedCodes(focus) }).toEqual({ focus, dimensions: [expect.any(String)] });
    }
  });

  it('gives every item a unique code', () => {
    const codes = allItems(loadInstrument()).map((item) => item.code);
    const duplicates = codes.filter((code, index) => codes.indexOf(code) !== index);
    expect(duplicates).toEqual([]);
  });

  it('starts every item code with the code of its dimension', () => {
    const misplaced = allDimensions(loadInstrument()).flatMap((dimension) =>
      dimension.items
        .filter((item) => !item.code.startsWith(`${dimension.code}-`))
        .map((item) => `${item.code} in ${dimension.code}`),
    );
    expect(misplaced).toEqual([]);
  });

  it('writes perspective, dimension and item codes in upper case', () => {
    const instrument = loadInstrument();
    const codes = [
      ...instrument.perspectives.map((perspective) => perspective.code),
      ...allDimensions(instrument).map((dimension) => dimension.code),
      ...allItems(instrument).map((item) => item.code),
    ];
    expect(codes.filter((code) => code !== code.toUpperCase())).toEqual([]);
  });

  it('has every text in Indonesian and English, and the two differ (a copied text is a missed translation)', () => {
    const untranslated = allTexts(loadInstrument())
      .filter(({ text }) => text.id.trim() === '' || text.en.trim() === '' || text.id.trim().toLowerCase() === text.en.trim().toLowerCase())
      .map(({ where }) => where);
    expect(untranslated).toEqual([]);
  });
});
