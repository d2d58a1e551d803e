/** The script a draft came from, so the sent message records it (id + version). */
export interface ScriptRef {
  scriptId: string;
  scriptVersion: number;
  scriptVariant: string;
  title: string;
  /** The text as inserted. */
  inserted: string;
}

/** How much of the inserted text's start must still open the draft. */
const KEPT_OPENING = 20;

/**
 * Whether the draft still counts as the inserted script: it must still start with the script's
 * opening (its first line up to a value still to fill in, at most 20 characters). Filling in a value, fixing a word further on
 * or adding a sentence keeps it; clearing the box or rewriting the opening makes the message the
 * agent's own, and the ref is dropped.
 */
export function keepScriptRef(ref: ScriptRef | null | undefined, draft: string): ScriptRef | null {
  if (!ref) return null;
  if (draft.trim() === '') return null;
  // A value still to fill in ({{product.price}}) is where the agent edits: the opening ends there.
  const opening = ref.inserted.trimStart().split('\n')[0]!.split('{{')[0]!.slice(0, KEPT_OPENING);
  return draft.trimStart().startsWith(opening) ? ref : null;
}

/**
 * The draft after inserting a script: the script replaces an empty draft, a `/` search or a
 * script inserted before and left as it was; anything else the agent typed is kept below it.
 */
export function draftWithScript(draft: string, ref: ScriptRef | null | undefined, text: string) {
  const replaceable =
    draft.trim() === '' || draft.startsWith('/') || (ref != null && draft === ref.inserted);
  return replaceable ? text : `${text}\n\n${draft}`;
}
