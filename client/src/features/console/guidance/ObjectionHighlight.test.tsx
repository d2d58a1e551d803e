// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../../../../shared/schemas/chat';
import { setAppLanguage } from '../../../app/i18n';
import { messageView } from '../../../test-utils/fakeChatSocket';
import { renderWithApp } from '../../../test-utils/renderWithApp';
import { ConsoleTranscript } from '../ConsoleTranscript';
import { testConversationId, testObjections } from './guidance-fixtures';

const agent = { kind: 'agent', id: 'amy', name: 'Amy' } as const;

function renderTranscript(messages: MessageView[]) {
  return renderWithApp(
    <VirtuosoMockContext.Provider value={{ viewportHeight: 800, itemHeight: 60 }}>
      <div style={{ height: 800 }}>
        <ConsoleTranscript
          messages={messages}
          pending={[]}
          shopperReadSeq={0}
          onRetry={() => undefined}
          onDiscard={() => undefined}
          objections={testObjections()}
        />
      </div>
    </VirtuosoMockContext.Provider>,
    '/console',
  );
}

const line = (seq: number) =>
  screen.getAllByTestId('chat-message').find((el) => el.dataset.seq === String(seq))!;

beforeEach(async () => {
  await setAppLanguage('en');
});
afterEach(cleanup);

describe('objection highlight in the console transcript', () => {
  it("tags a shopper's objection with its category and marks the words, as text", async () => {
    renderTranscript([
      messageView(testConversationId, 1, { text: '这个<b>太特贵</b>了，包邮吗' }),
      messageView(testConversationId, 2, { text: '太贵了吗？我们这款不贵', author: agent }),
      messageView(testConversationId, 3, { text: '一点都不贵' }),
    ]);
    await screen.findAllByTestId('chat-message');

    const objection = line(1);
    expect(objection.dataset.objections).toBe('price shipping');
    const tags = within(objection).getAllByTestId('objection-tag');
    expect(tags.map((t) => t.textContent)).toEqual(['Objection: Price', 'Objection: Shipping']);
    expect(
      within(objection)
        .getAllByTestId('objection-phrase')
        .map((m) => m.textContent),
    ).toEqual(['太特贵', '包邮']);
    // The shopper's markup stays text.
    expect(objection.textContent).toContain('这个<b>太特贵</b>了，包邮吗');
    expect(objection.querySelector('b')).toBeNull();

    // The agent's words and a negated phrase raise nothing.
    expect(within(line(2)).queryByTestId('objection-tag')).toBeNull();
    expect(within(line(3)).queryByTestId('objection-tag')).toBeNull();

    await setAppLanguage('zh-CN');
    await screen.findByText('异议: 价格异议');
  });
});
