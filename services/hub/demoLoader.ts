// Publishes the demo district through the gateway code path (the same ingest use case
// bureaus call over HTTP), each batch stamped with its historical receipt time.
import type { Agency } from '../kernel/agency';
import type { Principal } from '../kernel/http/auth';
import type { Logger } from '../kernel/logger';
import type { Ingest } from '../gateway/ingest';
import { generateDemoDistrict, type DemoSubmission } from './demo';

const MAX_BATCH = 1000;

/** Consecutive submissions of one bureau on one local day travel in one request. */
export function batchSubmissions(submissions: readonly DemoSubmission[]): DemoSubmission[][] {
  const batches: DemoSubmission[][] = [];
  let current: DemoSubmission[] = [];
  const dayOf = (s: DemoSubmission) => s.receivedAt.toISOString().slice(0, 10);
  for (const s of submissions) {
    const head = current[0];
    if (head && (head.agency !== s.agency || dayOf(head) !== dayOf(s) || current.length >= MAX_BATCH)) {
      batches.push(current);
      current = [];
    }
    current.push(s);
  }
  if (current.length > 0) batches.push(current);
  return batches;
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
