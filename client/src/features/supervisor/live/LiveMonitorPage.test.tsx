// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StaffUser } from '../../../../../shared/schemas/auth';
import type { ConversationView } from '../../../../../shared/schemas/conversation';
import type { MonitorSnapshot } from '../../../../../shared/schemas/monitor';
import { setAppLanguage } from '../../../app/i18n';
import { FakeChatSocket, messageView } from '../../../test-utils/fakeChatSocket';
import { mockApi, renderWithApp } from '../../../test-utils/renderWithApp';
import { LiveMonitorPage } from './LiveMonitorPage';

const me: StaffUser = { username: 'supervisor1', displayName: '周主管 Zhou', role: 'supervisor' };
const Q1 = '0195f000-0000-7000-8000-000000000001';
const Q2 = '0195f000-0000-7000-8000-000000000002';
const LIVE = '0195f000-0000-7000-8000-000000000003';

const liveChat: ConversationView = {
  id: LIVE,
  status: 'active',
  visitorId: 'v-1',
  customerId: null,
  shopperName: '陈先生',
  skill: 'zh-CN',
  priority: 0,
  locale: 'zh-CN',
  assignee: { id: 'agent1', name: '小美 Mei' },
  context: {},
  lastSeq: 2,
  readSeq: { shopper: 2, agent: 2 },
  lastMessageAt: '2025-03-01T10:00:00.000Z',
  lastMessagePreview: '滤芯多久换一次？',
  createdAt: '2025-03-01T09:50:00.000Z',
  queuedAt: null,
};

const snapshot: MonitorSnapshot = {
  at: '2025-03-01T10:00:00.000Z',
  queue: [
    {
      conversationId: Q1,
      shopperName: '王女士',
      skill: 'zh-CN',
      priority: 10,
      queuedAt: '2025-03-01T09:58:55.000Z',
      waitingMs: 65_000,
    },
    {
      conversationId: Q2,
      shopperName: 'Guest 7F3A',
      skill: 'en',
      priority: 0,
      queuedAt: '2025-03-01T08:57:57.000Z',
      waitingMs: 3_723_000,
    },
  ],
  agents: [
    {
      agentId: 'agent1',
      displayName: '小美 Mei',
      role: 'agent',
      status: 'online',
      inGrace: false,
      load: 3,
      capacity: 8,
      skills: ['zh-CN', 'humidifier'],
    },
    {
      agentId: 'agent2',
      displayName: '阿杰 Jay',
      role: 'agent',
      status: 'away',
      inGrace: false,
      load: 0,
      capacity: 8,
      skills: ['zh-CN'],
    },
    {
      agentId: 'agent3',
      displayName: 'Emma 艾玛',
      role: 'agent',
      status: 'offline',
      inGrace: true,
      load: 2,
      capacity: 6,
      skills: ['en'],
    },
  ],
  live: [liveChat],
  // load 3 + 0 + 2 = 5; capacity of online and away agents 8 + 8 = 16
  stats: {
    queued: 2,
    longestWaitMs: 3_723_000,
    online: 1,
    away: 1,
    totalLoad: 5,
    totalCapacity: 16,
  },
};

let socket: FakeChatSocket;

