import { describe, expect, it } from 'vitest';
import { mayClaim, orderWorklist } from './outreach-worklist';

const MIN = 60_000;
const now = 1_000 * MIN;

describe('orderWorklist', () => {
  it('lists due tasks by value, then by how long they are due, and counts the rest', () => {
    const tasks = [
      { id: 'a', value: 199, dueAt: now - 5 * MIN },
      { id: 'b', value: 899, dueAt: now - 1 * MIN },
      { id: 'c', value: 199, dueAt: now - 30 * MIN },
      { id: 'd', value: 5000, dueAt: now + 1 * MIN }, // not due: the highest value waits
      { id: 'e', value: 899, dueAt: now }, // due exactly now counts as due
      { id: 'f', value: 10, dueAt: now + 60 * MIN },
    ];
    const { due, notDue } = orderWorklist(tasks, now);
    // 899 first: b (due 1 min ago) before e (due now); then 199: c (30 min ago) before a (5 min).
    expect(due.map((t) => t.id)).toEqual(['b', 'e', 'c', 'a']);
    // d and f are later than now: 2.
    expect(notDue).toBe(2);
  });

  it('breaks a full tie by id and leaves the input alone', () => {
    const tasks = [
      { id: 'z', value: 50, dueAt: now - MIN },
      { id: 'm', value: 50, dueAt: now - MIN },
    ];
    expect(orderWorklist(tasks, now).due.map((t) => t.id)).toEqual(['m', 'z']);
    expect(tasks.map((t) => t.id)).toEqual(['z', 'm']);
  });
});

describe('mayClaim', () => {
  it('lets an agent take a free open task or keep their own, nothing else', () => {
    expect(mayClaim({ status: 'open', assigneeId: null }, 'agent1')).toBe(true);
    expect(mayClaim({ status: 'open', assigneeId: 'agent1' }, 'agent1')).toBe(true);
    expect(mayClaim({ status: 'open', assigneeId: 'agent2' }, 'agent1')).toBe(false);
    expect(mayClaim({ status: 'sent', assigneeId: 'agent1' }, 'agent1')).toBe(false);
    expect(mayClaim({ status: 'skipped', assigneeId: null }, 'agent1')).toBe(false);
  });
});
