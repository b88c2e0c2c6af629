// Command line of the feed follower (`npm run feed -- --agency health --token ...`).
import { isAgency, type Agency } from '../../services/kernel/agency';

export interface FollowerOptions {
  agency: Agency;
  token: string;
  url: string;
  /** Append JSON lines here; stdout when absent. */
  out: string | null;
  /** Where the last cursor is kept between runs. */
  state: string;
  limit: number;
  waitSeconds: number;
  /** Stop once the feed has nothing more (instead of following it). */
  once: boolean;
}

export const USAGE = `usage: npm run feed -- --agency <bureau> --token <token> [--url http://127.0.0.1:8080]
       [--out events.jsonl] [--state .feed-<bureau>.cursor] [--limit 1-1000] [--wait 0-30] [--once]
The token may also come from HUB_TOKEN.`;

export function parseFollowerArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): FollowerOptions {
  const values = new Map<string, string>();
  let once = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--once') {
      once = true;
      continue;
    }
    const m = /^--(agency|token|url|out|state|limit|wait)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unknown argument ${arg}\n${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value\n${USAGE}`);
    values.set(m[1]!, value);
  }
  const agency = values.get('agency');
  if (!agency || !isAgency(agency)) throw new Error(`--agency must be one of police, fire, health, transport, safety\n${USAGE}`);
  const token = values.get('token') ?? env.HUB_TOKEN;
  if (!token) throw new Error(`--token (or HUB_TOKEN) is required\n${USAGE}`);
  const limit = Number(values.get('limit') ?? 1000);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new Error('--limit must be an integer from 1 to 1000');
  const waitSeconds = Number(values.get('wait') ?? 30);
  if (!(waitSeconds >= 0 && waitSeconds <= 30)) throw new Error('--wait must be 0 to 30 seconds');
  const url = (values.get('url') ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(url)) throw new Error('--url must be an http(s) URL');
  return { agency, token, url, out: values.get('out') ?? null, state: values.get('state') ?? `.feed-${agency}.cursor`, limit, waitSeconds, once };
}
