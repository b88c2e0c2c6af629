import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, generatedPath } from '../scripts/gen-event-types';

describe('services/kernel/events.generated.ts', () => {
  it('is up to date with schemas/*.avsc (run `npm run schemas:gen` when this fails)', () => {
    expect(fs.readFileSync(generatedPath, 'utf8')).toBe(generate());
  });

  it('declares a body type for every schema, with the hub-assigned fields left out', () => {
    const text = generate();
    expect(text).toContain('export interface TrafficCrashReportedBody {');
    expect(text).toContain("  commercialOperation: boolean;");
    expect(text).not.toMatch(/^\s+(eventId|agency|receivedAt):/m);
    expect(text.match(/^export interface \w+Body \{/gm)).toHaveLength(21);
  });
});
