import { scriptVersions, type ScriptVersion } from '../../../../../shared/domain/scripts';

/** FNV-1a: a stable number from a string, so one chat always gets the same variant. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The A/B variant a conversation gets of a script: drawn with probability weight ÷ total weight,
 * from a number fixed by the conversation and the script, so the agent sees the same text every
 * time in that chat and the split holds over many chats.
 */
export function pickVariant(
  script: {
    id: string;
    text: string;
    variants: Array<{ id: string; text: string; weight: number }>;
  },
  conversationId: string,
): ScriptVersion {
  const versions = scriptVersions(script);
  if (versions.length === 1) return versions[0]!;
  const total = versions.reduce((sum, v) => sum + v.weight, 0);
  let point = (hash(`${conversationId}:${script.id}`) / 2 ** 32) * total;
  for (const version of versions) {
    point -= version.weight;
    if (point < 0) return version;
  }
  return versions[versions.length - 1]!;
}
