import { describe, expect, it } from 'vitest';
import {
  InvalidTemplateError,
  parseTemplate,
  renderTemplate,
  templateVariableNames,
  templateVariables,
  templateVariablesIn,
  validateTemplate,
  type TemplateErrorCode,
} from './template';

function codes(text: string): TemplateErrorCode[] {
  return validateTemplate(text).map((e) => e.code);
}

describe('parseTemplate', () => {
  it('splits text and allow-listed variables', () => {
    const result = parseTemplate('亲，{{customer.name}}您好，我是{{agent.name}}~');
    expect(result).toEqual({
      ok: true,
      parts: [
        { kind: 'text', text: '亲，' },
        { kind: 'variable', name: 'customer.name' },
        { kind: 'text', text: '您好，我是' },
        { kind: 'variable', name: 'agent.name' },
        { kind: 'text', text: '~' },
      ],
    });
  });

  it('reads plain text, the empty string and lone braces as text', () => {
    expect(parseTemplate('')).toEqual({ ok: true, parts: [] });
    expect(parseTemplate('满200减20 {活动} a { b } c')).toEqual({
      ok: true,
      parts: [{ kind: 'text', text: '满200减20 {活动} a { b } c' }],
    });
  });

  it('allows spaces and tabs around the name, nothing else', () => {
    for (const text of ['{{ customer.name }}', '{{\tcustomer.name\t}}', '{{customer.name  }}']) {
      expect(parseTemplate(text)).toEqual({
        ok: true,
        parts: [{ kind: 'variable', name: 'customer.name' }],
      });
    }
    expect(codes('{{customer. name}}')).toEqual(['invalid_tag']);
    expect(codes('{{\ncustomer.name}}')).toEqual(['invalid_tag']);
    expect(codes('{{customer.name\n}}')).toEqual(['invalid_tag']);
  });

  it('names an unknown variable, with a suggestion for a near miss', () => {
    const [error, ...rest] = validateTemplate('Hi {{customer.nmae}}!');
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ code: 'unknown_variable', index: 3, variable: 'customer.nmae' });
    expect(error?.message).toBe('unknown variable "customer.nmae", did you mean "customer.name"?');
    expect(validateTemplate('{{customer.email}}')[0]?.message).toBe(
      'unknown variable "customer.email"',
    );
    expect(validateTemplate('{{Customer.Name}}')[0]?.message).toContain(
      'did you mean "customer.name"',
    );
  });

  it('rejects object-model names: they are simply not on the allow-list', () => {
    for (const text of [
      '{{constructor.constructor}}',
      '{{__proto__}}',
      '{{customer.__proto__}}',
      '{{customer.name.constructor}}',
      '{{toString}}',
      '{{customer}}',
      '{{hasOwnProperty}}',
    ]) {
      expect(codes(text)).toEqual(['unknown_variable']);
    }
  });

  it('rejects expressions, helpers, sections, partials and comments', () => {
    for (const text of [
      '{{customer.name | upper}}',
      '{{#if customer.name}}x{{/if}}',
      '{{> header}}',
      '{{! note }}',
      '{{customer.name()}}',
      '{{customer["name"]}}',
      '{{customer.name + 1}}',
      '{{ customer.name customer.tier }}',
      '{{}}',
      '{{   }}',
      '{{&customer.name}}',
      '{{customer.name;}}',
    ]) {
      expect(validateTemplate(text).length, text).toBeGreaterThan(0);
      expect(new Set(codes(text)), text).toEqual(new Set(['invalid_tag']));
    }
    expect(validateTemplate('{{}}')[0]?.message).toBe('empty {{ }}: write a variable name inside');
  });

  it('rejects triple braces and nested braces as one error each', () => {
    expect(codes('{{{customer.name}}}')).toEqual(['triple_braces']);
    expect(codes('{{customer.{{agent.name}}}}')).toEqual(['nested_braces']);
    expect(codes('{{customer.name}x}}')).toEqual(['nested_braces']);
    expect(codes('{{{{customer.name}}}}')).toEqual(['triple_braces']);
  });

  it('rejects unbalanced braces', () => {
    expect(validateTemplate('亲 {{customer.name')).toEqual([
      { code: 'unclosed_tag', index: 2, message: '"{{" is never closed with "}}"' },
    ]);
    expect(codes('customer.name}} 你好')).toEqual(['unopened_close']);
    expect(codes('{{customer.name}} }} {{')).toEqual(['unopened_close', 'unclosed_tag']);
  });

  it('reports every problem, up to a cap', () => {
    expect(codes('{{a.b}} {{customer.name}} {{x y}} }}')).toEqual([
      'unknown_variable',
      'invalid_tag',
      'unopened_close',
    ]);
    const many = validateTemplate('}}'.repeat(1000));
    expect(many).toHaveLength(11);
    expect(many.at(-1)?.code).toBe('too_many_errors');
  });

  it('stays fast on very long input, valid or not', () => {
    const started = performance.now();
    expect(parseTemplate('{{customer.name}}，'.repeat(50_000)).ok).toBe(true);
    expect(codes('{{'.repeat(200_000))).toEqual(['unclosed_tag']);
    expect(codes('{'.repeat(200_000))).toEqual(['unclosed_tag']);
    expect(codes(`{{${' '.repeat(200_000)}x}}`)).toEqual(['unknown_variable']);
    expect(codes(`{{${' \t'.repeat(100_000)}.}}`)).toEqual(['invalid_tag']);
    expect(codes(`{{${'a.'.repeat(100_000)}}}`)).toEqual(['invalid_tag']);
    expect(codes(`{{${'a'.repeat(200_000)}}}`)).toEqual(['unknown_variable']);
    expect(parseTemplate('亲'.repeat(1_000_000)).ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('lists the variables a template uses', () => {
    const result = parseTemplate('{{offer.price}} {{offer.saving}} {{offer.price}}');
    expect(result.ok && templateVariablesIn(result.parts)).toEqual(['offer.price', 'offer.saving']);
  });
});

describe('the allow-list', () => {
  it('holds plain dotted names with labels and examples in both locales', () => {
    for (const name of templateVariableNames) {
      expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      const info = templateVariables[name];
      expect(
        info.label.en && info.label['zh-CN'] && info.example.en && info.example['zh-CN'],
      ).toBeTruthy();
      expect(parseTemplate(`{{${name}}}`).ok).toBe(true);
    }
  });
});

describe('renderTemplate', () => {
  it('fills variables in and returns text and segments', () => {
    const result = renderTemplate(
      '{{customer.name}}您好，套餐价{{offer.price}}，省{{offer.saving}}',
      {
        'customer.name': '小林',
        'offer.price': '¥239',
        'offer.saving': 48,
      },
    );
    expect(result.text).toBe('小林您好，套餐价¥239，省48');
    expect(result.missing).toEqual([]);
    expect(result.segments).toEqual([
      { kind: 'value', name: 'customer.name', text: '小林' },
      { kind: 'text', text: '您好，套餐价' },
      { kind: 'value', name: 'offer.price', text: '¥239' },
      { kind: 'text', text: '，省' },
      { kind: 'value', name: 'offer.saving', text: '48' },
    ]);
  });

  it('keeps a missing value as a marked tag, listed once', () => {
    const result = renderTemplate(
      'Hi {{ customer.name }}, order {{order.id}} for {{customer.name}}',
      {
        'order.id': 'SD1',
      },
    );
    expect(result.text).toBe('Hi {{customer.name}}, order SD1 for {{customer.name}}');
    expect(result.missing).toEqual(['customer.name']);
    expect(result.segments[1]).toEqual({
      kind: 'missing',
      name: 'customer.name',
      text: '{{customer.name}}',
    });
  });

  it('treats empty, blank, null and non-finite values as missing', () => {
    const result = renderTemplate(
      '{{customer.name}}|{{customer.tier}}|{{customer.points}}|{{offer.price}}|{{order.id}}',
      {
        'customer.name': '',
        'customer.tier': '  ',
        'customer.points': Number.NaN,
        'offer.price': null,
        'order.id': undefined,
      },
    );
    expect(result.missing).toEqual([
      'customer.name',
      'customer.tier',
      'customer.points',
      'offer.price',
      'order.id',
    ]);
    expect(renderTemplate('{{customer.points}}', { 'customer.points': 0 }).text).toBe('0');
  });

  it('inserts values as inert text, never parsed again', () => {
    const values = {
      'customer.name': '{{agent.name}}',
      'agent.name': 'Amy',
      'product.name': '<script>alert(1)</script>',
      'order.id': '}}{{{{',
      'shop.name': '{{constructor.constructor}}',
    };
    const result = renderTemplate(
      '{{customer.name}} {{product.name}} {{order.id}} {{shop.name}}',
      values,
    );
    expect(result.text).toBe(
      '{{agent.name}} <script>alert(1)</script> }}{{{{ {{constructor.constructor}}',
    );
    expect(result.missing).toEqual([]);
    expect(result.segments.filter((s) => s.kind === 'value')).toHaveLength(4);
  });

  it('never reads values from the prototype chain', () => {
    const values = Object.create({ 'customer.name': 'inherited' }) as Record<string, string>;
    expect(renderTemplate('{{customer.name}}', values).missing).toEqual(['customer.name']);
    const polluted = JSON.parse('{"__proto__": {"customer.name": "polluted"}}') as Record<
      string,
      string
    >;
    expect(renderTemplate('{{customer.name}}', polluted).missing).toEqual(['customer.name']);
    expect(renderTemplate('{{customer.name}}', { constructor: 'x' } as never).missing).toEqual([
      'customer.name',
    ]);
  });

  it('ignores values that are neither strings nor numbers', () => {
    const values = { 'customer.name': { toString: () => 'object' } } as never;
    expect(renderTemplate('{{customer.name}}', values).missing).toEqual(['customer.name']);
  });

  it('throws for an invalid template instead of guessing', () => {
    expect(() => renderTemplate('{{customer.email}}', {})).toThrow(InvalidTemplateError);
    expect(() => renderTemplate('{{customer.email}}', {})).toThrow(
      'invalid template: unknown variable "customer.email"',
    );
  });

  it('renders a very long template in one pass', () => {
    const template = '亲{{customer.name}}'.repeat(50_000);
    const started = performance.now();
    const result = renderTemplate(template, { 'customer.name': '{{customer.name}}' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.text).toBe('亲{{customer.name}}'.repeat(50_000));
    expect(result.missing).toEqual([]);
  });
});
