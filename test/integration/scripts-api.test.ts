import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose, { trusted } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../server/audit/audit-model';
import { loadLibrary, writeLibrary } from '../../server/scripts/library-files';
import { ScriptModel, ScriptVersionModel } from '../../server/scripts/script-model';
import type { Script } from '../../shared/schemas/script';
import { loginStaff } from '../helpers/chat-clients';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
let library: Script[];
const cookies: Record<string, string> = {};

beforeAll(async () => {
  [database, redis, { scripts: library }] = await Promise.all([
    startTestDatabase(),
    startTestRedis(),
    loadLibrary(),
  ]);
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
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error;

type Published = Script & { version: number };
async function list(query = '', as = 'agent1'): Promise<Published[]> {
  const res = await api(`/api/scripts${query}`, { as });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { scripts: Published[] }).scripts;
}
async function exportFiles(as = 'supervisor1'): Promise<Record<string, string>> {
  const res = await api('/api/scripts/export', { as });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { files: Record<string, string> }).files;
}
const strip = ({ version: _v, ...script }: Published): Script => script;

// The script every edit below works on: the first of the zh-CN library.
const target = () => library.find((s) => s.locale === 'zh-CN')!;
const editable = (script: Script) => {
  const { id: _id, locale: _locale, ...fields } = script;
  return fields;
};

