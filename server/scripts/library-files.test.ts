import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { objectionCategories } from '../../shared/domain/objection-categories';
import { personalities } from '../../shared/domain/personality';
import { scriptLocales, scriptScenarios, scriptTechniques } from '../../shared/domain/scripts';
import { validateTemplate } from '../../shared/domain/template';
import { scriptSchema, type Script } from '../../shared/schemas/script';
import { projectRoot } from '../config';
import {
  defaultLibraryDir,
  formatProblem,
  loadLibrary,
  MIN_SCRIPTS_PER_LOCALE,
  parseLibraryFile,
  serializeLibrary,
  writeLibrary,
  type LoadedLibrary,
} from './library-files';

const run = promisify(execFile);
const temps: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scripts-library-'));
  temps.push(dir);
  return dir;
}

/** A copy of the real library's locale folders, to break. */
async function libraryCopy(): Promise<string> {
  const dir = await tempDir();
  for (const locale of scriptLocales) {
    await cp(path.join(defaultLibraryDir, locale), path.join(dir, locale), { recursive: true });
  }
  return dir;
}

async function edit(file: string, change: (source: string) => string): Promise<void> {
  const source = await readFile(file, 'utf8');
  const changed = change(source);
  expect(changed, `edit of ${file} changed nothing`).not.toBe(source);
  await writeFile(file, changed);
}

afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the real library', () => {
  let library: LoadedLibrary;
  beforeAll(async () => {
    library = await loadLibrary();
  });

  it('has no problems', () => {
    expect(library.problems.map(formatProblem)).toEqual([]);
  });

  it('covers every scenario and objection in both locales, with enough scripts', () => {
    for (const locale of scriptLocales) {
      const mine = library.scripts.filter((s) => s.locale === locale);
      expect(mine.length).toBeGreaterThanOrEqual(MIN_SCRIPTS_PER_LOCALE);
      for (const scenario of scriptScenarios) {
        expect(
          mine.some((s) => s.scenario === scenario),
          `${locale} ${scenario}`,
        ).toBe(true);
      }
      for (const objection of objectionCategories) {
        const answering = mine.filter((s) => s.objection === objection);
        expect(answering.length, `${locale} ${objection}`).toBeGreaterThanOrEqual(3);
        // Several techniques per objection, not one script in three wordings.
        expect(new Set(answering.map((s) => s.technique)).size).toBeGreaterThanOrEqual(2);
      }
    }
    const ids = (locale: string) =>
      library.scripts
        .filter((s) => s.locale === locale)
        .map((s) => s.id)
        .sort();
    expect(ids('en')).toEqual(ids('zh-CN'));
  });

  it('uses every technique and suits every personality somewhere', () => {
    for (const locale of scriptLocales) {
      const mine = library.scripts.filter((s) => s.locale === locale);
      expect(new Set(mine.map((s) => s.technique))).toEqual(new Set(scriptTechniques));
      expect(new Set(mine.flatMap((s) => s.personalities))).toEqual(new Set(personalities));
    }
  });

  it('answers price objections with the whole toolbox', () => {
    const techniques = new Set(
      library.scripts.filter((s) => s.objection === 'price').map((s) => s.technique),
    );
    for (const technique of [
      'value_reframe',
      'gift_not_discount',
      'bundle_offer',
      'guarantee',
      'honest_urgency',
    ] as const) {
      expect(techniques).toContain(technique);
    }
  });

  it('reads like chat: short messages, no placeholders left for the agent', () => {
    for (const script of library.scripts) {
      for (const text of [script.text, ...script.variants.map((v) => v.text)]) {
        expect(text.length, script.id).toBeLessThanOrEqual(script.locale === 'en' ? 240 : 120);
        expect(text, script.id).not.toMatch(/\[[^\]]*(insert|填写|此处)[^\]]*\]|TODO|XXX/i);
      }
    }
  });

  it('round-trips through serializeLibrary without loss', async () => {
    const files = serializeLibrary(library.scripts);
    expect(files.map((f) => f.path)).toEqual(
      scriptLocales.flatMap((l) => scriptScenarios.map((s) => `${l}/${s}.yaml`)),
    );
    const dir = await tempDir();
    await writeLibrary(dir, files);
    const again = await loadLibrary(dir);
    expect(again.problems).toEqual([]);
    expect(again.scripts).toEqual(library.scripts);
    expect(serializeLibrary(again.scripts)).toEqual(files);
  });
});

