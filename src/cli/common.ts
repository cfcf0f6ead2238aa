import fs from 'node:fs';
import type { Config } from '../config';
import type { Db } from '../db/connection';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Reads all of standard input (passwords). */
  readStdin: () => Promise<string>;
  env: Record<string, string | undefined>;
}

/** What every command gets: the open database, the configuration, the clock reading of this run and the output streams. */
export interface CliContext {
  db: Db;
  config: Readonly<Config>;
  io: CliIo;
  now: Date;
  /** Writes one line to standard output. */
  out: (text: string) => void;
}

/** A command and its arguments after the group and action words. */
export type CliCommand = (context: CliContext, args: string[]) => Promise<void> | void;

/** A mistake in how the command was called: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

export function requireArg(value: string | undefined, name: string): string {
  if (!value) throw new UsageError(`missing ${name}`);
  return value;
}

export function readFileArg(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/**
 * A file to import, read a slice at a time by the import itself (a million paper forms are
 * never held whole); whether it can be read is checked now, for the same message as readFileArg.
 */
export function fileSourceArg(file: string): { path: string } {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    if (!fs.statSync(file).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { path: file };
}

/** --max-rows: the row limit for this one import, instead of POTRET_MAX_ROWS (which the web upload keeps). */
export function maxRowsArg(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(value) || !Number.isSafeInteger(Number(value))) throw new UsageError(`--max-rows is a whole number of rows, at least 1, not "${value}"`);
  return Number(value);
}

export function dialectArg(value: string | undefined): 'comma' | 'semicolon' {
  const dialect = value ?? 'comma';
  if (dialect !== 'comma' && dialect !== 'semicolon') throw new UsageError('--dialect is comma or semicolon');
  return dialect;
}

export function langArg(value: string | undefined): 'id' | 'en' {
  const lang = value ?? 'id';
  if (lang !== 'id' && lang !== 'en') throw new UsageError('--lang is id or en');
  return lang;
}

/** Writes chunk by chunk to the file, or to stdout without one: a large raw data or log is streamed, not built as one string. */
export function writeChunks(chunks: Iterable<string | Buffer>, out: string | undefined, io: CliIo): void {
  const file = out ? fs.openSync(out, 'w') : null;
  try {
    for (const chunk of chunks) {
      if (file !== null) fs.appendFileSync(file, chunk);
      else io.stdout.write(chunk);
    }
  } finally {
    if (file !== null) fs.closeSync(file);
  }
}
