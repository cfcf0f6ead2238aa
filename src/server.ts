import http from 'node:http';
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
import { publicAddress } from './survey/public-address';

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
  // Not app.listen: Express 5 calls its callback on an error too, so "listening" was printed
  // before a port in use was reported.
  const server = http.createServer(app);
  server.once('error', (error: NodeJS.ErrnoException) => {
    console.error(`Potret could not start: ${startError(error, config.host, config.port)}`);
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    const local = `http://localhost:${config.port}`;
    log(`Potret is listening on ${local}`);
    if (!hasAdmin(db)) log(`No administrator yet: open ${local}/setup to create the first one.`);
    const address = publicAddress(db, config);
    if (address.loopback) {
      log(`Note: personal links would point to ${address.url}, which only this machine can open. Set the address employees use (on /setup, on the organisation page, or with POTRET_BASE_URL) before creating links.`);
    } else {
      log(`Personal links use ${address.url}`);
    }
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

function startError(error: NodeJS.ErrnoException, host: string, port: number): string {
  if (error.code === 'EADDRINUSE') return `port ${port} is already in use on ${host} (is Potret already running?). Stop the other program or choose another port with PORT.`;
  if (error.code === 'EACCES') return `not allowed to listen on port ${port} (ports below 1024 need privileges; use a port such as 3000 behind a reverse proxy).`;
  if (error.code === 'EADDRNOTAVAIL') return `HOST ${host} is not an address of this machine.`;
  return error.message;
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`Potret could not start: ${error.message}`);
  process.exit(1);
});
