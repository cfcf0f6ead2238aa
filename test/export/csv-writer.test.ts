import { CSV_BOM, csvLine, toCsv } from '../../src/export/csv-writer';
import { readCsv } from '../../src/import/read-csv';

const comma = { dialect: 'comma' } as const;
const semicolon = { dialect: 'semicolon' } as const;

/** The file body without the BOM, split into lines as Excel would (CRLF). */
function linesOf(csv: string): string[] {
  return csv.slice(CSV_BOM.length).split('\r\n');
}

describe('toCsv', () => {
  it('starts with a UTF-8 byte order mark so Excel reads non-ASCII names correctly', () => {
    expect(toCsv(['name'], [['André']], comma).startsWith('\uFEFF')).toBe(true);
  });

  it('ends every line, the last one included, with CRLF', () => {
    expect(toCsv(['a', 'b'], [['1', '2']], comma)).toBe('\uFEFFa,b\r\n1,2\r\n');
  });

  it('writes a header-only file when there are no rows', () => {
    expect(toCsv(['a', 'b'], [], semicolon)).toBe('\uFEFFa;b\r\n');
  });

  it("'comma' dialect: comma separator and decimal point", () => {
    expect(linesOf(toCsv(['dimension', 'mean'], [['SOP', 3.75]], comma))[1]).toBe('SOP,3.75');
  });

  it("'semicolon' dialect (Indonesian Excel): semicolon separator and decimal comma", () => {
    expect(linesOf(toCsv(['dimension', 'mean'], [['SOP', 3.75]], semicolon))[1]).toBe('SOP;3,75');
  });

  it('writes numbers with all the digits given, never rounded', () => {
    expect(linesOf(toCsv(['x'], [[0.1 + 0.2], [1 / 3]], comma)).slice(1, 3)).toEqual(['0.30000000000000004', '0.3333333333333333']);
  });

  it('writes very small and very large numbers without an exponent', () => {
    expect(csvLine([1e-7, -1.5e-9, 2e21, 123456789012], comma)).toBe('0.0000001,-0.0000000015,2000000000000000000000,123456789012\r\n');
    expect(csvLine([1.25e-7], semicolon)).toBe('0,000000125\r\n');
  });

  it('writes integers and zero plainly, with no decimal mark', () => {
    expect(csvLine([28, 0, -0, -4], semicolon)).toBe('28;0;0;-4\r\n');
  });

  it('writes null as an empty cell', () => {
    expect(csvLine(['a', null, 3], comma)).toBe('a,,3\r\n');
  });

  it('quotes a text containing the separator, and only the separator of the dialect', () => {
    expect(csvLine(['Rahman, S.E.', 'a;b'], comma)).toBe('"Rahman, S.E.",a;b\r\n');
    expect(csvLine(['Rahman, S.E.', 'a;b'], semicolon)).toBe('Rahman, S.E.;"a;b"\r\n');
  });

  it('quotes a text containing quotes, doubling them', () => {
    expect(csvLine(['Kata "SOP"'], comma)).toBe('"Kata ""SOP"""\r\n');
  });

  it('quotes a text containing CR or LF', () => {
    expect(csvLine(['baris\nkedua', 'a\rb', 'c\r\nd'], comma)).toBe('"baris\nkedua","a\rb","c\r\nd"\r\n');
  });

  it.each(['=HYPERLINK("http://x","klik")', '+62 812', '-1+1', '@SUM(A1)', '\tTAB', '\rCR'])(
    'neutralises a text cell starting like a formula (%j) with a leading apostrophe',
    (text) => {
      const cell = csvLine([text], semicolon).slice(0, -2);
      expect(cell.replace(/^"/, '').startsWith(`'${text.slice(0, 1)}`)).toBe(true);
    },
  );

  it('quotes a neutralised cell when it also needs quoting', () => {
    expect(csvLine(['=1,2'], comma)).toBe(`"'=1,2"\r\n`);
  });

  it('does not neutralise real numbers, even negative ones', () => {
    expect(csvLine([-0.25, -3], comma)).toBe('-0.25,-3\r\n');
  });

  it('neutralises a negative number passed as text (only numbers are trusted)', () => {
    expect(csvLine(['-0.25'], comma)).toBe(`'-0.25\r\n`);
  });

  it('leaves text with a formula character later in the cell alone', () => {
    expect(csvLine(['a=b', 'Subdit-Umum', 'siti@example.go.id'], comma)).toBe('a=b,Subdit-Umum,siti@example.go.id\r\n');
  });

  it('throws on NaN and Infinity, which have no CSV form (pass null for missing)', () => {
    expect(() => csvLine([Number.NaN], comma)).toThrow(/null/);
    expect(() => csvLine([Number.POSITIVE_INFINITY], comma)).toThrow(/null/);
  });
});

describe('csvLine', () => {
  it('streams the same text as toCsv after CSV_BOM', () => {
    const header = ['unit', 'n', 'mean'];
    const rows = [
      ['Subdit "A"; Umum', 12, 3.5],
      ['B', null, -0.125],
    ];
    for (const options of [comma, semicolon]) {
      const streamed = CSV_BOM + csvLine(header, options) + rows.map((row) => csvLine(row, options)).join('');
      expect(streamed).toBe(toCsv(header, rows, options));
    }
  });
});

describe('toCsv read back by readCsv', () => {
  it('round-trips text with separators, quotes and line breaks in both dialects', () => {
    const rows = [
      ['P-1', 'Kata "SOP", lalu\r\nbaris kedua; selesai'],
      ['P-2', ''],
    ];
    for (const options of [comma, semicolon]) {
      const file = Buffer.from(toCsv(['form_id', 'comment'], rows, options), 'utf8');
      const result = readCsv(file, { columns: [{ name: 'form_id', required: true }, { name: 'comment', required: false }] });
      expect(result.ok && result.rows).toEqual([
        { line: 2, cells: { form_id: 'P-1', comment: rows[0][1] } },
        { line: 4, cells: { form_id: 'P-2', comment: '' } },
      ]);
    }
  });
});
