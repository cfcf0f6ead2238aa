import { prepared, type Db } from './connection';

export function getSetting(db: Db, key: string): string | undefined {
  const row = prepared(db, 'SELECT value FROM app_settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  prepared(db, 'INSERT INTO app_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function deleteSetting(db: Db, key: string): void {
  prepared(db, 'DELETE FROM app_settings WHERE key = ?').run(key);
}
