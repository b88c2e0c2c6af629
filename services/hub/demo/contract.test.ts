import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, PUBLISHERS } from '../../kernel/events.generated';
import { contractViolations, loadTypeSpecs, symbolsOf } from '../../../test/kits/demoContract';
import { generateDemoDistrict, type DemoSubmission } from './index';

const specs = loadTypeSpecs();
const NOW = new Date('2025-06-15T04:00:00Z');
const district = generateDemoDistrict({ now: NOW, timeZone: 'Asia/Shanghai' });

function violationsOf(submissions: readonly DemoSubmission[], now: Date): string[] {
  const problems = new Set<string>();
  for (const s of submissions) for (const p of contractViolations(specs, s.agency, s.body, now)) problems.add(p);
  return [...problems];
}

describe('demo district bodies against the contract', () => {
  it('given the schemas, when reading them, then the checks cover every event type with its enums', () => {
    expect([...specs.keys()].sort()).toEqual([...EVENT_TYPES].sort());
    const cause = specs.get('InjuryCaseReported')?.fields.find((f) => f.name === 'cause');
    expect(cause && symbolsOf(cause)).toContain('FALL');
  });

  it('given the default district, when checking every body, then none breaks a field rule, an enum, a format or the PII rule', () => {
    expect(violationsOf(district, NOW)).toEqual([]);
  });

  it('given the default district, when checking who sent what, then every type comes from an agency allowed to publish it', () => {
    const wrong = district.filter((s) => !PUBLISHERS[s.body.type].includes(s.agency));
    expect(wrong).toEqual([]);
  });

  it('given a day of the year with no elapsed time and a day at its very end, when generating, then bodies still respect the contract', () => {
    for (const now of [new Date('2024-12-31T16:05:00Z'), new Date('2025-12-31T15:50:00Z'), new Date('2024-02-29T04:00:00Z')]) {
      expect(violationsOf(generateDemoDistrict({ now, timeZone: 'Asia/Shanghai', scale: 0.1 }), now)).toEqual([]);
    }
  });

  it('given a hub time zone other than China, when generating, then bodies still respect the contract', () => {
    for (const timeZone of ['UTC', 'America/New_York', 'Europe/Berlin']) {
      const now = new Date('2025-03-30T01:30:00Z');
      expect(violationsOf(generateDemoDistrict({ now, timeZone, scale: 0.1 }), now)).toEqual([]);
    }
  });

  it('given a body with a phone number in free text, when checking it, then the check notices (the checker itself works)', () => {
    const [first] = district.filter((s) => s.body.type === 'HazardIdentified');
    expect(first).toBeDefined();
    const tampered = { ...first!, body: { ...first!.body, description: '联系电话13912345678' } as DemoSubmission['body'] };
    expect(violationsOf([tampered], NOW)).toEqual(['HazardIdentified.description looks like personal data']);
  });
});
