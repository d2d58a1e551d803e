import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../server/config';
import { findFreePort } from './ports';
import { waitFor } from './wait';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  child: ChildProcess;
  logs: LogLine[];
  stderr: () => string;
  /** Resolves with the exit code once the process has ended by itself. */
  exited: Promise<number | null>;
  /** Sends a signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  remove(): Promise<void>;
}

export interface ServerOptions {
  env?: Record<string, string | undefined>;
  /** Keep a data folder between runs (to test restarts on the same data). */
  dataDir?: string;
  waitUntilListening?: boolean;
}

/** Starts `node --import tsx server/main.ts` as a real child process on a free port. */
export async function startServerProcess(options: ServerOptions = {}): Promise<ServerProcess> {
  const port = await findFreePort();
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'scriptdesk-server-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    SEED_ON_START: 'false',
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];

  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  let stderr = '';
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        logs.push({ level: 30, msg: line });
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  const server: ServerProcess = {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    dataDir,
    child,
    logs,
    stderr: () => stderr,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    async remove() {
      await server.stop('SIGKILL');
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };

  if (options.waitUntilListening !== false) {
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`server exited early: ${stderr}`);
        return logs.some((l) => l.msg === 'ScriptDesk is listening');
      },
      { timeoutMs: 60_000, what: 'the server to listen' },
    );
  }
  return server;
}
