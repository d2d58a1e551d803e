import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { objectionCategories } from '../../shared/domain/objection-categories';
import { projectRoot } from '../config';

/** The labelled shopper messages of test/fixtures/objections (see its README). */
export const objectionFixturesDir = path.join(projectRoot, 'test', 'fixtures', 'objections');
export const objectionSplits = ['train', 'test'] as const;
export type ObjectionSplit = (typeof objectionSplits)[number];

export const labelledObjectionSchema = z.strictObject({
  id: z.string().min(1),
  lang: z.enum(['zh-CN', 'en']),
  text: z.string().min(1),
  labels: z
    .array(z.enum(objectionCategories))
    .refine((l) => new Set(l).size === l.length, 'a label at most once'),
});
export type LabelledObjection = z.infer<typeof labelledObjectionSchema>;

export class LabelledSetError extends Error {
  override name = 'LabelledSetError';
}

/** One JSON object a line; blank lines are skipped. Errors name the file and line. */
export function parseLabelledObjections(text: string, file: string): LabelledObjection[] {
  const rows: LabelledObjection[] = [];
  const ids = new Set<string>();
  const name = path.basename(file);
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new LabelledSetError(`${name}:${i + 1}: not a JSON object`);
    }
    const parsed = labelledObjectionSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
      throw new LabelledSetError(`${name}:${i + 1}: ${where}${issue.message}`);
    }
    if (ids.has(parsed.data.id)) {
      throw new LabelledSetError(`${name}:${i + 1}: id ${parsed.data.id} is used twice`);
    }
    ids.add(parsed.data.id);
    rows.push(parsed.data);
  });
  return rows;
}

export function readLabelledObjections(file: string): LabelledObjection[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new LabelledSetError(`cannot read ${file}: ${code ?? message}`);
  }
  return parseLabelledObjections(text, file);
}

export function labelledSplitFile(split: ObjectionSplit): string {
  return path.join(objectionFixturesDir, `${split}.jsonl`);
}
