import cookieParser from 'cookie-parser';
import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { objectionCategories } from '../../shared/domain/objection-categories';
import { conversationStages, scriptLocales, scriptScenarios } from '../../shared/domain/scripts';
import { validateTemplate } from '../../shared/domain/template';
import { ErrorCode } from '../../shared/errors';
import type { StaffRole } from '../../shared/schemas/auth';
import { scriptIdSchema, scriptSchema, type Script } from '../../shared/schemas/script';
import type { SessionTokens, StaffSession } from '../auth/session-tokens';
import { requireStaff } from '../auth/staff-guard';
import { AppError } from '../errors';
import { parseInput } from '../http/validate';
import type { Actor, PublishedScript, ScriptStore } from './script-store';

/*
 * The script library (话术库) over HTTP. Everyone on staff reads it; supervisors and admins
 * edit drafts, publish, roll back, import and export. Every write is audited by the store.
 *
 *   GET    /api/scripts?locale=&scenario=&objection=&stage=&q=   published library
 *   POST   /api/scripts                                          new script (as a draft)
 *   GET    /api/scripts/export                                   the library's YAML files
 *   POST   /api/scripts/import                                   { files } → publish changes
 *   GET    /api/scripts/:locale/:id                              draft, published, versions
 *   GET    /api/scripts/:locale/:id/versions/:version            one version in full
 *   PUT    /api/scripts/:locale/:id/draft                        save the draft
 *   DELETE /api/scripts/:locale/:id/draft                        discard the draft
 *   POST   /api/scripts/:locale/:id/publish   { note? }          draft → new version
 *   POST   /api/scripts/:locale/:id/rollback  { version, note? } old version → new version
 *   GET    /api/scripts/:locale/:id/diff?from=&to=               versions or 'draft'
 */

const readers: readonly StaffRole[] = ['agent', 'supervisor', 'admin', 'trainer'];
const editors: readonly StaffRole[] = ['supervisor', 'admin'];
/** The whole library is ~70 kB of YAML; the app's default body limit is 64 kB. */
export const IMPORT_BODY_LIMIT = '2mb';
export const IMPORT_PATH = '/api/scripts/import';

const listQuery = z.strictObject({
  locale: z.enum(scriptLocales).optional(),
  scenario: z.enum(scriptScenarios).optional(),
  objection: z.enum(objectionCategories).optional(),
  stage: z.enum(conversationStages).optional(),
  q: z.string().trim().max(100).optional(),
});
const scriptParams = z.strictObject({ locale: z.enum(scriptLocales), id: scriptIdSchema });
const versionNumber = z.coerce.number().int().min(1).max(1_000_000);
const versionParams = scriptParams.extend({ version: versionNumber });
const versionRef = z.union([z.literal('draft'), versionNumber]);
const diffQuery = z.strictObject({ from: versionRef, to: versionRef });
const note = z.string().trim().max(200).optional();
const publishBody = z.union([z.undefined(), z.strictObject({ note })]);
const rollbackBody = z.strictObject({ version: z.number().int().min(1), note });
const importBody = z.strictObject({
  files: z
    .record(z.string().max(100), z.string().max(200_000))
    .refine((files) => Object.keys(files).length > 0, 'no files')
    .refine((files) => Object.keys(files).length <= 100, 'more than 100 files'),
});
const bodyObject = z.record(z.string(), z.unknown());

/**
 * Checks every template of a script body first, so a bad variable is its own error
 * (E_SCRIPT_TEMPLATE) naming the variable and where it is.
 */
function checkTemplates(body: Record<string, unknown>): void {
  const texts: Array<[string, unknown]> = [['text', body.text]];
  if (Array.isArray(body.variants)) {
    body.variants.forEach((v: unknown, i) => {
      const variant = v as { id?: unknown; text?: unknown } | null;
      const name = typeof variant?.id === 'string' ? variant.id : String(i);
      texts.push([`variants.${name}.text`, variant?.text]);
    });
  }
  const problems: string[] = [];
  for (const [where, text] of texts) {
    if (typeof text !== 'string') continue;
    for (const error of validateTemplate(text)) problems.push(`${where}: ${error.message}`);
  }
  if (problems.length > 0) {
    throw new AppError(
      ErrorCode.ScriptTemplate,
      `The script's template is not valid: ${problems.slice(0, 5).join('; ')}.`,
    );
  }
}

