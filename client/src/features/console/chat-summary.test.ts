import { describe, expect, it } from 'vitest';
import { messageView } from '../../test-utils/fakeChatSocket';
import { summarizeChat } from './chat-summary';

const C = '0195f000-0000-7000-8000-00000000000c';
const agent = { kind: 'agent' as const, id: 'agent1', name: 'Mei' };

describe('summarizeChat', () => {
  it('keeps the shopper waiting through a supervisor’s whisper, until the agent answers', () => {
    const asked = messageView(C, 1, { text: '在吗？' });
    const whisper = messageView(C, 2, {
      text: '先问预算',
      visibility: 'staff',
      author: { kind: 'agent', id: 'supervisor1', name: 'Zhou' },
    });
    const reply = messageView(C, 3, { text: '在的', author: agent });

    expect(summarizeChat([asked, whisper], 0)).toEqual({
      unread: 1,
      waitingSince: asked.createdAt,
      preview: '先问预算',
    });
    expect(summarizeChat([asked, whisper, reply], 1)).toEqual({
      unread: 0,
      waitingSince: null,
      preview: '在的',
    });
  });
});
