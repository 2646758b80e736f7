import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Starts the real server for the browser tests:
//   1. picks a free port on 127.0.0.1,
//   2. creates a fresh SQLite file in a temporary directory,
//   3. runs `coprocure seed --demo` against it,
//   4. starts `coprocure serve` with COPROCURE_ADDR and COPROCURE_SITE_ROOT,
//   5. waits for GET /healthz to return 200,
//   6. exposes the base URL to tests as COPROCURE_E2E_BASE_URL.
// Returns the teardown that stops the server and removes the temporary files.
// Server output goes to end2end/server.log.

const repoRoot = path.resolve(__dirname, '..');
const bin = process.env.COPROCURE_BIN || path.join(repoRoot, 'target', 'debug', 'coprocure');
const siteRoot = process.env.COPROCURE_SITE_ROOT || path.join(repoRoot, 'target', 'site');
const logPath = path.join(__dirname, 'server.log');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`coprocure serve exited early (${child.exitCode ?? child.signalCode}):\n${tail(logPath)}`);
    }
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not return 200 within ${timeoutMs} ms:\n${tail(logPath)}`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.COPROCURE_E2E_BASE_URL) {
    console.log(`e2e: using the server at ${process.env.COPROCURE_E2E_BASE_URL}`);
    return async () => {};
  }
  for (const [what, p] of [['server binary', bin], ['site root', siteRoot]]) {
    if (!fs.existsSync(p)) {
      throw new Error(`e2e: ${what} ${p} is missing; run 'make build' first`);
    }
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coprocure-e2e-'));
  const dbUrl = `sqlite://${path.join(tmp, 'e2e.db')}?mode=rwc`;
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: dbUrl,
    COPROCURE_ADDR: `127.0.0.1:${port}`,
    COPROCURE_SITE_ROOT: siteRoot,
  };

  const seed = spawnSync(bin, ['seed', '--demo'], { env, cwd: repoRoot, encoding: 'utf8' });
  if (seed.status !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`e2e: 'coprocure seed --demo' failed (${seed.status ?? seed.error}):\n${seed.stdout}\n${seed.stderr}`);
  }

  const log = fs.openSync(logPath, 'w');
  const child = spawn(bin, ['serve'], { env, cwd: repoRoot, stdio: ['ignore', log, log] });
  fs.closeSync(log);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };

  try {
    await waitForHealth(`${baseURL}/healthz`, child, 60_000);
  } catch (e) {
    await stop();
    throw e;
  }

  process.env.COPROCURE_E2E_BASE_URL = baseURL;
  console.log(`e2e: coprocure serving ${baseURL} (database ${dbUrl}, log ${logPath})`);
  return stop;
}
