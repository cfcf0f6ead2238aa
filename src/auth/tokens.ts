import crypto from 'node:crypto';

/** 256 bits from the OS CSPRNG, URL-safe: personal links, session cookies, API tokens. */
export function randomToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Only this hash is stored, so the database alone opens no link and no session. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
