import { randomBytes } from 'node:crypto';
import { defaultTierRules, type TierRules } from '../member-tiers';
import { ImportProblems } from './import-problems';
import type { CsvFileProgress } from './read-csv-file';
import { validateImport, type ImportFiles } from './validate-import';
import { writeImport, type WriteProgress, type WriteResult } from './write-import';

export type ImportProgress =
  | ({ step: 'reading' } & CsvFileProgress)
  | { step: 'checking' }
  | { step: 'writing'; progress: WriteProgress };

export type ImportOutcome =
  | { ok: false; problems: ImportProblems }
  | {
      ok: true;
      batch: string;
      written: WriteResult;
      orderLines: number;
      unchanged: { customers: number; products: number };
    };

/**
 * `npm run import`: checks every given file completely, and writes only when nothing is wrong.
 * A write that fails part-way is undone (see write-import.ts) and thrown as ImportWriteError.
 */
export async function importShopData(
  files: ImportFiles,
  options: { rules?: TierRules; onProgress?: (p: ImportProgress) => void } = {},
): Promise<ImportOutcome> {
  const report = options.onProgress ?? (() => undefined);
  const problems = new ImportProblems();
  const plan = await validateImport(files, problems, {
    onReading: (p) => report({ step: 'reading', ...p }),
    onChecking: () => report({ step: 'checking' }),
  });
  if (problems.any) return { ok: false, problems };

  const batch = newBatchTag();
  const written = await writeImport(plan, {
    batch,
    rules: options.rules ?? defaultTierRules,
    onProgress: (progress) => report({ step: 'writing', progress }),
  });
  return { ok: true, batch, written, orderLines: plan.orderLines, unchanged: plan.unchanged };
}

/** import-20250301T101500Z-3f9a: when the run started, and unique. */
function newBatchTag(): string {
  const time = new Date().toISOString().replace(/[-:]|\.\d+/g, '');
  return `import-${time}-${randomBytes(2).toString('hex')}`;
}
