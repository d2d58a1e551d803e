import { describe, expect, it } from 'vitest';
import { chooseAgentByConversion, isHighValue } from './value-routing';

const free = (agentId: string, load = 0, capacity = 5) => ({ agentId, load, capacity });

describe('chooseAgentByConversion', () => {
  it('picks the best Wilson lower bound, not the best raw rate', () => {
    // a: 3/3 = 100%, but n = 3 < 10: not judged.
    // b: 12/20 = 60%: Wilson low = 0.387 (z = 1.96; centre (0.6 + 0.096) / 1.192 = 0.584,
    //    half 1.96·√(0.012 + 0.0024) / 1.192 = 0.197).
    // c: 30/60 = 50%: Wilson low = 0.377 (centre 0.5, half 1.96·√(0.0041667 + 0.0002668) / 1.064 = 0.1226).
    const choice = chooseAgentByConversion(
      '重要价值',
      [free('a'), free('b'), free('c')],
      new Map([
        ['a', { asked: 3, purchased: 3 }],
        ['b', { asked: 20, purchased: 12 }],
        ['c', { asked: 60, purchased: 30 }],
      ]),
    );
    expect(choice.agentId).toBe('b');
    expect(choice.reason.en).toBe(
      'High-value customer (Important value): b converts 60% of them (12/20, 95% lower bound 39%), best of 2 free agents with data',
    );
    expect(choice.reason['zh-CN']).toContain('询单转化率 60%（12/20');
  });

  it('skips agents at capacity', () => {
    const choice = chooseAgentByConversion(
      '重要价值',
      [free('b', 5, 5), free('c')],
      new Map([
        ['b', { asked: 20, purchased: 12 }],
        ['c', { asked: 60, purchased: 30 }],
      ]),
    );
    expect(choice.agentId).toBe('c');
  });

  it('chooses nobody without enough data, and says so', () => {
    const choice = chooseAgentByConversion(
      '重要保持',
      [free('a')],
      new Map([['a', { asked: 9, purchased: 9 }]]),
    );
    expect(choice.agentId).toBeNull();
    expect(choice.reason['zh-CN']).toContain('不足 10 次');
  });
});

describe('isHighValue', () => {
  it('is the important-value and important-keep classes, or a VIP tier', () => {
    expect(isHighValue('重要价值', null)).toBe(true);
    expect(isHighValue('重要保持', 'regular')).toBe(true);
    expect(isHighValue('一般价值', 'regular')).toBe(false);
    expect(isHighValue('unknown', 'diamond')).toBe(true);
  });
});
