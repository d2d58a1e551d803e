import { describe, expect, it } from 'vitest';
import { pickVariant } from './ab-variant';

const script = {
  id: 'price-value-01',
  text: 'base text',
  variants: [{ id: 'b', text: 'variant b', weight: 1 }],
};

describe('pickVariant', () => {
  it('gives one chat the same variant every time', () => {
    const first = pickVariant(script, 'chat-1');
    for (let i = 0; i < 5; i++) expect(pickVariant(script, 'chat-1')).toEqual(first);
  });

  it('splits chats by weight (1 : 1 here; 1 : 3 when b weighs 3)', () => {
    const share = (weight: number) => {
      const s = { ...script, variants: [{ id: 'b', text: 'variant b', weight }] };
      let b = 0;
      for (let i = 0; i < 4000; i++) if (pickVariant(s, `chat-${i}`).id === 'b') b++;
      return b / 4000;
    };
    expect(share(1)).toBeGreaterThan(0.45);
    expect(share(1)).toBeLessThan(0.55);
    expect(share(3)).toBeGreaterThan(0.7);
    expect(share(3)).toBeLessThan(0.8);
  });

  it('uses the script text when there are no variants', () => {
    expect(pickVariant({ ...script, variants: [] }, 'chat-1')).toEqual({
      id: 'base',
      text: 'base text',
      weight: 1,
    });
  });
});
