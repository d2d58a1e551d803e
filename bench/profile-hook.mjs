/**
 * Preloaded into the product server by `npm run bench:chat -- --profile`
 * (NODE_OPTIONS=--import <this file>, since `--cpu-prof` is not allowed in NODE_OPTIONS).
 * The first SIGUSR2 starts the V8 CPU profiler, the second writes
 * $BENCH_PROFILE_DIR/server-<pid>.cpuprofile, so the profile covers the measured phase only.
 * Plain JavaScript so that it loads before (and without) tsx.
 */
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  let running = false;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 200 }, () =>
          session.post('Profiler.start'),
        ),
      );
      return;
    }
    running = false;
    session.post('Profiler.stop', (err, result) => {
      const file = path.join(dir, `server-${process.pid}.cpuprofile`);
      if (!err) writeFileSync(file, JSON.stringify(result.profile));
      process.stderr.write(`[profile-hook] ${err ? String(err) : `wrote ${file}`}\n`);
    });
  });
}
