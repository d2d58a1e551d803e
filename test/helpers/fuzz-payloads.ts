import { rateConversationSchema } from '../../shared/schemas/outcome';
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { z } from 'zod';
import type { ClientToServerEvents } from '../../shared/events';
import {
  readSchema,
  resyncSchema,
  sendMessageSchema,
  typingSchema,
} from '../../shared/schemas/chat';
import {
  agentStatusSchema,
  closeConversationSchema,
  conversationRefSchema,
  openConversationSchema,
  transferConversationSchema,
} from '../../shared/schemas/conversation';
import { respondOfferSchema, sendOfferSchema } from '../../shared/schemas/offer-card';
import {
  monitorTakeoverSchema,
  monitorUnwatchSchema,
  monitorWatchSchema,
  monitorWhisperSchema,
} from '../../shared/schemas/monitor';

/*
 * Hostile socket payloads for property-based fuzzing. Each event has a template of valid
 * payloads; the bad ones are the template broken in every way a client could break it: wrong
 * types, missing and extra fields, huge strings, `__proto__`/`constructor` keys, MongoDB
 * operators in every field, deep nesting, near-miss ids, out-of-range numbers, forged tokens.
 */

export type FuzzEvent = keyof ClientToServerEvents;

export const FUZZ_EVENTS = [
  'conversation:open',
  'conversation:claim',
  'conversation:transfer',
  'conversation:close',
  'conversation:rate',
  'conversation:list',
  'message:send',
  'message:resync',
  'message:read',
  'agent:status',
  'typing',
  'offer:send',
  'offer:respond',
  'monitor:watch',
  'monitor:unwatch',
  'monitor:whisper',
  'monitor:takeover',
] as const satisfies readonly FuzzEvent[];

/** The same schema the server parses each event with (conversation:list's is local to it). */
export const eventSchemas: Record<FuzzEvent, z.ZodType> = {
  'conversation:open': openConversationSchema,
  'conversation:claim': conversationRefSchema,
  'conversation:transfer': transferConversationSchema,
  'conversation:close': closeConversationSchema,
  'conversation:rate': rateConversationSchema,
  'conversation:list': z.union([z.undefined(), z.null(), z.strictObject({})]),
  'message:send': sendMessageSchema,
  'message:resync': resyncSchema,
  'message:read': readSchema,
  'agent:status': agentStatusSchema,
  typing: typingSchema,
  'offer:send': sendOfferSchema,
  'offer:respond': respondOfferSchema,
  'monitor:watch': monitorWatchSchema,
  'monitor:unwatch': monitorUnwatchSchema,
  'monitor:whisper': monitorWhisperSchema,
  'monitor:takeover': monitorTakeoverSchema,
};

/** The largest JSON payload a case may have: a Socket.IO frame is capped at 64 KB. */
export const MAX_PAYLOAD_BYTES = 62_000;

/** What the server receives: Socket.IO sends JSON, so undefined becomes null, NaN null, -0 0. */
export function toWire(payload: unknown): unknown {
  return (JSON.parse(JSON.stringify([payload])) as unknown[])[0];
}

export function payloadBytes(payload: unknown): number {
  return Buffer.byteLength(JSON.stringify([payload]));
}

export function isValidFor(event: FuzzEvent, payload: unknown): boolean {
  return eventSchemas[event].safeParse(toWire(payload)).success;
}

/** A short, printable description of a payload for failure messages. */
export function preview(payload: unknown, max = 160): string {
  let text: string;
  try {
    text = JSON.stringify(payload) ?? String(payload);
  } catch {
    text = String(payload);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** An object with own properties only, even for keys like `__proto__` (a literal would set the prototype). */
export function own(entries: Array<[string, unknown]>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [key, value] of entries)
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  return o;
}

const clone = <T>(value: T): T => structuredClone(value);

// ---------------------------------------------------------------------------------------------
// Building blocks

export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '$ne',
  '$gt',
  '$where',
  '$expr',
  '$set',
  '$regex',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'polluted',
  '_id',
  'visitorId',
  'assigneeId',
  'kind',
  'role',
  'status',
  'author',
  'seq',
  'created',
  'visitorToken',
  'sd_session',
  'token',
  'isAdmin',
] as const;

