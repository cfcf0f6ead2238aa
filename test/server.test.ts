import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const REGISTER = path.join(__dirname, 'fixtures', 'register-ts.js');
const SERVER = path.join(ROOT, 'src', 'server.ts');

function tempDb(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'potret-server-')), 'potret.db');
}

function occupiedPort(): Promise<net.Server> {
  return new Promise((resolve) => {
    const holder = net.createServer();
    holder.listen(0, '127.0.0.1', () => resolve(holder));
  });
}

function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', POTRET_LOG: 'info', ...extra };
  delete env.POTRET_BASE_URL;
  return env;
}

describe('starting the server', () => {
  it('reports a port in use once and clearly, without first announcing that it listens', async () => {
    const holder = await occupiedPort();
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const run = spawnSync(process.execPath, ['-r', REGISTER, SERVER], { env: environment({ PORT: String(port), POTRET_DB: tempDb() }), encoding: 'utf8', timeout: 60_000 });
      expect(run.status).toBe(1);
      expect(run.stdout).not.toContain('listening');
      expect(run.stderr.trim().split('\n')).toEqual([`Potret could not start: port ${port} is already in use on 127.0.0.1 (is Potret already running?). Stop the other program or choose another port with PORT.`]);
    } finally {
      holder.close();
    }
  }, 60_000);

  it.each([
    [{}, 'Note: personal links would point to http://localhost:'],
    [{ POTRET_BASE_URL: 'https://survei.example.go.id' }, 'Personal links use https://survei.example.go.id'],
  ])('says on the console where links point (%j)', async (extra, expected) => {
    const holder = await occupiedPort();
    const port = (holder.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => holder.close(() => resolve()));
    const child = spawn(process.execPath, ['-r', REGISTER, SERVER], { env: { ...environment({ PORT: String(port), POTRET_DB: tempDb() }), ...extra } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no announcement in: ${output}`)), 60_000);
        child.stdout.on('data', () => {
          if (output.includes(expected)) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
      });
      expect(output).toContain(`Potret is listening on http://localhost:${port}`);
      expect(output).toContain(`open http://localhost:${port}/setup`);
    } finally {
      child.kill('SIGTERM');
    }
  }, 70_000);
});
