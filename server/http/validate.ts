import type { z } from 'zod';
import { ErrorCode } from '../../shared/errors';
import { AppError } from '../errors';

/** Parses untrusted input with its schema; a mismatch becomes a 400 E_VALIDATION. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const detail = result.error.issues
      .slice(0, 3)
      .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; ');
    throw new AppError(ErrorCode.Validation, `Invalid input: ${detail}`);
  }
  return result.data;
}
