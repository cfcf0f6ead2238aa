import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCsv, columnLetter, normaliseColumnName, type CsvColumnSpec, type ReadCsvResult } from '../../src/import/read-csv';

const BOM = '\uFEFF';

const ROSTER: CsvColumnSpec[] = [
  { name: 'name', required: true },
  { name: 'unit', required: true },
  { name: 'grade', required: false },
  { name: 'email', required: false },
  { name: 'employee_no', required: false },
];

const PAPER: CsvColumnSpec[] = [
  { name: 'form_id', required: true },
  { name: 'unit', required: true },
  { name: 'grade', required: false },
  { name: 'HR1', required: true },
  { name: 'HR2', required: true },
  { name: 'comment', required: false },
];

function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

function rowsOf(result: ReadCsvResult) {
  if (!result.ok) throw new Error(`expected ok, got problems: ${JSON.stringify(result.problems, null, 2)}`);
  return result.rows;
}

function problemsOf(result: ReadCsvResult) {
  if (result.ok) throw new Error('expected problems, got ok');
  return result.problems;
}

describe('readCsv: files as real programs save them', () => {
  // Excel with Indonesian regional settings: File → Save As → "CSV UTF-8 (comma delimited)".
  const excelIndonesian = utf8(
    BOM + 'form_id;unit;grade;HR1;HR2;comment\r\n' + 'P-001;Subdit Perencanaan;III/c;4;5;Pelatihan kurang\r\n' + 'P-002;Subdit Umum;IV/a;Setuju;3;\r\n',
  );

  it('reads an Excel-Indonesian file (UTF-8 BOM, semicolons, CRLF)', () => {
    const result = readCsv(excelIndonesian, { columns: PAPER });
    expect(result).toEqual({
      ok: true,
      separator: ';',
      ignored: [],
      columns: ['form_id', 'unit', 'grade', 'HR1', 'HR2', 'comment'],
      positions: ['form_id', 'unit', 'grade', 'HR1', 'HR2', 'comment'].map((name, index) => ({ name, index, header: name })),
      rows: [
        { line: 2, cells: { form_id: 'P-001', unit: 'Subdit Perencanaan', grade: 'III/c', HR1: '4', HR2: '5', comment: 'Pelatihan kurang' } },
        { line: 3, cells: { form_id: 'P-002', unit: 'Subdit Umum', grade: 'IV/a', HR1: 'Setuju', HR2: '3', comment: '' } },
      ],
    });
  });

  it('does not leave the BOM in the first column name', () => {
    const result = readCsv(excelIndonesian, { columns: PAPER });
    expect(result.ok && result.columns[0]).toBe('form_id');
  });

  it('reads a Google Sheets download (commas, LF, no BOM, no final newline)', () => {
    const file = utf8('name,unit,grade,email,employee_no\nSiti Rahma,Subdit Umum,III/a,siti@example.go.id,198701012010012001\nBudi,Subdit Umum,,,');
    const result = readCsv(file, { columns: ROSTER });
    expect(result.ok && result.separator).toBe(',');
    expect(rowsOf(result)).toEqual([
      { line: 2, cells: { name: 'Siti Rahma', unit: 'Subdit Umum', grade: 'III/a', email: 'siti@example.go.id', employee_no: '198701012010012001' } },
      { line: 3, cells: { name: 'Budi', unit: 'Subdit Umum', grade: '', email: '', employee_no: '' } },
    ]);
  });

  it('decodes UTF-16 LE with BOM (Excel "Unicode Text", tab-separated)', () => {
    const text = 'name\tunit\r\nAndré Wijaya\tSubdit Teknologi Informasi\r\n';
    const file = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const result = readCsv(file, { columns: ROSTER });
    expect(result.ok && result.separator).toBe('\t');
    expect(rowsOf(result)).toEqual([{ line: 2, cells: { name: 'André Wijaya', unit: 'Subdit Teknologi Informasi' } }]);
  });

  it('decodes UTF-16 BE with BOM', () => {
    const text = 'name;unit\nAndré;Umum\n';
    const file = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    expect(rowsOf(readCsv(file, { columns: ROSTER }))).toEqual([{ line: 2, cells: { name: 'André', unit: 'Umum' } }]);
  });

  it('rejects a Windows-1252 file with the line of the first bad character and the Excel option to use instead', () => {
    // Excel's plain "CSV (comma delimited)" writes the Windows code page: é is the single byte 0xE9.
    const file = Buffer.from('name,unit\r\nBudi,Umum\r\nAndré,Keuangan\r\n', 'latin1');
    const [problem] = problemsOf(readCsv(file, { columns: ROSTER }));
    expect(problem.line).toBe(3);
    expect(problem.value).toBe('André,Keuangan');
    expect(problem.message).toContain('not UTF-8');
    expect(problem.message).toContain('CSV UTF-8 (comma delimited)');
  });

  it('rejects an .xlsx workbook uploaded instead of a CSV, saying so', () => {
    const zipHeader = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    const [problem] = problemsOf(readCsv(zipHeader, { columns: ROSTER }));
    expect(problem.message).toContain('Excel workbook (.xlsx)');
    expect(problem.message).toContain('CSV UTF-8 (comma delimited)');
  });
});

