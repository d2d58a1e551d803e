import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../server/audit/audit-model';
import { Conversation } from '../../server/conversations/conversation-model';
import { Message, messageId } from '../../server/conversations/message-model';
import { Outcome } from '../../server/outcomes/outcome-model';
import { evaluateClosedConversation } from '../../server/quality/evaluate-closed-conversation';
import { readQualityRulesFile } from '../../server/quality/quality-rules-file';
import {
  createQualityRulesStore,
  QualityRulesModel,
} from '../../server/quality/quality-rules-store';
import type { QualityFlag } from '../../shared/schemas/outcome';
import {
  qualityDryRunResultSchema,
  qualityRulesStateSchema,
  type QualityDryRunResult,
  type QualityRules,
  type QualityRulesState,
} from '../../shared/schemas/quality-rules';
import { loginStaff } from '../helpers/chat-clients';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  [database, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  server = await startServerProcess({
    env: {
      MONGODB_URI: database.uri,
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '20',
      DEMO_ORDERS: '60',
      SHOP_IDENTITY_SECRET: 'test-shop-identity-secret-0123456789abcdef',
      SESSION_SECRET: 'test-session-secret-0123456789abcdef0123',
    },
  });
  await mongoose.connect(database.uri);
  for (const username of ['agent1', 'trainer1', 'supervisor1', 'admin1']) {
    cookies[username] = await loginStaff(server.url, username);
  }
});
afterAll(async () => {
  await mongoose.disconnect();
  await server?.remove();
  await redis?.stop();
  await database?.remove();
});

