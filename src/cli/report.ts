import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../audit/log';
import { calendarDate } from '../dates';
import { buildReport } from '../report/build-report';
import { isReportFileFormat, recordDownload, REPORT_FILE_FORMATS, reportFile } from '../report/service';
import { parseRoundId } from '../survey/rounds';
import { dialectArg, langArg, requireArg, UsageError, writeChunks, type CliCommand } from './common';

const report: CliCommand = async ({ db, config, io, now }, args) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      compare: { type: 'string' },
      lang: { type: 'string' },
      out: { type: 'string' },
      perspective: { type: 'string' },
      dialect: { type: 'string' },
    },
  });
  const format = values.format ?? 'json';
  if (format !== 'json' && !isReportFileFormat(format)) throw new UsageError(`unknown format "${format}" (json, ${REPORT_FILE_FORMATS.join(', ')})`);
  const lang = langArg(values.lang);
  const dialect = dialectArg(values.dialect);
  if (values.perspective !== undefined && format !== 'csv') throw new UsageError('--perspective goes with --format csv');
  const roundId = parseRoundId(requireArg(positionals[0], '<round>'));
  const compareWith = values.compare ? parseRoundId(values.compare) : null;
  if (format !== 'json') {
    const chunks = await reportFile(db, config, {
      roundId,
      lang,
      compareWith,
      format,
      perspective: values.perspective ?? null,
      dialect,
      generatedOn: calendarDate(now, config.timezone),
      actor: CLI_ACTOR,
      now,
    });
    writeChunks(chunks, values.out, io);
    return;
  }
  const built = buildReport(db, roundId, { lang, alphaMin: config.alphaMin, categoryBoundary: config.categoryBoundary, compareWith });
  recordDownload(db, built, { format: 'json', lang }, CLI_ACTOR, now);
  const text = `${JSON.stringify(built, null, 2)}\n`;
  if (values.out) fs.writeFileSync(values.out, text);
  else io.stdout.write(text);
};

export const reportCommands: Record<string, CliCommand> = { report };
