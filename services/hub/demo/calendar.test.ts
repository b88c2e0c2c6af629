import { describe, expect, it } from 'vitest';
import { addYears, createZoneClock, dateOfDay, dayOfDate, formatCst } from './calendar';
import { createRng } from './prng';

describe('demo calendar', () => {
  it('given 29 February, when adding years to a non-leap year, then it becomes 28 February', () => {
    expect(dateOfDay(addYears(dayOfDate('2024-02-29'), 3))).toBe('2027-02-28');
    expect(dateOfDay(addYears(dayOfDate('2024-02-29'), 4))).toBe('2028-02-29');
  });

  it('given an instant, when formatting it for the bureaus, then it carries the +08:00 offset', () => {
    expect(formatCst(Date.parse('2025-01-31T16:30:00Z'))).toBe('2025-02-01T00:30:00+08:00');
  });

  it('given a zone with daylight saving, when converting local dates and times, then instants round-trip', () => {
    const berlin = createZoneClock('Europe/Berlin');
    const summer = berlin.instant(dayOfDate('2025-07-01'), 12 * 60);
    expect(new Date(summer).toISOString()).toBe('2025-07-01T10:00:00.000Z');
    const winter = berlin.instant(dayOfDate('2025-01-01'), 12 * 60);
    expect(new Date(winter).toISOString()).toBe('2025-01-01T11:00:00.000Z');
    expect(dateOfDay(berlin.dayOf(Date.parse('2025-03-30T22:30:00Z')))).toBe('2025-03-31');
  });

  it('given Asia/Shanghai, when asking the local date just after midnight, then it is the new day', () => {
    const shanghai = createZoneClock('Asia/Shanghai');
    expect(dateOfDay(shanghai.dayOf(Date.parse('2024-12-31T16:05:00Z')))).toBe('2025-01-01');
  });
});

describe('demo prng', () => {
  it('given the same seed, when drawing, then the sequence repeats; forks are independent of draws made before', () => {
    const a = createRng(42);
    const b = createRng(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    const fresh = createRng(42).fork('x');
    const used = createRng(42);
    used.next();
    expect(used.fork('x').next()).toBe(fresh.next());
  });

  it('given many draws, when checking ranges, then values stay in bounds and the Poisson mean is close', () => {
    const rng = createRng(7);
    let total = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
      const k = rng.int(3, 5);
      expect(k >= 3 && k <= 5).toBe(true);
      total += rng.poisson(2.5);
    }
    expect(total / 20_000).toBeGreaterThan(2.4);
    expect(total / 20_000).toBeLessThan(2.6);
  });
});