function script(overrides: Partial<Script> = {}): Script {
  return scriptSchema.parse({
    id: 'greet-test',
    locale: 'zh-CN',
    scenario: 'greeting',
    stage: 'greet',
    technique: 'plain',
    title: '测试',
    text: '亲，您好~',
    ...overrides,
  });
}

function reparse(scripts: Script[]): Script[] {
  return serializeLibrary(scripts).flatMap((file) => {
    const [locale, name] = file.path.split('/') as [Script['locale'], string];
    const parsed = parseLibraryFile({
      file: file.path,
      locale,
      scenario: name.replace('.yaml', '') as Script['scenario'],
      source: file.content,
    });
    expect(parsed.problems).toEqual([]);
    return parsed.scripts.map((l) => l.script);
  });
}

describe('serializeLibrary', () => {
  it('keeps every field, including the optional ones', () => {
    const scripts = [
      script({
        scenario: 'bargaining',
        stage: 'handle_objection',
        objection: 'price',
        technique: 'gift_not_discount',
        personalities: ['bargainHunting', 'frugal'],
        tags: ['双十一', 'gift'],
        variants: [
          { id: 'a', text: '送您{{offer.title}}', weight: 2 },
          { id: 'b', text: 'Line one\n  indented: yes # not a comment', weight: 0.5 },
        ],
      }),
      script({ id: 'greet-en', locale: 'en', title: 'true', text: '- 123\n---\nnull' }),
    ];
    expect(reparse(scripts)).toEqual(scripts);
  });

  it('round-trips any text a script may hold', () => {
    const text = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 60 })
      .map((s) => s.trim())
      .filter((s) => s.length > 0 && validateTemplate(s).length === 0);
    fc.assert(
      fc.property(text, text, (body, title) => {
        const original = script({ text: body, title: title.slice(0, 80) });
        expect(reparse([original])).toEqual([original]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a broken library', () => {
  it('reports a bad enum, a duplicate id, an unknown variable and a missing counterpart', async () => {
    const dir = await libraryCopy();
    await edit(path.join(dir, 'zh-CN/bargaining.yaml'), (s) =>
      s.replace(
        /(- id: price-gift-instead\n(?: {2}.*\n)*? {2}technique: )gift_not_discount/,
        '$1hard_sell',
      ),
    );
    await edit(
      path.join(dir, 'zh-CN/follow_up.yaml'),
      (s) =>
        `${s}- id: greet-welcome\n  title: 重复\n  stage: after_sales\n  technique: plain\n  text: 亲~\n`,
    );
    await edit(path.join(dir, 'en/shipping.yaml'), (s) =>
      s.replace(
        '{{shipping.trackingNo}}, and it should',
        '{{shipping.trackingNumber}}, and it should',
      ),
    );
    await edit(path.join(dir, 'en/review_invitation.yaml'), (s) =>
      s.replace(/- id: review-photo\n(?: {2}.*\n)+/, ''),
    );

    const { problems } = await loadLibrary(dir);
    const lines = problems.map(formatProblem);
    expect(problems).toContainEqual({
      file: 'zh-CN/bargaining.yaml',
      line: expect.any(Number),
      scriptId: 'price-gift-instead',
      message: expect.stringMatching(/^technique: "hard_sell" is not one of laer_listen, /),
    });
    expect(problems).toContainEqual({
      file: 'zh-CN/follow_up.yaml',
      line: expect.any(Number),
      scriptId: 'greet-welcome',
      message: expect.stringMatching(
        /^id is used twice in zh-CN; first in zh-CN\/greeting\.yaml:\d+$/,
      ),
    });
    expect(problems).toContainEqual({
      file: 'en/shipping.yaml',
      line: expect.any(Number),
      scriptId: 'shipping-track-parcel',
      message:
        'text: unknown variable "shipping.trackingNumber", did you mean "shipping.trackingNo"?',
    });
    expect(problems).toContainEqual({
      file: 'zh-CN/review_invitation.yaml',
      line: expect.any(Number),
      scriptId: 'review-photo',
      message: 'no en script with this id',
    });
    expect(lines).toHaveLength(4);
  });

  it('points at the line of the script', async () => {
    const dir = await libraryCopy();
    await edit(path.join(dir, 'en/greeting.yaml'), (s) =>
      s.replace('- id: greet-member\n', '- id: greet-member\n  persona: vain\n'),
    );
    const source = await readFile(path.join(dir, 'en/greeting.yaml'), 'utf8');
    const line = source.split('\n').indexOf('- id: greet-member') + 1;
    const { problems } = await loadLibrary(dir);
    expect(problems.map(formatProblem)).toEqual([
      `en/greeting.yaml:${line} [greet-member] Unrecognized key: "persona"`,
    ]);
  });

  it('reports counterparts that are classified differently', async () => {
    const dir = await libraryCopy();
    await edit(path.join(dir, 'en/complaint.yaml'), (s) =>
      s.replace(/(- id: complaint-listen\n(?: {2}.*\n)*? {2}technique: )laer_listen/, '$1plain'),
    );
    const { problems } = await loadLibrary(dir);
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /^en\/complaint\.yaml:\d+ \[complaint-listen\] differs from zh-CN\/complaint\.yaml:\d+ in technique plain \(zh-CN: laer_listen\)$/,
      ),
    ]);
  });

  it('reports file-level problems: YAML, names, path keys, coverage', async () => {
    const dir = await libraryCopy();
    await writeFile(path.join(dir, 'en/notes.yml'), 'x: 1\n');
    await writeFile(path.join(dir, 'en/upsell.yaml'), '[]\n');
    await writeFile(path.join(dir, 'en/README.md'), 'ignored\n');
    await edit(path.join(dir, 'zh-CN/greeting.yaml'), (s) =>
      s.replace('- id: greet-member\n', '- id: greet-member\n  locale: en\n'),
    );
    await writeFile(path.join(dir, 'en/member_upgrade.yaml'), '- id: member-invite\n  title: [\n');
    const { problems } = await loadLibrary(dir);
    const lines = problems.map(formatProblem);
    expect(lines).toContain('en/notes.yml name library files *.yaml, not *.yml');
    expect(lines).toContainEqual(
      expect.stringMatching(/^en\/upsell\.yaml the file name must be a scenario: greeting, /),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^zh-CN\/greeting\.yaml:\d+ \[greet-member\] locale comes from the file's path; remove the key$/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^en\/member_upgrade\.yaml:\d+ YAML: /));
    expect(lines).toContain(
      'en/member_upgrade.yaml no valid script for the scenario member_upgrade',
    );
    expect(lines).not.toContainEqual(expect.stringContaining('README'));
  });

  it('needs enough scripts, every objection and both locale folders', async () => {
    const dir = await tempDir();
    await cp(path.join(defaultLibraryDir, 'zh-CN'), path.join(dir, 'zh-CN'), { recursive: true });
    await unlink(path.join(dir, 'zh-CN/shipping.yaml'));
    const { problems } = await loadLibrary(dir);
    const lines = problems.map(formatProblem);
    expect(lines).toContainEqual(expect.stringMatching(/^en\/ cannot read the folder: ENOENT$/));
    expect(lines).toContain(
      `en/ 0 valid scripts; the library needs at least ${MIN_SCRIPTS_PER_LOCALE} per locale`,
    );
    expect(lines).toContain('zh-CN/ no valid script answers the objection shipping');
    expect(lines).toContain('zh-CN/shipping.yaml no valid script for the scenario shipping');
    // Every zh-CN script lacks its en counterpart, each named.
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^zh-CN\/greeting\.yaml:\d+ \[greet-welcome\] no en script with this id$/,
      ),
    );
  });
});

describe('npm run scripts:lint', () => {
  const cli = path.join(projectRoot, 'server/cli/scripts-lint.ts');
  const lint = (args: string[]) =>
    run(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: projectRoot }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it('prints a one-line summary for the real library', async () => {
    const { code, stdout, stderr } = await lint([]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^scripts:lint: ok, zh-CN \d+ \(greeting \d+, .*\); en \d+ \(.*\)\n$/);
  });

  it('prints every problem and exits 1', async () => {
    const dir = await libraryCopy();
    await edit(path.join(dir, 'en/greeting.yaml'), (s) =>
      s.replace('{{agent.name}}. What', '{{agent.nickname}}. What'),
    );
    const { code, stdout, stderr } = await lint(['--dir', dir]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toEqual([
      expect.stringMatching(
        /^scripts:lint: en\/greeting\.yaml:\d+ \[greet-welcome\] text: unknown variable "agent\.nickname"/,
      ),
      'scripts:lint: 1 problem',
      '',
    ]);
  });

  it('rejects unknown options in one line', async () => {
    const { code, stderr } = await lint(['--bogus']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^scripts:lint: Unknown option '--bogus'.* \(see --help\)\n$/);
  });
});