describe('readCsv: dialect', () => {
  it('detects a semicolon separator even when values contain commas', () => {
    const file = utf8('name;unit\n"Rahman, S.E.";Umum\n');
    const result = readCsv(file, { columns: ROSTER });
    expect(result.ok && result.separator).toBe(';');
    expect(rowsOf(result)[0].cells.name).toBe('Rahman, S.E.');
  });

  it('ignores separators inside a quoted header cell when detecting the separator', () => {
    const file = utf8('"name";"unit";"grade"\nA;B;C\n');
    const result = readCsv(file, { columns: ROSTER });
    expect(result.ok && result.separator).toBe(';');
  });

  it('reads quoted values holding the separator, doubled quotes and line breaks', () => {
    const file = utf8('form_id,unit,HR1,HR2,comment\r\nP-1,Umum,4,4,"Kata ""SOP"", lalu\r\nbaris kedua"\r\n');
    expect(rowsOf(readCsv(file, { columns: PAPER }))[0].cells.comment).toBe('Kata "SOP", lalu\r\nbaris kedua');
  });

  it('keeps a quote inside an unquoted value as typed', () => {
    const file = utf8('name,unit\nPak "Budi",Umum\n');
    expect(rowsOf(readCsv(file, { columns: ROSTER }))[0].cells.name).toBe('Pak "Budi"');
  });

  it('accepts a file whose lines end in a mix of CRLF, LF and CR', () => {
    const file = utf8('name,unit\r\nA,U1\nB,U2\rC,U3\r\n');
    expect(rowsOf(readCsv(file, { columns: ROSTER })).map((row) => [row.line, row.cells.name])).toEqual([
      [2, 'A'],
      [3, 'B'],
      [4, 'C'],
    ]);
  });

  it('returns cells untrimmed, exactly as written', () => {
    const file = utf8('name,unit\n  Siti  , Umum \n');
    expect(rowsOf(readCsv(file, { columns: ROSTER }))[0].cells).toEqual({ name: '  Siti  ', unit: ' Umum ' });
  });

  it('gives blank cells to a row shorter than the header', () => {
    const file = utf8('name,unit,grade\nSiti,Umum\n');
    expect(rowsOf(readCsv(file, { columns: ROSTER }))[0].cells).toEqual({ name: 'Siti', unit: 'Umum', grade: '' });
  });
});

