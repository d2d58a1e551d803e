import { parseArgs } from 'node:util';
import {
  defaultLibraryDir,
  formatProblem,
  loadLibrary,
  MIN_SCRIPTS_PER_LOCALE,
  summarizeLibrary,
} from '../scripts/library-files';
import { lintQualityRulesFile } from '../quality/quality-rules-file';
import { lintOutreachRulesFile } from '../outreach/outreach-rules-file';

// `npm run --silent scripts:lint [-- --dir DIR]`: see usage.

const usage = `Usage: npm run --silent scripts:lint [-- --dir DIR]

Checks the script library (scripts-library/<locale>/<scenario>.yaml) and prints one line:
  scripts:lint: ok, zh-CN 72 (greeting 5, ...); en 72 (greeting 5, ...)

Checks
  every script against shared/schemas/script.ts (enums, slug ids, lengths, unknown keys)
  every template: only {{name}} variables from the allow-list in shared/domain/template.ts
  ids unique per locale; the same ids in zh-CN and en, classified alike, with the same variants
  coverage: every scenario and every objection category in each locale, at least ${MIN_SCRIPTS_PER_LOCALE} scripts each
  quality-rules.yaml beside the library against shared/schemas/quality-rules.ts (required in the
    project's library; checked when present in --dir)
  outreach-rules.yaml beside the library against shared/schemas/outreach.ts (required likewise)

Options
  --dir DIR   the library folder (default: scripts-library in the project)
  -h, --help  this text

Exit status: 0 when the library is clean; 1 with every problem on stderr, one a line, as
  <file>[:<line>] [<script id>] <problem>
`;

class CliError extends Error {}

async function main(argv: string[]): Promise<number> {
  let values: { dir?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliError(`${(error as Error).message} (see --help)`);
  }
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const { scripts, problems } = await loadLibrary(values.dir ?? defaultLibraryDir);
  problems.push(...lintQualityRulesFile(values.dir ?? defaultLibraryDir, values.dir === undefined));
  problems.push(
    ...lintOutreachRulesFile(values.dir ?? defaultLibraryDir, values.dir === undefined),
  );
  if (problems.length > 0) {
    for (const problem of problems)
      process.stderr.write(`scripts:lint: ${formatProblem(problem)}\n`);
    process.stderr.write(
      `scripts:lint: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`,
    );
    return 1;
  }
  const summary = summarizeLibrary(scripts)
    .map(({ locale, total, byScenario }) => {
      const scenarios = Object.entries(byScenario).map(([name, count]) => `${name} ${count}`);
      return `${locale} ${total} (${scenarios.join(', ')})`;
    })
    .join('; ');
  process.stdout.write(`scripts:lint: ok, ${summary}\n`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const message =
    error instanceof CliError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`scripts:lint: ${message.replace(/\n/g, ' ')}\n`);
  process.exitCode = 1;
}