export const mongoOperator: Arbitrary<unknown> = fc
  .constantFrom<unknown>(
    { $ne: null },
    { $ne: '' },
    { $gt: '' },
    { $gte: 0 },
    { $lt: 9e15 },
    { $exists: true },
    { $in: [null, '', 'closed'] },
    { $nin: [] },
    { $regex: '.*' },
    { $regex: '^', $options: 'si' },
    { $where: 'sleep(2000) || true' },
    { $expr: { $eq: [1, 1] } },
    { $or: [{}, { _id: { $ne: null } }] },
    { $not: { $eq: null } },
    { $elemMatch: { $ne: null } },
    { $type: 'string' },
    { $size: 0 },
    { $all: [] },
    { $function: { body: 'function(){return true}', args: [], lang: 'js' } },
  )
  .map(clone);

/** Objects that try to pollute prototypes, as own `__proto__` / `constructor.prototype` keys. */
export const pollution: Arbitrary<unknown> = fc
  .tuple(
    fc.constantFrom('__proto__', 'constructor'),
    fc.subarray(
      ['polluted', 'kind', 'role', 'assigneeId', 'visitorId', 'status', 'ok', 'isAdmin'],
      {
        minLength: 1,
      },
    ),
    fc.constantFrom<unknown>(true, 'yes', 'staff', 'admin', 'agent1', { $ne: null }, 1),
  )
  .map(([root, keys, value]) => {
    const inner = own(keys.map((k) => [k, clone(value)]));
    return root === '__proto__'
      ? own([['__proto__', inner]])
      : own([['constructor', own([['prototype', inner]])]]);
  });

const base64urlChars = fc.constantFrom(
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split(''),
);
const b64url = (max: number) => fc.string({ unit: base64urlChars, minLength: 0, maxLength: max });

/** Strings that look like JWTs (visitor tokens, staff session cookies) but are not ours. */
export const forgedToken: Arbitrary<string> = fc.oneof(
  fc.tuple(b64url(60), b64url(200), b64url(60)).map((parts) => parts.join('.')),
  fc.constantFrom(
    'forged.token.value',
    // {"alg":"none"} . {"kind":"staff","sub":"admin1","role":"admin","iss":"scriptdesk"} .
    'eyJhbGciOiJub25lIn0.eyJraW5kIjoic3RhZmYiLCJzdWIiOiJhZG1pbjEiLCJyb2xlIjoiYWRtaW4iLCJpc3MiOiJzY3JpcHRkZXNrIn0.',
    'Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo',
    'sd_session=forged; Path=/',
    'null',
    '.',
    '..',
  ),
);

/** Strings with a history: injections, markup, control characters, lookalikes. */
export const sneakyString: Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t\n\r',
    '\u0000',
    '\u200b',
    '\u202eevil',
    '\ufeff',
    'null',
    'undefined',
    'true',
    'NaN',
    '-1',
    '1e309',
    '[object Object]',
    '{"$ne":null}',
    "' OR '1'='1",
    '"; db.dropDatabase(); "',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '{{constructor.constructor("alert(1)")()}}',
    '${process.exit(1)}',
    '../../../etc/passwd',
    '%00',
    '\ud800',
    '𝕒𝕘𝕖𝕟𝕥𝟙',
    'аgent1', // Cyrillic а
    'AGENT1',
    'agent1 ',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
  forgedToken,
);

/** Strings from 4,001 characters up to a ~60 KB frame, in several encodings' worst cases. */
export const hugeString: Arbitrary<string> = fc.oneof(
  fc.integer({ min: 4001, max: 60_000 }).map((n) => 'A'.repeat(n)),
  fc.integer({ min: 4001, max: 60_000 }).map((n) => ' '.repeat(n)),
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.integer({ min: 4001, max: 29_000 }))
    .map(([chunk, n]) => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n)),
  fc.integer({ min: 4001, max: 19_000 }).map((n) => '界'.repeat(n)),
  fc.integer({ min: 2001, max: 14_000 }).map((n) => '😀'.repeat(n)),
  fc.integer({ min: 4001, max: 9_000 }).map((n) => '\u0000'.repeat(n)),
  fc.integer({ min: 4001, max: 59_000 }).map((n) => `${' '.repeat(n - 1)}x`),
);

