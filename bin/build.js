#!/usr/bin/env node
'use strict';
// Compiles Potret's TypeScript into dist/ when a source is newer than the last build, so that
// `npm start` after an upgrade builds once and every later start begins at once.
// `--always` compiles regardless. Runs at install (`prepare`) and before `npm start`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const STAMP = path.join(ROOT, 'dist', '.build-stamp');
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

/** The newest modification time (ms) of the build's inputs. */
function newestInput() {
  let newest = 0;
  const visit = (file) => {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(file)) visit(path.join(file, name));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const input of INPUTS) visit(path.join(ROOT, input));
  return newest;
}

function builtFrom() {
  try {
    return Number(fs.readFileSync(STAMP, 'utf8'));
  } catch {
    return Number.NaN;
  }
}

const newest = newestInput();
if (!process.argv.includes('--always') && builtFrom() >= newest && fs.existsSync(path.join(ROOT, 'dist', 'src', 'server.js'))) {
  process.exit(0);
}
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
} catch {
  console.error('potret: cannot build: the TypeScript compiler is not installed; run npm ci (or npm ci --omit=dev) first');
  process.exit(1);
}
console.log('Building Potret (TypeScript → dist/)…');
const run = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);
// The inputs' newest time as seen before compiling: a source saved during the build is newer.
fs.writeFileSync(STAMP, String(newest));
