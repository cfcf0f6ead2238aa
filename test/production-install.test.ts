import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');

/** The project's files as a clone has them (tracked, and new files not ignored): no node_modules, no dist. */
function copyOfCheckout(): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-production-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file && fs.existsSync(path.join(ROOT, file)));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(target, file));
  }
  return target;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** `npm start` until the server says it listens; returns everything it printed and how long that took. */
async function npmStart(dir: string, port: number): Promise<{ output: string; child: ChildProcess; seconds: number }> {
  const started = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', POTRET_DB: path.join(dir, 'potret.db'), POTRET_LOG: 'info' };
  delete env.POTRET_BASE_URL;
  for (const name of Object.keys(env)) if (name.startsWith('npm_')) delete env[name];
  const child = spawn('npm', ['start', '--silent'], { cwd: dir, env, detached: true });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not listening after 120 s:\n${output}`)), 120_000);
    child.stdout?.on('data', () => {
      if (output.includes('Potret is listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited ${code}:\n${output}`));
    });
  });
  return { output, child, seconds: (Date.now() - started) / 1000 };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(-(child.pid as number), 'SIGTERM');
  });
}

describe('a production install', () => {
  it('npm ci --omit=dev && npm start works on a fresh copy, and a second start does not rebuild', async () => {
    const dir = copyOfCheckout();
    // Packages come from npm's cache where it has them. Install scripts are skipped only to spare
    // compiling SQLite's native module a second time: its binary is copied from this install. The
    // build the project itself needs (TypeScript → dist/) runs as `npm start` runs it.
    execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'pipe' });
    const addon = path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    fs.mkdirSync(path.dirname(path.join(dir, addon)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, addon), path.join(dir, addon));
    // Nothing of the test tools is installed: whatever the build or the server needs is a dependency.
    expect(fs.existsSync(path.join(dir, 'node_modules', 'jest'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'node_modules', 'supertest'))).toBe(false);

    const port = await freePort();
    const first = await npmStart(dir, port);
    try {
      expect(first.output).toContain('Building Potret');
      const setup = await fetch(`http://127.0.0.1:${port}/setup`);
      expect(setup.status).toBe(200);
      expect(await setup.text()).toContain('Buat administrator pertama');
    } finally {
      await stop(first.child);
    }

    const second = await npmStart(dir, port);
    await stop(second.child);
    expect(second.output).not.toContain('Building Potret');
    expect(second.seconds).toBeLessThan(10);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 300_000);
});
