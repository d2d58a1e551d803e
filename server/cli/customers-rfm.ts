import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { RfmAccumulator, RfmInputError, scoreRfm } from '../../shared/domain/rfm';
import { dayOf, formatDay, parseDay } from '../../shared/domain/utc-day';
import { CsvFormatError, readOrdersCsv } from '../customers/orders-csv';

// `npm run --silent customers:rfm -- --input orders.csv [--as-of YYYY-MM-DD]`: see usage.

const usage = `Usage: npm run --silent customers:rfm -- --input orders.csv [--as-of YYYY-MM-DD]

Scores every customer of an order export by RFM and prints exactly one JSON object on stdout:
  {"asOf":"YYYY-MM-DD","customers":[{"customerId","recency","frequency","monetary",
    "r","f","m","segment","class8"}, ...]}       customers sorted by customerId

Options
  --input FILE        CSV with a header naming customer_id, order_id, ordered_at, amount
                      (any order; other columns ignored, except an optional status column)
  --as-of YYYY-MM-DD  the day to score as of (UTC). Default: the day after the last order in
                      the file (today, for a file without orders). Orders after it are left out.
  -h, --help          this text

Input
  ordered_at  YYYY-MM-DD or ISO 8601 (2025-03-01T10:15:00+08:00; no zone = UTC)
  amount      129.90: digits with an optional decimal part, rounded to the cent
  status      optional: paid, refunded or empty (= paid). A refunded order counts nowhere.
  Rows with the same order_id are one order: amounts add up, the latest row's date counts.
  Quoted fields may hold commas and "" for a quote, but no line breaks. Blank lines skipped.

Values (calendar days in UTC)
  recency    days from the day of the customer's last paid order to the as-of day
  frequency  distinct paid orders
  monetary   sum of the paid orders' amounts, CNY, 2 decimals
  Customers without a paid order up to the as-of day are not listed.

Scores 1-5 (quintiles over the file's customers; R: more recent is better, F and M: more is
better). Order the n customers from worst to best; a value held by e customers with b customers
strictly worse has the percentile p = (b + e/2) / n and scores ceil(5p). Equal values always score
alike; ten distinct values score 1,1,2,2,3,3,4,4,5,5; a lone customer or an all-equal column
scores 3.

Segment: the first row that matches
  Champions           R 5     F 5     M 5
  Loyal               R 4-5   F 4-5
  New                 R 5     F 1-2
  Potential Loyalist  R 4-5   F 2-3
  Promising           R 4     F 1
  Need Attention      R 3     F 3-5
  About to Sleep      R 3     F 1-2
  Can't Lose Them     R 1-2   F 4-5   M 4-5
  At Risk             R 1-2   F + M >= 6
  Hibernating         R 2
  Lost                R 1

class8 (RFM 八类客户): R is high (H) when recency is below the mean recency, F when frequency
is above the mean frequency, M when monetary is above the mean monetary; equal to the mean is
low (L). R,F,M = HHH 重要价值, LHH 重要保持, HLH 重要发展, LLH 重要挽留, HHL 一般价值,
LHL 一般保持, HLL 一般发展, LLL 一般挽留.

Exit status: 0 on success; 1 on bad options or a malformed file, with one line on stderr
naming the line and the problem.
`;

/** A problem to report in one line, without a stack: bad options, unreadable or malformed input. */
class CliError extends Error {}

async function main(argv: string[]): Promise<void> {
  let values: { input?: string; 'as-of'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        input: { type: 'string' },
        'as-of': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliError(`${(error as Error).message} (see --help)`);
  }
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const input = values.input;
  if (!input) throw new CliError('--input FILE is required (see --help)');
  const asOfText = values['as-of'];
  if (
    asOfText !== undefined &&
    (!/^\d{4}-\d{2}-\d{2}$/.test(asOfText) || parseDay(asOfText) === null)
  ) {
    throw new CliError(`--as-of must be a date as YYYY-MM-DD, got ${JSON.stringify(asOfText)}`);
  }

  const accumulator = new RfmAccumulator();
  try {
    await readOrdersCsv(createReadStream(input), (row, line) => {
      try {
        accumulator.add(row);
      } catch (error) {
        if (error instanceof RfmInputError) throw new CsvFormatError(line, error.message);
        throw error;
      }
    });
  } catch (error) {
    if (error instanceof CsvFormatError) throw new CliError(`${input} ${error.message}`);
    const { code } = error as NodeJS.ErrnoException;
    if (code) throw new CliError(`cannot read ${input}: ${code}`);
    throw error;
  }

  const result = accumulator.result(asOfText);
  const asOf = result.asOf ?? formatDay(dayOf(Date.now()));
  const customers = scoreRfm(result.customers).map((c) => ({
    customerId: c.customerId,
    recency: c.recency,
    frequency: c.frequency,
    monetary: Math.round(c.monetary * 100) / 100,
    r: c.r,
    f: c.f,
    m: c.m,
    segment: c.segment,
    class8: c.class8,
  }));
  process.stdout.write(`${JSON.stringify({ asOf, customers })}\n`);
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  const message =
    error instanceof CliError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`customers:rfm: ${message.replace(/\n/g, ' ')}\n`);
  process.exitCode = 1;
}
