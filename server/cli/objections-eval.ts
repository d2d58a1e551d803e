import path from 'node:path';
import { parseArgs } from 'node:util';
import { scoreObjections } from '../../shared/domain/objection-metrics';
import {
  compileObjectionDetector,
  DEFAULT_OBJECTION_THRESHOLD,
  detectObjections,
} from '../../shared/domain/objections';
import {
  labelledSplitFile,
  LabelledSetError,
  objectionSplits,
  readLabelledObjections,
  type ObjectionSplit,
} from '../scripts/objection-labelled-set';
import {
  objectionPhrasesDir,
  ObjectionPhrasesFileError,
  readObjectionPhrases,
} from '../scripts/objection-phrases-file';

// `npm run --silent objections:eval -- --split train|test`: see usage.

const usage = `Usage: npm run --silent objections:eval -- --split train|test [--errors]
       npm run --silent objections:eval -- --input FILE.jsonl [--errors]

Runs the objection detector over a labelled set and prints exactly one JSON object on stdout:
  {"split":"test","n":134,"perCategory":{"price":{"support","truePositives","falsePositives",
    "falseNegatives","precision","recall","f1"},…},"macroF1":…,"microF1":…}

Each message is a yes/no decision per category. precision = tp/(tp+fp), recall = tp/(tp+fn),
F1 = 2tp/(2tp+fp+fn) (null when undefined); macroF1 is the mean F1 of the categories,
microF1 the F1 of all decisions pooled.

Options
  --split S       train or test: test/fixtures/objections/S.jsonl. The phrase lists are tuned
                  on train only; test is the held-out split.
  --input FILE    another labelled set: one {"id","lang","text","labels":[…]} a line ("split"
                  is then the file's name)
  --phrases DIR   the phrase lists (default scripts-library/objection-phrases)
  --threshold T   smallest category confidence reported, in (0, 1] (default ${DEFAULT_OBJECTION_THRESHOLD})
  --errors        also list the misclassified messages on stderr
  -h, --help      this text

Exit status: 0 on success; 1 on bad options or an unreadable or invalid file, with one line on
stderr.
`;

class CliError extends Error {}

function main(argv: string[]): void {
  let values: {
    split?: string;
    input?: string;
    phrases?: string;
    threshold?: string;
    errors?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        split: { type: 'string' },
        input: { type: 'string' },
        phrases: { type: 'string' },
        threshold: { type: 'string' },
        errors: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliError(`${(error as Error).message.split('. ')[0]} (see --help)`);
  }
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  if ((values.split === undefined) === (values.input === undefined)) {
    throw new CliError('give either --split train|test or --input FILE (see --help)');
  }
  if (values.split !== undefined && !objectionSplits.includes(values.split as ObjectionSplit)) {
    throw new CliError(`--split must be train or test, got ${JSON.stringify(values.split)}`);
  }
  let threshold: number | undefined;
  if (values.threshold !== undefined) {
    threshold = /^(?:0?\.\d+|1(?:\.0*)?|0)$/.test(values.threshold) ? Number(values.threshold) : 0;
    if (!(threshold > 0)) {
      throw new CliError(
        `--threshold must be a number in (0, 1], got ${JSON.stringify(values.threshold)}`,
      );
    }
  }

  const file = values.input ?? labelledSplitFile(values.split as ObjectionSplit);
  const split = values.split ?? path.basename(file).replace(/\.jsonl$/, '');
  let detector;
  let rows;
  try {
    rows = readLabelledObjections(file);
    detector = compileObjectionDetector(
      readObjectionPhrases(values.phrases ?? objectionPhrasesDir),
      {
        threshold,
      },
    );
  } catch (error) {
    if (error instanceof LabelledSetError || error instanceof ObjectionPhrasesFileError) {
      throw new CliError(error.message);
    }
    throw error;
  }

  const outcomes = rows.map((row) => {
    const detection = detectObjections(detector, row.text);
    return { row, detection, labels: row.labels, predicted: detection.categories };
  });
  const { n, perCategory, macroF1, microF1 } = scoreObjections(outcomes);
  if (values.errors) {
    for (const { row, detection, labels, predicted } of outcomes) {
      const gold = [...labels].sort().join(',');
      if (gold === [...predicted].sort().join(',')) continue;
      const found = detection.perCategory
        .map((c) => `${c.category} ${c.confidence} [${c.phrases.join(' | ')}]`)
        .join('; ');
      const negated = detection.negated.map((m) => `${m.category}:${m.text}`).join(' ');
      process.stderr.write(
        `${row.id}\tgold [${gold}]\tgot [${predicted.join(',')}]\t${row.text}\t${found}` +
          `${negated ? `\tnegated ${negated}` : ''}\n`,
      );
    }
  }
  process.stdout.write(`${JSON.stringify({ split, n, perCategory, macroF1, microF1 })}\n`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  const message =
    error instanceof CliError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`objections:eval: ${message.replace(/\n/g, ' ')}\n`);
  process.exitCode = 1;
}
