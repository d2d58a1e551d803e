import { describe, expect, it } from 'vitest';
import type { ObjectionCategory } from '../../../../../shared/domain/objection-categories';
import type { MessageView } from '../../../../../shared/schemas/chat';
import type { OfferCard } from '../../../../../shared/schemas/offer-card';
import { messageView } from '../../../test-utils/fakeChatSocket';
import {
  advanceStage,
  initialStageState,
  latestObjection,
  setStage,
  stageFromSignals,
} from '../../../../../shared/domain/conversation-stage';

const conv = '0b9a2c1e-8f3d-4c6a-9e2b-7d5f1a3c4e6b';
const shopper = (seq: number, text: string) => messageView(conv, seq, { text });
const agent = (seq: number, text = 'ok') =>
  messageView(conv, seq, { text, author: { kind: 'agent', id: 'amy', name: 'Amy' } });
const offer = (seq: number, response: 'accepted' | 'declined' | null = null): MessageView =>
  messageView(conv, seq, {
    author: { kind: 'agent', id: 'amy', name: 'Amy' },
    text: 'Bundle',
    offer: {
      kind: 'bundle',
      bundleId: 'B1',
      title: { en: 'Set', 'zh-CN': '套餐' },
      items: [],
      listPrice: 287,
      price: 239,
      imageUrl: '',
      response: response && { value: response, at: '2025-03-01T10:00:00Z' },
    } satisfies OfferCard,
  });
/** A stand-in detector: "贵" or "expensive" is a price objection. */
const objections = (m: MessageView): ObjectionCategory[] =>
  m.author.kind === 'shopper' && /贵|expensive/.test(m.text) ? ['price'] : [];

describe('stageFromSignals', () => {
  it('moves greet → discover on the first shopper message', () => {
    expect(stageFromSignals([], 'greet')).toBe('greet');
    expect(stageFromSignals([agent(1, '您好')], 'greet')).toBe('greet');
    expect(stageFromSignals([agent(1), shopper(2, '在吗')], 'greet', { objections })).toBe(
      'discover',
    );
  });

  it('moves to recommend on an offer card, to handle objections on an objection, to close on an accepted offer', () => {
    const chat = [shopper(1, '想买加湿器'), offer(2)];
    expect(stageFromSignals(chat, 'greet', { objections })).toBe('recommend');
    expect(stageFromSignals([...chat, shopper(3, '太贵了')], 'greet', { objections })).toBe(
      'handle_objection',
    );
    expect(
      stageFromSignals([shopper(1, 'hi'), offer(2, 'accepted')], 'greet', { objections }),
    ).toBe('close');
    expect(stageFromSignals([offer(2, 'declined')], 'discover', { objections })).toBe('recommend');
  });

  it('moves to after-sales when the conversation closed', () => {
    expect(stageFromSignals([], 'recommend', { closed: true })).toBe('after_sales');
  });

  it('never moves back: a late shopper message or objection leaves a later stage as it is', () => {
    expect(stageFromSignals([shopper(9, '太贵了')], 'close', { objections })).toBe('close');
    expect(stageFromSignals([shopper(9, 'hello')], 'recommend', { objections })).toBe('recommend');
  });

  it('without a detector, counts no objection', () => {
    expect(stageFromSignals([shopper(1, '太贵了')], 'greet')).toBe('discover');
  });
});

describe('advanceStage', () => {
  it('takes in only what is new, so a stage the agent set holds until the next signal', () => {
    const first = advanceStage(initialStageState, [shopper(1, 'hi'), offer(2)], { objections });
    expect(first).toMatchObject({ stage: 'recommend', seq: 2, closed: false });
    expect(advanceStage(first, [shopper(1, 'hi'), offer(2)], { objections })).toBe(first);

    const manual = setStage(first, 'greet');
    expect(advanceStage(manual, [shopper(1, 'hi'), offer(2)], { objections }).stage).toBe('greet');
    const next = advanceStage(manual, [shopper(1, 'hi'), offer(2), shopper(3, 'too expensive')], {
      objections,
    });
    expect(next).toMatchObject({ stage: 'handle_objection', seq: 3 });
  });

  it('notices an offer accepted after it was seen, once', () => {
    const seen = advanceStage(initialStageState, [shopper(1, 'hi'), offer(2)], { objections });
    const accepted = advanceStage(seen, [shopper(1, 'hi'), offer(2, 'accepted')], { objections });
    expect(accepted).toMatchObject({ stage: 'close', accepted: [2] });
    const back = setStage(accepted, 'recommend');
    expect(advanceStage(back, [shopper(1, 'hi'), offer(2, 'accepted')], { objections })).toBe(back);
  });

  it('moves to after-sales once on the close', () => {
    const closed = advanceStage(setStage(initialStageState, 'close'), [], { closed: true });
    expect(closed).toMatchObject({ stage: 'after_sales', closed: true });
    const back = setStage(closed, 'close');
    expect(advanceStage(back, [], { closed: true })).toBe(back);
  });
});

describe('latestObjection', () => {
  it("is the newest objection in the shopper's last three messages", () => {
    const chat = [shopper(1, '太贵了'), agent(2), shopper(3, '好的'), shopper(4, '嗯')];
    expect(latestObjection(chat, objections)).toBe('price');
    expect(latestObjection([...chat, shopper(5, '再说吧')], objections)).toBeNull();
    expect(latestObjection([], objections)).toBeNull();
  });
});
