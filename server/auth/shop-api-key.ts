import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ErrorCode } from '../../shared/errors';
import type { Config } from '../config';
import { AppError } from '../errors';

export interface ShopApiKey {
  key: string;
  /** Where the key is kept when it was generated here; null when it comes from SHOP_API_KEY. */
  file: string | null;
}

/**
 * The key the shop's backend sends to /api/shop: SHOP_API_KEY, or (outside production, where
 * the configuration requires it) a random one generated once and kept in DATA_DIR, so the
 * demo shop's backend can be pointed at it and it survives restarts.
 */
export function loadShopApiKey(config: Config): ShopApiKey {
  if (config.shopApiKey) return { key: config.shopApiKey, file: null };
  const file = path.join(config.dataDir, 'shop-api-key.txt');
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (key.length < 32) {
      throw new Error(
        `The shop API key in ${file} is shorter than 32 characters. Delete the file to have a new one generated, or set SHOP_API_KEY.`,
      );
    }
    return { key, file };
  }
  const key = randomBytes(32).toString('base64url');
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, file };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Lets the request through only with `Authorization: Bearer <apiKey>`. */
export function requireShopApiKey(apiKey: string): RequestHandler {
  const expected = digest(apiKey);
  return (req: Request, _res: Response, next: NextFunction) => {
    const match = /^Bearer +(\S+) *$/i.exec(req.get('authorization') ?? '');
    if (!match) {
      return next(
        new AppError(
          ErrorCode.Unauthenticated,
          'Send the shop API key in the header "Authorization: Bearer <key>".',
        ),
      );
    }
    // Compared as digests of equal length, so the time taken tells nothing about the key.
    if (!timingSafeEqual(digest(match[1]!), expected)) {
      return next(new AppError(ErrorCode.Unauthenticated, 'The shop API key is not valid.'));
    }
    next();
  };
}
