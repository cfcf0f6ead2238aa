import path from 'node:path';
import { createApp } from './app';
import { HeavyWork } from './jobs/heavy-work';
import { hasAdmin } from './auth/accounts';
import { openAndPrepare } from './bootstrap';
import { reportSettingsOf } from './plan/show';
import { loadConfig } from './config';
import { DEMO_DB_FILE, seedDemo } from './demo/seed';
import { calendarDate } from './dates';
import { releaseClosedRounds } from './survey/rounds';

async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const demo = argv.includes('--demo');
  // The demo never touches the real database: it fills its own file.
  const dbFile = demo ? DEMO_DB_FILE : config.dbFile;
  const { db, migrations, instruments } = openAndPrepare(dbFile);
  const log = (line: string) => {
    if (config.log === 'info') console.log(line);
  };
  if (migrations.length) log(`Database ${path.resolve(dbFile)}: applied ${migrations.join(', ')}`);
  if (instruments.length) log(`Installed instrument(s): ${instruments.join(', ')}`);
  if (demo) {
    const seeded = await seedDemo(db, new Date(), config.timezone, reportSettingsOf(config));
    if (seeded) log(`Demo data: round "${seeded.roundName}" with ${seeded.invited} employees; log in as ${seeded.username} / ${seeded.password}`);
  }

  // Rounds whose closing date passes are published by this timer: a report read never writes.
  const checkedRounds = new Map<number, string>();
  const publishClosedRounds = () => {
    try {
      for (const id of releaseClosedRounds(db, calendarDate(new Date(), config.timezone), new Date(), checkedRounds)) log(`Round ${id} closed by date: results published`);
    } catch (error) {
      console.error(`Publishing closed rounds failed: ${(error as Error).message}`);
    }
  };
  publishClosedRounds();
  const releaseTimer = setInterval(publishClosedRounds, 60_000);
  releaseTimer.unref();

  const heavy = new HeavyWork(db, config);
  const app = createApp({ db, config, heavy });
  const server = app.listen(config.port, config.host, () => {
    log(`Potret is listening on ${config.baseUrl}`);
    if (!hasAdmin(db)) log(`No administrator yet: open ${config.baseUrl}/setup to create the first one.`);
  });
  server.on('error', (error) => {
    console.error(`Potret could not start: ${error.message}`);
    process.exit(1);
  });
  const stop = () => {
    clearInterval(releaseTimer);
    server.close(() => {
      void heavy.close().finally(() => {
        db.close();
        process.exit(0);
      });
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`Potret could not start: ${error.message}`);
  process.exit(1);
});
