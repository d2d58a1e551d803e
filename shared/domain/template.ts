import type { Bilingual } from '../schemas/profile';

/*
 * Logic-less script templates: plain text with `{{customer.name}}`-style variables.
 *
 * Rules (the whole language):
 * - `{{ name }}` inserts a variable; `name` is a dotted name from `templateVariables`.
 *   Spaces or tabs may surround the name; nothing else may appear inside the braces:
 *   no expressions, helpers, filters, sections, partials, comments or triple braces.
 * - A single `{` or `}` is ordinary text; `{{` always opens a tag and `}}` always closes one,
 *   so an unclosed `{{`, a stray `}}` or braces nested inside a tag are errors.
 * - There is no escape for a literal `{{`: chat scripts do not need one.
 * - Rendering inserts values as plain text in one pass; a value is never parsed again, so a
 *   value holding `{{x}}` or `<script>` stays inert text. The result is text, not HTML:
 *   show it as text.
 */

export interface TemplateVariableInfo {
  label: Bilingual;
  /** A realistic value for previews in the editor. */
  example: Bilingual;
}

/**
 * The variables a script may use, and nothing else. Values arrive formatted for the script's
 * locale: money with its sign (¥239), dates as people write them (5月31日, Sunday 31 May).
 */
export const templateVariables = {
  'customer.name': {
    label: { en: "Customer's name", 'zh-CN': '顾客称呼' },
    example: { en: 'Lily', 'zh-CN': '小林' },
  },
  'customer.tier': {
    label: { en: 'Member tier', 'zh-CN': '会员等级' },
    example: { en: 'Gold member', 'zh-CN': '金卡会员' },
  },
  'customer.points': {
    label: { en: 'Points balance', 'zh-CN': '积分余额' },
    example: { en: '1,280', 'zh-CN': '1280' },
  },
  'customer.nextTier': {
    label: { en: 'Next member tier', 'zh-CN': '下一会员等级' },
    example: { en: 'Diamond', 'zh-CN': '钻石会员' },
  },
  'customer.spendToNextTier': {
    label: { en: 'Spend left to the next tier (CNY)', 'zh-CN': '距下一等级还差（元）' },
    example: { en: '¥320', 'zh-CN': '¥320' },
  },
  'agent.name': {
    label: { en: "Agent's name", 'zh-CN': '客服昵称' },
    example: { en: 'Amy', 'zh-CN': '小美' },
  },
  'shop.name': {
    label: { en: 'Shop name', 'zh-CN': '店铺名' },
    example: { en: 'Breeze Home Appliances', 'zh-CN': '清风小家电' },
  },
  'product.name': {
    label: { en: 'Product', 'zh-CN': '商品名' },
    example: { en: 'Ultrasonic Humidifier 4L', 'zh-CN': '超声波加湿器 4L' },
  },
  'product.price': {
    label: { en: 'Product price', 'zh-CN': '商品价格' },
    example: { en: '¥199', 'zh-CN': '¥199' },
  },
  'product.stock': {
    label: { en: 'Units in stock', 'zh-CN': '库存数量' },
    example: { en: '12', 'zh-CN': '12' },
  },
  'offer.title': {
    label: { en: 'Offer', 'zh-CN': '优惠/套餐名' },
    example: { en: 'Humidifier + filter + fragrance set', 'zh-CN': '加湿器+滤芯+香薰套餐' },
  },
  'offer.price': {
    label: { en: 'Offer price', 'zh-CN': '套餐价' },
    example: { en: '¥239', 'zh-CN': '¥239' },
  },
  'offer.listPrice': {
    label: { en: 'Items bought separately', 'zh-CN': '单买合计' },
    example: { en: '¥287', 'zh-CN': '¥287' },
  },
  'offer.saving': {
    label: { en: 'Saving', 'zh-CN': '节省金额' },
    example: { en: '¥48', 'zh-CN': '¥48' },
  },
  'offer.validTo': {
    label: { en: 'Offer ends', 'zh-CN': '优惠截止' },
    example: { en: 'Sunday 31 May', 'zh-CN': '5月31日' },
  },
  'order.id': {
    label: { en: 'Order number', 'zh-CN': '订单号' },
    example: { en: 'SD20250312001', 'zh-CN': 'SD20250312001' },
  },
  'order.status': {
    label: { en: 'Order status', 'zh-CN': '订单状态' },
    example: { en: 'shipped', 'zh-CN': '已发货' },
  },
  'order.amount': {
    label: { en: 'Order amount', 'zh-CN': '订单金额' },
    example: { en: '¥239', 'zh-CN': '¥239' },
  },
  'shipping.carrier': {
    label: { en: 'Carrier', 'zh-CN': '快递公司' },
    example: { en: 'SF Express', 'zh-CN': '顺丰' },
  },
  'shipping.trackingNo': {
    label: { en: 'Tracking number', 'zh-CN': '快递单号' },
    example: { en: 'SF1234567890', 'zh-CN': 'SF1234567890' },
  },
  'shipping.eta': {
    label: { en: 'Expected delivery', 'zh-CN': '预计送达' },
    example: { en: 'Thursday', 'zh-CN': '周四' },
  },
} as const satisfies Record<string, TemplateVariableInfo>;

