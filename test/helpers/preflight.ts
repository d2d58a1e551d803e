/**
 * Makes sure the system programs the tests talk to are present: Go (embedded FerretDB),
 * redis-server, Debian's Chromium and a Chinese font for its screenshots. Installs the Debian packages when running as root
 * with apt-get; otherwise explains what to install and stops.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

interface Need {
  what: string;
  present: () => boolean;
  aptPackage?: string;
  howTo: string;
  /** Wanted but not required: without it the tests still run. */
  optional?: boolean;
}

const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

const needs: Need[] = [
  { what: 'Go', present: () => onPath('go'), howTo: 'install Go 1.22+ from https://go.dev/dl' },
  {
    what: 'redis-server',
    present: () => onPath('redis-server'),
    aptPackage: 'redis-server',
    howTo: 'sudo apt-get install -y redis-server',
  },
  {
    what: 'Chromium',
    present: () => existsSync('/usr/bin/chromium'),
    aptPackage: 'chromium',
    howTo: 'sudo apt-get install -y chromium (Debian) — browser tests use /usr/bin/chromium',
  },
  {
    what: 'a Chinese font',
    present: () => existsSync('/usr/share/fonts/opentype/noto'),
    aptPackage: 'fonts-noto-cjk',
    howTo: 'sudo apt-get install -y fonts-noto-cjk — screenshots show boxes instead of 中文',
    optional: true,
  },
];

const canApt = process.getuid?.() === 0 && onPath('apt-get');
let failed = false;
for (const need of needs) {
  if (need.present()) continue;
  if (need.aptPackage && canApt) {
    console.log(`preflight: installing ${need.aptPackage} with apt-get…`);
    const install = spawnSync(
      'apt-get',
      ['install', '-y', '--no-install-recommends', need.aptPackage],
      {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      },
    );
    if (install.status !== 0) {
      spawnSync('apt-get', ['update'], { stdio: 'inherit' });
      spawnSync('apt-get', ['install', '-y', '--no-install-recommends', need.aptPackage], {
        stdio: 'inherit',
      });
    }
    if (need.present()) continue;
  }
  console.error(`preflight: ${need.what} is missing — ${need.howTo}`);
  if (!need.optional) failed = true;
}
if (failed) process.exit(1);
