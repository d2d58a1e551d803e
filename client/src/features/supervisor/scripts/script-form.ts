import type { TFunction } from 'i18next';
import type { ObjectionCategory } from '../../../../../shared/domain/objection-categories';
import type { Personality } from '../../../../../shared/domain/personality';
import type {
  ConversationStage,
  ScriptScenario,
  ScriptTechnique,
} from '../../../../../shared/domain/scripts';
import {
  isTemplateVariable,
  renderTemplate,
  templateVariables,
  validateTemplate,
  type TemplateError,
  type TemplateValues,
} from '../../../../../shared/domain/template';
import type { Script } from '../../../../../shared/schemas/script';
import type { AppLanguage } from '../../../app/i18n';
import type { DraftInput } from './scripts-api';

export interface ScriptFormValues {
  title: string;
  text: string;
  scenario: ScriptScenario;
  stage: ConversationStage;
  objection?: ObjectionCategory | null;
  technique: ScriptTechnique;
  personalities: Personality[];
  variants: Array<{ id: string; text: string; weight: number | null }>;
}

export function formValuesOf(script: Script): ScriptFormValues {
  return {
    title: script.title,
    text: script.text,
    scenario: script.scenario,
    stage: script.stage,
    objection: script.objection ?? null,
    technique: script.technique,
    personalities: [...script.personalities],
    variants: script.variants.map((v) => ({ ...v })),
  };
}

/** The PUT body for the form's values; tags are not edited here and stay as they were. */
export function toDraftInput(values: ScriptFormValues, base: Script): DraftInput {
  return {
    scenario: values.scenario,
    stage: values.stage,
    ...(values.objection ? { objection: values.objection } : {}),
    technique: values.technique,
    personalities: values.personalities ?? [],
    title: values.title.trim(),
    text: values.text.trim(),
    variants: (values.variants ?? []).map((v) => ({
      id: v.id.trim(),
      text: v.text.trim(),
      weight: v.weight ?? 1,
    })),
    tags: base.tags,
  };
}

/** Whether the form's draft input says the same as `script` (no unsaved changes). */
export function sameDraft(a: DraftInput, b: Script): boolean {
  const norm = (s: DraftInput) =>
    JSON.stringify([
      s.scenario,
      s.stage,
      s.objection ?? null,
      s.technique,
      s.personalities,
      s.title,
      s.text,
      s.variants.map((v) => [v.id, v.text, v.weight]),
      s.tags,
    ]);
  return norm(a) === norm(b);
}

/** One template problem as a sentence in the UI language. */
export function templateErrorSentence(t: TFunction, error: TemplateError): string {
  if (error.code === 'unknown_variable') {
    const suggestion = /did you mean "([^"]+)"/.exec(error.message)?.[1];
    const sentence = t('scriptEditor.template.unknown_variable', { name: error.variable ?? '' });
    return suggestion
      ? `${sentence} ${t('scriptEditor.template.didYouMean', { name: suggestion })}`
      : sentence;
  }
  return t(`scriptEditor.template.${error.code}`);
}

export function templateErrorSentences(t: TFunction, text: string | undefined): string[] {
  return validateTemplate(text ?? '').map((error) => templateErrorSentence(t, error));
}

export function exampleValues(language: AppLanguage): TemplateValues {
  const values: TemplateValues = {};
  for (const [name, info] of Object.entries(templateVariables)) {
    values[name as keyof typeof templateVariables] = info.example[language];
  }
  return values;
}

export type PreviewSegment =
  | { kind: 'text'; text: string }
  | { kind: 'value'; name: string; text: string }
  | { kind: 'missing'; name: string; text: string }
  | { kind: 'unknown'; text: string };

/**
 * The text filled in with the example values. A valid template goes through renderTemplate; an
 * invalid one is still shown, its unknown or broken tags marked, so the editor sees where.
 */
export function previewSegments(text: string, language: AppLanguage): PreviewSegment[] {
  const values = exampleValues(language);
  if (validateTemplate(text).length === 0) return renderTemplate(text, values).segments;
  const segments: PreviewSegment[] = [];
  const tag = /\{\{\s*([^{}]*?)\s*\}\}/g;
  let last = 0;
  for (const match of text.matchAll(tag)) {
    const at = match.index;
    if (at > last) segments.push({ kind: 'text', text: text.slice(last, at) });
    const name = match[1] ?? '';
    const value = isTemplateVariable(name) ? values[name] : undefined;
    segments.push(
      typeof value === 'string' && match[0].slice(2, 3) !== '{'
        ? { kind: 'value', name, text: value }
        : { kind: 'unknown', text: match[0] },
    );
    last = at + match[0].length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}