export type TemplateVariable = keyof typeof templateVariables;
export const templateVariableNames = Object.keys(templateVariables) as TemplateVariable[];

const allowed: ReadonlySet<string> = new Set(templateVariableNames);

export function isTemplateVariable(name: string): name is TemplateVariable {
  return allowed.has(name);
}

export type TemplatePart =
  { kind: 'text'; text: string } | { kind: 'variable'; name: TemplateVariable };

export type TemplateErrorCode =
  | 'unclosed_tag'
  | 'unopened_close'
  | 'triple_braces'
  | 'nested_braces'
  | 'invalid_tag'
  | 'unknown_variable'
  | 'too_many_errors';

export interface TemplateError {
  code: TemplateErrorCode;
  /** Offset of the problem in the template (UTF-16 code units). */
  index: number;
  message: string;
  /** The name written inside the braces, for `unknown_variable`. */
  variable?: string;
}

export type ParseResult =
  { ok: true; parts: TemplatePart[] } | { ok: false; errors: TemplateError[] };

/** More errors than this are summarised: a pasted essay of braces should not flood the editor. */
const MAX_ERRORS = 10;
/** A name that looks like a variable (so "unknown variable" is the helpful message). */
const namePattern = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

/** Splits a template into text and variables, or lists every problem with where it is. */
export function parseTemplate(text: string): ParseResult {
  const parts: TemplatePart[] = [];
  const errors: TemplateError[] = [];
  const fail = (error: TemplateError): boolean => {
    if (errors.length === MAX_ERRORS) {
      errors.push({
        code: 'too_many_errors',
        index: error.index,
        message: `more than ${MAX_ERRORS} problems; fix these first`,
      });
    }
    if (errors.length <= MAX_ERRORS) errors.push(error);
    return errors.length > MAX_ERRORS;
  };
  let textStart = 0;
  let at = 0;
  const pushText = (end: number) => {
    if (end > textStart) parts.push({ kind: 'text', text: text.slice(textStart, end) });
  };

  while (at < text.length) {
    const open = text.indexOf('{{', at);
    const strayClose = text.indexOf('}}', at);
    if (strayClose !== -1 && (open === -1 || strayClose < open)) {
      if (fail({ code: 'unopened_close', index: strayClose, message: `"}}" without "{{"` })) break;
      at = strayClose + 2;
      continue;
    }
    if (open === -1) break;
    const close = text.indexOf('}}', open + 2);
    if (close === -1) {
      // Every later "{{" is unclosed as well: one error, and no quadratic rescan.
      fail({ code: 'unclosed_tag', index: open, message: `"{{" is never closed with "}}"` });
      break;
    }
    const inner = text.slice(open + 2, close);
    let next = close + 2;
    let error: TemplateError | null = null;
    if (inner.startsWith('{')) {
      error = {
        code: 'triple_braces',
        index: open,
        message: 'triple braces are not supported; write {{name}}',
      };
    } else if (inner.includes('{') || inner.includes('}')) {
      error = {
        code: 'nested_braces',
        index: open,
        message: 'braces inside {{ }} are not allowed',
      };
    } else {
      const name = trimSpaces(inner);
      if (isTemplateVariable(name)) {
        pushText(open);
        parts.push({ kind: 'variable', name });
        textStart = next;
      } else if (namePattern.test(name)) {
        error = {
          code: 'unknown_variable',
          index: open,
          variable: name,
          message: `unknown variable "${name}"${suggestion(name)}`,
        };
      } else {
        error = {
          code: 'invalid_tag',
          index: open,
          message:
            name === ''
              ? 'empty {{ }}: write a variable name inside'
              : `only a variable name may stand inside {{ }}, got ${JSON.stringify(truncate(inner))}`,
        };
      }
    }
    if (error) {
      if (fail(error)) break;
      // Swallow the closing braces of "{{{x}}}" or "{{a{{b}}}}" too: one mistake, one error.
      while (text[next] === '}') next += 1;
    }
    at = next;
  }
  if (errors.length > 0) return { ok: false, errors };
  pushText(text.length);
  return { ok: true, parts };
}