/** A whole script from a body; `locale` and `id` come from the path when given there. */
function parseScript(body: unknown, path?: { locale: string; id: string }): Script {
  const fields = parseInput(bodyObject, body ?? null);
  if (path) {
    for (const key of ['locale', 'id'] as const) {
      if (key in fields && fields[key] !== path[key]) {
        throw new AppError(
          ErrorCode.Validation,
          `Invalid input: ${key} comes from the path (${path[key]}); it cannot be changed.`,
        );
      }
    }
  }
  checkTemplates(fields);
  return parseInput(scriptSchema, { ...fields, ...path });
}

function matches(script: Script, q: string): boolean {
  return [script.title, script.text, ...script.tags, ...script.variants.map((v) => v.text)].some(
    (text) => text.toLowerCase().includes(q),
  );
}

/** Lets the import's large body through only for editors, before the app's 64 kB parser. */
export function scriptImportBody(tokens: SessionTokens): RequestHandler[] {
  return [
    cookieParser(),
    requireStaff(tokens, editors),
    express.json({ limit: IMPORT_BODY_LIMIT }),
  ];
}

export function scriptRouter(deps: { tokens: SessionTokens; store: ScriptStore }): Router {
  const router = Router();
  const { store } = deps;
  const anyStaff = requireStaff(deps.tokens, readers);
  const editorsOnly = requireStaff(deps.tokens, editors);
  const who = (req: Request): Actor => ({
    actor: (req.res?.locals.staff as StaffSession).username,
    address: req.ip ?? null,
  });

  router.get('/api/scripts', anyStaff, async (req, res) => {
    const query = parseInput(listQuery, { ...req.query });
    await store.loaded();
    const all = store.publishedScripts();
    // A search matches a script when it or its counterpart in another language does.
    const q = query.q?.toLowerCase();
    const found = q ? new Set(all.filter((s) => matches(s, q)).map((s) => s.id)) : null;
    const scripts: PublishedScript[] = all.filter(
      (s) =>
        (!query.locale || s.locale === query.locale) &&
        (!query.scenario || s.scenario === query.scenario) &&
        (!query.objection || s.objection === query.objection) &&
        (!query.stage || s.stage === query.stage) &&
        (!found || found.has(s.id)),
    );
    res.json({ scripts });
  });

  router.post('/api/scripts', editorsOnly, async (req, res) => {
    const script = parseScript(req.body);
    res.status(201).json({ script: await store.createScript(script, who(req)) });
  });

  router.get('/api/scripts/export', editorsOnly, async (_req, res) => {
    res.json({ files: await store.exportLibrary() });
  });

  router.post(IMPORT_PATH, editorsOnly, async (req, res) => {
    const { files } = parseInput(importBody, req.body);
    res.json(await store.importLibrary(files, who(req)));
  });

  router.get('/api/scripts/:locale/:id', anyStaff, async (req, res) => {
    const { locale, id } = parseInput(scriptParams, req.params);
    res.json({ script: await store.getScript(locale, id) });
  });

  router.get('/api/scripts/:locale/:id/versions/:version', anyStaff, async (req, res) => {
    const { locale, id, version } = parseInput(versionParams, req.params);
    const doc = await store.getVersion(locale, id, version);
    res.json({
      version: {
        version: doc.version,
        publishedBy: doc.publishedBy,
        publishedAt: doc.publishedAt.toISOString(),
        note: doc.note ?? null,
        rolledBackFrom: doc.rolledBackFrom ?? null,
        script: doc.script,
      },
    });
  });

  router.put('/api/scripts/:locale/:id/draft', editorsOnly, async (req, res) => {
    const path = parseInput(scriptParams, req.params);
    const script = parseScript(req.body, path);
    res.json({ script: await store.saveDraft(path.locale, path.id, script, who(req)) });
  });

  router.delete('/api/scripts/:locale/:id/draft', editorsOnly, async (req, res) => {
    const { locale, id } = parseInput(scriptParams, req.params);
    res.json({ script: await store.discardDraft(locale, id, who(req)) });
  });

  router.post('/api/scripts/:locale/:id/publish', editorsOnly, async (req, res) => {
    const { locale, id } = parseInput(scriptParams, req.params);
    const body = parseInput(publishBody, req.body);
    res.status(201).json(await store.publish(locale, id, body?.note || null, who(req)));
  });

  router.post('/api/scripts/:locale/:id/rollback', editorsOnly, async (req, res) => {
    const { locale, id } = parseInput(scriptParams, req.params);
    const body = parseInput(rollbackBody, req.body);
    res
      .status(201)
      .json(await store.rollback(locale, id, body.version, body.note || null, who(req)));
  });

  router.get('/api/scripts/:locale/:id/diff', anyStaff, async (req, res) => {
    const { locale, id } = parseInput(scriptParams, req.params);
    const { from, to } = parseInput(diffQuery, { ...req.query });
    res.json(await store.diff(locale, id, from, to));
  });

  return router;
}
