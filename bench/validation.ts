// Micro-benchmark of the gateway's event validation: µs per event (wall and CPU) to validate
// 1000-event police (TrafficCrashReported) and health (InjuryCaseReported) batches, parsed from
// JSON as the gateway receives them. It measures the hub's validator (`loadEventValidation`) and,
// when test/kits/referenceValidation.ts is there, the interpreted zod reference in the same run,
// taking turns. Not part of bench:ingest's ceiling method: it times one function, no ceiling.
//
//   npx tsx bench/validation.ts --batch 1000 --rounds 6 --iterations 40
import { intOptions } from './support/args';
import { injuryCase, prng, trafficCrash } from './support/bodies';
import { environment, finishEnvironment, note, printResult, printTable, round, runMain } from './support/report';
import { loadEventValidation } from '../services/kernel/validation';

type Validate = (input: unknown, ctx: { now: Date }) => { ok: boolean };

runMain(async () => {
  const options = intOptions({ batch: 1000, rounds: 6, iterations: 40 });
  const env = environment();
  note(`bench:validation ${JSON.stringify(options)} on ${env.cores} cores, load ${env.loadAverageStart}`);
  const rnd = prng(7);
  const now = new Date('2026-06-01T00:00:00Z');
  const batches = {
    police: JSON.parse(JSON.stringify({ events: Array.from({ length: options.batch }, (_, i) => trafficCrash(rnd, `BV-P-${i}`)) })) as unknown,
    health: JSON.parse(JSON.stringify({ events: Array.from({ length: options.batch }, (_, i) => injuryCase(rnd, `BV-H-${i}`)) })) as unknown,
  };

  const targets: Array<[string, Validate]> = [];
  const hub = loadEventValidation();
  targets.push(['hub', (input, ctx) => hub.validateEvents(input, ctx)]);
  try {
    const kit = (await import('../test/kits/referenceValidation')) as { loadReferenceValidation: () => { validateEvents: Validate } };
    const reference = kit.loadReferenceValidation();
    targets.push(['reference (zod)', (input, ctx) => reference.validateEvents(input, ctx)]);
  } catch {
    note('no reference validator (test/kits/referenceValidation.ts): measuring the hub only');
  }

  for (const [name, validate] of targets) {
    for (const [agency, body] of Object.entries(batches)) {
      if (!validate(body, { now }).ok) throw new Error(`${name}: the ${agency} batch is not valid`);
      for (let i = 0; i < 20; i++) validate(body, { now }); // warm-up
    }
  }

  const totals = new Map<string, { wallMs: number; cpuMs: number; events: number }>();
  for (let r = 0; r < options.rounds; r++) {
    for (const [name, validate] of targets) {
      for (const [agency, body] of Object.entries(batches)) {
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        for (let i = 0; i < options.iterations; i++) validate(body, { now });
        const wallMs = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        const key = `${name}|${agency}`;
        const t = totals.get(key) ?? { wallMs: 0, cpuMs: 0, events: 0 };
        t.wallMs += wallMs;
        t.cpuMs += (cpu.user + cpu.system) / 1000;
        t.events += options.iterations * options.batch;
        totals.set(key, t);
      }
    }
  }

  const rows = [...totals].map(([key, t]) => {
    const [name, agency] = key.split('|') as [string, string];
    return { validator: name, batch: agency, usPerEventWall: round((t.wallMs * 1000) / t.events, 2), usPerEventCpu: round((t.cpuMs * 1000) / t.events, 2), events: t.events };
  });
  printTable(
    ['validator', 'batch', 'µs/event (wall)', 'µs/event (CPU)', 'events'],
    rows.map((r) => [r.validator, r.batch, r.usPerEventWall, r.usPerEventCpu, r.events]),
  );
  printResult({ bench: 'validation', options, results: rows, env: finishEnvironment(env) });
});
