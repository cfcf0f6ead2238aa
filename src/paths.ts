import fs from 'node:fs';
import path from 'node:path';

// Code runs from src/ under the tests and from dist/src/ in production: find the project
// root (where package.json is) once, instead of counting '..' in every module.
function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const ROOT = findRoot(__dirname);
export const MIGRATIONS_DIR = path.join(ROOT, 'migrations');
export const VIEWS_DIR = path.join(ROOT, 'views');
export const STATIC_DIR = path.join(ROOT, 'views', 'static');
export const INSTRUMENTS_DIR = path.join(ROOT, 'data', 'instruments');
export const STARTERS_FILE = path.join(ROOT, 'data', 'starters', 'focus-areas.json');
