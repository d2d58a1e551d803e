/**
 * `npm run bench`: runs every benchmark in sequence, each in its own process, passing the
 * command-line arguments through (e.g. `npm run bench -- --pairs 50 --messages 20`).
 * Each benchmark prints one JSON line on stdout; progress goes to stderr.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../server/config';

const benches = ['chat.ts', 'offers.ts', 'profile.ts', 'objections.ts', 'dashboard.ts'];

function run(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join('bench', file), ...process.argv.slice(2)],
      { cwd: projectRoot, stdio: 'inherit' },
    );
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

let failed = 0;
for (const file of benches) {
  process.stderr.write(`[bench] ${file}\n`);
  if ((await run(file)) !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
