import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signShopCustomer } from '../../server/auth/shop-identity';
import { connectStaff, loginStaff } from '../helpers/chat-clients';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

let redis: TestRedis;
let server: ServerProcess;
const shopSecret = 'test-shop-identity-secret-0123456789abcdef';

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startServerProcess({
    env: {
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '20',
      DEMO_ORDERS: '60',
      SHOP_IDENTITY_SECRET: shopSecret,
      SESSION_SECRET: 'test-session-secret-0123456789abcdef0123',
    },
  });
});
afterAll(async () => {
  await server?.remove();
  await redis?.stop();
});

const api = (path: string, init: { method?: string; body?: unknown; cookie?: string } = {}) =>
  fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(init.cookie ? { cookie: init.cookie } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;

describe('staff sign-in', () => {
  it('signs in with an httpOnly SameSite cookie and knows who you are', async () => {
    const res = await api('/api/auth/login', {
      method: 'POST',
      body: { username: 'agent2', password: 'demo-agent2' },
    });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/sd_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const me = await api('/api/auth/me', { cookie: setCookie.split(';')[0] });
    expect(await me.json()).toEqual({
      user: { username: 'agent2', displayName: '阿杰 Jay', role: 'agent' },
    });
  });

  it('refuses a wrong password, malformed bodies and then rate-limits', async () => {
    const wrong = await api('/api/auth/login', {
      method: 'POST',
      body: { username: 'agent4', password: 'nope' },
    });
    expect(wrong.status).toBe(401);
    expect(await errorCode(wrong)).toBe('E_BAD_CREDENTIALS');
    const malformed = await api('/api/auth/login', {
      method: 'POST',
      body: { username: { $ne: null }, password: 'x' },
    });
    expect(malformed.status).toBe(400);
    expect(await errorCode(malformed)).toBe('E_VALIDATION');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (
          await api('/api/auth/login', {
            method: 'POST',
            body: { username: 'agent4', password: `bad${i}` },
          })
        ).status,
      );
    }
    expect(statuses.at(-1)).toBe(429);
    // Even the right password is refused while blocked.
    const blocked = await api('/api/auth/login', {
      method: 'POST',
      body: { username: 'agent4', password: 'demo-agent4' },
    });
    expect(blocked.status).toBe(429);
  });

  it('revokes the session on logout, for HTTP and for the socket handshake', async () => {
    const cookie = await loginStaff(server.url, 'agent3');
    expect((await api('/api/auth/me', { cookie })).status).toBe(200);
    expect((await api('/api/auth/logout', { method: 'POST', cookie })).status).toBe(204);
    expect((await api('/api/auth/me', { cookie })).status).toBe(401);
    await expect(connectStaff(server.url, cookie)).rejects.toThrow(/E_UNAUTHENTICATED/);
  });
});

describe('staff administration', () => {
  it('rejects the unauthenticated and the wrong role', async () => {
    expect((await api('/api/admin/staff')).status).toBe(401);
    const supervisor = await loginStaff(server.url, 'supervisor1');
    const res = await api('/api/admin/staff', { cookie: supervisor });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('E_FORBIDDEN');
  });

  it('lets an admin create an agent, change their role and capacity, with an immediate effect', async () => {
    const admin = await loginStaff(server.url, 'admin1');
    const created = await api('/api/admin/staff', {
      method: 'POST',
      cookie: admin,
      body: {
        username: 'agent9',
        displayName: '小九',
        role: 'agent',
        password: 'long-enough-pw',
        skills: ['zh-CN'],
        maxConcurrentChats: 5,
      },
    });
    expect(created.status).toBe(201);
    const agent9 = await loginStaff(server.url, 'agent9', 'long-enough-pw');
    expect((await api('/api/auth/me', { cookie: agent9 })).status).toBe(200);

    const bad = await api('/api/admin/staff/agent9', {
      method: 'PATCH',
      cookie: admin,
      body: { maxConcurrentChats: 500 },
    });
    expect(bad.status).toBe(400);

    const promoted = await api('/api/admin/staff/agent9', {
      method: 'PATCH',
      cookie: admin,
      body: { role: 'supervisor', maxConcurrentChats: 10 },
    });
    expect(await promoted.json()).toMatchObject({
      staff: { role: 'supervisor', maxConcurrentChats: 10 },
    });
    // The old session carried the old role: it no longer works.
    expect((await api('/api/auth/me', { cookie: agent9 })).status).toBe(401);
    const again = await loginStaff(server.url, 'agent9', 'long-enough-pw');
    expect(await (await api('/api/auth/me', { cookie: again })).json()).toMatchObject({
      user: { role: 'supervisor' },
    });

    const listed = await api('/api/admin/staff', { cookie: admin });
    expect(listed.status, await listed.clone().text()).toBe(200);
    const list = (await listed.json()) as {
      staff: Array<{ username: string }>;
    };
    expect(list.staff.map((s) => s.username)).toContain('agent9');
    expect(JSON.stringify(list)).not.toMatch(/passwordHash|argon2/);
  });
});

describe('shopper identity', () => {
  it('recognises a shop customer only through a token signed by the shop backend', async () => {
    const good = await api('/api/visitor/session', {
      method: 'POST',
      body: { shopCustomerToken: signShopCustomer(shopSecret, 'C000001') },
    });
    expect(await good.json()).toMatchObject({ customerId: 'C000001' });
    const forged = await api('/api/visitor/session', {
      method: 'POST',
      body: {
        shopCustomerToken: signShopCustomer('some-other-secret-0123456789abcdef012', 'C000001'),
      },
    });
    expect(forged.status).toBe(401);
    const expired = await api('/api/visitor/session', {
      method: 'POST',
      body: {
        shopCustomerToken: signShopCustomer(shopSecret, 'C000001', 60, Date.now() - 3_600_000),
      },
    });
    expect(expired.status).toBe(401);
  });

  it('keeps the same visitor across visits, but not for a different signed-in customer', async () => {
    const first = (await (
      await api('/api/visitor/session', { method: 'POST', body: {} })
    ).json()) as { visitorId: string; visitorToken: string };
    const again = (await (
      await api('/api/visitor/session', {
        method: 'POST',
        body: { visitorToken: first.visitorToken },
      })
    ).json()) as { visitorId: string };
    expect(again.visitorId).toBe(first.visitorId);
    const asCustomer = (await (
      await api('/api/visitor/session', {
        method: 'POST',
        body: {
          visitorToken: first.visitorToken,
          shopCustomerToken: signShopCustomer(shopSecret, 'C000002'),
        },
      })
    ).json()) as { visitorId: string; visitorToken: string };
    const otherCustomer = (await (
      await api('/api/visitor/session', {
        method: 'POST',
        body: {
          visitorToken: asCustomer.visitorToken,
          shopCustomerToken: signShopCustomer(shopSecret, 'C000003'),
        },
      })
    ).json()) as { visitorId: string };
    expect(otherCustomer.visitorId).not.toBe(asCustomer.visitorId);
  });
});