describe('scripts API', () => {
  it('seeds the library on first start: every script of scripts-library/ as version 1', async () => {
    const scripts = await list();
    expect(scripts.length).toBe(library.length);
    expect(scripts.map(strip)).toEqual(library);
    expect(scripts.every((s) => s.version === 1)).toBe(true);
    expect(await ScriptModel.countDocuments()).toBe(library.length);
    expect(await ScriptVersionModel.countDocuments()).toBe(library.length);
    const v1 = await ScriptVersionModel.findById(`zh-CN:${target().id}:v1`).lean();
    expect(v1).toMatchObject({ version: 1, publishedBy: 'library' });

    const zh = await list('?locale=zh-CN');
    expect(zh.length).toBe(library.filter((s) => s.locale === 'zh-CN').length);
    const bargaining = await list('?locale=en&scenario=bargaining&stage=handle_objection');
    expect(bargaining.length).toBeGreaterThan(0);
    expect(bargaining.every((s) => s.locale === 'en' && s.scenario === 'bargaining')).toBe(true);
    const price = await list('?objection=price');
    expect(price.length).toBeGreaterThan(0);
    expect(price.every((s) => s.objection === 'price')).toBe(true);

    // q is case-insensitive and finds a script through its counterpart in the other language.
    const en = library.find((s) => s.locale === 'en' && s.id === target().id)!;
    const word = en.title
      .split(' ')
      .find((w) => w.length > 3)!
      .toUpperCase();
    const found = await list(`?locale=zh-CN&q=${encodeURIComponent(word)}`);
    expect(found.map((s) => s.id)).toContain(target().id);
    expect((await list('?q=zzzz-no-such-words')).length).toBe(0);

    const bad = await api('/api/scripts?locale=fr', { as: 'agent1' });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe('E_VALIDATION');
  });

  it('lets any staff read, refuses the unauthenticated (401) and agents and trainers writing (403)', async () => {
    const { id } = target();
    const one = await api(`/api/scripts/zh-CN/${id}`, { as: 'trainer1' });
    expect(one.status).toBe(200);
    const { script } = (await one.json()) as {
      script: { draft: unknown; publishedVersion: number; versions: { version: number }[] };
    };
    expect(script).toMatchObject({ draft: null, publishedVersion: 1 });
    expect(script.versions.map((v) => v.version)).toEqual([1]);

    const auditBefore = await AuditLog.countDocuments();
    const writes = (as?: string) => [
      api('/api/scripts', { method: 'POST', as, body: { ...target(), id: 'new-one' } }),
      api(`/api/scripts/zh-CN/${id}/draft`, {
        method: 'PUT',
        as,
        body: { ...editable(target()), text: '改过了' },
      }),
      api(`/api/scripts/zh-CN/${id}/draft`, { method: 'DELETE', as }),
      api(`/api/scripts/zh-CN/${id}/publish`, { method: 'POST', as, body: {} }),
      api(`/api/scripts/zh-CN/${id}/rollback`, { method: 'POST', as, body: { version: 1 } }),
      api('/api/scripts/export', { as }),
      api('/api/scripts/import', { method: 'POST', as, body: { files: { 'en/x.yaml': '' } } }),
    ];
    for (const res of await Promise.all([
      ...writes(),
      api('/api/scripts'),
      api(`/api/scripts/zh-CN/${id}`),
      api(`/api/scripts/zh-CN/${id}/diff?from=1&to=1`),
    ])) {
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe('E_UNAUTHENTICATED');
    }
    for (const as of ['agent1', 'trainer1']) {
      for (const res of await Promise.all(writes(as))) {
        expect(res.status).toBe(403);
        expect((await errorOf(res)).code).toBe('E_FORBIDDEN');
      }
    }
    expect((await list()).map(strip)).toEqual(library);
    expect(await ScriptModel.countDocuments({ draft: trusted({ $ne: null }) })).toBe(0);
    expect(await AuditLog.countDocuments()).toBe(auditBefore);
  });

  it('refuses a draft with an unknown variable, naming it, and changes nothing', async () => {
    const { id } = target();
    const auditBefore = await AuditLog.countDocuments();
    const res = await api(`/api/scripts/zh-CN/${id}/draft`, {
      method: 'PUT',
      as: 'supervisor1',
      body: { ...editable(target()), text: '{{customer.nmae}}您好，欢迎光临！' },
    });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('E_SCRIPT_TEMPLATE');
    expect(error.message).toContain('customer.nmae');
    expect(error.message).toContain('customer.name');

    const variant = await api(`/api/scripts/zh-CN/${id}/draft`, {
      method: 'PUT',
      as: 'supervisor1',
      body: {
        ...editable(target()),
        variants: [{ id: 'b', weight: 1, text: '{{ order.total }}' }],
      },
    });
    expect(variant.status).toBe(400);
    expect((await errorOf(variant)).message).toContain('variants.b.text');

    const wrong = [
      { ...editable(target()), stage: 'nowhere' },
      { ...editable(target()), locale: 'en' },
      { ...editable(target()), extra: 1 },
      { ...editable(target()), variants: [{ id: 'b', weight: 0, text: 'x' }] },
    ];
    for (const body of wrong) {
      const r = await api(`/api/scripts/zh-CN/${id}/draft`, {
        method: 'PUT',
        as: 'supervisor1',
        body,
      });
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect((await errorOf(r)).code).toBe('E_VALIDATION');
    }
    const missing = await api('/api/scripts/zh-CN/no-such-script/draft', {
      method: 'PUT',
      as: 'supervisor1',
      body: editable(target()),
    });
    expect(missing.status).toBe(404);
    const noDraft = await api(`/api/scripts/zh-CN/${id}/publish`, {
      method: 'POST',
      as: 'supervisor1',
    });
    expect(noDraft.status).toBe(409);
    expect((await errorOf(noDraft)).code).toBe('E_SCRIPT_NO_DRAFT');

    const doc = await ScriptModel.findById(`zh-CN:${id}`).lean();
    expect(doc).toMatchObject({ draft: null, publishedVersion: 1, latestVersion: 1 });
    expect(await AuditLog.countDocuments()).toBe(auditBefore);
  });

  it('publishes a draft as v2 that GET /api/scripts serves, diffs it, rolls back to v1 as v3, all audited', async () => {
    const original = target();
    const { id } = original;
    const newText = `${original.text}\n再送您一张 5 元优惠券，{{customer.name}}。`;
    // Weights are part of the draft: every A/B variant now weighs 2.
    const newVariants = original.variants.map((v) => ({ ...v, weight: 2 }));
    const changedFields = ['text', ...original.variants.map((v) => `variants.${v.id}.weight`)];
    expect(changedFields.length).toBeGreaterThan(1);
    const draft = await api(`/api/scripts/zh-CN/${id}/draft`, {
      method: 'PUT',
      as: 'supervisor1',
      body: {
        ...editable(original),
        text: newText,
        variants: newVariants,
      },
    });
    expect(draft.status, await draft.clone().text()).toBe(200);
    // The draft is not served to agents yet.
    expect((await list('?locale=zh-CN')).find((s) => s.id === id)).toMatchObject({
      version: 1,
      text: original.text,
    });

    const published = await api(`/api/scripts/zh-CN/${id}/publish`, {
      method: 'POST',
      as: 'supervisor1',
      body: { note: '加优惠券' },
    });
    expect(published.status, await published.clone().text()).toBe(201);
    const body = (await published.json()) as {
      version: { version: number; publishedBy: string; note: string };
      script: { draft: unknown; publishedVersion: number };
    };
    expect(body.version).toMatchObject({
      version: 2,
      publishedBy: 'supervisor1',
      note: '加优惠券',
    });
    expect(body.script).toMatchObject({ draft: null, publishedVersion: 2 });
    const served = (await list('?locale=zh-CN')).find((s) => s.id === id)!;
    expect(served).toMatchObject({ version: 2, text: newText });
    expect(served.variants).toEqual(newVariants);

    const diff = await api(`/api/scripts/zh-CN/${id}/diff?from=1&to=2`, { as: 'agent1' });
    expect(diff.status).toBe(200);
    const { changes } = (await diff.json()) as {
      changes: { field: string; lines?: { op: string; text: string }[] }[];
    };
    expect(changes.map((c) => c.field)).toEqual(changedFields);
    const textLines = changes[0]!.lines!;
    expect(textLines.filter((l) => l.op === 'added').map((l) => l.text)).toEqual([
      '再送您一张 5 元优惠券，{{customer.name}}。',
    ]);
    expect(textLines.filter((l) => l.op === 'removed')).toEqual([]);
    const unknownVersion = await api(`/api/scripts/zh-CN/${id}/diff?from=1&to=9`, {
      as: 'agent1',
    });
    expect(unknownVersion.status).toBe(404);

    const rolledBack = await api(`/api/scripts/zh-CN/${id}/rollback`, {
      method: 'POST',
      as: 'admin1',
      body: { version: 1 },
    });
    expect(rolledBack.status, await rolledBack.clone().text()).toBe(201);
    expect(((await rolledBack.json()) as { version: unknown }).version).toMatchObject({
      version: 3,
      rolledBackFrom: 1,
      publishedBy: 'admin1',
    });
    const after = (await list('?locale=zh-CN')).find((s) => s.id === id)!;
    expect(after.version).toBe(3);
    expect(strip(after)).toEqual(original);

    const one = await api(`/api/scripts/zh-CN/${id}`, { as: 'agent1' });
    const view = ((await one.json()) as { script: { versions: { version: number }[] } }).script;
    expect(view.versions.map((v) => v.version)).toEqual([1, 2, 3]);
    // History stays: v2 is still there in full.
    const v2 = await api(`/api/scripts/zh-CN/${id}/versions/2`, { as: 'trainer1' });
    expect(((await v2.json()) as { version: { script: Script } }).version.script.text).toBe(
      newText,
    );
    const back = await api(`/api/scripts/zh-CN/${id}/diff?from=2&to=3`, { as: 'agent1' });
    const backChanges = ((await back.json()) as { changes: { field: string }[] }).changes;
    expect(backChanges.map((c) => c.field)).toEqual(changedFields);

    const audit = await AuditLog.find({ subject: `script:zh-CN:${id}` })
      .sort({ at: 1 })
      .lean();
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['supervisor1', 'script.draft'],
      ['supervisor1', 'script.publish'],
      ['admin1', 'script.rollback'],
    ]);
    expect(audit[1]!.details).toMatchObject({
      version: 2,
      previousVersion: 1,
      changed: changedFields,
      before: { title: original.title },
    });
    expect(audit.every((a) => a.at instanceof Date)).toBe(true);
  });

  it('exports the published library as files that load back as scripts-library/', async () => {
    const files = await exportFiles();
    expect(Object.keys(files).length).toBe(26);
    const dir = await mkdtemp(path.join(tmpdir(), 'scripts-export-'));
    try {
      await writeLibrary(
        dir,
        Object.entries(files).map(([p, content]) => ({ path: p, content })),
      );
      const loaded = await loadLibrary(dir);
      expect(loaded.problems).toEqual([]);
      expect(loaded.scripts).toEqual(library);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('round-trips export → import → export byte for byte, publishing only what changed', async () => {
    const files = await exportFiles('admin1');
    const same = await api('/api/scripts/import', {
      method: 'POST',
      as: 'supervisor1',
      body: { files },
    });
    expect(same.status, await same.clone().text()).toBe(200);
    expect(await same.json()).toEqual({ created: [], published: [], unchanged: library.length });
    expect(await exportFiles()).toEqual(files);

    // One edited text in one file: that script alone becomes a new version.
    const file = 'en/shipping.yaml';
    const shipping = library.find((s) => s.locale === 'en' && s.scenario === 'shipping')!;
    const firstLine = shipping.text.split('\n')[0]!;
    const edited = files[file]!.replace(firstLine, `${firstLine} (updated)`);
    expect(edited).not.toBe(files[file]);
    const changed = await api('/api/scripts/import', {
      method: 'POST',
      as: 'supervisor1',
      body: { files: { ...files, [file]: edited } },
    });
    expect(changed.status, await changed.clone().text()).toBe(200);
    expect(await changed.json()).toEqual({
      created: [],
      published: [{ locale: 'en', id: shipping.id, version: 2 }],
      unchanged: library.length - 1,
    });
    const served = (await list('?locale=en&scenario=shipping')).find((s) => s.id === shipping.id)!;
    expect(served.version).toBe(2);
    expect(served.text.split('\n')[0]).toBe(`${firstLine} (updated)`);
    expect((await exportFiles())[file]).toBe(edited);

    const audit = await AuditLog.find({ action: 'script.import' }).lean();
    expect(audit.map((a) => a.actor)).toEqual(['supervisor1', 'supervisor1']);
  });

  it('refuses an import with any problem, importing nothing', async () => {
    const files = await exportFiles();
    const before = await ScriptVersionModel.countDocuments();
    const file = 'zh-CN/greeting.yaml';
    const broken: Array<[string, Record<string, string>]> = [
      [
        'an unknown variable',
        { ...files, [file]: files[file]!.replace('text: |', 'text: |\n    {{customer.nmae}}') },
      ],
      [
        'a missing locale',
        Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith('en/'))),
      ],
      ['a path outside the library', { ...files, '../evil.yaml': '- id: x' }],
      ['YAML that is not a list', { ...files, [file]: 'id: nope' }],
    ];
    for (const [what, body] of broken) {
      const res = await api('/api/scripts/import', {
        method: 'POST',
        as: 'admin1',
        body: { files: body },
      });
      expect(res.status, what).toBe(422);
      const error = await errorOf(res);
      expect(error.code, what).toBe('E_LIBRARY_INVALID');
    }
    expect(await ScriptVersionModel.countDocuments()).toBe(before);
    expect(await exportFiles()).toEqual(files);
  });

  it('lets an admin create a new script as a draft and publish it as v1', async () => {
    const base = library.find((s) => s.locale === 'en' && s.scenario === 'greeting')!;
    const script = { ...base, id: 'greeting-night-owl', title: 'Late-night greeting' };
    const created = await api('/api/scripts', { method: 'POST', as: 'admin1', body: script });
    expect(created.status, await created.clone().text()).toBe(201);
    expect(((await created.json()) as { script: unknown }).script).toMatchObject({
      id: 'greeting-night-owl',
      locale: 'en',
      publishedVersion: null,
      latestVersion: 0,
      draft: { title: 'Late-night greeting' },
    });
    expect((await list()).map((s) => s.id)).not.toContain('greeting-night-owl');
    const again = await api('/api/scripts', { method: 'POST', as: 'supervisor1', body: script });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe('E_SCRIPT_EXISTS');

    const published = await api('/api/scripts/en/greeting-night-owl/publish', {
      method: 'POST',
      as: 'admin1',
    });
    expect(published.status, await published.clone().text()).toBe(201);
    const served = (await list('?locale=en&scenario=greeting')).find(
      (s) => s.id === 'greeting-night-owl',
    );
    expect(served).toMatchObject({ version: 1, title: 'Late-night greeting' });
    const audit = await AuditLog.find({ subject: 'script:en:greeting-night-owl' })
      .sort({ at: 1 })
      .lean();
    expect(audit.map((a) => a.action)).toEqual(['script.create', 'script.publish']);
  });
});
