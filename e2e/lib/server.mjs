// Starts the real `tremplin serve --demo` binary on a fresh SQLite file and a free port, and stops it.
import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const e2eDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const artifactsDir = join(e2eDir, 'artifacts');

/** Asks the OS for a free port by listening on port 0, then releases it for the server. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the server; resolves once `GET /api/health` answers 200.
 * @param {string} name used for the log file under artifacts/
 * @param {Record<string, string>} extraEnv more settings (e.g. `KAIROS_URL`), for this server only
 * @returns {Promise<{baseUrl: string, stop: () => Promise<void>, run: (...args: string[]) => Promise<object>}>}
 */
export async function startServer(name = 'server', extraEnv = {}) {
  const bin = resolve(e2eDir, process.env.TREMPLIN_BIN ?? '../target/debug/tremplin');
  const dataDir = await mkdtemp(join(tmpdir(), 'tremplin-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  await mkdir(artifactsDir, { recursive: true });
  const log = createWriteStream(join(artifactsDir, `${name}.log`));

  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${join(dataDir, 'e2e.db')}`,
    BIND: `127.0.0.1:${port}`,
    ...extraEnv,
  };
  const child = spawn(bin, ['serve', '--demo'], { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let exited = null;
  const exit = new Promise((r) => child.on('exit', (code, signal) => { exited = { code, signal }; r(); }));
  child.on('error', (err) => { exited = { error: err.message }; });

  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      await Promise.race([exit, sleep(5000)]);
      if (!exited) {
        child.kill('SIGKILL');
        await exit;
      }
    }
    log.end();
    await rm(dataDir, { recursive: true, force: true });
  };

  /** Runs another command of the binary on the same database and settings (e.g. `jobs run`). */
  const run = (...args) =>
    new Promise((resolveRun, reject) => {
      execFile(bin, args, { cwd: dataDir, env }, (err, stdout, stderr) => {
        log.write(`$ tremplin ${args.join(' ')}\n${stdout}${stderr}`);
        if (err) reject(new Error(`tremplin ${args.join(' ')}: ${err.message}\n${stderr}`));
        else resolveRun({ stdout, stderr });
      });
    });

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`${bin} stopped before answering (${JSON.stringify(exited)}); see artifacts/${name}.log`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.status === 200) return { baseUrl, stop, run };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${bin} did not answer /api/health within 60 s; see artifacts/${name}.log`);
    }
    await sleep(200);
  }
}
