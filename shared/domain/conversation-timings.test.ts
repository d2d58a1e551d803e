import { describe, expect, it } from 'vitest';
import { conversationTimings, type TimedMessage } from './conversation-timings';

const t0 = Date.UTC(2026, 10, 1, 9, 0, 0);
const at = (seconds: number) => new Date(t0 + seconds * 1000);
const shopper = (s: number): TimedMessage => ({ author: { kind: 'shopper' }, createdAt: at(s) });
const agent = (s: number): TimedMessage => ({ author: { kind: 'agent' }, createdAt: at(s) });

describe('conversationTimings', () => {
  it('measures first response, each answered turn and the handle time', () => {
    // Turn 1: shopper 0 s, 5 s → agent 20 s: 20 s (from the turn's first message).
    // Agent again at 30 s: no shopper waiting, not a response.
    // Turn 2: shopper 40 s → agent 100 s: 60 s.
    // Turn 3: shopper 110 s, never answered: not counted.
    const timings = conversationTimings(
      [shopper(0), shopper(5), agent(20), agent(30), shopper(40), agent(100), shopper(110)],
      { assignedAt: at(2), closedAt: at(302) },
    );
    expect(timings).toEqual({
      shopperMessages: 4,
      agentMessages: 3,
      firstResponseMs: 20_000,
      responseMsTotal: 80_000, // 20 s + 60 s
      responses: 2,
      handleMs: 300_000, // 2 s → 302 s
    });
  });

  it('does not count an agent greeting before the shopper wrote as a response', () => {
    const timings = conversationTimings([agent(0), shopper(10), agent(25)], {
      assignedAt: at(0),
      closedAt: at(60),
    });
    expect(timings.firstResponseMs).toBe(15_000);
    expect(timings.responses).toBe(1);
    expect(timings.agentMessages).toBe(2);
  });

  it('leaves whispers and system messages out', () => {
    const timings = conversationTimings(
      [
        shopper(0),
        { author: { kind: 'agent' }, createdAt: at(3), visibility: 'staff' },
        { author: { kind: 'system' }, createdAt: at(4) },
        agent(9),
      ],
      { assignedAt: null, closedAt: at(10) },
    );
    expect(timings).toEqual({
      shopperMessages: 1,
      agentMessages: 1,
      firstResponseMs: 9_000,
      responseMsTotal: 9_000,
      responses: 1,
      handleMs: null,
    });
  });

  it('has no first response when nobody answered', () => {
    const timings = conversationTimings([shopper(0)], { assignedAt: null, closedAt: at(5) });
    expect(timings.firstResponseMs).toBeNull();
    expect(timings.responses).toBe(0);
  });
});
