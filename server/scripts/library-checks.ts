import { objectionCategories } from '../../shared/domain/objection-categories';
import { scriptLocales, scriptScenarios, type ScriptLocale } from '../../shared/domain/scripts';
import type { Script } from '../../shared/schemas/script';
import type { LibraryProblem, Located } from './library-files';

/*
 * The rules across scripts, once each file has been read: coverage per locale, and the same
 * scripts in every locale (so A/B results and analytics line up across languages).
 */

export const MIN_SCRIPTS_PER_LOCALE = 60;
/** The locale the library is written in first; every other locale holds the same ids. */
export const sourceLocale: ScriptLocale = 'zh-CN';

/** Every scenario and every objection category has scripts in every locale, and enough of them. */
export function checkCoverage(scripts: Script[]): LibraryProblem[] {
  const problems: LibraryProblem[] = [];
  for (const locale of scriptLocales) {
    const mine = scripts.filter((s) => s.locale === locale);
    if (mine.length < MIN_SCRIPTS_PER_LOCALE) {
      problems.push({
        file: `${locale}/`,
        message: `${mine.length} valid scripts; the library needs at least ${MIN_SCRIPTS_PER_LOCALE} per locale`,
      });
    }
    for (const scenario of scriptScenarios) {
      if (!mine.some((s) => s.scenario === scenario)) {
        problems.push({
          file: `${locale}/${scenario}.yaml`,
          message: `no valid script for the scenario ${scenario}`,
        });
      }
    }
    for (const objection of objectionCategories) {
      if (!mine.some((s) => s.objection === objection)) {
        problems.push({
          file: `${locale}/`,
          message: `no valid script answers the objection ${objection}`,
        });
      }
    }
  }
  return problems;
}

/** The same ids in every locale, classified alike, with the same A/B variants. */
export function checkCounterparts(
  located: Located[],
  idsByLocale: Map<ScriptLocale, Map<string, { file: string; line: number }>>,
): LibraryProblem[] {
  const problems: LibraryProblem[] = [];
  const source = idsByLocale.get(sourceLocale) ?? new Map();
  for (const locale of scriptLocales) {
    if (locale === sourceLocale) continue;
    const ids = idsByLocale.get(locale) ?? new Map();
    for (const [id, at] of source) {
      if (!ids.has(id)) {
        problems.push({ ...at, scriptId: id, message: `no ${locale} script with this id` });
      }
    }
    for (const [id, at] of ids) {
      if (!source.has(id)) {
        problems.push({ ...at, scriptId: id, message: `no ${sourceLocale} script with this id` });
      }
    }
  }

  const sourceScripts = new Map(
    located.filter((l) => l.script.locale === sourceLocale).map((l) => [l.script.id, l]),
  );
  for (const { script, file, line } of located) {
    if (script.locale === sourceLocale) continue;
    const counterpart = sourceScripts.get(script.id);
    if (!counterpart) continue;
    const mine = classification(script);
    const theirs = classification(counterpart.script);
    const differences = classificationKeys
      .filter((key) => mine[key] !== theirs[key])
      .map((key) => `${key} ${mine[key]} (${sourceLocale}: ${theirs[key]})`);
    if (differences.length > 0) {
      problems.push({
        file,
        line,
        scriptId: script.id,
        message: `differs from ${counterpart.file}:${counterpart.line} in ${differences.join('; ')}`,
      });
    }
  }
  return problems;
}

/** What must match across locales; variants by id (their texts and weights may differ). */
const classificationKeys = [
  'scenario',
  'stage',
  'objection',
  'technique',
  'personalities',
  'variants',
] as const;

function classification(script: Script): Record<(typeof classificationKeys)[number], string> {
  return {
    scenario: script.scenario,
    stage: script.stage,
    objection: script.objection ?? '(none)',
    technique: script.technique,
    personalities: [...script.personalities].sort().join(',') || '(any)',
    variants:
      script.variants
        .map((v) => v.id)
        .sort()
        .join(',') || '(none)',
  };
}
