// Command line of `npm run import` → ImportOptions (without the run-time hooks).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { AGENCIES, isAgency, type Agency } from '../../services/kernel/agency';
import { checkBatchSize, DEFAULT_BATCH } from './batches';
import { ENCODINGS, type CsvEncoding } from './csvFile';
import { DEFAULT_UTC_OFFSET } from './convert';
import { ImportUsageError } from './errors';

export const DEFAULT_URL = 'http://127.0.0.1:8080';

export const USAGE = `Usage: npm run import -- --agency <agency> --file <file.csv> [options]

Sends the rows of a bureau's CSV export to the hub's agency gateway, one event per row.

  --agency <name>       ${AGENCIES.join(' | ')}
  --file <path>         the CSV file: a header row of field names (or their Chinese names)
  --url <url>           the hub (default ${DEFAULT_URL})
  --token-file <path>   file holding the bureau's bearer token (default: env HUB_TOKEN)
  --type <EventType>    the event type of every row (default: the file's "type" column)
  --batch <n>           events per request, 1-1000 (default ${DEFAULT_BATCH})
  --encoding <name>     ${ENCODINGS.join(' | ')} (default utf-8, with or without BOM)
  --utc-offset <±hh:mm> offset for date-times written without one (default ${DEFAULT_UTC_OFFSET})
  --retries <n>         retries of a batch the hub cannot take now (503, network), 0-100 (default 9)
  --restart             ignore the progress journal of an interrupted run
  --check               only read and validate the file, send nothing (no token needed)
  --help                this text

Every row is checked before anything is sent. Exit status: 0 imported; 1 invalid file or
refused by the hub; 2 wrong options; 3 hub unavailable or interrupted (run it again to resume).`;

export interface CliOptions {
  agency: Agency;
  file: string;
  url: string;
  token: string;
  type?: string;
  batchSize: number;
  encoding: CsvEncoding;
  utcOffset: string;
  restart: boolean;
  checkOnly: boolean;
  /** Attempts per batch: 1 + retries. */
  maxAttempts: number;
}

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        agency: { type: 'string' },
        file: { type: 'string' },
        url: { type: 'string' },
        'token-file': { type: 'string' },
        type: { type: 'string' },
        batch: { type: 'string' },
        encoding: { type: 'string' },
        'utc-offset': { type: 'string' },
        retries: { type: 'string' },
        restart: { type: 'boolean' },
        check: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new ImportUsageError((err as Error).message);
  }
  if (values.help) return 'help';
  const agency = String(values.agency ?? '');
  if (!isAgency(agency)) throw new ImportUsageError(`--agency must be one of ${AGENCIES.join(', ')}.`);
  const file = values.file as string | undefined;
  if (!file) throw new ImportUsageError('--file is required.');
  const encoding = (values.encoding as string | undefined) ?? 'utf-8';
  if (!(ENCODINGS as readonly string[]).includes(encoding)) throw new ImportUsageError(`--encoding must be one of ${ENCODINGS.join(', ')}.`);
  const utcOffset = (values['utc-offset'] as string | undefined) ?? DEFAULT_UTC_OFFSET;
  if (!/^[+-](0\d|1[0-4]):[0-5]\d$/.test(utcOffset)) throw new ImportUsageError('--utc-offset must look like +08:00.');
  const batchText = (values.batch as string | undefined) ?? String(DEFAULT_BATCH);
  const batchSize = checkBatchSize(/^\d+$/.test(batchText) ? Number(batchText) : NaN);
  const retriesText = (values.retries as string | undefined) ?? '9';
  if (!/^\d{1,3}$/.test(retriesText) || Number(retriesText) > 100) throw new ImportUsageError('--retries must be an integer from 0 to 100.');
  const url = (values.url as string | undefined) ?? DEFAULT_URL;
  if (!/^https?:\/\/[^\s]+$/.test(url)) throw new ImportUsageError('--url must be an http:// or https:// URL.');
  return {
    agency,
    file,
    url,
    token: values.check === true ? '' : tokenFrom(values['token-file'] as string | undefined, env),
    type: values.type as string | undefined,
    batchSize,
    encoding: encoding as CsvEncoding,
    utcOffset,
    restart: values.restart === true,
    checkOnly: values.check === true,
    maxAttempts: Number(retriesText) + 1,
  };
}

function tokenFrom(tokenFile: string | undefined, env: NodeJS.ProcessEnv): string {
  if (tokenFile) {
    let token: string;
    try {
      token = fs.readFileSync(tokenFile, 'utf8').trim();
    } catch (err) {
      throw new ImportUsageError(`Cannot read --token-file ${tokenFile}: ${(err as Error).message}`);
    }
    if (!token) throw new ImportUsageError(`--token-file ${tokenFile} is empty.`);
    return token;
  }
  const token = env.HUB_TOKEN?.trim();
  if (!token) throw new ImportUsageError("No token: pass --token-file <path> or set HUB_TOKEN to the bureau's bearer token.");
  return token;
}
