import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../config';

const clientDir = path.join(projectRoot, 'client');
const builtIndex = path.join(clientDir, 'dist', 'index.html');
const sourceDirs = [clientDir, path.join(projectRoot, 'shared')];
const ignored = new Set(['dist', 'node_modules']);

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (ignored.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestSourceMtime(full) : statSync(full).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

export function isClientBuildStale(): boolean {
  if (!existsSync(builtIndex)) return true;
  const builtAt = statSync(builtIndex).mtimeMs;
  return sourceDirs.some((dir) => newestSourceMtime(dir) > builtAt);
}

/** Builds the client with Vite when its sources changed since the last build. */
export async function ensureClientBuilt(log: (line: string) => void, force = false): Promise<void> {
  if (!force && !isClientBuildStale()) return;
  const started = Date.now();
  log('Building the client with Vite…');
  const { build } = await import('vite');
  // A production build whatever NODE_ENV the caller runs under (Vitest sets "test", which makes
  // the React plugin emit development JSX calls that the production React does not have).
  const callerEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(clientDir, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
    });
  } finally {
    if (callerEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = callerEnv;
  }
  log(`Client built in ${Date.now() - started} ms.`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureClientBuilt((line) => console.log(line), !process.argv.includes('--if-stale')).catch(
    (error: unknown) => {
      console.error(`Client build failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
