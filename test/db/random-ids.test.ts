import { insertWithRandomId, randomRowId, shuffle, sortedRandomRowIds } from '../../src/db/random-ids';

function isRowId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 1;
}

describe('random row ids', () => {
  it('randomRowId gives a positive safe integer', () => {
    for (let draw = 0; draw < 100; draw++) expect(isRowId(randomRowId())).toBe(true);
  });

  it('sortedRandomRowIds gives that many positive safe integers in ascending order', () => {
    const ids = [...sortedRandomRowIds(1000)];
    expect(ids).toHaveLength(1000);
    expect(ids.every(isRowId)).toBe(true);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(sortedRandomRowIds(0)).toHaveLength(0);
  });

  it('shuffle keeps every value once', () => {
    const values = Array.from({ length: 500 }, (_, index) => index);
    shuffle(values);
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, index) => index));
  });

  it('insertWithRandomId uses the id it is given and draws another on a primary-key clash', () => {
    const tried: number[] = [];
    const used = insertWithRandomId((id) => {
      tried.push(id);
      if (tried.length === 1) throw Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    }, 42);
    expect(tried[0]).toBe(42);
    expect(tried).toHaveLength(2);
    expect(used).toBe(tried[1]);
    expect(isRowId(used)).toBe(true);
  });

  it('insertWithRandomId passes on any other error at once', () => {
    let attempts = 0;
    expect(() =>
      insertWithRandomId(() => {
        attempts++;
        throw Object.assign(new Error('NOT NULL constraint failed'), { code: 'SQLITE_CONSTRAINT_NOTNULL' });
      }),
    ).toThrow('NOT NULL constraint failed');
    expect(attempts).toBe(1);
  });
});
