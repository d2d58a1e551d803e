import { describe, expect, it } from 'vitest';
import { stagesReached, type StageMessage } from './conversation-stage';

const shopper = (seq: number): StageMessage => ({ seq, author: { kind: 'shopper' } });
const agent = (seq: number): StageMessage => ({ seq, author: { kind: 'agent' } });
const offer = (seq: number, value?: string): StageMessage => ({
  seq,
  author: { kind: 'agent' },
  offer: { response: value ? { value } : null },
});

describe('stagesReached', () => {
  const objecting = new Set([3]);
  const objections = (m: StageMessage) => (objecting.has(m.seq) ? (['price'] as const) : []);

  it('counts every signal, also one that comes after a later stage', () => {
    // greet → discover (1) → handle objection (3) → offer (4): recommend, though later → accepted.
    expect(
      stagesReached([shopper(1), agent(2), shopper(3), offer(4, 'accepted')], {
        objections,
        closed: true,
      }),
    ).toEqual(['greet', 'discover', 'recommend', 'handle_objection', 'close', 'after_sales']);
  });

  it('leaves out stages no signal reached', () => {
    expect(stagesReached([shopper(1), agent(2)], { objections })).toEqual(['greet', 'discover']);
    expect(stagesReached([shopper(1), offer(2, 'declined')], { objections, closed: true })).toEqual(
      ['greet', 'discover', 'recommend', 'after_sales'],
    );
  });
});