describe('readCsv: line numbers', () => {
  it('reports the real start line of a record that follows a multi-line quoted comment (CRLF inside the quotes)', () => {
    const file = utf8(
      [
        'form_id;unit;HR1;HR2;comment', // line 1
        'P-1;Umum;4;4;"Baris satu', // line 2
        'baris dua', // line 3
        'baris tiga"', // line 4
        'P-2;Umum;3;3;', // line 5
      ].join('\r\n') + '\r\n',
    );
    expect(rowsOf(readCsv(file, { columns: PAPER })).map((row) => [row.line, row.cells.form_id])).toEqual([
      [2, 'P-1'],
      [5, 'P-2'],
    ]);
  });

  it('counts LF and lone CR inside quotes as one line each', () => {
    const file = utf8('form_id,unit,HR1,HR2,comment\n"P-1","Umum",4,4,"a\nb\rc"\nP-2,Umum,1,1,\n');
    expect(rowsOf(readCsv(file, { columns: PAPER })).map((row) => row.line)).toEqual([2, 5]);
  });

  it('counts blank lines it skips', () => {
    const file = utf8('name,unit\n\nSiti,Umum\n\n\nBudi,Umum\n');
    expect(rowsOf(readCsv(file, { columns: ROSTER })).map((row) => row.line)).toEqual([3, 6]);
  });

  it('counts line breaks inside a quoted header cell', () => {
    const file = utf8('"name",unit,"grade\n(golongan)"\nSiti,Umum,III/a\n');
    const result = readCsv(file, { columns: ROSTER, allowUnknownColumns: true });
    expect(rowsOf(result)[0].line).toBe(3);
  });
});

