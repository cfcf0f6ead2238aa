import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ROOT } from './paths';

// Environment values are strings: parse them explicitly rather than with z.coerce,
// which turns "" into 0 and "false" into true (CONVENTIONS: no coercion by accident).
const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((value) => value ?? fallback);

const decimal = (fallback: number, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a number such as 0.60')
    .transform(Number)
    .pipe(z.number().min(min).max(max))
    .optional()
    .transform((value) => value ?? fallback);

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const EnvSchema = z.object({
  PORT: integer(3000, 1, 65535),
  HOST: z.string().min(1).optional().default('0.0.0.0'),
  POTRET_DB: z.string().min(1).optional(),
  POTRET_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Behind a TLS-terminating proxy: trust X-Forwarded-Proto so session cookies are marked Secure.
  POTRET_TRUST_PROXY: flag,
  POTRET_TIMEZONE: z
    .string()
    .min(1)
    .optional()
    .default('Asia/Jakarta')
    .refine(isTimeZone, 'must be an IANA time zone such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura'),
  // Which class a mean exactly on a category boundary belongs to (3.40: "medium" with lower, "high" with upper).
  POTRET_CATEGORY_BOUNDARY: z.enum(['lower', 'upper']).optional().default('lower'),
  POTRET_SESSION_HOURS: integer(12, 1, 24 * 30),
  POTRET_ALPHA_MIN: decimal(0.6, 0, 1),
  POTRET_COMMENT_MIN: integer(10, 1, 100000),
  POTRET_MAX_UPLOAD_MB: integer(50, 1, 1024),
  POTRET_MAX_ROWS: integer(200000, 1, 10000000),
  // Uploads waiting between their preview and their confirmation, per user: each holds answers
  // and comments, and all of them sit in the database until confirmed, cancelled or a day old.
  POTRET_MAX_PENDING_UPLOADS: integer(5, 1, 1000),
  POTRET_MAX_PENDING_UPLOAD_MB: integer(100, 1, 10240),
  POTRET_CHROMIUM: z.string().min(1).optional(),
  // Heavy work waits its turn in bounded queues: beyond them a request is answered 503 at once.
  // Chromium runs (PDF, infographic) at a time, and how many more may wait.
  POTRET_PDF_CONCURRENCY: integer(1, 1, 16),
  POTRET_PDF_QUEUE: integer(4, 0, 100),
  // Worker threads building large reports, workbooks and raw data off the thread that answers
  // requests (default: one core fewer than the machine has, at least one), and how many builds may wait.
  POTRET_WORKERS: integer(Math.max(1, os.availableParallelism() - 1), 1, 64),
  POTRET_WORKER_QUEUE: integer(4, 0, 100),
  POTRET_LOG: z.enum(['silent', 'error', 'info']).optional().default('info'),
  // The SMTP server for invitations and reminders, e.g. smtp://user:password@mail.example.go.id:587
  // (smtps:// for TLS from the start, port 465). Without it, mail is not sent.
  POTRET_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an address such as smtp://user:password@host:587' }).optional(),
  // Searched for Chromium (server-side PDF) when POTRET_CHROMIUM is not set.
  PATH: z.string().optional().default(''),
});

export interface Config {
  port: number;
  host: string;
  dbFile: string;
  baseUrl: string;
  /** True when POTRET_BASE_URL is not set: links then point at this machine, which employees elsewhere cannot open. */
  baseUrlIsDefault: boolean;
  trustProxy: boolean;
  timezone: string;
  sessionHours: number;
  alphaMin: number;
  categoryBoundary: 'lower' | 'upper';
  commentMin: number;
  maxUploadBytes: number;
  maxRows: number;
  /** Uploads one user may have waiting for their confirmation, and their bytes together. */
  maxPendingUploads: number;
  maxPendingUploadBytes: number;
  chromium: string | null;
  /** Chromium runs at once, and how many more may wait before a request is answered 503. */
  pdfConcurrency: number;
  pdfQueue: number;
  /** Worker threads for heavy builds, and how many builds may wait before a request is answered 503. */
  workers: number;
  workerQueue: number;
  /** The PATH to search for Chromium when `chromium` is not configured. */
  executableSearchPath: string;
  log: 'silent' | 'error' | 'info';
  /** The SMTP server (with its credentials) for invitations and reminders; null: mail is not configured. */
  smtpUrl: string | null;
}

// Relative to the installation, not to wherever a command happens to be run from.
export const DEFAULT_DB_FILE = path.join(ROOT, 'data', 'potret.db');

export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const value = parsed.data;
  return Object.freeze({
    port: value.PORT,
    host: value.HOST,
    dbFile: value.POTRET_DB ?? DEFAULT_DB_FILE,
    baseUrl: (value.POTRET_BASE_URL ?? `http://localhost:${value.PORT}`).replace(/\/+$/, ''),
    baseUrlIsDefault: value.POTRET_BASE_URL === undefined,
    trustProxy: value.POTRET_TRUST_PROXY,
    timezone: value.POTRET_TIMEZONE,
    sessionHours: value.POTRET_SESSION_HOURS,
    alphaMin: value.POTRET_ALPHA_MIN,
    categoryBoundary: value.POTRET_CATEGORY_BOUNDARY,
    commentMin: value.POTRET_COMMENT_MIN,
    maxUploadBytes: value.POTRET_MAX_UPLOAD_MB * 1024 * 1024,
    maxRows: value.POTRET_MAX_ROWS,
    maxPendingUploads: value.POTRET_MAX_PENDING_UPLOADS,
    maxPendingUploadBytes: value.POTRET_MAX_PENDING_UPLOAD_MB * 1024 * 1024,
    chromium: value.POTRET_CHROMIUM ?? null,
    pdfConcurrency: value.POTRET_PDF_CONCURRENCY,
    pdfQueue: value.POTRET_PDF_QUEUE,
    workers: value.POTRET_WORKERS,
    workerQueue: value.POTRET_WORKER_QUEUE,
    executableSearchPath: value.PATH,
    log: value.POTRET_LOG,
    smtpUrl: value.POTRET_SMTP_URL ?? null,
  });
}

/** Configuration for tests and tools: defaults plus overrides, without reading the environment. */
export function testConfig(overrides: Partial<Config> = {}): Readonly<Config> {
  return Object.freeze({ ...loadConfig({ POTRET_LOG: 'silent' }), dbFile: ':memory:', ...overrides });
}
