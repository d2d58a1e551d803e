import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { projectRoot } from '../../server/config';
import { findFreePort } from './ports';
import { waitFor } from './wait';

export const launcherBinary = path.join(projectRoot, '.data', 'bin', 'embedded-mongo');

export interface TestDatabase {
  uri: string;
  dataDir: string;
  stop(): Promise<void>;
  /** Kills the database process; `start()` brings it back on the same port and data. */
  kill(): Promise<void>;
  start(): Promise<void>;
  remove(): Promise<void>;
}

/** A FerretDB of its own for one test file: own port, own SQLite folder. */
export async function startTestDatabase(): Promise<TestDatabase> {
  const port = await findFreePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scriptdesk-ferretdb-'));
  const uri = `mongodb://127.0.0.1:${port}/scriptdesk_test`;
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawn(
      launcherBinary,
      ['-listen', `127.0.0.1:${port}`, '-data', dataDir, '-parent-pid', String(process.pid)],
      {
        stdio: 'ignore',
      },
    );
    await waitFor(
      async () => {
        const client = new MongoClient(uri, { serverSelectionTimeoutMS: 300 });
        try {
          await client.connect();
          await client.db('admin').command({ ping: 1 });
          return true;
        } finally {
          await client.close();
        }
      },
      { what: `FerretDB on port ${port}` },
    );
  };
  const kill = () =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });

  await start();
  return {
    uri,
    dataDir,
    start,
    kill,
    stop: kill,
    async remove() {
      await kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