/** Nesting from 20 to 2,500 levels of arrays, objects or both (hostile keys included). */
export const deepValue: Arbitrary<unknown> = fc
  .tuple(
    fc.integer({ min: 20, max: 2500 }),
    fc.constantFrom('array', 'object', 'mixed', 'proto'),
    fc.constantFrom<unknown>(null, 1, 'x', true, {}, []),
  )
  .map(([depth, shape, leaf]) => {
    let value: unknown = clone(leaf);
    for (let i = 0; i < depth; i++) {
      if (shape === 'array' || (shape === 'mixed' && i % 2 === 0)) value = [value];
      else if (shape === 'proto') value = own([[i % 3 === 0 ? '__proto__' : '$ne', value]]);
      else value = { a: value };
    }
    return value;
  });

export const outOfRangeNumber: Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    -1,
    0,
    -0,
    0.5,
    1.5,
    -1.5,
    2 ** 31,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 53),
    1e21,
    1e308,
    -1e308,
    Number.MIN_VALUE,
    Number.EPSILON,
    NaN,
    Infinity,
    -Infinity,
  ),
  fc.double({ noDefaultInfinity: false }),
  fc.integer({ min: -(2 ** 31), max: 0 }),
);

export const wrongType: Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, true, false, 0, 1, '', [], {}, [[]], [{}], [null]),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 30 }),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
  fc.object({ maxDepth: 2 }),
  fc.anything({ maxDepth: 3 }),
  fc.uint8Array({ minLength: 1, maxLength: 64 }),
);

/** Ids that are almost, or not at all, a conversation's id. */
export function nearMissId(ids: FuzzIds): Arbitrary<unknown> {
  const real = fc.constantFrom(ids.own, ids.foreign);
  return fc.oneof(
    real.map((id) => `${id} `),
    real.map((id) => ` ${id}`),
    real.map((id) => `${id}\u0000`),
    real.map((id) => `{${id}}`),
    real.map((id) => `urn:uuid:${id}`),
    real.map((id) => id.replaceAll('-', '')),
    real.map((id) => id.slice(0, -1)),
    real.map((id) => `${id}0`),
    real.map((id) => `${id}' || '1'=='1`),
    real.map((id) => `${id},${ids.foreign}`),
    real.map((id) => [id]),
    real.map((id) => ({ $eq: id })),
    real.map((id) => ({ _id: id })),
    real.map((id) => ({ $in: [id, ids.foreign] })),
    real.map((id) => own([['__proto__', id]])),
    fc.constantFrom('', '*', '.*', 'all', '0', 'null', '00000000-0000-0000-0000-00000000000g'),
    fc.uuid().map((id) => id.replace(/-/g, '_')),
    fc.integer(),
  );
}

export const badValue = (ids: FuzzIds): Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: wrongType },
    { weight: 3, arbitrary: sneakyString },
    { weight: 3, arbitrary: mongoOperator },
    { weight: 2, arbitrary: hugeString },
    { weight: 2, arbitrary: pollution },
    { weight: 1, arbitrary: deepValue },
    { weight: 2, arbitrary: nearMissId(ids) },
    { weight: 2, arbitrary: outOfRangeNumber },
  );

// ---------------------------------------------------------------------------------------------
// Per-event templates and field-specific near misses

export interface FuzzIds {
  /** A conversation that exists (the test's conversation A). */
  own: string;
  /** Another conversation that exists (B). */
  foreign: string;
}

type Path = Array<string | number>;

interface EventSpec {
  /** Valid payloads, pointing at A, B or a random conversation. */
  template: (ids: FuzzIds) => Arbitrary<Record<string, unknown>>;
  /** Fields to break, each with values that are nearly right for it. */
  fields: Array<{ path: Path; near: (ids: FuzzIds) => Arbitrary<unknown> }>;
}

const conversationId = (ids: FuzzIds) =>
  fc.oneof(
    fc.constant(ids.own),
    fc.constant(ids.foreign),
    fc.uuid({ version: 4 }),
    fc.uuid({ version: 7 }),
    fc.uuid(),
  );

