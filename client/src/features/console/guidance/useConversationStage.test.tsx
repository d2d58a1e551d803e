// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../../../../shared/schemas/chat';
import { memoryStorage } from '../../../chat/storage';
import { messageView } from '../../../test-utils/fakeChatSocket';
import { testConversationId, testObjections } from './guidance-fixtures';
import { stageStorageKey, useConversationStage } from './useConversationStage';

const objections = testObjections();
const say = (seq: number, text: string) => messageView(testConversationId, seq, { text });

describe('useConversationStage', () => {
  it('advances from signals, lets the agent set it, and keeps it per conversation across a reload', () => {
    const storage = memoryStorage();
    const { result, rerender } = renderHook(
      ({ messages }: { messages: MessageView[] }) =>
        useConversationStage(testConversationId, messages, false, objections, storage),
      { initialProps: { messages: [say(1, '在吗')] } },
    );
    expect(result.current[0]).toBe('discover');

    act(() => result.current[1]('recommend'));
    expect(result.current[0]).toBe('recommend');
    rerender({ messages: [say(1, '在吗')] });
    expect(result.current[0]).toBe('recommend');

    rerender({ messages: [say(1, '在吗'), say(2, '太贵了')] });
    expect(result.current[0]).toBe('handle_objection');
    expect(storage.getItem(stageStorageKey(testConversationId))).toContain('handle_objection');

    const reloaded = renderHook(() =>
      useConversationStage(
        testConversationId,
        [say(1, '在吗'), say(2, '太贵了')],
        false,
        null,
        storage,
      ),
    );
    expect(reloaded.result.current[0]).toBe('handle_objection');
  });

  it('waits for the detector before taking messages in, so no objection is missed', () => {
    const storage = memoryStorage();
    const messages = [say(1, '太贵了')];
    const { result, rerender } = renderHook(
      ({ ready }: { ready: boolean }) =>
        useConversationStage(
          testConversationId,
          messages,
          false,
          ready ? objections : null,
          storage,
        ),
      { initialProps: { ready: false } },
    );
    expect(result.current[0]).toBe('greet');
    rerender({ ready: true });
    expect(result.current[0]).toBe('handle_objection');
  });
});
