// When an event shows in the committee API's answer: one poller asks
// `GET /committee/v1/hazards?region=<community>&status=all` again and again (each request as
// soon as the previous answer arrived) while any probe is waiting, and each answer settles every
// waiting probe hazard it lists, at the moment the answer arrived. That is what a committee
// member refreshing the page would see, to within one API round trip.
import http from 'node:http';
import { get } from './http';
import { BENCH_TOKENS } from './hub';

export interface CommitteeView {
  /** Resolves with performance.now() of the first answer that lists the hazard. */
  whenListed(hazardRecordId: string, timeoutMs?: number): Promise<number>;
  /** API requests made so far. */
  polls(): number;
}

export function watchCommitteeHazards(agent: http.Agent, baseUrl: string, community: string): CommitteeView {
  const url = new URL(`/committee/v1/hazards?region=${community}&status=all`, baseUrl);
  const waiting = new Map<string, { resolve: (at: number) => void; reject: (err: Error) => void; deadline: number }>();
  let polling = false;
  let count = 0;

  async function poll(): Promise<void> {
    polling = true;
    try {
      while (waiting.size > 0) {
        const res = await get(agent, url, BENCH_TOKENS.committee);
        const at = performance.now();
        count++;
        if (res.status !== 200) throw new Error(`the committee API answered ${res.status}: ${res.body.slice(0, 300)}`);
        const listed = new Set((JSON.parse(res.body) as { hazards: Array<{ hazardRecordId: string }> }).hazards.map((h) => h.hazardRecordId));
        for (const [id, w] of waiting) {
          if (listed.has(id)) {
            waiting.delete(id);
            w.resolve(at);
          } else if (at > w.deadline) {
            waiting.delete(id);
            w.reject(new Error(`hazard ${id} was not in the committee API's answer in time`));
          }
        }
      }
    } catch (err) {
      for (const w of waiting.values()) w.reject(err as Error);
      waiting.clear();
    } finally {
      polling = false;
    }
  }

  return {
    whenListed(hazardRecordId, timeoutMs = 60_000) {
      return new Promise<number>((resolve, reject) => {
        waiting.set(hazardRecordId, { resolve, reject, deadline: performance.now() + timeoutMs });
        if (!polling) void poll();
      });
    },
    polls: () => count,
  };
}
