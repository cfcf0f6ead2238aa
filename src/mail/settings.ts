import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db/connection';
import { getSetting, setSetting } from '../db/app-settings';
import { ValidationError } from '../errors';
import { recordAudit, type AuditDetails } from '../audit/log';

/** The sender and the throttle: settings kept in the database, one set per installation. */
export interface MailSettings {
  fromName: string;
  fromAddress: string | null;
  /** Messages per minute at most; the SMTP servers of many offices refuse or delay faster senders. */
  perMinute: number;
}

export const DEFAULT_PER_MINUTE = 30;
export const MAX_PER_MINUTE = 600;

const KEYS = { fromName: 'mail.from_name', fromAddress: 'mail.from_address', perMinute: 'mail.per_minute' } as const;

export function mailSettings(db: Db): MailSettings {
  const perMinute = Number(getSetting(db, KEYS.perMinute));
  return {
    fromName: getSetting(db, KEYS.fromName) ?? '',
    fromAddress: getSetting(db, KEYS.fromAddress) ?? null,
    perMinute: Number.isInteger(perMinute) && perMinute >= 1 && perMinute <= MAX_PER_MINUTE ? perMinute : DEFAULT_PER_MINUTE,
  };
}

export const MailSettingsSchema = z.object({
  from_name: z
    .string()
    .trim()
    .max(100, 'at most 100 characters')
    .refine((value) => !/[\r\n<>"]/.test(value), 'a name without line breaks, quotes or angle brackets'),
  from_address: z.string().trim().min(1, 'an e-mail address is required').max(254, 'at most 254 characters').pipe(z.email('not an e-mail address')),
  per_minute: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'at least 1').max(MAX_PER_MINUTE, `at most ${MAX_PER_MINUTE}`)),
});

export function saveMailSettings(db: Db, input: Record<string, unknown>, now: Date, actor: string): MailSettings {
  const parsed = MailSettingsSchema.safeParse({
    from_name: typeof input.from_name === 'string' ? input.from_name : '',
    from_address: typeof input.from_address === 'string' ? input.from_address : '',
    per_minute: typeof input.per_minute === 'string' ? input.per_minute : '',
  });
  if (!parsed.success) {
    throw new ValidationError(
      'The mail settings were not saved',
      parsed.error.issues.map((issue) => ({ field: String(issue.path[0]), message: issue.message })),
    );
  }
  const before = mailSettings(db);
  const value = parsed.data;
  db.transaction(() => {
    setSetting(db, KEYS.fromName, value.from_name);
    setSetting(db, KEYS.fromAddress, value.from_address);
    setSetting(db, KEYS.perMinute, String(value.per_minute));
    const changed: AuditDetails = {};
    if (before.fromName !== value.from_name) changed.from_name = { from: before.fromName, to: value.from_name };
    if (before.fromAddress !== value.from_address) changed.from_address = { from: before.fromAddress, to: value.from_address };
    if (before.perMinute !== value.per_minute) changed.per_minute = { from: before.perMinute, to: value.per_minute };
    recordAudit(db, { actor, action: 'mail.settings', details: { changes: changed } }, now);
  })();
  return mailSettings(db);
}

/** Where mail goes, for the settings page: host and port only, never the user name or password in the URL. */
export function smtpServerLabel(config: Pick<Config, 'smtpUrl'>): string | null {
  if (!config.smtpUrl) return null;
  const url = new URL(config.smtpUrl);
  return `${url.protocol}//${url.host}`;
}
