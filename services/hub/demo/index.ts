// The demo district `npm start` loads into an empty store (HUB_DEMO=1): what the five
// bureaus of 汉滨区 would have sent the hub over the two calendar years before now's
// year and the current year up to now, ordered by when they sent it. Deterministic for
// a seed, `now` and time zone; `scale` shrinks the high-volume streams (for tests).

import type { Agency } from '../../kernel/agency';
import type { EventBody } from '../../kernel/events.generated';
import { generateProductionAccidents, generateTransportAccidents } from './accidents';
import { generateActivities } from './activities';
import { generateAgreements } from './agreements';
import { createContext } from './context';
import { applyCorrections } from './corrections';
import { generateFires } from './fire';
import { generateHazards } from './hazards';
import { generateInjuryCases } from './health';
import { generateControlIndicators } from './indicators';
import { generatePolice } from './police';
import { createRng } from './prng';
import { generateProjects } from './projects';
import { generateDesignations, generateRegistrations } from './registry';
import { createSink } from './sink';
import { generateSurveys } from './surveys';

export interface DemoSubmission {
  agency: Agency;
  body: EventBody;
  /** When the bureau sent it. */
  receivedAt: Date;
}

export interface DemoOptions {
  now: Date;
  /** The hub's time zone (HUB_TIMEZONE): years and dates are reckoned in it. */
  timeZone: string;
  seed?: number;
  /** Volume multiplier of the high-volume streams; 1 (default) gives roughly 20k-40k submissions. */
  scale?: number;
}

export const DEFAULT_DEMO_SEED = 610902;

export { COMMUNITIES, CITY_CODE, DISTRICT_CODE } from './district';
export { DEMO_AGREEMENTS } from './agreements';

export function generateDemoDistrict(options: DemoOptions): DemoSubmission[] {
  const ctx = createContext(options.now, options.timeZone, options.scale ?? 1);
  const rng = createRng(options.seed ?? DEFAULT_DEMO_SEED);
  const sink = createSink(ctx.goLiveMs, ctx.nowMs);

  generateRegistrations(ctx, rng.fork('registrations'), sink);
  generateDesignations(ctx, rng.fork('designations'), sink);
  generatePolice(ctx, rng.fork('police'), sink);
  generateFires(ctx, rng.fork('fires'), sink);
  generateInjuryCases(ctx, rng.fork('injuries'), sink);
  generateProductionAccidents(ctx, rng.fork('production'), sink);
  generateTransportAccidents(ctx, rng.fork('transport'), sink);
  generateHazards(ctx, rng.fork('hazards'), sink);
  generateProjects(ctx, rng.fork('projects'), sink);
  generateActivities(ctx, rng.fork('activities'), sink);
  generateSurveys(ctx, rng.fork('surveys'), sink);
  applyCorrections(ctx, rng.fork('corrections'), sink);
  generateControlIndicators(ctx, rng.fork('indicators'), sink);
  generateAgreements(ctx, sink);

  return [...sink.drafts]
    .sort((a, b) => a.receivedAtMs - b.receivedAtMs || a.order - b.order)
    .map((d) => ({ agency: d.agency, body: d.body, receivedAt: new Date(d.receivedAtMs) }));
}
