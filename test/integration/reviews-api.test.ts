import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../server/audit/audit-model';
import { Message, messageId, type MessageDoc } from '../../server/conversations/message-model';
import { Outcome, type OutcomeDoc } from '../../server/outcomes/outcome-model';
import { Review } from '../../server/reviews/review-model';
import { loadLibrary } from '../../server/scripts/library-files';
import type { QualityFlag } from '../../shared/schemas/outcome';
import {
  exemplaryDetailSchema,
  exemplaryItemSchema,
  myReviewSchema,
  reviewDetailSchema,
  reviewQueueSchema,
  reviewViewSchema,
  type ReviewDetail,
  type ReviewView,
} from '../../shared/schemas/review';
import { loginStaff } from '../helpers/chat-clients';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
let scriptPath: string;
const cookies: Record<string, string> = {};

// Four closed chats: c3 critical-flagged (oldest), c2 warning-flagged, c4 and c1 plain.
const c1 = randomUUID();
const c2 = randomUUID();
const c3 = randomUUID();
const c4 = randomUUID();
const PHONE = '13812345678';
const ADDRESS_DETAIL = '张江路123弄5号601室';

const flag = (severity: QualityFlag['severity'], seq: number | null, en: string): QualityFlag => ({
  rule: `rule-${severity}`,
  severity,
  reason: { 'zh-CN': `中文：${en}`, en },
  seq,
});

function outcome(id: string, fields: Partial<OutcomeDoc>): OutcomeDoc {
  const closedAt = fields.closedAt ?? new Date('2026-11-01T10:00:00Z');
  return {
    _id: id,
    visitorId: `v-${id.slice(0, 8)}`,
    customerId: null,
    shopperName: '访客',
    agentId: 'agent1',
    agentName: '小美 Mei',
    locale: 'zh-CN',
    segment: 'unknown',
    tier: null,
    openedAt: new Date(closedAt.getTime() - 600_000),
    closedAt,
    day: closedAt.toISOString().slice(0, 10),
    disposition: 'purchased',
    order: null,
    offers: [],
    objections: [],
    scripts: [],
    stages: [],
    satisfaction: null,
    timings: {
      shopperMessages: 2,
      agentMessages: 1,
      firstResponseMs: 5000,
      responseMsTotal: 5000,
      responses: 1,
      handleMs: 600_000,
    },
    quality: [],
    updatedAt: closedAt,
    ...fields,
  };
}

function line(conversationId: string, seq: number, kind: 'shopper' | 'agent', text: string) {
  const doc: MessageDoc & { _id: string } = {
    _id: messageId(conversationId, seq),
    conversationId,
    clientMessageId: `m-${seq}`,
    seq,
    author: {
      kind,
      id: kind === 'shopper' ? 'v1' : 'agent1',
      name: kind === 'shopper' ? '买家' : '小美',
    },
    text,
    createdAt: new Date(Date.UTC(2026, 10, 1, 9, 50, seq)),
  };
  return doc;
}

