import type { Translation } from '../../../../shared/i18n/en';
import { en } from '../../../../shared/i18n/en';

export type CannedReplyId = keyof Translation['console']['canned'];

export interface CannedReply {
  /** A quick reply's id (CannedReplyId), or `script:<locale>:<id>` for a library script. */
  id: string;
  label: string;
  text: string;
  /** More words the search looks in (a script's tags, scenario and technique). */
  keywords?: string;
  /** Shown beside the label (a script's library and language). */
  badge?: string;
  /** A library script: the message sent from it records id and version. */
  script?: { scriptId: string; scriptVersion: number; scriptVariant: string; title: string };
}

/** The built-in quick replies, in the order the picker lists them. */
export const CANNED_REPLY_IDS = Object.keys(en.console.canned) as CannedReplyId[];

/** Replies whose shortcut, label or text contain every word typed after the `/`. */
export function filterCannedReplies(replies: readonly CannedReply[], query: string): CannedReply[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...replies];
  const haystack = (reply: CannedReply) =>
    `${reply.id} ${reply.label} ${reply.text} ${reply.keywords ?? ''}`.toLowerCase();
  const matches = replies.filter((reply) => words.every((word) => haystack(reply).includes(word)));
  // A label that starts with what was typed is most likely the one meant.
  const first = words[0]!;
  const startsWith = (reply: CannedReply) =>
    reply.label.toLowerCase().startsWith(first) || reply.id.toLowerCase().startsWith(first);
  return [...matches.filter(startsWith), ...matches.filter((reply) => !startsWith(reply))];
}
