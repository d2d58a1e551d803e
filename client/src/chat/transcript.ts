import type { MessageView } from '../../../shared/schemas/chat';
import type { OutboxItem } from './outbox';

/**
 * Adds `incoming` to a conversation's messages: one entry per message id, ordered by seq.
 * At-least-once delivery (live event, ack, resync) becomes exactly-once on screen here.
 * Returns `current` itself when nothing is new, so React can skip the render.
 */
export function mergeMessages(
  current: readonly MessageView[],
  incoming: readonly MessageView[],
): readonly MessageView[] {
  if (incoming.length === 0) return current;
  const last = current.at(-1);
  // The common case, a newer message arriving, appends without re-sorting thousands of lines.
  if (isAscendingAfter(incoming, last?.seq ?? 0)) return [...current, ...incoming];

  const byId = new Map<string, MessageView>();
  for (const message of current) byId.set(message.id, message);
  let changed = false;
  for (const message of incoming) {
    if (byId.has(message.id)) continue;
    byId.set(message.id, message);
    changed = true;
  }
  if (!changed) return current;
  return [...byId.values()].sort(bySeq);
}

function isAscendingAfter(messages: readonly MessageView[], afterSeq: number): boolean {
  let previous = afterSeq;
  for (const message of messages) {
    if (message.seq <= previous) return false;
    previous = message.seq;
  }
  return true;
}

function bySeq(a: MessageView, b: MessageView): number {
  return a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function lastSeqOf(messages: readonly MessageView[] | undefined): number {
  return messages?.at(-1)?.seq ?? 0;
}

export type TranscriptEntry =
  | { key: string; kind: 'stored'; message: MessageView }
  | { key: string; kind: 'pending'; item: OutboxItem };

/**
 * What a chat shows: stored messages by seq, then the sender's unacknowledged ones in the
 * order they were written. A pending message whose copy already arrived is shown once, stored.
 */
export function buildTranscript(
  stored: readonly MessageView[],
  pending: readonly OutboxItem[],
): TranscriptEntry[] {
  const entries: TranscriptEntry[] = stored.map((message) => ({
    key: message.id,
    kind: 'stored',
    message,
  }));
  if (pending.length === 0) return entries;
  const storedIds = new Set(stored.map((message) => message.id));
  for (const item of pending) {
    if (!storedIds.has(item.id)) entries.push({ key: item.id, kind: 'pending', item });
  }
  return entries;
}

/**
 * The highest seq up to which nothing is missing. Seqs are gap-free on the server, so a live
 * message that arrived ahead of a resync must not make the resync skip the ones before it.
 */
export function contiguousSeqOf(messages: readonly MessageView[] | undefined): number {
  let expected = 1;
  for (const message of messages ?? []) {
    if (message.seq > expected) break;
    if (message.seq === expected) expected++;
  }
  return expected - 1;
}
