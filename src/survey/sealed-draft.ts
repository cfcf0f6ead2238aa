import crypto from 'node:crypto';
import type { LoadedInstrument } from './instruments';

/**
 * Drafts are sealed with a key that only the personal link yields, so the database, its WAL and
 * any copy of them hold no readable work in progress. The database keeps SHA-256(token) to find
 * the roster entry; HKDF with its own info string gives an unrelated key, and a hash of the token
 * is not the token, so the stored hash opens nothing.
 */

const LINK_KEY_INFO = 'potret draft v1';
const SEAL_KEY_INFO = 'potret draft v1 aes-256-gcm';
const FORMAT_VERSION = 1;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + SALT_BYTES + IV_BYTES;

/** What a respondent has saved so far. */
export interface DraftContent {
  answers: Uint8Array;
  comments: Record<string, string>;
  page: number;
}

/**
 * The key of one personal link's drafts on one device: HKDF-SHA256 of the token, salted with the
 * device's secret (a cookie of the browser that saved the draft). The token alone opens nothing:
 * whoever holds the links CSV (the analyst who made it) cannot read what an employee has saved.
 */
export function draftKeyFor(token: string, deviceSecret: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', token, Buffer.from(deviceSecret, 'utf8'), LINK_KEY_INFO, 32));
}

/** Each sealing draws a fresh salt, so no AES key (and so no key and nonce pair) is ever used twice. */
function sealKey(linkKey: Buffer, salt: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', linkKey, salt, SEAL_KEY_INFO, 32));
}

/** Binds a sealed draft to its roster entry: moved to another row it no longer opens. */
function associatedData(rosterEntryId: number): Buffer {
  return Buffer.from(`potret draft of roster entry ${rosterEntryId}`);
}

/**
 * Plaintext of the same length for every draft of an instrument: the page, the answers, then for
 * each perspective a comment of up to `maxCommentLength` UTF-16 units (at most 3 UTF-8 bytes
 * each), zero-padded. The length of a sealed draft therefore says nothing about how long a
 * comment is, which could otherwise be matched to a published comment.
 */
function plaintextLength(instrument: LoadedInstrument, maxCommentLength: number): number {
  return 2 + instrument.items.length + instrument.definition.perspectives.length * (2 + 3 * maxCommentLength);
}

function encode(instrument: LoadedInstrument, maxCommentLength: number, content: DraftContent): Buffer {
  const plain = Buffer.alloc(plaintextLength(instrument, maxCommentLength));
  let offset = plain.writeUInt16BE(content.page, 0);
  plain.set(content.answers.subarray(0, instrument.items.length), offset);
  offset += instrument.items.length;
  for (const perspective of instrument.definition.perspectives) {
    const text = Buffer.from((content.comments[perspective.code] ?? '').slice(0, maxCommentLength), 'utf8');
    offset = plain.writeUInt16BE(text.length, offset);
    offset += text.copy(plain, offset);
    offset += 3 * maxCommentLength - text.length;
  }
  return plain;
}

function decode(instrument: LoadedInstrument, maxCommentLength: number, plain: Buffer): DraftContent | null {
  if (plain.length !== plaintextLength(instrument, maxCommentLength)) return null;
  let offset = 0;
  const page = plain.readUInt16BE(offset);
  offset += 2;
  const answers = new Uint8Array(plain.subarray(offset, offset + instrument.items.length));
  offset += instrument.items.length;
  const comments: Record<string, string> = {};
  for (const perspective of instrument.definition.perspectives) {
    const length = plain.readUInt16BE(offset);
    offset += 2;
    if (length > 3 * maxCommentLength) return null;
    if (length > 0) comments[perspective.code] = plain.toString('utf8', offset, offset + length);
    offset += 3 * maxCommentLength;
  }
  return { answers, comments, page };
}

/** version ‖ salt ‖ nonce ‖ AES-256-GCM ciphertext ‖ tag. */
export function sealDraft(linkKey: Buffer, rosterEntryId: number, instrument: LoadedInstrument, maxCommentLength: number, content: DraftContent): Buffer {
  const salt = crypto.randomBytes(SALT_BYTES);
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', sealKey(linkKey, salt), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(rosterEntryId));
  const body = Buffer.concat([cipher.update(encode(instrument, maxCommentLength, content)), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_VERSION]), salt, iv, body, cipher.getAuthTag()]);
}

/** The draft, or null when it does not open: another link's key, a tampered or truncated value, an unknown format. */
export function openDraft(linkKey: Buffer, rosterEntryId: number, instrument: LoadedInstrument, maxCommentLength: number, sealed: Buffer): DraftContent | null {
  if (sealed.length < HEADER_BYTES + TAG_BYTES || sealed[0] !== FORMAT_VERSION) return null;
  const salt = sealed.subarray(1, 1 + SALT_BYTES);
  const iv = sealed.subarray(1 + SALT_BYTES, HEADER_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', sealKey(linkKey, salt), iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(rosterEntryId));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
    return decode(instrument, maxCommentLength, plain);
  } catch {
    return null;
  }
}