describe('readCsv: header', () => {
  it('matches headers regardless of case, spaces, underscores and column order', () => {
    const file = utf8(' HR2 ;Form ID;UNIT;hr1;Grade\n5;P-9;Umum;4;III/b\n');
    const result = readCsv(file, { columns: PAPER });
    expect(result.ok && result.columns).toEqual(['HR2', 'form_id', 'unit', 'HR1', 'grade']);
    expect(rowsOf(result)[0].cells).toEqual({ HR2: '5', form_id: 'P-9', unit: 'Umum', HR1: '4', grade: 'III/b' });
  });

  it('normalises "Form ID", " form_id " and "FORM__ID" to the same key', () => {
    expect(['Form ID', ' form_id ', 'FORM__ID', 'form  id'].map(normaliseColumnName)).toEqual(['form_id', 'form_id', 'form_id', 'form_id']);
  });

  it('ignores the empty header cells Excel leaves after the last column', () => {
    const file = utf8('name;unit;;;\r\nSiti;Umum;;;\r\n');
    const result = readCsv(file, { columns: ROSTER });
    expect(result.ok && result.columns).toEqual(['name', 'unit']);
    expect(rowsOf(result)[0].cells).toEqual({ name: 'Siti', unit: 'Umum' });
  });

  it('ignores fully empty rows, including rows of separators only', () => {
    const file = utf8('name;unit;grade\r\nSiti;Umum;III/a\r\n;;\r\n;;;;\r\n  ;\t;\r\n\r\n');
    expect(rowsOf(readCsv(file, { columns: ROSTER })).map((row) => row.cells.name)).toEqual(['Siti']);
  });

  it('reports a duplicated column, even when spelled differently', () => {
    const file = utf8('name,unit,Unit ,grade\nSiti,Umum,Umum,III/a\n');
    expect(problemsOf(readCsv(file, { columns: ROSTER }))).toEqual([
      { line: 1, column: 'unit', value: 'Unit ', message: expect.stringContaining('appears twice in the header (columns B and C)') },
    ]);
  });

  it('reports each missing required column', () => {
    const file = utf8('form_id,grade,HR1\nP-1,III/a,4\n');
    const problems = problemsOf(readCsv(file, { columns: PAPER }));
    expect(problems.map((problem) => [problem.line, problem.column])).toEqual([
      [1, 'unit'],
      [1, 'HR2'],
    ]);
    expect(problems[0].message).toContain('Required column "unit" is missing');
  });

  it('does not require optional columns', () => {
    const result = readCsv(utf8('name,unit\nSiti,Umum\n'), { columns: ROSTER });
    expect(result.ok && result.columns).toEqual(['name', 'unit']);
  });

  it('reports an unknown column and lists the expected ones', () => {
    const [problem] = problemsOf(readCsv(utf8('name,unit,jabatan\nSiti,Umum,Analis\n'), { columns: ROSTER }));
    expect(problem).toEqual({ line: 1, column: 'jabatan', value: 'jabatan', message: expect.stringContaining('Unknown column "jabatan" (column C)') });
    expect(problem.message).toContain('name, unit, grade, email, employee_no');
  });

  it('skips unknown columns and lists them, as the file spells them, when ignoreUnknownColumns is set', () => {
    const result = readCsv(utf8('No;Nama;Keterangan;unit\r\n1;Siti;cuti;Umum\r\n'), { columns: ROSTER.map((column) => (column.name === 'name' ? { ...column, aliases: ['nama'] } : column)), ignoreUnknownColumns: true });
    expect(result).toMatchObject({
      ok: true,
      ignored: [
        { index: 0, header: 'No' },
        { index: 2, header: 'Keterangan' },
      ],
      rows: [{ line: 2, cells: { name: 'Siti', unit: 'Umum' } }],
    });
    expect(result.ok && Object.keys(result.rows[0].cells)).toEqual(['name', 'unit']);
  });

  it('names a required column by its label, and the name also accepted, when the spec gives a label', () => {
    const result = readCsv(utf8('unit\r\nUmum\r\n'), { columns: [{ name: 'name', label: 'nama', required: true }, { name: 'unit', required: true }] });
    expect(result).toEqual({ ok: false, problems: [{ line: 1, column: 'nama', value: null, message: 'Required column "nama" (or "name") is missing from the header (line 1).' }] });
  });

  it('keeps unknown columns under their normalised name when allowUnknownColumns is set', () => {
    const result = readCsv(utf8('name,unit,Jabatan Fungsional\nSiti,Umum,Analis\n'), { columns: ROSTER, allowUnknownColumns: true });
    expect(result.ok && result.columns).toEqual(['name', 'unit', 'jabatan_fungsional']);
    expect(rowsOf(result)[0].cells.jabatan_fungsional).toBe('Analis');
  });

  it('reports an empty file', () => {
    expect(problemsOf(readCsv(Buffer.alloc(0), { columns: ROSTER }))[0].message).toContain('empty');
    expect(problemsOf(readCsv(utf8(BOM), { columns: ROSTER }))[0].message).toContain('empty');
  });

  it('reports a blank first line instead of looking for the header further down', () => {
    expect(problemsOf(readCsv(utf8('\nname,unit\nSiti,Umum\n'), { columns: ROSTER }))[0]).toMatchObject({ line: 1 });
  });

  it('accepts a header with no rows below it', () => {
    expect(readCsv(utf8('name,unit\r\n'), { columns: ROSTER })).toEqual({
      ok: true,
      separator: ',',
      ignored: [],
      columns: ['name', 'unit'],
      positions: [
        { name: 'name', index: 0, header: 'name' },
        { name: 'unit', index: 1, header: 'unit' },
      ],
      rows: [],
    });
  });

  it('throws when two declared columns would match the same header (a programming error)', () => {
    expect(() => readCsv(utf8('a\n'), { columns: [{ name: 'form_id', required: true }, { name: 'Form ID', required: false }] })).toThrow(/same header/);
  });
});

