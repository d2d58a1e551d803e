import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import {
  scenarioInfo,
  scriptLocales,
  scriptScenarios,
  type ScriptLocale,
  type ScriptScenario,
} from '../../shared/domain/scripts';
import { scriptSchema, type Script } from '../../shared/schemas/script';
import { projectRoot } from '../config';
import { checkCounterparts, checkCoverage } from './library-checks';

/*
 * The script library on disk: scripts-library/<locale>/<scenario>.yaml, each file a YAML list
 * of scripts. A script's locale and scenario come from its file's path, so they are not
 * written in the file. Shared by `npm run scripts:lint` and the server's library import.
 */

export const defaultLibraryDir = path.join(projectRoot, 'scripts-library');
export { MIN_SCRIPTS_PER_LOCALE } from './library-checks';

export interface LibraryProblem {
  /** Relative to the library folder, with `/`: `zh-CN/bargaining.yaml`, or `en/` for a locale. */
  file: string;
  line?: number;
  /** The script's id, when it has one. */
  scriptId?: string;
  message: string;
}

export interface LoadedLibrary {
  /** The valid scripts, by locale, then scenario, then their order in the file. */
  scripts: Script[];
  problems: LibraryProblem[];
}

export interface Located {
  script: Script;
  file: string;
  line: number;
}

/** "zh-CN/bargaining.yaml:12 [bargain-gift-instead] technique: …" */
export function formatProblem(problem: LibraryProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  const id = problem.scriptId === undefined ? '' : ` [${problem.scriptId}]`;
  return `${where}${id} ${problem.message}`;
}

/** Reads and checks the whole library; never throws for a problem in the files, lists it. */
export async function loadLibrary(dir: string = defaultLibraryDir): Promise<LoadedLibrary> {
  const problems: LibraryProblem[] = [];
  const located: Located[] = [];
  /** Every id written in a locale, valid script or not: counterparts are checked on these. */
  const idsByLocale = new Map<ScriptLocale, Map<string, { file: string; line: number }>>();

  for (const locale of scriptLocales) {
    const ids = new Map<string, { file: string; line: number }>();
    idsByLocale.set(locale, ids);
    let entries: string[];
    try {
      entries = await readdir(path.join(dir, locale));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      problems.push({ file: `${locale}/`, message: `cannot read the folder: ${code}` });
      continue;
    }
    const files: Array<{ name: string; scenario: ScriptScenario }> = [];
    for (const name of entries.sort()) {
      const file = `${locale}/${name}`;
      if (name.endsWith('.yml')) {
        problems.push({ file, message: 'name library files *.yaml, not *.yml' });
        continue;
      }
      if (!name.endsWith('.yaml')) continue;
      const scenario = name.slice(0, -'.yaml'.length);
      if (!isScenario(scenario)) {
        problems.push({
          file,
          message: `the file name must be a scenario: ${scriptScenarios.join(', ')}`,
        });
        continue;
      }
      files.push({ name, scenario });
    }
    files.sort((a, b) => scriptScenarios.indexOf(a.scenario) - scriptScenarios.indexOf(b.scenario));

    for (const { name, scenario } of files) {
      const file = `${locale}/${name}`;
      let source: string;
      try {
        source = await readFile(path.join(dir, locale, name), 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        problems.push({ file, message: `cannot read the file: ${code}` });
        continue;
      }
      const parsed = parseLibraryFile({ file, locale, scenario, source });
      problems.push(...parsed.problems);
      for (const { id, line } of parsed.ids) {
        const first = ids.get(id);
        if (first) {
          problems.push({
            file,
            line,
            scriptId: id,
            message: `id is used twice in ${locale}; first in ${first.file}:${first.line}`,
          });
        } else {
          ids.set(id, { file, line });
        }
      }
      // A duplicate is reported above and left out: the first script with an id is the one.
      located.push(
        ...parsed.scripts.filter(
          (l) => ids.get(l.script.id)?.line === l.line && ids.get(l.script.id)?.file === file,
        ),
      );
    }
  }

  problems.push(...checkCoverage(located.map((l) => l.script)));
  problems.push(...checkCounterparts(located, idsByLocale));
  return { scripts: located.map((l) => l.script), problems };
}

/** One file: its YAML, the shape of each script, and each script's template. */
export function parseLibraryFile(input: {
  file: string;
  locale: ScriptLocale;
  scenario: ScriptScenario;
  source: string;
}): { scripts: Located[]; ids: Array<{ id: string; line: number }>; problems: LibraryProblem[] } {
  const { file, locale, scenario, source } = input;
  const scripts: Located[] = [];
  const ids: Array<{ id: string; line: number }> = [];
  const problems: LibraryProblem[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const message = (error.message.split('\n')[0] ?? '').replace(
        / at line \d+, column \d+:?$/,
        '',
      );
      problems.push({ file, line: error.linePos?.[0]?.line, message: `YAML: ${message}` });
    }
    return { scripts, ids, problems };
  }
  if (!isSeq(doc.contents)) {
    problems.push({
      file,
      message: 'expected a YAML list of scripts (each item starts with "- id:")',
    });
    return { scripts, ids, problems };
  }
  const values = doc.toJS() as unknown[];
  doc.contents.items.forEach((item, index) => {
    const offset = (item as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
    const line = lineCounter.linePos(offset).line;
    const raw = values[index];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push({
        file,
        line,
        message: `item ${index + 1} is not a script (a map with an id)`,
      });
      return;
    }
    const record = raw as Record<string, unknown>;
    const scriptId = typeof record.id === 'string' ? record.id : undefined;
    if (scriptId !== undefined) ids.push({ id: scriptId, line });
    const fromPath = (['locale', 'scenario'] as const).filter((key) => key in record);
    if (fromPath.length > 0) {
      problems.push({
        file,
        line,
        scriptId,
        message: `${fromPath.join(' and ')} ${fromPath.length > 1 ? 'come' : 'comes'} from the file's path; remove the key`,
      });
      return;
    }
    const result = scriptSchema.safeParse({ ...record, locale, scenario });
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push({ file, line, scriptId, message: describeIssue(issue, record) });
      }
      return;
    }
    scripts.push({ script: result.data, file, line });
  });
  return { scripts, ids, problems };
}

