// Publishes the demo district through the gateway code path (the same ingest use case
// bureaus call over HTTP), each batch stamped with its historical receipt time.
import type { Agency } from '../kernel/agency';
import type { Principal } from '../kernel/http/auth';
import type { Logger } from '../kernel/logger';
import type { Ingest } from '../gateway/ingest';
import { generateDemoDistrict, type DemoSubmission } from './demo';

const MAX_BATCH = 1000;

const WEEK_MS = 7 * 86_400_000;

/**
 * Each bureau uploads once a week: its submissions of one week (in the order sent) travel
 * in one request, received when the last of them was sent. Batches are ordered by that time.
 */
export function batchSubmissions(submissions: readonly DemoSubmission[]): DemoSubmission[][] {
  const groups = new Map<string, DemoSubmission[]>();
  for (const s of submissions) {
    const key = `${Math.floor(s.receivedAt.getTime() / WEEK_MS)}/${s.agency}`;
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  const batches: DemoSubmission[][] = [];
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i += MAX_BATCH) batches.push(group.slice(i, i + MAX_BATCH));
  }
  const sentAt = (batch: DemoSubmission[]) => batch[batch.length - 1]!.receivedAt.getTime();
  return batches.sort((a, b) => sentAt(a) - sentAt(b));
}

export async function loadDemoDistrict(deps: { ingest: Ingest; now: Date; timeZone: string; logger: Logger; scale?: number }) {
  const started = Date.now();
  const submissions = generateDemoDistrict({ now: deps.now, timeZone: deps.timeZone, scale: deps.scale });
  const batches = batchSubmissions(submissions);
  for (const batch of batches) {
    const agency: Agency = batch[0]!.agency;
    const principal: Principal = { role: 'agency', tokenId: 'demo-loader', agency };
    // The batch is received when its last submission was sent.
    const receivedAt = batch[batch.length - 1]!.receivedAt;
    await deps.ingest(principal, agency, { events: batch.map((s) => s.body) }, { now: receivedAt });
  }
  return { submissions: submissions.length, requests: batches.length, ms: Date.now() - started };
}