beforeAll(async () => {
  const [db, rd, { scripts }] = await Promise.all([
    startTestDatabase(),
    startTestRedis(),
    loadLibrary(),
  ]);
  database = db;
  redis = rd;
  const script = scripts.find((s) => s.locale === 'zh-CN')!;
  scriptPath = `/api/scripts/zh-CN/${script.id}/draft`;
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
  await Outcome.insertMany([
    outcome(c1, {
      shopperName: PHONE,
      segment: 'important_value',
      closedAt: new Date('2026-11-01T10:00:00Z'),
      objections: [{ category: 'price', seq: 3, overcome: true }],
      scripts: [{ scriptId: 'price-value', version: 1, variant: 'base', seq: 2 }],
    }),
    outcome(c2, {
      agentId: 'agent2',
      agentName: '阿杰 Jay',
      closedAt: new Date('2026-11-02T10:00:00Z'),
      disposition: 'will_follow_up',
      quality: [flag('warning', 2, 'Reply took 4 min')],
    }),
    outcome(c3, {
      closedAt: new Date('2026-10-30T10:00:00Z'),
      disposition: 'not_interested',
      quality: [flag('info', null, 'No greeting'), flag('critical', 2, 'Promised a false refund')],
    }),
    outcome(c4, {
      agentId: 'agent2',
      agentName: '阿杰 Jay',
      locale: 'en',
      closedAt: new Date('2026-11-03T10:00:00Z'),
      disposition: 'service_only',
      objections: [{ category: 'shipping', seq: 1, overcome: false }],
      scripts: [{ scriptId: 'ship-fast', version: 2, variant: 'b', seq: 2 }],
    }),
  ]);
  await Message.insertMany([
    line(c1, 1, 'shopper', `我的电话${PHONE}，地址上海市浦东新区${ADDRESS_DETAIL}`),
    line(c1, 2, 'agent', `好的，${ADDRESS_DETAIL}，已经记下了`),
    line(c1, 3, 'shopper', '这款加湿器现在有折扣吗？1999元有点贵'),
    line(c2, 1, 'shopper', '滤芯多久换一次？'),
    line(c2, 2, 'agent', '一般三个月换一次哦'),
    line(c3, 1, 'shopper', '不想要了'),
    line(c3, 2, 'agent', '可以全额退款的'),
    line(c4, 1, 'shopper', 'Can you ship a HUMIDIFIER to 221B Baker Street, London NW1 6XE?'),
    line(c4, 2, 'agent', 'Sure, it ships tomorrow (a.*b).'),
  ]);
  for (const username of ['agent1', 'agent2', 'trainer1', 'supervisor1']) {
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

async function queue(query = '', as = 'trainer1') {
  const res = await api(`/api/reviews/queue${query}`, { as });
  expect(res.status, await res.clone().text()).toBe(200);
  return reviewQueueSchema.parse(await res.json());
}
const ids = async (query = '') => (await queue(query)).rows.map((r) => r.conversationId);

async function reviewOf(id: string, as = 'trainer1'): Promise<ReviewDetail> {
  const res = await api(`/api/reviews/${id}`, { as });
  expect(res.status, await res.clone().text()).toBe(200);
  return reviewDetailSchema.parse(await res.json());
}
async function write(path: string, method: string, body: unknown, as = 'trainer1') {
  const res = await api(path, { method, body, as });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return reviewViewSchema.parse(((await res.json()) as { review: ReviewView }).review);
}

describe('reviews API', () => {
  it('rejects the unauthenticated, and agents on every trainer route', async () => {
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/reviews/queue'],
      ['GET', '/api/reviews/export.csv'],
      ['PUT', `/api/reviews/${c1}/score`, { scores: { greeting: 5 } }],
      ['POST', `/api/reviews/${c1}/annotations`, { seq: 1, text: '好' }],
      ['PUT', `/api/reviews/${c1}/exemplary`, { exemplary: true }],
      ['POST', `/api/reviews/${c1}/unmask`, { reason: 'check the address' }],
    ];
    const open: Array<[string, string]> = [
      ['GET', '/api/reviews/mine'],
      ['GET', `/api/reviews/${c1}`],
      ['GET', '/api/exemplary'],
      ['GET', `/api/exemplary/${c1}`],
    ];
    for (const [method, path, body] of [...routes, ...open]) {
      const res = await api(path, { method, body });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
    for (const [method, path, body] of routes) {
      const res = await api(path, { method, body, as: 'agent1' });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await errorCode(res)).toBe('E_FORBIDDEN');
    }
    expect(await Review.countDocuments()).toBe(0);
    // The refused unmask is on record; no unmask was.
    expect(
      await AuditLog.countDocuments({ action: 'transcript.unmask.denied', actor: 'agent1' }),
    ).toBe(1);
    expect(await AuditLog.countDocuments({ action: 'transcript.unmask' })).toBe(0);
  });

  it('lists flagged chats first, the most severe first, then the unreviewed newest first', async () => {
    const page = await queue();
    expect(page.rows.map((r) => r.conversationId)).toEqual([c3, c2, c4, c1]);
    expect(page).toMatchObject({ total: 4, page: 1, pageSize: 25 });
    const [critical, , , plain] = page.rows;
    expect(critical!.flags).toEqual({
      count: 2,
      top: {
        severity: 'critical',
        reason: { 'zh-CN': '中文：Promised a false refund', en: 'Promised a false refund' },
      },
    });
    expect(plain).toMatchObject({
      shopperName: '138****5678',
      segment: 'important_value',
      objections: ['price'],
      scripts: ['price-value'],
      flags: { count: 0, top: null },
      review: { reviewed: false, total: null, exemplary: false },
    });
    expect(JSON.stringify(page)).not.toContain(PHONE);
  });

  it('filters by agent, days, disposition, objection, script, segment, flags and text', async () => {
    expect(await ids('?agent=agent1')).toEqual([c3, c1]);
    expect(await ids('?from=2026-11-01&to=2026-11-02')).toEqual([c2, c1]);
    expect(await ids('?to=2026-10-31')).toEqual([c3]);
    expect(await ids('?disposition=service_only')).toEqual([c4]);
    expect(await ids('?objection=price')).toEqual([c1]);
    expect(await ids('?script=ship-fast')).toEqual([c4]);
    expect(await ids('?segment=important_value')).toEqual([c1]);
    expect(await ids('?flagged=true')).toEqual([c3, c2]);
    expect(await ids('?flagged=true&agent=agent2')).toEqual([c2]);
    expect(await ids('?q=折扣')).toEqual([c1]);
    // Case-insensitive, and the words are words, not a pattern.
    expect(await ids('?q=humidifier')).toEqual([c4]);
    expect(await ids('?q=a.*b')).toEqual([c4]);
    expect(await ids('?q=x.*y')).toEqual([]);
    // Trainers search what they see: a masked phone number finds nothing.
    expect(await ids(`?q=${PHONE}`)).toEqual([]);
    expect(await ids('?q=退款&agent=agent1')).toEqual([c3]);
    for (const bad of ['?flagged=yes', '?from=1.11.2026', '?disposition=won', '?page=0', '?x=1']) {
      const res = await api(`/api/reviews/queue${bad}`, { as: 'trainer1' });
      expect(res.status, bad).toBe(400);
      expect(await errorCode(res)).toBe('E_VALIDATION');
    }
  });

  it('shows the transcript masked, agent lines included; unmasking needs a reason and is audited', async () => {
    const detail = await reviewOf(c1);
    expect(detail.unmasked).toBe(false);
    expect(detail.review).toBeNull();
    expect(detail.outcome.shopperName).toBe('138****5678');
    expect(detail.transcript.map((l) => [l.seq, l.author.kind, l.text, l.masked])).toEqual([
      [1, 'shopper', '我的电话138****5678，地址上海市浦东新区****', true],
      [2, 'agent', '好的，****，已经记下了', true],
      [3, 'shopper', '这款加湿器现在有折扣吗？1999元有点贵', false],
    ]);
    const raw = JSON.stringify(detail);
    expect(raw).not.toContain(PHONE);
    expect(raw).not.toContain('张江路');

    const en = await reviewOf(c4, 'supervisor1');
    expect(en.transcript[0]!.text).toBe('Can you ship a HUMIDIFIER to ****, London ****?');

    const short = await api(`/api/reviews/${c1}/unmask`, {
      method: 'POST',
      as: 'trainer1',
      body: { reason: 'x' },
    });
    expect(short.status).toBe(400);
    expect(await AuditLog.countDocuments({ action: 'transcript.unmask' })).toBe(0);

    const res = await api(`/api/reviews/${c1}/unmask`, {
      method: 'POST',
      as: 'trainer1',
      body: { reason: '核对收货地址是否被客服念错' },
    });
    expect(res.status).toBe(200);
    const unmasked = reviewDetailSchema.parse(await res.json());
    expect(unmasked.unmasked).toBe(true);
    expect(unmasked.transcript[0]!.text).toBe(
      `我的电话${PHONE}，地址上海市浦东新区${ADDRESS_DETAIL}`,
    );
    expect(unmasked.transcript.every((l) => !l.masked)).toBe(true);
    const entries = await AuditLog.find({ action: 'transcript.unmask' }).lean();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: 'trainer1',
      subject: `conversation:${c1}`,
      details: { reason: '核对收货地址是否被客服念错' },
    });

    const missing = await api(`/api/reviews/${randomUUID()}`, { as: 'trainer1' });
    expect(missing.status).toBe(404);
    expect((await api('/api/reviews/not-an-id', { as: 'trainer1' })).status).toBe(400);
  });

  it('scores, annotates and marks exemplary, and reads it all back', async () => {
    const scored = await write(`/api/reviews/${c1}/score`, 'PUT', {
      scores: { greeting: 5, closing: 4, compliance: 3, attitude: null },
      comments: { compliance: '不要替客户做决定' },
      overall: '整体不错，复述地址要注意隐私',
    });
    // 5 + 4 + 3 = 12 out of 3 scored × 5 = 15.
    expect(scored).toMatchObject({
      agentId: 'agent1',
      reviewerId: 'trainer1',
      total: 12,
      maxTotal: 15,
      overall: '整体不错，复述地址要注意隐私',
    });
    expect(scored.scores).toEqual({
      greeting: 5,
      needs_discovery: null,
      recommendation: null,
      objection_handling: null,
      closing: 4,
      compliance: 3,
      attitude: null,
    });
    expect(scored.comments.compliance).toBe('不要替客户做决定');
    expect(scored.reviewedAt).not.toBeNull();

    for (const scores of [{ greeting: 6 }, { greeting: 0 }, { greeting: 2.5 }, { politeness: 3 }]) {
      const res = await api(`/api/reviews/${c1}/score`, {
        method: 'PUT',
        as: 'trainer1',
        body: { scores },
      });
      expect(res.status, JSON.stringify(scores)).toBe(400);
      expect(await errorCode(res)).toBe('E_VALIDATION');
    }

    const annotated = await write(`/api/reviews/${c1}/annotations`, 'POST', {
      seq: 2,
      text: '复述完整地址前先确认对方身份',
    });
    expect(annotated.annotations).toMatchObject([
      { seq: 2, text: '复述完整地址前先确认对方身份', by: 'trainer1' },
    ]);
    const second = await write(
      `/api/reviews/${c1}/annotations`,
      'POST',
      { seq: 3, text: '这里可以推荐套餐' },
      'supervisor1',
    );
    expect(second.annotations.map((a) => a.seq)).toEqual([2, 3]);
    // Scores survive the annotations.
    expect(second.total).toBe(12);

    const noLine = await api(`/api/reviews/${c1}/annotations`, {
      method: 'POST',
      as: 'trainer1',
      body: { seq: 99, text: '不存在的行' },
    });
    expect(noLine.status).toBe(400);
    expect(await errorCode(noLine)).toBe('E_VALIDATION');
    const otherChat = await api(`/api/reviews/${randomUUID()}/annotations`, {
      method: 'POST',
      as: 'trainer1',
      body: { seq: 1, text: '没有这个对话' },
    });
    expect(otherChat.status).toBe(404);

    const removed = await write(
      `/api/reviews/${c1}/annotations/${second.annotations[1]!.id}`,
      'DELETE',
      undefined,
    );
    expect(removed.annotations.map((a) => a.seq)).toEqual([2]);

    const marked = await write(`/api/reviews/${c1}/exemplary`, 'PUT', {
      exemplary: true,
      note: '价格异议处理得很好，新人可以学',
    });
    expect(marked.exemplary).toMatchObject({
      by: 'trainer1',
      note: '价格异议处理得很好，新人可以学',
    });

    const back = await reviewOf(c1);
    expect(back.review).toMatchObject({
      total: 12,
      exemplary: { note: '价格异议处理得很好，新人可以学' },
    });
    expect(back.review!.annotations).toHaveLength(1);

    // Every agent reads the exemplary library, masked, with the trainer's note.
    const list = await api('/api/exemplary', { as: 'agent2' });
    expect(list.status).toBe(200);
    const { items } = (await list.json()) as { items: unknown[] };
    expect(items.map((i) => exemplaryItemSchema.parse(i))).toMatchObject([
      {
        conversationId: c1,
        note: '价格异议处理得很好，新人可以学',
        markedBy: 'trainer1',
        total: 12,
      },
    ]);
    const one = await api(`/api/exemplary/${c1}`, { as: 'agent2' });
    const exemplary = exemplaryDetailSchema.parse(await one.json());
    expect(exemplary.transcript[0]!.text).toBe('我的电话138****5678，地址上海市浦东新区****');
    expect(exemplary.annotations.map((a) => a.seq)).toEqual([2]);
    expect((await api(`/api/exemplary/${c2}`, { as: 'agent2' })).status).toBe(404);

    // Reviewed chats move to the end of the queue.
    expect(await ids()).toEqual([c3, c2, c4, c1]);
    expect(await ids('?reviewed=true')).toEqual([c1]);
    expect(await ids('?reviewed=false')).toEqual([c3, c2, c4]);
    const row = (await queue('?reviewed=true')).rows[0]!;
    expect(row.review).toEqual({ reviewed: true, total: 12, maxTotal: 15, exemplary: true });

    const unmarked = await write(`/api/reviews/${c1}/exemplary`, 'PUT', { exemplary: false });
    expect(unmarked.exemplary).toBeNull();
    const after = (await (await api('/api/exemplary', { as: 'agent1' })).json()) as {
      items: unknown[];
    };
    expect(after.items).toEqual([]);
  });

  it("lets an agent read their own reviews and not another agent's", async () => {
    // c2 is agent2's: an annotation makes a review of it.
    await write(`/api/reviews/${c2}/annotations`, 'POST', { seq: 2, text: '回答准确' });

    const mine = await api('/api/reviews/mine', { as: 'agent1' });
    expect(mine.status).toBe(200);
    const { reviews } = (await mine.json()) as { reviews: unknown[] };
    const parsed = reviews.map((r) => myReviewSchema.parse(r));
    expect(parsed.map((r) => r.review.conversationId)).toEqual([c1]);
    expect(parsed[0]).toMatchObject({ shopperName: '138****5678', review: { total: 12 } });
    expect(parsed[0]!.review.annotations.map((a) => a.text)).toEqual([
      '复述完整地址前先确认对方身份',
    ]);

    const own = await reviewOf(c1, 'agent1');
    expect(own.transcript[0]!.text).toBe('我的电话138****5678，地址上海市浦东新区****');
    expect(own.review!.scores.greeting).toBe(5);

    // agent2's review, and agent1's own chat nobody reviewed yet: not found either way.
    for (const id of [c2, c3]) {
      const res = await api(`/api/reviews/${id}`, { as: 'agent1' });
      expect(res.status, id).toBe(404);
      expect(await errorCode(res)).toBe('E_NOT_FOUND');
    }
    expect((await api(`/api/reviews/${c1}`, { as: 'agent2' })).status).toBe(404);
    const theirs = (await (await api('/api/reviews/mine', { as: 'agent2' })).json()) as {
      reviews: Array<{ review: { conversationId: string } }>;
    };
    expect(theirs.reviews.map((r) => r.review.conversationId)).toEqual([c2]);
  });

  it('does not let a trainer change the script library', async () => {
    const res = await api(scriptPath, { method: 'PUT', as: 'trainer1', body: { text: '改一下' } });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('E_FORBIDDEN');
  });

  it('exports the filtered transcripts masked, as UTF-8 CSV with a BOM, and audits it', async () => {
    const res = await api('/api/reviews/export.csv?agent=agent1', { as: 'supervisor1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const rows = text.trimEnd().split('\r\n');
    expect(rows[0]).toBe('conversationId,seq,author,time,text');
    // Queue order: c3 (flagged) first, then c1 (reviewed); one row per message.
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 3).join(','))).toEqual([
      `${c3},1,shopper`,
      `${c3},2,agent`,
      `${c1},1,shopper`,
      `${c1},2,agent`,
      `${c1},3,shopper`,
    ]);
    expect(rows[3]).toBe(
      `${c1},1,shopper,2026-11-01T09:50:01.000Z,我的电话138****5678，地址上海市浦东新区****`,
    );
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain('张江路');

    const entry = await AuditLog.findOne({ action: 'transcripts.export' }).lean();
    expect(entry).toMatchObject({
      actor: 'supervisor1',
      details: { filters: { agent: 'agent1' }, conversations: 2, lines: 5, masked: true },
    });
  });
});