describe('readCsv: rows that cannot be read', () => {
  it('reports a row with more non-empty cells than the header, with its line and column', () => {
    const file = utf8('name;unit\r\nSiti;Umum\r\nBudi;Umum;III/a\r\n');
    expect(problemsOf(readCsv(file, { columns: ROSTER }))).toEqual([
      { line: 3, column: 'C', value: 'III/a', message: expect.stringContaining('the header has only 2 columns') },
    ]);
  });

  it('accepts extra cells when they are empty', () => {
    const file = utf8('name;unit\r\nSiti;Umum;;\r\n');
    expect(rowsOf(readCsv(file, { columns: ROSTER }))).toHaveLength(1);
  });

  it('reports a value under a column with no name in the header', () => {
    const file = utf8('name;;unit\nSiti;x;Umum\n');
    expect(problemsOf(readCsv(file, { columns: ROSTER }))[0]).toMatchObject({ line: 2, column: 'B', value: 'x' });
  });

  it('accepts an unnamed column in the middle when it holds no values', () => {
    const file = utf8('name;;unit\nSiti;;Umum\n');
    expect(rowsOf(readCsv(file, { columns: ROSTER }))[0].cells).toEqual({ name: 'Siti', unit: 'Umum' });
  });

  it('reports every bad row, not only the first', () => {
    const file = utf8('name,unit\nA,U,x\nB,U\nC,U,y\n');
    expect(problemsOf(readCsv(file, { columns: ROSTER })).map((problem) => problem.line)).toEqual([2, 4]);
  });

  it('stops after 100 problems and says so', () => {
    const file = utf8('name,unit\n' + 'A,U,extra\n'.repeat(500));
    const problems = problemsOf(readCsv(file, { columns: ROSTER }));
    expect(problems).toHaveLength(101);
    expect(problems[100].message).toContain('stopped after 100 problems');
  });

  it('reports a quoted value that is never closed, at the line where its row starts', () => {
    const file = utf8('form_id,unit,HR1,HR2,comment\r\nP-1,Umum,4,4,"a\r\nb"\r\nP-2,Umum,4,4,"never closed\r\nP-3,Umum,1,1,\r\n');
    expect(problemsOf(readCsv(file, { columns: PAPER }))).toEqual([
      { line: 4, column: null, value: null, message: expect.stringContaining('never closed') },
    ]);
  });
});

describe('readCsv: maxRows', () => {
  const file = utf8('name,unit\nA,U\nB,U\n\nC,U\n');

  it('accepts exactly maxRows rows, not counting blank ones', () => {
    expect(rowsOf(readCsv(file, { columns: ROSTER, maxRows: 3 }))).toHaveLength(3);
  });

  it('reports the limit, at the first row beyond it', () => {
    expect(problemsOf(readCsv(file, { columns: ROSTER, maxRows: 2 }))).toEqual([
      { line: 5, column: null, value: null, message: expect.stringContaining('at most 2 can be imported') },
    ]);
  });
});

describe('readCsv: size', () => {
  it('reads 100,000 rows × 50 columns with quoted multi-line comments and keeps every line number right', () => {
    const names = ['form_id', 'unit', 'grade', ...Array.from({ length: 46 }, (_, index) => `Q${index + 1}`), 'comment'];
    const lines = [names.join(';')];
    for (let row = 0; row < 100_000; row++) {
      const answers = Array.from({ length: 46 }, (_, index) => String(((row + index) % 5) + 1));
      const comment = row % 1000 === 0 ? '"dua\r\nbaris"' : '';
      lines.push([`P-${row}`, 'Umum', 'III/a', ...answers, comment].join(';'));
    }
    const file = utf8(BOM + lines.join('\r\n') + '\r\n');
    const rows = rowsOf(readCsv(file, { columns: names.map((name) => ({ name, required: true })) }));
    expect(rows).toHaveLength(100_000);
    // Row r starts on line 2 + r, plus one line per two-line comment in the rows before it.
    expect(rows[1001]).toMatchObject({ line: 2 + 1001 + 2, cells: { form_id: 'P-1001' } });
    expect(rows[99_999]).toMatchObject({ line: 2 + 99_999 + 100, cells: { form_id: 'P-99999', Q46: '5' } });
  });
});

