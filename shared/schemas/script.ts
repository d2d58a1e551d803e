import { z } from 'zod';
import { objectionCategories } from '../domain/objection-categories';
import { personalities } from '../domain/personality';
import {
  BASE_VARIANT_ID,
  conversationStages,
  scriptLocales,
  scriptScenarios,
  scriptTechniques,
} from '../domain/scripts';
import { validateTemplate } from '../domain/template';

export const MAX_SCRIPT_TEXT_LENGTH = 1000;
export const MAX_SCRIPT_TITLE_LENGTH = 80;
export const MAX_SCRIPT_VARIANTS = 5;

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Stable across edits and the same in every locale, so A/B results and analytics line up. */
export const scriptIdSchema = z
  .string()
  .max(64, 'id is longer than 64 characters')
  .regex(slugPattern, 'id must be a slug: lowercase letters and digits joined by single hyphens');

/** A chat-sized template; `{{name}}` variables from the allow-list only (see domain/template). */
export const scriptTextSchema = z
  .string()
  .trim()
  .min(1, 'text is empty')
  .max(MAX_SCRIPT_TEXT_LENGTH, `text is longer than ${MAX_SCRIPT_TEXT_LENGTH} characters`)
  .superRefine((text, ctx) => {
    for (const error of validateTemplate(text)) {
      ctx.addIssue({ code: 'custom', message: error.message });
    }
  });

export const scriptVariantSchema = z.strictObject({
  id: scriptIdSchema.refine((id) => id !== BASE_VARIANT_ID, {
    message: `"${BASE_VARIANT_ID}" is the script's own text; choose another variant id`,
  }),
  text: scriptTextSchema,
  /** Relative to the script's own text, which weighs 1. */
  weight: z.number().positive('weight must be above 0').max(100, 'weight is above 100'),
});
export type ScriptVariant = z.infer<typeof scriptVariantSchema>;

function unique<T>(items: T[]): boolean {
  return new Set(items).size === items.length;
}

export const scriptSchema = z
  .strictObject({
    id: scriptIdSchema,
    locale: z.enum(scriptLocales),
    scenario: z.enum(scriptScenarios),
    stage: z.enum(conversationStages),
    /** Only where the script answers an objection; required in the handle_objection stage. */
    objection: z.enum(objectionCategories).optional(),
    technique: z.enum(scriptTechniques),
    /** The service personalities it suits; empty = any shopper. */
    personalities: z
      .array(z.enum(personalities))
      .refine(unique, 'personalities are listed twice')
      .default([]),
    title: z
      .string()
      .trim()
      .min(1, 'title is empty')
      .max(MAX_SCRIPT_TITLE_LENGTH, `title is longer than ${MAX_SCRIPT_TITLE_LENGTH} characters`),
    text: scriptTextSchema,
    /** A/B versions besides `text` (see `scriptVersions`). */
    variants: z
      .array(scriptVariantSchema)
      .max(MAX_SCRIPT_VARIANTS, `more than ${MAX_SCRIPT_VARIANTS} variants`)
      .refine((variants) => unique(variants.map((v) => v.id)), 'variant ids are not unique')
      .default([]),
    tags: z
      .array(z.string().trim().min(1, 'tag is empty').max(32, 'tag is longer than 32 characters'))
      .max(10, 'more than 10 tags')
      .refine(unique, 'tags are listed twice')
      .default([]),
  })
  .superRefine((script, ctx) => {
    if (script.stage === 'handle_objection' && script.objection === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['objection'],
        message: 'a handle_objection script must name the objection it answers',
      });
    }
  });
export type Script = z.infer<typeof scriptSchema>;
export type ScriptInput = z.input<typeof scriptSchema>;
