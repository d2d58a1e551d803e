import { describe, expect, it } from 'vitest';
import { selectFirstPlaceholder, unfilledVariables } from './unfilled';

describe('unfilledVariables', () => {
  it('lists each script value still written as a placeholder, once', () => {
    expect(
      unfilledVariables('亲，{{product.price}}的{{product.name}}，{{product.price}}很值'),
    ).toEqual(['product.price', 'product.name']);
  });

  it('finds none in a filled reply, or in braces that are not a template', () => {
    expect(unfilledVariables('亲，¥239 的加湿器很值')).toEqual([]);
    expect(unfilledVariables('{{not a variable}} and {{customer.nmae}}')).toEqual([]);
  });
});

describe('selectFirstPlaceholder', () => {
  it('selects the first placeholder with its braces', () => {
    const calls: Array<[number, number]> = [];
    selectFirstPlaceholder(
      { focus: () => undefined, setSelectionRange: (a, b) => calls.push([a, b]) },
      '亲，{{product.price}}很值',
    );
    expect(calls).toEqual([[2, 19]]);
  });
});
