import type { ObjectionCategory } from '../../../../../shared/domain/objection-categories';
import type { Personality } from '../../../../../shared/domain/personality';
import type { ConversationStage, ScriptLocale } from '../../../../../shared/domain/scripts';
import type { Script } from '../../../../../shared/schemas/script';

/** A script as `GET /api/scripts` serves it: the library entry and its published version. */
export type LibraryScript = Script & { version: number };

/** What the script column knows about the chat. */
export interface RankContext {
  /** The objection the shopper raised last; null: none detected. */
  objection: ObjectionCategory | null;
  stage: ConversationStage;
  /** The personality an agent tagged the shopper with; null: not tagged. */
  personality: Personality | null;
  /** The chat's language. */
  locale: ScriptLocale;
}

type Rankable = Pick<Script, 'id' | 'locale' | 'stage' | 'objection' | 'personalities'>;

/**
 * A script's fit, compared key by key (a higher earlier key always wins):
 * 1. objection: answers the detected objection (1), else 0;
 * 2. stage: written for the chat's stage (1), else 0;
 * 3. personality: names the shopper's personality (2), fits anyone (empty list, 1), written for
 *    other personalities (0); an untagged shopper gets the fits-anyone scripts first;
 * 4. locale: in the chat's language (1), else 0.
 */
export function scriptFit(
  script: Rankable,
  context: RankContext,
): [number, number, number, number] {
  const objection = context.objection !== null && script.objection === context.objection ? 1 : 0;
  const stage = script.stage === context.stage ? 1 : 0;
  const personality =
    script.personalities.length === 0
      ? 1
      : context.personality !== null && script.personalities.includes(context.personality)
        ? 2
        : 0;
  const locale = script.locale === context.locale ? 1 : 0;
  return [objection, stage, personality, locale];
}

function compareFit(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i]! - a[i]!;
  return 0;
}

/**
 * The `limit` scripts that fit the chat best, best first (see scriptFit). A script id stands
 * once: where both languages have it, the chat's language is kept. Ties keep library order.
 */
export function rankScripts<S extends Rankable>(
  scripts: readonly S[],
  context: RankContext,
  limit = 3,
): S[] {
  const byId = new Map<string, S>();
  for (const script of scripts) {
    const seen = byId.get(script.id);
    if (!seen || (seen.locale !== context.locale && script.locale === context.locale))
      byId.set(script.id, script);
  }
  return [...byId.values()]
    .map((script, index) => ({ script, index, fit: scriptFit(script, context) }))
    .sort((a, b) => compareFit(a.fit, b.fit) || a.index - b.index)
    .slice(0, limit)
    .map((entry) => entry.script);
}
