// A small seeded pseudo-random generator for the demo district: a Weyl sequence
// (golden-ratio increment) passed through a 32-bit avalanche mix. Deterministic for a
// seed; `fork(label)` derives an independent stream so that changing the volume of one
// generator never shifts the numbers another generator draws.

export type Weights<T> = readonly (readonly [T, number])[];

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Uniform real in [min, max). */
  range(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T>(weights: Weights<T>): T;
  /** Poisson-distributed count with the given mean (>= 0). */
  poisson(mean: number): number;
  /** Standard normal deviate. */
  gauss(): number;
  /** k distinct items of `items` (k clamped to the length), in a random order. */
  sample<T>(items: readonly T[], k: number): T[];
  fork(label: string): Rng;
}

const GOLDEN = 0x9e3779b9;

function mix32(value: number): number {
  let z = value >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return (z ^ (z >>> 16)) >>> 0;
}

function hashLabel(seed: number, label: string): number {
  let h = mix32(seed ^ 0x811c9dc5);
  for (let i = 0; i < label.length; i += 1) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  }
  return mix32(h);
}

export function createRng(seed: number): Rng {
  const origin = mix32(Math.trunc(seed) >>> 0);
  let state = origin;

  const next = (): number => {
    state = (state + GOLDEN) >>> 0;
    return mix32(state) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const gauss = (): number => {
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };

  const rng: Rng = {
    next,
    int,
    range: (min, max) => min + next() * (max - min),
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted<T>(weights: Weights<T>): T {
      let total = 0;
      for (const [, w] of weights) total += w;
      let target = next() * total;
      for (const [value, w] of weights) {
        target -= w;
        if (target < 0) return value;
      }
      const last = weights[weights.length - 1];
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
    poisson(mean: number): number {
      if (mean <= 0) return 0;
      if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss()));
      const limit = Math.exp(-mean);
      let k = 0;
      let product = next();
      while (product > limit) {
        k += 1;
        product *= next();
      }
      return k;
    },
    gauss,
    sample<T>(items: readonly T[], k: number): T[] {
      const pool = items.slice();
      const count = Math.max(0, Math.min(k, pool.length));
      for (let i = 0; i < count; i += 1) {
        const j = int(i, pool.length - 1);
        const tmp = pool[i] as T;
        pool[i] = pool[j] as T;
        pool[j] = tmp;
      }
      return pool.slice(0, count);
    },
    fork: (label) => createRng(hashLabel(origin, label)),
  };
  return rng;
}
