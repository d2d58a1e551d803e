import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../server/config';
import { launcherBinary } from './ferretdb';

/** Builds the FerretDB launcher once for every test file (a no-op when up to date). */
export default function setup(): void {
  const build = spawnSync('go', ['build', '-o', launcherBinary, '.'], {
    cwd: path.join(projectRoot, 'server', 'embedded-mongo'),
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    throw new Error(
      `Cannot build the embedded FerretDB for the tests: ${build.stderr || build.error?.message}`,
    );
  }
}
