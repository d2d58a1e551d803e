import { Router } from 'express';
import { staffRoleSchema } from '../../shared/schemas/auth';
import type { ObjectionPhraseList } from '../../shared/schemas/objection-phrases';
import type { SessionTokens } from '../auth/session-tokens';
import { requireStaff } from '../auth/staff-guard';
import { readObjectionPhrases } from './objection-phrases-file';

/** `GET /api/objection-phrases` answers this; the console compiles its detector from it. */
export interface ObjectionPhrasesResponse {
  lists: ObjectionPhraseList[];
}

/**
 * The objection detector's phrase lists (every language), for the console, which detects
 * objections on its side. The files are read and validated on the first request and kept; a
 * file that does not parse fails that request (E_INTERNAL, logged) and is read again next time.
 */
export function objectionPhrasesRouter(deps: {
  tokens: SessionTokens;
  /** Reads the lists; default the files in scripts-library/objection-phrases/. */
  read?: () => ObjectionPhraseList[];
}): Router {
  const router = Router();
  const read = deps.read ?? (() => readObjectionPhrases());
  let cached: ObjectionPhrasesResponse | null = null;

  router.get(
    '/api/objection-phrases',
    requireStaff(deps.tokens, staffRoleSchema.options),
    (_req, res) => {
      cached ??= { lists: read() };
      res.set('cache-control', 'private, max-age=300');
      res.json(cached);
    },
  );
  return router;
}
