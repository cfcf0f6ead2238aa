import { openDatabase, type Db } from './db/connection';
import { migrate } from './db/migrate';
import { installBundledSkmInstruments } from './skm/instrument';
import { installBundledInstruments } from './survey/instruments';
import { purgeExpiredPaperUploads } from './survey/paper';

/** Opens the database, brings its schema up to date and installs the bundled instruments: what the server and the CLI both need first. */
export function openAndPrepare(file: string, now = new Date()): { db: Db; migrations: string[]; instruments: string[] } {
  const db = openDatabase(file);
  try {
    const migrations = migrate(db);
    const instruments = [...installBundledInstruments(db, now), ...installBundledSkmInstruments(db, now)];
    purgeExpiredPaperUploads(db, now);
    return { db, migrations, instruments };
  } catch (error) {
    db.close();
    throw error;
  }
}
