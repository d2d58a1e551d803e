import { describe, expect, it } from 'vitest';
import { Outbox, retryDelayMs } from './outbox';
import { memoryStorage } from './storage';

const KEY = 'scriptdesk.outbox';

function makeOutbox(storage = memoryStorage(), now = { value: 1_000_000 }) {
  return new Outbox(storage, KEY, { now: () => now.value, random: () => 0.5 });
}

describe('Outbox', () => {
  it('keeps unsent messages in storage, in writing order, across reloads', () => {
    const storage = memoryStorage();
    const outbox = makeOutbox(storage);
    outbox.add({ id: 'a', conversationId: 'c1', text: 'first' });
    outbox.add({ id: 'b', conversationId: null, text: 'second' });

    const reloaded = makeOutbox(storage);
    expect(reloaded.items().map((item) => [item.id, item.text, item.state])).toEqual([
      ['a', 'first', 'queued'],
      ['b', 'second', 'queued'],
    ]);
  });

  it('sends again after a reload that happened mid-send', () => {
    const storage = memoryStorage();
    const outbox = makeOutbox(storage);
    outbox.add({ id: 'a', conversationId: null, text: 'hi' });
    outbox.markSending('a', 'c1');
    const reloaded = makeOutbox(storage);
    expect(reloaded.get('a')).toMatchObject({ state: 'queued', conversationId: 'c1', attempts: 1 });
  });

  it('counts attempts and backs off on retryable failures', () => {
    const now = { value: 1_000_000 };
    const outbox = makeOutbox(memoryStorage(), now);
    outbox.add({ id: 'a', conversationId: 'c1', text: 'hi' });
    outbox.markSending('a', 'c1');
    outbox.markRetrying('a', 'E_UNAVAILABLE');
    expect(outbox.get('a')).toMatchObject({
      state: 'retrying',
      attempts: 1,
      lastErrorCode: 'E_UNAVAILABLE',
      nextAttemptAt: now.value + retryDelayMs(1, () => 0.5),
    });
    outbox.markSending('a', 'c1');
    outbox.markRetrying('a', 'E_TIMEOUT');
    expect(outbox.get('a')?.attempts).toBe(2);
    expect(outbox.get('a')?.nextAttemptAt).toBe(now.value + retryDelayMs(2, () => 0.5));

    outbox.resetBackoff();
    expect(outbox.get('a')?.nextAttemptAt).toBe(0);
  });

  it('pins a message to the conversation it was first sent to', () => {
    const outbox = makeOutbox();
    outbox.add({ id: 'a', conversationId: null, text: 'hi' });
    outbox.markSending('a', 'c1');
    outbox.markRetrying('a', 'E_TIMEOUT');
    expect(outbox.get('a')?.conversationId).toBe('c1');
  });

  it('keeps a refused message until the sender retries or deletes it', () => {
    const outbox = makeOutbox();
    outbox.add({ id: 'a', conversationId: 'c1', text: 'hi' });
    outbox.markFailed('a', 'E_VALIDATION');
    outbox.resetBackoff();
    expect(outbox.get('a')?.state).toBe('failed');
    outbox.requeue('a', { conversationId: null });
    expect(outbox.get('a')).toMatchObject({ state: 'queued', conversationId: null });
    outbox.remove('a');
    expect(outbox.items()).toEqual([]);
  });

  it('does not erase what another tab added meanwhile', () => {
    const storage = memoryStorage();
    const tabA = makeOutbox(storage);
    const tabB = makeOutbox(storage);
    tabA.add({ id: 'a', conversationId: 'c1', text: 'from A' });
    tabB.add({ id: 'b', conversationId: 'c1', text: 'from B' });
    tabA.remove('a');
    expect(
      makeOutbox(storage)
        .items()
        .map((item) => item.id),
    ).toEqual(['b']);
  });

  it('ignores garbage in storage', () => {
    const storage = memoryStorage();
    storage.setItem(KEY, '{not json');
    expect(makeOutbox(storage).items()).toEqual([]);
    storage.setItem(KEY, JSON.stringify([{ id: 1 }, null, 'x']));
    expect(makeOutbox(storage).items()).toEqual([]);
  });

  it('keeps working in memory when storage refuses writes', () => {
    const full = {
      ...memoryStorage(),
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const outbox = makeOutbox(full);
    outbox.add({ id: 'a', conversationId: 'c1', text: 'hi' });
    outbox.add({ id: 'b', conversationId: 'c1', text: 'there' });
    expect(outbox.items().map((item) => item.id)).toEqual(['a', 'b']);
  });

  it('notifies subscribers of each change', () => {
    const outbox = makeOutbox();
    let calls = 0;
    const stop = outbox.subscribe(() => calls++);
    outbox.add({ id: 'a', conversationId: 'c1', text: 'hi' });
    outbox.remove('a');
    stop();
    outbox.add({ id: 'b', conversationId: 'c1', text: 'hi' });
    expect(calls).toBe(2);
  });
});

describe('retryDelayMs', () => {
  it('doubles up to a 30 s ceiling, with jitter in the upper half', () => {
    expect(retryDelayMs(1, () => 0)).toBe(500);
    expect(retryDelayMs(1, () => 1)).toBe(1000);
    expect(retryDelayMs(3, () => 1)).toBe(4000);
    expect(retryDelayMs(20, () => 1)).toBe(30_000);
    expect(retryDelayMs(20, () => 0)).toBe(15_000);
  });
});
