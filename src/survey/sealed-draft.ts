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
/**
 * Format 2 counts `page` in the questionnaire's pages (paging.ts: a perspective of more than ten
 * statements spans several); format 1, sealed when every perspective was one page, counts
 * perspectives. Both open; only format 2 is written.
 */
const FORMAT_VERSION: 1 | 2 = 2;
const READABLE_VERSIONS = new Set([1, 2]);
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + SALT_BYTES + IV_BYTES;

/** What a respondent has saved so far. Answers are by item (instrument order), so paging never moves them. */
export interface DraftContent {
  answers: Uint8Array;
  comments: Record<string, string>;
  /** Where the respondent resumes: a questionnaire page, or one past the last for the review step. */
  page: number;
}

/** An opened draft and the format it was sealed in: in format 1, `page` is a perspective's number. */
export interface OpenedDraft extends DraftContent {
  format: 1 | 2;
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

/**
 * Binds a sealed draft to its roster entry (moved to another row it no longer opens) and, from
 * format 2, to its format byte, so that relabelling a draft as format 1 does not open it either.
 */
function associatedData(version: number, rosterEntryId: number): Buffer {
  return Buffer.from(version === 1 ? `potret draft of roster entry ${rosterEntryId}` : `potret draft v${version} of roster entry ${rosterEntryId}`);
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

/** version ‖ salt ‖ nonce ‖ AES-256-GCM ciphertext ‖ tag. `version` 1 only recreates an earlier release's draft (tests of resuming one). */
export function sealDraft(
  linkKey: Buffer,
  rosterEntryId: number,
  instrument: LoadedInstrument,
  maxCommentLength: number,
  content: DraftContent,
  version: 1 | 2 = FORMAT_VERSION,
): Buffer {
  const salt = crypto.randomBytes(SALT_BYTES);
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', sealKey(linkKey, salt), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(version, rosterEntryId));
  const body = Buffer.concat([cipher.update(encode(instrument, maxCommentLength, content)), cipher.final()]);
  return Buffer.concat([Buffer.from([version]), salt, iv, body, cipher.getAuthTag()]);
}

/** The draft, or null when it does not open: another link's key, a tampered or truncated value, an unknown format. */
export function openDraft(linkKey: Buffer, rosterEntryId: number, instrument: LoadedInstrument, maxCommentLength: number, sealed: Buffer): OpenedDraft | null {
  if (sealed.length < HEADER_BYTES + TAG_BYTES || !READABLE_VERSIONS.has(sealed[0])) return null;
  const version = sealed[0] as 1 | 2;
  const salt = sealed.subarray(1, 1 + SALT_BYTES);
  const iv = sealed.subarray(1 + SALT_BYTES, HEADER_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', sealKey(linkKey, salt), iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(version, rosterEntryId));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
    const content = decode(instrument, maxCommentLength, plain);
    return content ? { ...content, format: version } : null;
  } catch {
    return null;
  }
}
