// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../../../shared/schemas/chat';
import type { ConversationView } from '../../../../shared/schemas/conversation';
import { memoryStorage } from '../../chat/storage';
import { FakeChatSocket } from '../../test-utils/fakeChatSocket';
import { ShopperChat } from './shopper-chat';
import { WidgetApp } from './WidgetApp';

const CONVERSATION_ID = '0195f0c4-0000-7000-8000-000000000001';
const XSS = '<img src=x onerror=alert(1)>';

const conversation = (overrides: Partial<ConversationView> = {}): ConversationView => ({
  id: CONVERSATION_ID,
  status: 'queued',
  visitorId: 'v1',
  customerId: null,
  shopperName: 'Visitor',
  skill: 'en',
  priority: 0,
  locale: 'en',
  assignee: null,
  context: {},
  lastSeq: 0,
  readSeq: { shopper: 0, agent: 0 },
  lastMessageAt: null,
  lastMessagePreview: '',
  createdAt: '2025-03-01T10:00:00Z',
  queuedAt: '2025-03-01T10:00:00Z',
  ...overrides,
});

function setup({ assignDuringOpen = false } = {}) {
  const socket = new FakeChatSocket();
  let seq = 0;
  socket
    .handle('conversation:open', () => {
      // Routing may assign the chat before the server answers with the chat as it was.
      if (assignDuringOpen)
        socket.push(
          'conversation:updated',
          conversation({ status: 'assigned', assignee: { id: 'agent1', name: 'Mei' } }),
        );
      return { ok: true, data: { conversation: conversation() } };
    })
    .handle('message:resync', () => ({ ok: true, data: { messages: [] } }))
    .handle('message:send', (payload) => {
      const { conversationId, clientMessageId, text } = payload as Record<string, string>;
      const message: MessageView = {
        id: clientMessageId!,
        conversationId: conversationId!,
        seq: ++seq,
        author: { kind: 'shopper', id: 'v1', name: 'Visitor' },
        text: text!,
        createdAt: new Date().toISOString(),
      };
      return { ok: true, data: { message, duplicate: false } };
    });
  const chat = new ShopperChat({
    origin: 'http://shop.test',
    language: 'en',
    storage: memoryStorage(),
    createSocket: () => socket,
    startSession: async () => 'visitor-token',
  });
  render(<WidgetApp chat={chat} language="en" />);
  return { socket, chat };
}

afterEach(cleanup);

