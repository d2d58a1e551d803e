import type { MessageView } from '../../../../shared/schemas/chat';

export interface ChatSummary {
  unread: number;
  /** When the shopper's oldest unanswered message was sent; null if they are not waiting. */
  waitingSince: string | null;
  preview: string | null;
}

/** What the chat list shows for one chat, from its transcript and the agent's read mark. */
export function summarizeChat(
  messages: readonly MessageView[] | undefined,
  readUpTo: number,
): ChatSummary {
  let unread = 0;
  let waitingSince: string | null = null;
  for (const message of messages ?? []) {
    if (message.author.kind === 'shopper') {
      if (message.seq > readUpTo) unread++;
      waitingSince ??= message.createdAt;
    } else if (message.author.kind === 'agent' && message.visibility !== 'staff') {
      // A supervisor's whisper is not an answer: the shopper is still waiting.
      waitingSince = null;
    }
  }
  return { unread, waitingSince, preview: messages?.at(-1)?.text ?? null };
}

export type DurationParts =
  | { unit: 'seconds'; seconds: number }
  | { unit: 'minutes'; minutes: number; seconds: number }
  | { unit: 'hours'; hours: number; minutes: number };

/** Splits a wait into the units worth showing: 45s, 3m 05s, 1h 20m. */
export function durationParts(ms: number): DurationParts {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return { unit: 'seconds', seconds: total };
  if (total < 3600)
    return { unit: 'minutes', minutes: Math.floor(total / 60), seconds: total % 60 };
  return {
    unit: 'hours',
    hours: Math.floor(total / 3600),
    minutes: Math.floor((total % 3600) / 60),
  };
}