/** What saving a script checks: every problem, each message naming the offending text. */
export function validateTemplate(text: string): TemplateError[] {
  const result = parseTemplate(text);
  return result.ok ? [] : result.errors;
}

/** The variables a valid template uses, in order of first use. */
export function templateVariablesIn(parts: TemplatePart[]): TemplateVariable[] {
  const seen = new Set<TemplateVariable>();
  for (const part of parts) if (part.kind === 'variable') seen.add(part.name);
  return [...seen];
}

export type TemplateValue = string | number | null | undefined;
/** Values by variable name, flat: `{ 'customer.name': '小林' }`. */
export type TemplateValues = Partial<Record<TemplateVariable, TemplateValue>>;

export type RenderedSegment =
  | { kind: 'text'; text: string }
  | { kind: 'value'; name: TemplateVariable; text: string }
  /** No value known: `text` is the tag as written canonically, for the agent to fill in. */
  | { kind: 'missing'; name: TemplateVariable; text: string };

export interface RenderResult {
  /** The message as plain text; a missing value stays as its `{{name}}` tag. */
  text: string;
  segments: RenderedSegment[];
  /** Variables without a value, each once, in order of first use. */
  missing: TemplateVariable[];
}

export class InvalidTemplateError extends Error {
  constructor(readonly errors: TemplateError[]) {
    super(`invalid template: ${errors.map((e) => e.message).join('; ')}`);
    this.name = 'InvalidTemplateError';
  }
}

/**
 * Fills a template in. Values are inserted verbatim as text (never parsed again); an empty,
 * blank or non-finite value counts as missing. Numbers are written with `String()`, so format
 * money before. Throws `InvalidTemplateError` for a template that does not validate.
 */
export function renderTemplate(template: string, values: TemplateValues): RenderResult {
  const parsed = parseTemplate(template);
  if (!parsed.ok) throw new InvalidTemplateError(parsed.errors);
  const segments: RenderedSegment[] = [];
  const missing = new Set<TemplateVariable>();
  for (const part of parsed.parts) {
    if (part.kind === 'text') {
      segments.push(part);
      continue;
    }
    const value = valueOf(values, part.name);
    if (value === null) {
      missing.add(part.name);
      segments.push({ kind: 'missing', name: part.name, text: `{{${part.name}}}` });
    } else {
      segments.push({ kind: 'value', name: part.name, text: value });
    }
  }
  return { text: segments.map((s) => s.text).join(''), segments, missing: [...missing] };
}

function valueOf(values: TemplateValues, name: TemplateVariable): string | null {
  // Own properties only: nothing is ever read from a prototype.
  if (!Object.prototype.hasOwnProperty.call(values, name)) return null;
  const value: unknown = values[name];
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  return null;
}

/** Strips spaces and tabs around a tag's name (by hand: a regex would backtrack on long runs). */
function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === ' ' || text[start] === '\t')) start += 1;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end -= 1;
  return text.slice(start, end);
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** ", did you mean …?" for a near miss of an allowed name (a typo or wrong case). */
function suggestion(name: string): string {
  if (name.length > 60) return '';
  let best: string | null = null;
  // A typo or two, more in a long name ("shipping.trackingNumber" → "shipping.trackingNo").
  let bestDistance = Math.max(2, Math.floor(name.length / 4)) + 1;
  for (const candidate of templateVariableNames) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ? `, did you mean "${best}"?` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
