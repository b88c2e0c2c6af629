import { describe, expect, it } from 'vitest';
import { loadEventValidation } from '../../kernel/validation';
import { generateDemoDistrict } from './index';

const validation = loadEventValidation();

function rejected(now: Date, timeZone: string, scale?: number): unknown[] {
  const bodies = generateDemoDistrict({ now, timeZone, scale }).map((s) => s.body);
  const errors: unknown[] = [];
  for (let i = 0; i < bodies.length; i += 1000) {
    const result = validation.validateEvents({ events: bodies.slice(i, i + 1000) }, { now });
    if (!result.ok) errors.push(...result.errors.slice(0, 5).map((e) => ({ ...e, index: e.index + i })));
  }
  return errors;
}

describe('demo district through the gateway validation', () => {
  it('given the default district, when validating every body as the gateway does, then all are accepted', () => {
    expect(rejected(new Date('2025-06-15T04:00:00Z'), 'Asia/Shanghai')).toEqual([]);
  });

  it('given now minutes into a new year, when validating every body, then all are accepted', () => {
    expect(rejected(new Date('2024-12-31T16:05:00Z'), 'Asia/Shanghai', 0.2)).toEqual([]);
  });
});