function describeIssue(issue: z.core.$ZodIssue, input: Record<string, unknown>): string {
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  if (issue.code === 'invalid_value') {
    let got: unknown = input;
    for (const key of issue.path) {
      got =
        typeof got === 'object' && got !== null
          ? (got as Record<PropertyKey, unknown>)[key]
          : undefined;
    }
    return `${where}${JSON.stringify(got)} is not one of ${issue.values.join(', ')}`;
  }
  return `${where}${issue.message}`;
}

function isScenario(name: string): name is ScriptScenario {
  return (scriptScenarios as readonly string[]).includes(name);
}

export interface LibraryFile {
  /** Relative to the library folder: `zh-CN/bargaining.yaml`. */
  path: string;
  content: string;
}

/**
 * The files that hold these scripts, one per locale and scenario, in the layout `loadLibrary`
 * reads: loading them gives the same scripts back, in the order `loadLibrary` returns them.
 */
export function serializeLibrary(scripts: Script[]): LibraryFile[] {
  const files: LibraryFile[] = [];
  for (const locale of scriptLocales) {
    for (const scenario of scriptScenarios) {
      const group = scripts.filter((s) => s.locale === locale && s.scenario === scenario);
      if (group.length === 0) continue;
      const doc = new Document(group.map(toFileEntry));
      const { label } = scenarioInfo[scenario];
      doc.commentBefore =
        ` ${label.en} (${label['zh-CN']}), ${locale}. Locale and scenario come from this path;` +
        `\n the fields are described in shared/schemas/script.ts.`;
      // Texts as literal blocks (what the agent sends, with no quoting to read past); short
      // lists on one line.
      visit(doc, {
        Pair(_, pair) {
          if (!isScalar(pair.key)) return;
          if (pair.key.value === 'text' && isScalar(pair.value)) pair.value.type = 'BLOCK_LITERAL';
          if (
            (pair.key.value === 'personalities' || pair.key.value === 'tags') &&
            isSeq(pair.value)
          ) {
            pair.value.flow = true;
          }
        },
      });
      files.push({
        path: `${locale}/${scenario}.yaml`,
        content: doc.toString({ lineWidth: 0, flowCollectionPadding: false }),
      });
    }
  }
  return files;
}

/** A script as written in its file: no locale or scenario, empty lists left out. */
function toFileEntry(script: Script): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    id: script.id,
    title: script.title,
    stage: script.stage,
  };
  if (script.objection !== undefined) entry.objection = script.objection;
  entry.technique = script.technique;
  if (script.personalities.length > 0) entry.personalities = script.personalities;
  if (script.tags.length > 0) entry.tags = script.tags;
  entry.text = script.text;
  if (script.variants.length > 0) {
    entry.variants = script.variants.map((v) => ({ id: v.id, weight: v.weight, text: v.text }));
  }
  return entry;
}

/** Writes serialized files under `dir`, creating the locale folders; other files are left alone. */
export async function writeLibrary(dir: string, files: LibraryFile[]): Promise<void> {
  for (const file of files) {
    const target = path.join(dir, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content, 'utf8');
  }
}

export interface LibrarySummary {
  locale: ScriptLocale;
  total: number;
  byScenario: Record<ScriptScenario, number>;
}

export function summarizeLibrary(scripts: Script[]): LibrarySummary[] {
  return scriptLocales.map((locale) => {
    const mine = scripts.filter((s) => s.locale === locale);
    const byScenario = Object.fromEntries(
      scriptScenarios.map((scenario) => [
        scenario,
        mine.filter((s) => s.scenario === scenario).length,
      ]),
    ) as Record<ScriptScenario, number>;
    return { locale, total: mine.length, byScenario };
  });
}
