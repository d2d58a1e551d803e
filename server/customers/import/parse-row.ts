import type { z } from 'zod';

export type ParsedRow<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * One CSV row through its schema from shared/schemas/shop-data.ts. A bad row is described in
 * one sentence naming every bad column and the text found there.
 */
export function parseRow<S extends z.ZodType>(
  schema: S,
  fields: Record<string, string>,
): ParsedRow<z.infer<S>> {
  const result = schema.safeParse(fields);
  if (result.success) return { ok: true, value: result.data };
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const issue of result.error.issues) {
    const column = String(issue.path[0] ?? '');
    if (seen.has(column)) continue;
    seen.add(column);
    const text = fields[column];
    const found = text === undefined ? '' : ` (found ${quote(text)})`;
    parts.push(column ? `${column}: ${issue.message}${found}` : issue.message);
  }
  return { ok: false, problem: `${parts.join('; ')}.` };
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
