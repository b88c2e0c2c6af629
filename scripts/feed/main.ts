// A small follower of a bureau's feed, and the starting point for a bureau's own integration:
// it reads the feed page by page (long polling when caught up), writes every event as one JSON
// line, and keeps the last cursor in a state file so a restart resumes where it stopped.
// Delivery is at least once: the cursor is saved after the page's lines are written (and
// fsynced, with --out), so a crash in between repeats that page; deduplicate by eventId.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseFollowerArgs, type FollowerOptions } from './args';

interface FeedPage {
  events: Array<{ eventId: string }>;
  next: string;
}

export function readState(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  const cursor = fs.readFileSync(file, 'utf8').trim();
  return cursor === '' ? undefined : cursor;
}

/** Replaces the state file atomically: a crash leaves the old cursor or the new one. */
export function writeState(file: string, cursor: string): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, `${cursor}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export async function follow(options: FollowerOptions, signal?: AbortSignal): Promise<number> {
  let after = readState(options.state);
  const out = options.out ? fs.openSync(options.out, 'a') : null;
  let written = 0;
  try {
    while (!signal?.aborted) {
      const params = new URLSearchParams({ limit: String(options.limit), wait: String(options.once ? 0 : options.waitSeconds) });
      if (after) params.set('after', after);
      const res = await fetch(`${options.url}/agencies/${options.agency}/v1/feed?${params}`, {
        headers: { authorization: `Bearer ${options.token}` },
        signal,
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`feed answered ${res.status}: ${text}`);
      const page = JSON.parse(text) as FeedPage;
      if (page.events.length > 0) {
        const lines = page.events.map((e) => JSON.stringify(e)).join('\n') + '\n';
        if (out !== null) {
          fs.writeSync(out, lines);
          fs.fsyncSync(out);
        } else {
          process.stdout.write(lines);
        }
        written += page.events.length;
      }
      if (page.next !== after) {
        writeState(options.state, page.next);
        after = page.next;
      }
      if (options.once && page.events.length < options.limit) break;
    }
  } finally {
    if (out !== null) fs.closeSync(out);
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  let options: FollowerOptions;
  try {
    options = parseFollowerArgs(process.argv.slice(2), process.env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const stop = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop.abort());
  follow(options, stop.signal)
    .then((n) => process.stderr.write(`feed: ${n} events written; cursor in ${options.state}\n`))
    .catch((err: unknown) => {
      if (stop.signal.aborted) return;
      process.stderr.write(`feed: ${(err as Error).message}\n`);
      process.exit(1);
    });
}
