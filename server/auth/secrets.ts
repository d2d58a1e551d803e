import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';

export interface Secrets {
  session: Uint8Array;
  shopIdentity: string;
}

/**
 * Signing keys from the configuration, or (outside production) a random pair generated once
 * and kept in DATA_DIR so sessions survive a restart of the demo.
 */
export function loadSecrets(config: Config): Secrets {
  let session = config.sessionSecret;
  let shopIdentity = config.shopIdentitySecret;
  if (!session || !shopIdentity) {
    const file = path.join(config.dataDir, 'secrets.json');
    const stored = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as { session: string; shopIdentity: string })
      : {
          session: randomBytes(32).toString('base64url'),
          shopIdentity: randomBytes(32).toString('base64url'),
        };
    if (!existsSync(file)) {
      mkdirSync(config.dataDir, { recursive: true });
      writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
    }
    session ??= stored.session;
    shopIdentity ??= stored.shopIdentity;
  }
  return { session: new TextEncoder().encode(session), shopIdentity };
}
