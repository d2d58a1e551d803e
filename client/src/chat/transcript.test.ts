import { describe, expect, it } from 'vitest';
import { messageView } from '../test-utils/fakeChatSocket';
import type { OutboxItem } from './outbox';
import { buildTranscript, contiguousSeqOf, lastSeqOf, mergeMessages } from './transcript';

const c = 'c1';
const seqs = (list: readonly { seq: number }[]) => list.map((m) => m.seq);

function pending(id: string, text = 'pending'): OutboxItem {
  return {
    id,
    conversationId: c,
    text,
    createdAt: '2025-03-01T10:00:00Z',
    state: 'sending',
    attempts: 1,
    nextAttemptAt: 0,
  };
}

describe('mergeMessages', () => {
  it('appends newer messages in order', () => {
    const merged = mergeMessages([messageView(c, 1)], [messageView(c, 2), messageView(c, 3)]);
    expect(seqs(merged)).toEqual([1, 2, 3]);
  });

  it('shows a message once however often it arrives (live, ack, resync)', () => {
    const m2 = messageView(c, 2);
    let list = mergeMessages([], [messageView(c, 1), m2]);
    list = mergeMessages(list, [m2]);
    list = mergeMessages(list, [{ ...m2 }, messageView(c, 1)]);
    expect(seqs(list)).toEqual([1, 2]);
  });

  it('returns the same array when nothing is new, so the UI can skip a render', () => {
    const list = mergeMessages([], [messageView(c, 1)]);
    expect(mergeMessages(list, [{ ...list[0]! }])).toBe(list);
    expect(mergeMessages(list, [])).toBe(list);
  });

  it('orders by seq whatever order messages arrive in', () => {
    const list = mergeMessages(
      [messageView(c, 4)],
      [messageView(c, 2), messageView(c, 5), messageView(c, 1), messageView(c, 3)],
    );
    expect(seqs(list)).toEqual([1, 2, 3, 4, 5]);
  });

  it('de-duplicates repeats inside one batch', () => {
    const m1 = messageView(c, 1);
    expect(seqs(mergeMessages([], [m1, m1, { ...m1 }]))).toEqual([1]);
  });
});

describe('contiguousSeqOf and lastSeqOf', () => {
  it('stops at the first gap, where a resync must restart', () => {
    const list = mergeMessages([], [messageView(c, 1), messageView(c, 2), messageView(c, 5)]);
    expect(contiguousSeqOf(list)).toBe(2);
    expect(lastSeqOf(list)).toBe(5);
  });

  it('is 0 for nothing or for a chat whose first message is missing', () => {
    expect(contiguousSeqOf(undefined)).toBe(0);
    expect(contiguousSeqOf([messageView(c, 3)])).toBe(0);
  });
});

describe('buildTranscript', () => {
  it('puts pending messages after the stored ones, in writing order', () => {
    const entries = buildTranscript(
      [messageView(c, 1), messageView(c, 2)],
      [pending('p1'), pending('p2')],
    );
    expect(entries.map((e) => e.key)).toEqual([
      messageView(c, 1).id,
      messageView(c, 2).id,
      'p1',
      'p2',
    ]);
    expect(entries.map((e) => e.kind)).toEqual(['stored', 'stored', 'pending', 'pending']);
  });

  it('shows an acknowledged message once, as stored, even before the outbox drops it', () => {
    const acked = messageView(c, 3, { id: 'p1', author: { kind: 'agent', id: 'a', name: 'A' } });
    const entries = buildTranscript([messageView(c, 1), acked], [pending('p1'), pending('p2')]);
    expect(entries.map((e) => [e.key, e.kind])).toEqual([
      [messageView(c, 1).id, 'stored'],
      ['p1', 'stored'],
      ['p2', 'pending'],
    ]);
  });
});
