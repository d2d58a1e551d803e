import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../infra/logger';

const sourceDir = path.dirname(fileURLToPath(import.meta.url));

export class EmbeddedMongoError extends Error {}

export interface EmbeddedMongo {
  uri: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Builds (when missing or stale) and starts the FerretDB launcher on a free loopback port.
 * `go build` is a no-op in well under a second when nothing changed, so we always call it
 * and let Go's own staleness check decide.
 */
export async function startEmbeddedMongo(opts: {
  dataDir: string;
  logger: Logger;
}): Promise<EmbeddedMongo> {
  const binary = buildLauncher(opts.dataDir, opts.logger);
  const port = await findFreePort();
  const dataFolder = path.join(opts.dataDir, 'ferretdb');
  mkdirSync(dataFolder, { recursive: true });

  const child = spawn(
    binary,
    ['-listen', `127.0.0.1:${port}`, '-data', dataFolder, '-parent-pid', String(process.pid)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr?.on('data', (chunk: Buffer) =>
    opts.logger.warn({ ferretdb: chunk.toString().trim() }, 'embedded FerretDB'),
  );
  child.stdout?.resume();

  await waitForPort(port, child);
  const uri = `mongodb://127.0.0.1:${port}/scriptdesk`;
  opts.logger.info({ port, dataFolder, pid: child.pid }, 'embedded FerretDB started');
  return { uri, port, pid: child.pid ?? -1, stop: () => stopChild(child) };
}

function buildLauncher(dataDir: string, logger: Logger): string {
  const binary = path.join(dataDir, 'bin', 'embedded-mongo');
  const goCheck = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (goCheck.error || goCheck.status !== 0) {
    throw new EmbeddedMongoError(
      'Go is not installed: install Go 1.22+ (https://go.dev/dl) to run the embedded FerretDB, or set MONGODB_URI to a MongoDB 6+ server.',
    );
  }
  const started = Date.now();
  const build = spawnSync('go', ['build', '-o', binary, '.'], {
    cwd: sourceDir,
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    throw new EmbeddedMongoError(
      `Building the embedded FerretDB failed (go build in ${sourceDir}): ${build.stderr.trim()}`,
    );
  }
  logger.debug({ ms: Date.now() - started }, 'embedded FerretDB launcher is up to date');
  return binary;
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  while (Date.now() < deadline) {
    if (exited !== null) {
      throw new EmbeddedMongoError(`Embedded FerretDB exited during startup (code ${exited}).`);
    }
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new EmbeddedMongoError(
    `Embedded FerretDB did not listen on port ${port} within ${timeoutMs} ms.`,
  );
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
