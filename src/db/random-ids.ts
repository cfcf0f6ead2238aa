import crypto from 'node:crypto';

// Random row ids for responses and comments, online and paper alike: rows then sort in no
// meaningful order, so storage order cannot re-identify anyone (see "Anonymity" in the brief).

/** A random positive 53-bit id. */
export function randomRowId(): number {
  const bytes = crypto.randomBytes(7);
  return rowIdAt(bytes, 0);
}

/**
 * `count` ids like randomRowId, drawn from one buffer of random bytes, in ascending order.
 * Inserting rows in ascending id order fills B-tree pages one after the other instead of touching
 * a random page per row: bulk inserts run at the speed of autoincrement ids. The ids are random,
 * but their order is the order of insertion, so whatever order the rows are inserted in must
 * reveal nothing: shuffle them first.
 */
export function sortedRandomRowIds(count: number): Float64Array {
  const bytes = crypto.randomBytes(7 * count);
  const ids = new Float64Array(count);
  for (let index = 0; index < count; index++) ids[index] = rowIdAt(bytes, index * 7);
  return ids.sort();
}

function rowIdAt(bytes: Buffer, offset: number): number {
  // 48 bits from six bytes and 5 more from the seventh: 53 bits, the most a JS number holds exactly.
  return bytes.readUIntBE(offset, 6) * 32 + (bytes[offset + 6] & 31) || 1;
}

/**
 * Fisher–Yates with crypto randomness, in place. Each swap takes a 32-bit draw modulo the
 * remaining length, so its bias is below length / 2^32: under 1 in 20,000 for the 200,000 forms a
 * file may hold by default, under 1 in 5,000 for their comments (at most four per form).
 */
export function shuffle<T>(values: T[]): void {
  const random = new Uint32Array(values.length);
  crypto.randomFillSync(random);
  for (let index = values.length - 1; index > 0; index--) {
    const other = random[index] % (index + 1);
    const kept = values[index];
    values[index] = values[other];
    values[other] = kept;
  }
}

/**
 * Runs an insert with a random id (`firstId`, or a fresh one), drawing again in the (about 1 in
 * 10^11 per row at 100,000 rows) case of a clash with an existing id; returns the id used.
 */
export function insertWithRandomId(run: (id: number) => void, firstId: number = randomRowId()): number {
  let id = firstId;
  for (let attempt = 0; ; attempt++) {
    try {
      run(id);
      return id;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY' || attempt >= 3) throw error;
      id = randomRowId();
    }
  }
}

/**
 * randomRowId drawn from a block of random bytes at a time (one system call per 4,096 ids instead
 * of one per id): for staging a million paper forms, each with an id of its own.
 */
export function randomRowIdSource(blockIds = 4096): () => number {
  let bytes = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + 7 > bytes.length) {
      bytes = crypto.randomBytes(7 * blockIds);
      offset = 0;
    }
    const id = rowIdAt(bytes, offset);
    offset += 7;
    return id;
  };
}