const uuidField = { path: [] as Path, near: (ids: FuzzIds) => nearMissId(ids) };
const at = (path: Path, near: (ids: FuzzIds) => Arbitrary<unknown>) => ({ path, near });
const constants =
  (...values: unknown[]) =>
  () =>
    fc.constantFrom(...values).map(clone);
const positiveIntNearMiss = constants(0, -1, 1.5, '1', '2', true, null, NaN, 2 ** 53, 1e300, [1]);

const specs: Record<FuzzEvent, EventSpec> = {
  'conversation:open': {
    template: () =>
      fc.record(
        {
          locale: fc.constantFrom('zh-CN', 'en'),
          context: fc.record(
            {
              sku: fc.constantFrom('HUM-001', 'AP-2', 'X'),
              pageUrl: fc.constantFrom('https://shop.example/p/1', 'http://localhost/'),
              pageTitle: fc.string({ maxLength: 40 }),
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: ['locale'] },
      ),
    fields: [
      at(['locale'], constants('fr', 'EN', 'zh-cn', 'zh_CN', ' en', 'en\u0000', 'zh-CN,en', '*')),
      at(['context'], constants('HUM-001', [], [{ sku: 'HUM-001' }], 'https://shop.example')),
      at(
        ['context', 'sku'],
        constants('hum-001', 'A'.repeat(33), 'HUM 001', 'HUM-001\n', '', '../x'),
      ),
      at(
        ['context', 'pageUrl'],
        constants('not a url', 'shop.example/p/1', `https://shop.example/${'p'.repeat(500)}`, ''),
      ),
      at(['context', 'pageTitle'], constants('t'.repeat(201), 't'.repeat(60_000))),
      at(['context', 'visitorId'], constants('someone-else')),
    ],
  },
  'conversation:claim': {
    template: (ids) => fc.record({ conversationId: conversationId(ids) }),
    fields: [{ ...uuidField, path: ['conversationId'] }],
  },
  'conversation:transfer': {
    template: (ids) =>
      fc.record(
        {
          conversationId: conversationId(ids),
          to: fc.oneof(
            fc.record({ agentId: fc.constantFrom('agent2', 'agent3', 'agent4', 'ghost') }),
            fc.record({ skill: fc.constantFrom('en', 'zh-CN', 'fan') }),
          ),
          note: fc.string({ maxLength: 40 }),
        },
        { requiredKeys: ['conversationId', 'to'] },
      ),
    fields: [
      { ...uuidField, path: ['conversationId'] },
      at(
        ['to'],
        constants(
          {},
          { agentId: 'agent2', skill: 'en' },
          { agentId: '' },
          { skill: '' },
          { agentId: 'a'.repeat(65) },
          { skill: 's'.repeat(41) },
          'agent2',
          ['agent2'],
          { agent: 'agent2' },
        ),
      ),
      at(['to', 'agentId'], constants({ $ne: null }, 42, null, ['agent2'], '')),
      at(['to', 'skill'], constants({ $ne: null }, 42, null, ['en'], '')),
      at(['note'], constants('n'.repeat(501), 42, null, ['note'])),
    ],
  },
  'conversation:close': {
    template: (ids) =>
      fc.record({
        conversationId: conversationId(ids),
        disposition: fc.constantFrom(
          'purchased',
          'will_follow_up',
          'not_interested',
          'service_only',
          'complaint_resolved',
        ),
      }),
    fields: [
      { ...uuidField, path: ['conversationId'] },
      at(['disposition'], constants('PURCHASED', 'purchased ', 'deleted', '', 'closed', 0, null)),
    ],
  },
  'conversation:rate': {
    template: (ids) =>
      fc.record({ conversationId: conversationId(ids), rating: fc.integer({ min: 1, max: 5 }) }),
    fields: [
      { ...uuidField, path: ['conversationId'] },
      at(['rating'], constants(0, 6, 2.5, '5', null, -1, [5], NaN)),
    ],
  },
  'conversation:list': {
    template: () => fc.constant({}),
    fields: [
      at(['mine'], constants(true, 1, 'all')),
      at(['assigneeId'], constants('agent2', { $ne: null })),
      at(['status'], constants('queued', { $in: ['assigned', 'active'] })),
    ],
  },
  'message:send': {
    template: (ids) =>
      fc.record(
        {
          conversationId: conversationId(ids),
          clientMessageId: fc.uuid({ version: 4 }),
          text: fc.string({ minLength: 1, maxLength: 60 }).map((s) => `${s}x`),
          scriptId: fc.string({ maxLength: 20 }),
          scriptVersion: fc.integer({ min: 1, max: 50 }),
        },
        { requiredKeys: ['conversationId', 'clientMessageId', 'text'] },
      ),
    fields: [
      { ...uuidField, path: ['conversationId'] },
      { ...uuidField, path: ['clientMessageId'] },
      at(
        ['text'],
        constants('', ' ', '\n\t ', 'x'.repeat(4001), ' '.repeat(6000), 42, null, ['hi']),
      ),
      at(['scriptId'], constants('s'.repeat(81), 42, null, ['s'])),
      at(['scriptVersion'], positiveIntNearMiss),
      at(['seq'], constants(1, 999)),
      at(['author'], constants({ kind: 'agent', id: 'agent1', name: 'Mei' })),
      at(['createdAt'], constants('2000-01-01T00:00:00.000Z')),
    ],
  },
  'message:resync': {
    template: (ids) =>
      fc.record({
        conversations: fc.array(
          fc.record({
            conversationId: conversationId(ids),
            lastSeq: fc.integer({ min: 0, max: 5 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
      }),
    fields: [
      at(['conversations'], (ids) =>
        fc.oneof(
          fc.constant(Array.from({ length: 51 }, () => ({ conversationId: ids.own, lastSeq: 0 }))),
          fc.constantFrom<unknown>(ids.own, { conversationId: ids.own, lastSeq: 0 }, [[]], [null]),
        ),
      ),
      at(['conversations', 0], (ids) =>
        fc.constantFrom<unknown>(ids.own, [ids.own, 0], null, {}, { conversationId: ids.own }),
      ),
      { ...uuidField, path: ['conversations', 0, 'conversationId'] },
      at(['conversations', 0, 'lastSeq'], constants(-1, 0.5, '0', null, NaN, -Infinity, 2 ** 53)),
      at(['conversations', 0, 'visitorId'], constants('someone-else')),
    ],
  },
  'message:read': {
    template: (ids) =>
      fc.record({ conversationId: conversationId(ids), seq: fc.integer({ min: 1, max: 9 }) }),
    fields: [{ ...uuidField, path: ['conversationId'] }, at(['seq'], positiveIntNearMiss)],
  },
  'agent:status': {
    template: () => fc.record({ status: fc.constantFrom('online', 'away', 'offline') }),
    fields: [
      at(['status'], constants('ONLINE', 'busy', '', 'online ', ' away', 'offline\u0000', 1, null)),
      at(['agentId'], constants('agent2', 'supervisor1')),
      at(['capacity'], constants(999, -1)),
    ],
  },
  typing: {
    template: (ids) => fc.record({ conversationId: conversationId(ids), isTyping: fc.boolean() }),
    fields: [
      { ...uuidField, path: ['conversationId'] },
      at(['isTyping'], constants('true', 1, 0, null, 'yes', [])),
    ],
  },
  'offer:send': {
    template: (ids) =>
      fc.record({
        conversationId: conversationId(ids),
        clientMessageId: fc.uuid({ version: 4 }),
        offer: fc.oneof(
          fc.record({ kind: fc.constant('bundle'), bundleId: fc.constantFrom('BND-1', 'nope') }),
          fc.record({ kind: fc.constant('product'), sku: fc.constantFrom('HUM-001', 'X') }),
        ),
      }),
    fields: [
      { ...uuidField, path: ['conversationId'] },
      { ...uuidField, path: ['clientMessageId'] },
      at(
        ['offer'],
        constants(
          'BND-1',
          {},
          { kind: 'coupon', code: 'FREE' },
          { kind: 'bundle', sku: 'HUM-001' },
          { kind: 'product', bundleId: 'BND-1' },
          { kind: 'bundle', bundleId: 'BND-1', price: 0.01 },
          { kind: 'product', sku: 'HUM-001', card: { price: 0 } },
        ),
      ),
      at(['offer', 'kind'], constants('BUNDLE', 'gift', '', 1, null)),
      at(['offer', 'bundleId'], constants('', ' ', 'b'.repeat(65), { $ne: null }, 42)),
      at(['text'], constants('free stuff')),
    ],
  },
  'offer:respond': {
    template: (ids) =>
      fc.record({
        conversationId: conversationId(ids),
        seq: fc.integer({ min: 1, max: 9 }),
        response: fc.constantFrom('accepted', 'declined'),
      }),
    fields: [
      { ...uuidField, path: ['conversationId'] },
      at(['seq'], positiveIntNearMiss),
      at(['response'], constants('ACCEPTED', 'accept', 'yes', '', true, null, ['accepted'])),
      at(['offer'], constants({ response: { value: 'accepted' } })),
    ],
  },
  'monitor:watch': {
    template: (ids) =>
      fc.record(
        { conversationId: conversationId(ids), afterSeq: fc.integer({ min: 0, max: 9 }) },
        { requiredKeys: ['conversationId'] },
      ),
    fields: [
      { ...uuidField, path: ['conversationId'] },
      at(['afterSeq'], constants(-1, 0.5, '0', null, NaN, 2 ** 53, [0])),
    ],
  },
  'monitor:unwatch': {
    template: (ids) => fc.record({ conversationId: conversationId(ids) }),
    fields: [{ ...uuidField, path: ['conversationId'] }],
  },
  'monitor:whisper': {
    template: (ids) =>
      fc.record({
        conversationId: conversationId(ids),
        clientMessageId: fc.uuid({ version: 4 }),
        text: fc.string({ minLength: 1, maxLength: 60 }).map((s) => `${s}x`),
      }),
    fields: [
      { ...uuidField, path: ['conversationId'] },
      { ...uuidField, path: ['clientMessageId'] },
      at(['text'], constants('', ' ', 'x'.repeat(4001), 42, null, ['hi'])),
      at(['visibility'], constants('all', 'shopper')),
      at(['author'], constants({ kind: 'shopper', id: 'x', name: 'x' })),
    ],
  },
  'monitor:takeover': {
    template: (ids) => fc.record({ conversationId: conversationId(ids) }),
    fields: [
      { ...uuidField, path: ['conversationId'] },
      at(['agentId'], constants('agent2', 'supervisor1')),
    ],
  },
};

/** Sets `path` in `target` as an own property, creating objects/arrays on the way. */
function setPath(target: Record<string, unknown>, path: Path, value: unknown): void {
  let node: Record<string | number, unknown> = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = node[key];
    if (typeof next !== 'object' || next === null) {
      const created = typeof path[i + 1] === 'number' ? [] : {};
      node[key] = created;
      node = created as Record<string | number, unknown>;
    } else {
      node = next as Record<string | number, unknown>;
    }
  }
  const last = path[path.length - 1];
  if (last === undefined) return;
  Object.defineProperty(node, last, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Every field path a template can have: its own fields and the ones the spec breaks. */
function topLevelPaths(event: FuzzEvent): Path[] {
  const schema = eventSchemas[event] as unknown as { shape?: Record<string, unknown> };
  const keys = schema.shape ? Object.keys(schema.shape) : [];
  const extra = specs[event].fields.map((f) => f.path);
  return [...keys.map((k) => [k]), ...extra];
}

export interface FuzzCase {
  event: FuzzEvent;
  payload: unknown;
  /** How the payload was made (for the summary). */
  kind: string;
}

/** Payloads that are wrong for `event` in every way we can think of. */
export function badPayloads(event: FuzzEvent, ids: FuzzIds): Arbitrary<FuzzCase> {
  const spec = specs[event];
  const template = spec.template(ids);
  const paths = topLevelPaths(event);
  const bad = badValue(ids);
  const tag = (kind: string) => (payload: unknown) => ({ event, payload, kind });

  const wholeWrong = fc
    .oneof(wrongType, sneakyString, hugeString, mongoOperator, pollution, deepValue, forgedToken)
    .map(tag('whole payload of a wrong type'));

  const missing = template
    .chain((p) =>
      fc.tuple(
        fc.constant(p),
        fc.subarray(Object.keys(p), { minLength: Math.min(1, Object.keys(p).length) }),
      ),
    )
    .map(([p, drop]) => {
      const copy = clone(p);
      for (const key of drop) delete copy[key];
      return copy;
    })
    .map(tag('missing fields'));

  const extra = fc
    .tuple(
      template,
      fc.array(
        fc.tuple(
          fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ minLength: 1, maxLength: 20 })),
          fc.oneof(bad, forgedToken),
        ),
        { minLength: 1, maxLength: 5 },
      ),
    )
    .map(([p, entries]) => {
      const copy = clone(p);
      for (const [key, value] of entries) setPath(copy, [key], value);
      return copy;
    })
    .map(tag('extra fields'));

  const oneFieldGeneric = fc
    .tuple(template, fc.constantFrom(...paths), bad)
    .map(([p, path, value]) => {
      const copy = clone(p);
      setPath(copy, path, value);
      return copy;
    })
    .map(tag('one field: hostile value'));

  const nearMisses = spec.fields.map((f) =>
    fc.tuple(template, f.near(ids)).map(([p, value]) => {
      const copy = clone(p);
      setPath(copy, f.path, value);
      return copy;
    }),
  );
  const oneFieldNear = fc.oneof(...nearMisses).map(tag('one field: near miss'));

  const operatorsEverywhere = fc
    .tuple(template, mongoOperator)
    .map(([p, op]) => {
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(p)) copy[key] = clone(op);
      if (!Object.keys(copy).length) copy.$where = clone(op);
      return copy;
    })
    .map(tag('operators in every field'));

  const severalFields = fc
    .tuple(
      template,
      fc.array(fc.tuple(fc.constantFrom(...paths), bad), { minLength: 2, maxLength: 4 }),
    )
    .map(([p, changes]) => {
      const copy = clone(p);
      for (const [path, value] of changes) setPath(copy, path, value);
      return copy;
    })
    .map(tag('several fields'));

  const wrapped = template
    .chain((p) =>
      fc.constantFrom<unknown>(
        [p],
        { payload: p },
        { data: p },
        JSON.stringify(p),
        [p, p],
        own([['__proto__', p]]),
        { ...p, ...own([['constructor', { prototype: p }]]) },
      ),
    )
    .map(tag('wrapped or encoded'));

  return fc
    .oneof(
      { weight: 2, arbitrary: wholeWrong },
      { weight: 2, arbitrary: missing },
      { weight: 2, arbitrary: extra },
      { weight: 4, arbitrary: oneFieldGeneric },
      { weight: 3, arbitrary: oneFieldNear },
      { weight: 1, arbitrary: operatorsEverywhere },
      { weight: 1, arbitrary: severalFields },
      { weight: 1, arbitrary: wrapped },
    )
    .filter((c) => payloadBytes(c.payload) <= MAX_PAYLOAD_BYTES);
}

/**
 * Payloads the schema accepts, aimed at conversations the sender may not touch (A, B, random
 * or nil/max UUIDs, case variants): these exercise authorization rather than validation.
 */
export function authorizationProbes(event: FuzzEvent, ids: FuzzIds): Arbitrary<FuzzCase> {
  const variants = fc.oneof(
    fc.constant(ids.own),
    fc.constant(ids.foreign),
    fc.constant(ids.foreign.toUpperCase()),
    fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
    fc.uuid({ version: 4 }),
    fc.uuid(),
  );
  return fc
    .tuple(specs[event].template(ids), variants, fc.array(variants, { maxLength: 49 }))
    .map(([p, id, more]) => {
      const copy = clone(p);
      if ('conversationId' in copy) copy.conversationId = id;
      if (Array.isArray(copy.conversations)) {
        copy.conversations = [id, ...more].map((conversationId, i) => ({
          conversationId,
          lastSeq: i % 3,
        }));
      }
      return { event, payload: copy, kind: 'valid shape, foreign or unknown conversation' };
    });
}

export { fc };
