import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db/connection';
import { getSetting, setSetting } from '../db/app-settings';
import { recordAudit } from '../audit/log';
import { problemsFromZod, ValidationError } from '../errors';

const SETTING = 'public_address';

export interface PublicAddress {
  /** The base personal links and QR codes use, without a trailing slash. */
  url: string;
  /** The environment (POTRET_BASE_URL) wins over the address chosen at /setup; else this machine. */
  source: 'environment' | 'setup' | 'default';
  /** True when employees elsewhere cannot open it: localhost, 127.0.0.0/8, ::1, 0.0.0.0. */
  loopback: boolean;
}

export function isLoopbackAddress(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return true;
  }
  host = host.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1' || host === '0.0.0.0' || host === '::';
}

export function publicAddress(db: Db, config: Pick<Config, 'baseUrl' | 'baseUrlIsDefault'>): PublicAddress {
  const stored = config.baseUrlIsDefault ? getSetting(db, SETTING) : undefined;
  const source = !config.baseUrlIsDefault ? 'environment' : stored ? 'setup' : 'default';
  const url = stored ?? config.baseUrl;
  return { url, source, loopback: isLoopbackAddress(url) };
}

/**
 * An address typed by the administrator: http or https, a host, optionally a path prefix (Potret
 * behind a proxy at /potret); no query or fragment, which would break every link appended to it.
 */
export const PublicAddressSchema = z
  .string()
  .trim()
  .min(1, 'the address employees will open is required')
  .max(500)
  .pipe(z.url({ protocol: /^https?$/, message: 'use a web address such as https://survei.example.go.id' }))
  .refine((value) => !/[?#]/.test(value), 'leave out ? and # (links are added after the address)')
  .transform((value) => value.replace(/\/+$/, ''));

/** The address a request arrived at, to pre-fill the form: what the administrator's browser used. */
export function addressOfRequest(protocol: string, host: string | undefined): string {
  return host ? `${protocol}://${host}` : '';
}

/** The address as it will be stored, or a ValidationError on the form's `public_address` field. */
export function parsePublicAddress(input: unknown): string {
  const parsed = PublicAddressSchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError('The address was not saved', problemsFromZod(parsed.error.issues).map((problem) => ({ ...problem, field: 'public_address' })));
  }
  return parsed.data;
}

export function savePublicAddress(db: Db, input: unknown, now: Date, actor: string): string {
  const url = parsePublicAddress(input);
  db.transaction(() => {
    const before = getSetting(db, SETTING) ?? null;
    setSetting(db, SETTING, url);
    if (before !== url) recordAudit(db, { actor, action: 'settings.public_address', details: { from: before, to: url } }, now);
  })();
  return url;
}
