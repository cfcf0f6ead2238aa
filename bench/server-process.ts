import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../src/paths';

/** The built server the bench starts as a process of its own. */
export const SERVER = path.join(ROOT, 'dist', 'src', 'server.js');

/** Resolves once the child has printed a line matching `pattern` (e.g. "listening"); rejects if it exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk) => {
      seen += chunk;
      if (pattern.test(seen)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${seen}`)));
  });
}
