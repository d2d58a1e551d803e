import { describe, expect, it } from 'vitest';
import { elapsedMs, formatWait, loadPercent, monitorFigures } from './live-monitor';

describe('monitorFigures', () => {
  it('counts the queue, the longest wait, and the team’s status, load and capacity', () => {
    const figures = monitorFigures({
      queue: [{ waitingMs: 12_000 }, { waitingMs: 95_000 }, { waitingMs: 3_000 }],
      agents: [
        { role: 'agent', status: 'online', load: 3, capacity: 5 },
        { role: 'agent', status: 'online', load: 1, capacity: 4 },
        { role: 'agent', status: 'away', load: 2, capacity: 3 },
        // Offline in a grace period: still holds 1 chat, offers no slots.
        { role: 'agent', status: 'offline', load: 1, capacity: 8 },
        // A supervisor who took a chat over is not one of the team's agents.
        { role: 'supervisor', status: 'away', load: 1, capacity: 9 },
      ],
    });
    // queued 3; longest max(12 000, 95 000, 3 000) = 95 000
    // online 2, away 1; load 3 + 1 + 2 + 1 = 7; capacity 5 + 4 + 3 = 12 (offline left out)
    expect(figures).toEqual({
      queued: 3,
      longestWaitMs: 95_000,
      online: 2,
      away: 1,
      totalLoad: 7,
      totalCapacity: 12,
    });
  });

  it('is all zeros for an empty floor', () => {
    expect(monitorFigures({ queue: [], agents: [] })).toEqual({
      queued: 0,
      longestWaitMs: 0,
      online: 0,
      away: 0,
      totalLoad: 0,
      totalCapacity: 0,
    });
  });
});

describe('formatWait', () => {
  it('reads as minutes:seconds, with hours once an hour passed', () => {
    expect(formatWait(0)).toBe('0:00');
    expect(formatWait(7_999)).toBe('0:07'); // 7.999 s rounds down to 7
    expect(formatWait(725_000)).toBe('12:05'); // 725 s = 12 min 5 s
    expect(formatWait(3_723_000)).toBe('1:02:03'); // 3 723 s = 1 h 2 min 3 s
    expect(formatWait(-500)).toBe('0:00');
  });
});

describe('elapsedMs', () => {
  it('is the time since, never negative, 0 for a bad date', () => {
    const now = Date.parse('2025-03-01T10:00:30.000Z');
    expect(elapsedMs('2025-03-01T10:00:00.000Z', now)).toBe(30_000);
    expect(elapsedMs('2025-03-01T10:01:00.000Z', now)).toBe(0);
    expect(elapsedMs('not a date', now)).toBe(0);
  });
});

describe('loadPercent', () => {
  it('is the share of capacity in use, capped at 100', () => {
    expect(loadPercent(3, 8)).toBe(38); // 37.5 % rounds to 38
    expect(loadPercent(0, 0)).toBe(0);
    expect(loadPercent(2, 0)).toBe(100);
    expect(loadPercent(9, 8)).toBe(100);
  });
});
