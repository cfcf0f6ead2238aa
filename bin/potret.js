#!/usr/bin/env node
'use strict';
// The CLI is written in TypeScript and compiled by `npm install` (the `prepare` script).
require('../dist/src/cli/index.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
);