describe('shopper widget', () => {
  it('opens the chat, sends on Enter and shows the text as text', async () => {
    const { socket } = setup();
    expect(screen.queryByTestId('widget-panel')).toBeNull();
    expect(socket.calls).toEqual([]); // browsing alone opens no chat

    fireEvent.click(screen.getByTestId('widget-launcher'));
    const panel = screen.getByTestId('widget-panel');
    await waitFor(() => expect(socket.eventsNamed('conversation:open')).toHaveLength(1));
    expect(within(panel).getByText('Connecting you to an agent…')).toBeTruthy();

    const input = screen.getByTestId('widget-input') as HTMLTextAreaElement;
    const send = screen.getByTestId('widget-send') as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.change(input, { target: { value: '   ' } });
    expect(send.disabled).toBe(true);

    fireEvent.change(input, { target: { value: XSS } });
    expect(send.disabled).toBe(false);
    fireEvent.keyDown(input, { key: 'Enter', shiftKey: true });
    expect(socket.eventsNamed('message:send')).toHaveLength(0);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(input.value).toBe('');

    await waitFor(() =>
      expect(screen.getByTestId('widget-message').getAttribute('data-seq')).toBe('1'),
    );
    const message = screen.getByTestId('widget-message');
    expect(message.getAttribute('data-author')).toBe('shopper');
    expect(message.textContent).toContain(XSS);
    expect(panel.querySelector('img')).toBeNull();
    expect(socket.eventsNamed('message:send')).toMatchObject([
      { conversationId: CONVERSATION_ID, text: XSS },
    ]);
  });

  it('never shows a staff-only message (a whisper), should one reach the shopper', async () => {
    const { socket } = setup();
    fireEvent.click(screen.getByTestId('widget-launcher'));
    await waitFor(() => expect(socket.eventsNamed('conversation:open')).toHaveLength(1));
    const agent = { kind: 'agent' as const, id: 'agent1', name: 'Mei' };
    const base = { conversationId: CONVERSATION_ID, createdAt: '2025-03-01T10:01:00Z' };
    act(() => {
      socket.push('message:new', {
        ...base,
        id: '0195f0c4-0000-7000-8000-0000000000a1',
        seq: 1,
        author: { kind: 'agent', id: 'supervisor1', name: 'Zhou' },
        text: 'secret coaching',
        visibility: 'staff',
      } satisfies MessageView);
      socket.push('message:new', {
        ...base,
        id: '0195f0c4-0000-7000-8000-0000000000a2',
        seq: 2,
        author: agent,
        text: 'Hello!',
      } satisfies MessageView);
    });
    await screen.findByText('Hello!');
    expect(screen.queryByText('secret coaching')).toBeNull();
    expect(screen.getAllByTestId('widget-message').map((m) => m.dataset.seq)).toEqual(['2']);
  });

  it("names the agent once assigned, shows their typing and marks what they've read", async () => {
    const { socket } = setup();
    fireEvent.click(screen.getByTestId('widget-launcher'));
    await waitFor(() => expect(socket.eventsNamed('conversation:open')).toHaveLength(1));

    act(() =>
      socket.push(
        'conversation:updated',
        conversation({ status: 'assigned', assignee: { id: 'agent1', name: 'Mei' } }),
      ),
    );
    expect(screen.getByTestId('widget-agent-name').textContent).toBe("You're chatting with Mei");

    act(() =>
      socket.push('typing', {
        conversationId: CONVERSATION_ID,
        author: { kind: 'agent', name: 'Mei' },
        isTyping: true,
      }),
    );
    expect(screen.getByText('Mei is typing…')).toBeTruthy();

    fireEvent.change(screen.getByTestId('widget-input'), { target: { value: 'Hi' } });
    fireEvent.click(screen.getByTestId('widget-send'));
    await waitFor(() => expect(screen.getAllByTestId('widget-message')).toHaveLength(1));
    expect(screen.queryByTestId('widget-read')).toBeNull();
    act(() => socket.push('read', { conversationId: CONVERSATION_ID, by: 'agent', seq: 1 }));
    expect(screen.getByTestId('widget-read').textContent).toBe('Read');
  });

  it('keeps the assignment that arrived ahead of the answer to opening the chat', async () => {
    const { socket } = setup({ assignDuringOpen: true });
    fireEvent.click(screen.getByTestId('widget-launcher'));
    await waitFor(() => expect(socket.eventsNamed('conversation:open')).toHaveLength(1));
    await waitFor(() =>
      expect(screen.getByTestId('widget-agent-name').textContent).toBe("You're chatting with Mei"),
    );
    expect(screen.queryByText('Connecting you to an agent…')).toBeNull();
  });

  it('keeps an unsent message visible, marked, while the link is down', async () => {
    const { socket } = setup();
    fireEvent.click(screen.getByTestId('widget-launcher'));
    await waitFor(() => expect(socket.eventsNamed('conversation:open')).toHaveLength(1));
    act(() => socket.drop());

    fireEvent.change(screen.getByTestId('widget-input'), { target: { value: 'still there?' } });
    fireEvent.keyDown(screen.getByTestId('widget-input'), { key: 'Enter' });
    const pending = screen.getByTestId('widget-message');
    expect(pending.getAttribute('data-state')).toBe('queued');
    expect(pending.textContent).toContain('Sending…');
    expect(screen.getByRole('status').textContent).toBe('Connection lost. Reconnecting…');

    act(() => void socket.connect());
    await waitFor(() =>
      expect(screen.getByTestId('widget-message').getAttribute('data-seq')).toBe('1'),
    );
  });
});
