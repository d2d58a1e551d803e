import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compileObjectionDetector, detectObjections } from '../../shared/domain/objections';
import {
  objectionPhrasesDir,
  ObjectionPhrasesFileError,
  readObjectionPhrases,
} from '../scripts/objection-phrases-file';

// `npm run --silent objections:detect -- --input messages.txt`: see usage.

const usage = `Usage: npm run --silent objections:detect -- --input FILE [--phrases DIR]

Reads shopper messages, one a line, and prints exactly one JSON array on stdout, one entry per
message in file order:
  [{"text":"…","categories":["price",…],"confidence":0.93,"phrases":["太贵"]}, …]

  text        the line as read (without its line end)
  categories  objections the message raises, the most confident first, from price, quality,
              fit, hesitation, competitor, shipping, after_sales; [] when it raises none
  confidence  in [0, 1]: that of the strongest category (per category 1 − Π(1 − weight) over
              its matched phrases); 0 when categories is []
  phrases     the matched words as the shopper typed them ("太貴了" stays traditional)

Options
  --input FILE    UTF-8 text, one message a line (\\n or \\r\\n); "-" reads stdin. Blank lines
                  are skipped; an empty file prints [].
  --phrases DIR   the phrase lists, every *.yaml in DIR (default scripts-library/objection-phrases)
  -h, --help      this text

Exit status: 0 on success; 1 on bad options, an unreadable or non-UTF-8 input file, or an
invalid phrase list, with one line on stderr.
`;

/** A problem to report in one line: bad options, unreadable input, an invalid phrase list. */
class CliError extends Error {}

function readInput(input: string): string {
  let bytes: Buffer;
  try {
    bytes = input === '-' ? readFileSync(0) : readFileSync(input);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new CliError(`cannot read ${input}: ${code ?? message}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`${input} is not UTF-8 text`);
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    throw new CliError(`${input}:${line}: contains a NUL character: not a text file`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function main(argv: string[]): void {
  let values: { input?: string; phrases?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        input: { type: 'string' },
        phrases: { type: 'string' },
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
  if (!values.input) throw new CliError('--input FILE is required (see --help)');

  const text = readInput(values.input);
  let detector;
  try {
    detector = compileObjectionDetector(
      readObjectionPhrases(values.phrases ?? objectionPhrasesDir),
    );
  } catch (error) {
    if (error instanceof ObjectionPhrasesFileError) throw new CliError(error.message);
    throw error;
  }
  const out: Array<{ text: string; categories: string[]; confidence: number; phrases: string[] }> =
    [];
  for (const line of text.split('\n')) {
    const message = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (message.trim() === '') continue;
    const { categories, confidence, phrases } = detectObjections(detector, message);
    out.push({ text: message, categories, confidence, phrases });
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
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
  process.stderr.write(`objections:detect: ${message.replace(/\n/g, ' ')}\n`);
  process.exitCode = 1;
}