describe('columnLetter', () => {
  it('names columns as a spreadsheet does', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});

describe('readCsv: a file read a slice (1 MB) at a time', () => {
  const SLICE = 1 << 20;
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-read-csv-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A file with one row whose comment ends in `marker` just after the slice boundary (moved by `shift`), quoted or not. */
  function fileWithBoundaryIn(marker: string, shift: number, quoted = false): { text: string; rows: number } {
    const header = `${BOM}form_id;unit;grade;HR1;HR2;comment\r\n`;
    const filler: string[] = [];
    let bytes = Buffer.byteLength(header);
    let row = 0;
    // Plain rows of 32 bytes up to just before the boundary, then one row that puts `marker` across it.
    const plain = (index: number) => `P-${String(index).padStart(6, '0')};Umum;III/a;4;5;xxxxxxxx\r\n`;
    while (bytes + 2 * 33 < SLICE) {
      const line = plain(row++);
      filler.push(line);
      bytes += Buffer.byteLength(line);
    }
    const prefix = `P-${String(row++).padStart(6, '0')};Umum;III/a;4;5;`;
    const pad = 'y'.repeat(SLICE - bytes - Buffer.byteLength(prefix) + shift - (quoted ? 1 : 0));
    filler.push(quoted ? `${prefix}"${pad}${marker}"\r\n` : `${prefix}${pad}${marker}\r\n`);
    for (let index = 0; index < 10; index++) filler.push(plain(row++));
    return { text: header + filler.join(''), rows: row };
  }

  function readBoth(text: string | Buffer): [ReadCsvResult, ReadCsvResult] {
    const bytes = Buffer.isBuffer(text) ? text : utf8(text);
    const file = path.join(dir, 'forms.csv');
    fs.writeFileSync(file, bytes);
    return [readCsv(bytes, { columns: PAPER }), readCsv({ path: file }, { columns: PAPER })];
  }

  it('reads a character cut in two by the slice boundary whole, from a file and from memory alike', () => {
    for (const shift of [-1, -2, -3]) {
      const { text, rows } = fileWithBoundaryIn('é€😀', shift);
      for (const result of readBoth(text)) {
        const read = rowsOf(result);
        expect(read).toHaveLength(rows);
        expect(read.find((row) => row.cells.comment.endsWith('é€😀'))).toBeDefined();
        expect(read[rows - 1]).toMatchObject({ line: rows + 1, cells: { form_id: `P-${String(rows - 1).padStart(6, '0')}` } });
      }
    }
  });

  it('keeps line numbers right across the boundary: a CRLF cut in two, a quoted value with a line break across it', () => {
    for (const [marker, quoted, extraLines] of [['', false, 0], ['\r\nb', true, 1], ['a\r\nb', true, 1]] as const) {
      for (const shift of [0, 1, -1]) {
        const { text, rows } = fileWithBoundaryIn(marker, shift, quoted);
        for (const result of readBoth(text)) {
          const read = rowsOf(result);
          expect(read).toHaveLength(rows);
          expect(read[rows - 1].line).toBe(rows + 1 + extraLines);
        }
      }
    }
  });

  it('points at the line of a Windows-1252 byte found after the first slice', () => {
    const { text, rows } = fileWithBoundaryIn('', 0);
    const bytes = Buffer.concat([utf8(text), Buffer.from('P-999999;Umum;III/a;4;5;caf', 'latin1'), Buffer.from([0xe9]), utf8('\r\n')]);
    for (const result of readBoth(bytes)) {
      const [problem] = problemsOf(result);
      expect(problem).toMatchObject({ line: rows + 2, value: 'P-999999;Umum;III/a;4;5;café' });
      expect(problem.message).toContain(`line ${rows + 2} has a character in another encoding`);
    }
  });
});