beforeEach(async () => {
  await setAppLanguage('en');
  socket = new FakeChatSocket()
    .handle('monitor:watch', () => ({
      ok: true,
      data: {
        messages: [
          messageView(LIVE, 1, {
            text: '滤芯多久换一次？',
            author: { kind: 'shopper', id: 'v-1', name: '陈先生' },
          }),
          messageView(LIVE, 2, {
            text: '先问房间面积',
            visibility: 'staff',
            author: { kind: 'agent', id: 'supervisor1', name: '周主管 Zhou' },
          }),
        ],
      },
    }))
    .handle('monitor:unwatch', () => ({ ok: true, data: null }))
    .handle('monitor:whisper', (payload) => {
      const { text } = payload as { text: string };
      return {
        ok: true,
        data: {
          message: messageView(LIVE, 3, {
            text,
            visibility: 'staff',
            author: { kind: 'agent', id: 'supervisor1', name: '周主管 Zhou' },
          }),
          duplicate: false,
        },
      };
    })
    .handle('monitor:takeover', () => ({
      ok: true,
      data: { conversation: { ...liveChat, assignee: { id: 'supervisor1', name: '周主管 Zhou' } } },
    }));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const rowCells = (table: HTMLElement, key: string) => {
  const row = table.querySelector<HTMLElement>(`tr[data-row-key="${key}"]`);
  if (!row) throw new Error(`no row ${key}`);
  return [...row.querySelectorAll('td')].map((cell) => cell.textContent);
};
const card = (title: string) =>
  screen.getByText(title, { selector: '.ant-card-head-title' }).closest<HTMLElement>('.ant-card')!;

describe('LiveMonitorPage', () => {
  it('shows the figures, the queue with ticking waits, the agents and the live chats', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(new Date('2025-03-01T10:00:00.000Z'));
    mockApi({ 'GET /api/monitor': { status: 200, body: snapshot } });
    renderWithApp(<LiveMonitorPage user={me} createSocket={() => socket} />, '/supervisor/live');

    expect(screen.getByTestId('page-title').textContent).toBe('Live monitor');
    await screen.findByText('王女士');
    expect(screen.getByTestId('stat-queued-value').textContent).toBe('2');
    expect(screen.getByTestId('stat-longest-wait-value').textContent).toBe('1:02:03');
    expect(screen.getByTestId('stat-agents-value').textContent).toBe('1 / 1');
    expect(screen.getByTestId('stat-load-value').textContent).toBe('5 / 16');

    const queue = card('Queue');
    // 65 s waits as 1:05; 3 723 s as 1:02:03.
    expect(rowCells(queue, Q1)).toEqual(['王女士', 'zh-CN', '10', '1:05']);
    expect(rowCells(queue, Q2)).toEqual(['Guest 7F3A', 'en', '0', '1:02:03']);
    // Two seconds later the waits have ticked on, without a new snapshot.
    act(() => vi.advanceTimersByTime(2000));
    expect(rowCells(queue, Q1)[3]).toBe('1:07');
    expect(screen.getByTestId('stat-longest-wait-value').textContent).toBe('1:02:05');

    const agents = card('Agents');
    expect(rowCells(agents, 'agent1')).toEqual(['小美 Mei', 'Online', '3 / 8', 'zh-CNhumidifier']);
    expect(rowCells(agents, 'agent2')).toEqual(['阿杰 Jay', 'Away', '0 / 8', 'zh-CN']);
    expect(rowCells(agents, 'agent3').slice(0, 3)).toEqual([
      'Emma 艾玛',
      'OfflineReconnecting ',
      '2 / 6',
    ]);

    const live = card('Live chats');
    expect(rowCells(live, LIVE)).toEqual([
      '陈先生',
      '小美 Mei',
      'In progress',
      expect.any(String),
      '滤芯多久换一次？',
    ]);
  });

  it('refetches the snapshot when the server says the floor changed', async () => {
    const fetchMock = mockApi({ 'GET /api/monitor': { status: 200, body: snapshot } });
    renderWithApp(<LiveMonitorPage user={me} createSocket={() => socket} />, '/supervisor/live');
    await screen.findByText('王女士');
    await waitFor(() => expect(screen.getByTestId('monitor-link').dataset.state).toBe('online'));
    const before = fetchMock.mock.calls.length;
    act(() => socket.push('monitor:changed', { at: new Date().toISOString() }));
    await waitFor(() => expect(fetchMock.mock.calls.length).toBe(before + 1));
  });

  it('opens a chat from the keyboard: live transcript, whispers marked, whisper on Enter, take over', async () => {
    mockApi({ 'GET /api/monitor': { status: 200, body: snapshot } });
    renderWithApp(<LiveMonitorPage user={me} createSocket={() => socket} />, '/supervisor/live');
    const row = await screen.findByRole('button', { name: 'Open the chat with 陈先生' });
    fireEvent.keyDown(row, { key: 'Enter' });

    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('滤芯多久换一次？');
    expect(socket.eventsNamed('monitor:watch')).toEqual([{ conversationId: LIVE, afterSeq: 0 }]);
    const lines = () => within(dialog).getAllByTestId('monitor-message');
    expect(lines().map((l) => l.dataset.visibility)).toEqual(['all', 'staff']);
    expect(within(lines()[1]!).getByText('Whisper · not shown to the shopper')).toBeTruthy();

    // A new message of the chat arrives live; another chat's does not show here.
    act(() => {
      socket.push('message:new', messageView(LIVE, 4, { text: '在吗？' }));
      socket.push('message:new', messageView(Q1, 1, { text: 'not this chat' }));
    });
    await within(dialog).findByText('在吗？');
    expect(within(dialog).queryByText('not this chat')).toBeNull();

    const box = within(dialog).getByLabelText('Whisper to the agent');
    fireEvent.change(box, { target: { value: '推荐加湿器套装' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await within(dialog).findByText('推荐加湿器套装');
    expect(socket.eventsNamed('monitor:whisper')).toEqual([
      { conversationId: LIVE, clientMessageId: expect.any(String), text: '推荐加湿器套装' },
    ]);
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(''));

    fireEvent.click(within(dialog).getByRole('button', { name: 'Take over' }));
    const confirm = await screen.findByRole('tooltip');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Take over' }));
    await waitFor(() => expect(screen.getByTestId('current-path').textContent).toBe('/console'));
    expect(socket.eventsNamed('monitor:takeover')).toEqual([{ conversationId: LIVE }]);
  });
});