const api = (path: string, init: { method?: string; body?: unknown; as?: string } = {}) =>
  fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(init.as ? { cookie: cookies[init.as]! } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;

async function currentState(as = 'supervisor1'): Promise<QualityRulesState> {
  const res = await api('/api/quality/rules', { as });
  expect(res.status).toBe(200);
  return qualityRulesStateSchema.parse(await res.json());
}
const storedDoc = () => QualityRulesModel.findById('current').lean();

async function dryRun(rules: QualityRules, days: number): Promise<QualityDryRunResult> {
  const res = await api('/api/quality/dry-run', {
    method: 'POST',
    as: 'supervisor1',
    body: { rules, days },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return qualityDryRunResultSchema.parse(await res.json());
}

describe('quality rules API', () => {
  it('rejects the unauthenticated and the wrong roles, changing nothing', async () => {
    const rules = readQualityRulesFile();
    for (const res of await Promise.all([
      api('/api/quality/rules'),
      api('/api/quality/rules', { method: 'PUT', body: { version: 1, rules } }),
      api('/api/quality/dry-run', { method: 'POST', body: { rules } }),
    ])) {
      expect(res.status).toBe(401);
      expect(await errorCode(res)).toBe('E_UNAUTHENTICATED');
    }
    const refused = [
      api('/api/quality/rules', { as: 'agent1' }),
      ...['agent1', 'trainer1'].flatMap((as) => [
        api('/api/quality/rules', { method: 'PUT', as, body: { version: 1, rules } }),
        api('/api/quality/dry-run', { method: 'POST', as, body: { rules } }),
      ]),
    ];
    for (const res of await Promise.all(refused)) {
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('E_FORBIDDEN');
    }
  });

  it('starts from the default rule file, readable by trainers', async () => {
    const state = await currentState('trainer1');
    expect(state).toMatchObject({ version: 1, updatedBy: 'system' });
    expect(state.rules).toEqual(readQualityRulesFile());
    expect(await storedDoc()).toMatchObject({ version: 1, updatedBy: 'system' });
  });

  it('refuses a bad body with E_VALIDATION and keeps the stored rules', async () => {
    const before = await storedDoc();
    const { rules } = await currentState();
    const bad = [
      {
        version: 1,
        rules: { ...rules, slow_reply: { ...rules.slow_reply, thresholdSeconds: -1 } },
      },
      { version: 1, rules: { ...rules, extra: true } },
      { rules },
      {
        version: 1,
        rules: {
          ...rules,
          shopper_frustration: {
            ...rules.shopper_frustration,
            phrases: { ...rules.shopper_frustration.phrases, en: ['slow', 'SLOW'] },
          },
        },
      },
    ];
    for (const body of bad) {
      const res = await api('/api/quality/rules', { method: 'PUT', as: 'supervisor1', body });
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('E_VALIDATION');
    }
    expect(await storedDoc()).toEqual(before);
  });

  it('saves a change from the current version, audited, and refuses one from a stale version', async () => {
    const { rules } = await currentState();
    const changed = { ...rules, slow_reply: { ...rules.slow_reply, thresholdSeconds: 120 } };
    const res = await api('/api/quality/rules', {
      method: 'PUT',
      as: 'supervisor1',
      body: { version: 1, rules: changed },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(qualityRulesStateSchema.parse(await res.json())).toMatchObject({
      version: 2,
      updatedBy: 'supervisor1',
      rules: changed,
    });

    const stale = await api('/api/quality/rules', {
      method: 'PUT',
      as: 'admin1',
      body: { version: 1, rules },
    });
    expect(stale.status).toBe(409);
    expect(await errorCode(stale)).toBe('E_QUALITY_CONFLICT');
    expect(await storedDoc()).toMatchObject({ version: 2, rules: changed });

    // An admin may change them too, from the version now current.
    const louder = {
      ...changed,
      shopper_frustration: { ...changed.shopper_frustration, severity: 'critical' as const },
    };
    const byAdmin = await api('/api/quality/rules', {
      method: 'PUT',
      as: 'admin1',
      body: { version: 2, rules: louder },
    });
    expect(byAdmin.status, await byAdmin.clone().text()).toBe(200);
    expect((await currentState('trainer1')).rules).toEqual(louder);

    const audit = await AuditLog.find({ action: 'quality.rules.update' }).sort({ at: 1 }).lean();
    expect(audit.map((a) => [a.actor, a.subject, a.details])).toEqual([
      [
        'supervisor1',
        'quality_rules',
        { fromVersion: 1, version: 2, changed: { slow_reply: changed.slow_reply } },
      ],
      [
        'admin1',
        'quality_rules',
        {
          fromVersion: 2,
          version: 3,
          changed: { shopper_frustration: louder.shopper_frustration },
        },
      ],
    ]);
  });
});

describe('rules store', () => {
  it('keeps its copy for 5 s, then reads the saved rules again', async () => {
    let clock = 1_000_000;
    const store = createQualityRulesStore({ now: () => clock });
    const first = await store.current();
    const saved = await api('/api/quality/rules', {
      method: 'PUT',
      as: 'supervisor1',
      body: {
        version: first.version,
        rules: { ...first.rules, unanswered_objection: { enabled: true, severity: 'info' } },
      },
    });
    expect(saved.status, await saved.clone().text()).toBe(200);
    clock += 4_999;
    expect((await store.current()).version).toBe(first.version);
    clock += 1;
    expect(await store.current()).toMatchObject({
      version: first.version + 1,
      rules: { unanswered_objection: { severity: 'info' } },
    });
    // Put it back as it was, for the checks below.
    const back = await api('/api/quality/rules', {
      method: 'PUT',
      as: 'supervisor1',
      body: { version: first.version + 1, rules: first.rules },
    });
    expect(back.status).toBe(200);
  });
});

// Conversations written as the message store writes them; times in seconds after `base`.
const base = Date.now() - 2 * 3_600_000;
const at = (seconds: number, from = base) => new Date(from + seconds * 1000);
type Line = [seconds: number, kind: 'shopper' | 'agent', text: string, visibility?: 'staff'];

async function writeMessages(conversationId: string, lines: Line[], from = base): Promise<void> {
  await Message.create(
    lines.map(([seconds, kind, text, visibility], i) => ({
      _id: messageId(conversationId, i + 1),
      conversationId,
      clientMessageId: randomUUID(),
      seq: i + 1,
      author: { kind, id: kind === 'agent' ? 'agent1' : 'visitor-1', name: kind },
      text,
      createdAt: at(seconds, from),
      ...(visibility ? { visibility } : {}),
    })),
  );
}

const convA = randomUUID();
const convB = randomUUID();
const convC = randomUUID();
const convOld = randomUUID();
const oldBase = Date.now() - 10 * 86_400_000;

describe('evaluateClosedConversation', () => {
  beforeAll(async () => {
    await writeMessages(convA, [
      [0, 'shopper', '在吗，这款加湿器多少钱'],
      [150, 'agent', '亲，这款是全网最低价，199元'],
      [170, 'shopper', '怎么还不回？？？'],
      [175, 'agent', '先安抚一下，别再说最低价了', 'staff'],
      [200, 'agent', '抱歉久等了'],
      [400, 'shopper', '太贵了，能便宜点吗'],
    ]);
    await writeMessages(convB, [
      [0, 'shopper', 'Hi, is the filter in stock?'],
      [20, 'agent', "Yes! At first you may hear a hum, that's normal."],
      [800, 'shopper', 'ok thanks'],
      [810, 'agent', "You're welcome"],
    ]);
    await Conversation.create({
      _id: convB,
      visitorId: 'visitor-2',
      shopperName: 'Amy',
      status: 'closed',
      skill: 'presales',
      locale: 'en',
      closedAt: at(820),
    });
    await writeMessages(convC, [
      [0, 'shopper', '滤芯多久换一次'],
      [10, 'agent', '建议三个月换一次'],
    ]);
    await writeMessages(convOld, [[0, 'shopper', '有人吗']], oldBase);
  });

  it('flags each offending message with the rules in force', async () => {
    const flags = await evaluateClosedConversation(convA, 'zh-CN', { closedAt: at(600) });
    // seq 2: first reply after 150 s (> 60 s); 全网最 and 最低价. seq 3: ？？？ and 怎么还不回,
    // critical since the admin's change. The whisper (seq 4) answers nothing, so seq 5 answers seq 3 after 30 s.
    // seq 6: unanswered at close after 600 − 400 = 200 s (> 120 s since the supervisor's change); a price objection.
    const expected: QualityFlag[] = [
      {
        rule: 'slow_first_response',
        severity: 'warning',
        reason: {
          'zh-CN': '首次响应用时 2 分 30 秒（上限 1 分钟）',
          en: 'First response took 2 min 30 s (limit 1 min)',
        },
        seq: 2,
      },
      {
        rule: 'risky_phrase',
        severity: 'critical',
        reason: {
          'zh-CN':
            '使用了风险用语：「全网最」（广告法禁用的绝对化用语）、「最低价」（广告法禁用的绝对化用语）',
          en: 'Risky wording: "全网最" (absolute claim banned in ads), "最低价" (absolute claim banned in ads)',
        },
        seq: 2,
      },
      {
        rule: 'shopper_frustration',
        severity: 'critical',
        reason: {
          'zh-CN': '买家表现出不满：「怎么还不回」、「？？？」',
          en: 'The shopper sounds frustrated: "怎么还不回", "？？？"',
        },
        seq: 3,
      },
      {
        rule: 'slow_reply',
        severity: 'warning',
        reason: {
          'zh-CN': '买家的消息到会话结束仍未回复，已等待 3 分 20 秒（上限 2 分钟）',
          en: "The shopper's message was still unanswered at close after 3 min 20 s (limit 2 min)",
        },
        seq: 6,
      },
      {
        rule: 'unanswered_objection',
        severity: 'warning',
        reason: {
          'zh-CN': '买家提出的异议（价格异议）到会话结束都没有得到回复',
          en: "The shopper's objection (Price) got no reply before the close",
        },
        seq: 6,
      },
    ];
    expect(flags).toEqual(expected);
    // The whisper was stored as one (else its 最低价 would be flagged too).
    expect(await Message.findById(messageId(convA, 4)).lean()).toMatchObject({
      visibility: 'staff',
    });
  });

  it("takes the close time from the conversation, and reads only that conversation's messages", async () => {
    // 20 → 800 s: 780 s = 13 min of silence (> 600 s); "At first" is an exception.
    expect(await evaluateClosedConversation(convB, 'en')).toEqual([
      {
        rule: 'long_silence',
        severity: 'info',
        reason: {
          'zh-CN': '此前双方沉默 13 分钟（上限 10 分钟）',
          en: 'No message from either side for 13 min before this one (limit 10 min)',
        },
        seq: 3,
      },
    ]);
    expect(await evaluateClosedConversation(convC, 'zh-CN', { closedAt: at(20) })).toEqual([]);
  });
});

describe('dry run', () => {
  const outcome = (conversationId: string, locale: 'zh-CN' | 'en', closedAt: Date) => ({
    _id: conversationId,
    visitorId: `visitor-${conversationId.slice(0, 4)}`,
    customerId: null,
    shopperName: 'shopper',
    agentId: 'agent1',
    agentName: 'agent1',
    locale,
    segment: 'unknown',
    tier: null,
    openedAt: new Date(closedAt.getTime() - 3_600_000),
    closedAt,
    day: closedAt.toISOString().slice(0, 10),
    disposition: 'service_only',
    order: null,
    offers: [],
    objections: [],
    scripts: [],
    stages: [],
    satisfaction: null,
    timings: {
      shopperMessages: 0,
      agentMessages: 0,
      firstResponseMs: null,
      responseMsTotal: 0,
      responses: 0,
      handleMs: null,
    },
    quality: [],
    updatedAt: closedAt,
  });

  it('counts per rule what the proposed rules would flag, beside the rules in force', async () => {
    const { rules: current } = await currentState();
    const proposed: QualityRules = {
      ...current,
      risky_phrase: { ...current.risky_phrase, enabled: false },
      long_silence: { ...current.long_silence, thresholdSeconds: 900 },
    };
    // Whatever the seeded shop already holds is the baseline.
    const before7 = await dryRun(proposed, 7);
    const before30 = await dryRun(proposed, 30);

    await Outcome.create([
      outcome(convA, 'zh-CN', at(600)),
      outcome(convB, 'en', at(820)),
      outcome(convC, 'zh-CN', at(20)),
      // Closed 10 days ago, unanswered for 300 s: only a 30-day dry run sees it.
      outcome(convOld, 'zh-CN', at(300, oldBase)),
    ]);

    const delta = (after: QualityDryRunResult, before: QualityDryRunResult) =>
      Object.fromEntries(
        after.rules.map((r, i) => {
          const b = before.rules[i]!;
          return [
            r.rule,
            [
              r.conversations - b.conversations,
              r.flags - b.flags,
              r.currentConversations - b.currentConversations,
            ],
          ];
        }),
      );
    const after7 = await dryRun(proposed, 7);
    expect(after7).toMatchObject({ days: 7, truncated: false });
    expect(after7.conversations - before7.conversations).toBe(3);
    // [conversations, flags, currentConversations] added by A, B, C: A's flags as above; B's
    // 13 min silence passes the proposed 15 min limit; the risky phrase rule is off.
    expect(delta(after7, before7)).toEqual({
      slow_first_response: [1, 1, 1],
      slow_reply: [1, 1, 1],
      long_silence: [0, 0, 1],
      risky_phrase: [0, 0, 1],
      shopper_frustration: [1, 1, 1],
      unanswered_objection: [1, 1, 1],
    });
    expect(after7.rules.find((r) => r.rule === 'risky_phrase')).toMatchObject({
      conversations: 0,
      flags: 0,
    });

    const after30 = await dryRun(proposed, 30);
    expect(after30.conversations - before30.conversations).toBe(4);
    expect(delta(after30, before30).slow_first_response).toEqual([2, 2, 2]);
  });

  it('refuses more than 30 days or a bad rule set', async () => {
    const { rules } = await currentState();
    for (const body of [
      { rules, days: 31 },
      { rules, days: 0 },
      { rules: { ...rules, slow_reply: { enabled: true } } },
    ]) {
      const res = await api('/api/quality/dry-run', { method: 'POST', as: 'supervisor1', body });
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('E_VALIDATION');
    }
  });
});
