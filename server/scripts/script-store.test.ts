import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../../test/helpers/ferretdb';
import { waitFor } from '../../test/helpers/wait';
import { createLogger } from '../infra/logger';
import { diffLines } from './script-diff';
import { loadLibrary } from './library-files';
import { ScriptModel, ScriptVersionModel } from './script-model';
import { createScriptStore } from './script-store';
import { seedScriptLibrary } from './seed-scripts';

// Seeding and the per-node cache against a real FerretDB, in-process: two "nodes" are two stores.
let database: TestDatabase;
beforeAll(async () => {
  database = await startTestDatabase();
  await mongoose.connect(database.uri, { serverSelectionTimeoutMS: 2000 });
});
afterAll(async () => {
  await mongoose.disconnect();
  await database.remove();
});

const logger = createLogger({ logLevel: 'silent' });
const who = { actor: 'supervisor1', address: null };

describe('script store', () => {
  it('seeds once even when two nodes start at the same time', async () => {
    const { scripts } = await loadLibrary();
    const runs = await Promise.all([seedScriptLibrary(), seedScriptLibrary()]);
    expect(runs.map((r) => r.problems)).toEqual([[], []]);
    expect(await ScriptModel.countDocuments()).toBe(scripts.length);
    expect(await ScriptVersionModel.countDocuments()).toBe(scripts.length);
    expect((await seedScriptLibrary()).skipped).toBe(true);
  });

  it("serves the published library from memory and picks up another node's publish", async () => {
    const one = createScriptStore({ logger, pollMs: 50 });
    const two = createScriptStore({ logger, pollMs: 50 });
    await Promise.all([one.start(), two.start()]);
    try {
      const first = one.publishedScripts('en')[0]!;
      expect(two.publishedScripts('en')[0]).toEqual(first);
      expect(await two.versionExists(first.id, 1)).toBe(true);
      expect(await two.versionExists(first.id, 2)).toBe(false);
      expect(await two.versionExists('no-such-script', 1)).toBe(false);

      const { version: _v, ...script } = first;
      // Two saves at once on one node are serialised: both land, the last one wins.
      await Promise.all([
        one.saveDraft('en', first.id, { ...script, title: 'First edit' }, who),
        one.saveDraft('en', first.id, { ...script, title: 'Second edit' }, who),
      ]);
      const { version } = await one.publish('en', first.id, null, who);
      expect(version.version).toBe(2);
      expect(one.publishedScripts('en')[0]).toMatchObject({ version: 2, title: 'Second edit' });
      await waitFor(() => two.publishedScripts('en')[0]?.version === 2, {
        what: 'the other node to reload',
      });
      expect(two.publishedScripts('en')[0]!.title).toBe('Second edit');
      expect(await two.versionExists(first.id, 2)).toBe(true);
    } finally {
      one.stop();
      two.stop();
    }
  });

  it('diffs lines', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'removed', text: 'b' },
      { op: 'added', text: 'x' },
      { op: 'same', text: 'c' },
    ]);
    expect(diffLines('', 'new')).toEqual([{ op: 'added', text: 'new' }]);
  });
});
