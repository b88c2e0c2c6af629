import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { createDivisions, loadNationalDivisions, parseExtraDivisions } from './index';

const national = loadNationalDivisions();

describe('the national division list', () => {
  it.each([
    ['61', '陕西省'],
    ['6109', '安康市'],
    ['610902', '汉滨区'],
    ['610902001', '老城街道'],
    ['610902100', '关庙镇'],
    ['110101001', '东华门街道'],
  ])('names %s %s', (code, name) => {
    expect(national.get(code)).toBe(name);
  });

  it('holds every level and only codes of 2, 4, 6 or 9 digits', () => {
    const lengths = new Set([...national.keys()].map((code) => code.length));
    expect([...lengths].sort()).toEqual([2, 4, 6, 9]);
    expect(national.size).toBeGreaterThan(40_000);
  });

  it('does not know a typo', () => {
    const divisions = createDivisions(national);
    expect(divisions.has('999999999')).toBe(false);
    expect(divisions.nameOf('610902999')).toBeNull();
  });
});

describe('extra divisions (HUB_EXTRA_DIVISIONS)', () => {
  it('adds codes and overrides a national name, ignoring a header, comments, blank lines and a BOM', () => {
    const { divisions, errors } = parseExtraDivisions('\uFEFFcode,name\r\n# new in 2026\n610902990,新设街道\n\n610902001,"老城街道, 新"\n');
    expect(errors).toEqual([]);
    const all = createDivisions(national, divisions);
    expect(all.nameOf('610902990')).toBe('新设街道');
    expect(all.nameOf('610902001')).toBe('老城街道, 新');
    expect(all.has('610902990')).toBe(true);
  });

  it.each([
    ['6109021,镇', 'line 1: the code must have 2, 4, 6 or 9 digits'],
    ['610902990', 'line 1: expected code,name'],
    ['610902990,', 'line 1: the name must have 1 to 100 characters'],
    ['610902990,甲\n610902990,乙', 'line 2: code 610902990 appears twice'],
  ])('refuses %j: %s', (text, message) => {
    expect(parseExtraDivisions(text).errors).toEqual([message]);
  });

  it('is parsed by the configuration, which names the file and the line of an error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'divisions-'));
    try {
      const good = path.join(dir, 'good.csv');
      fs.writeFileSync(good, '610902990,新设街道\n');
      expect(parseConfig({ HUB_EXTRA_DIVISIONS: good }).HUB_EXTRA_DIVISIONS).toEqual([{ code: '610902990', name: '新设街道' }]);
      const bad = path.join(dir, 'bad.csv');
      fs.writeFileSync(bad, '610902990,新设街道\nabc,x\n');
      expect(() => parseConfig({ HUB_EXTRA_DIVISIONS: bad })).toThrow(/HUB_EXTRA_DIVISIONS: .*bad\.csv line 2: the code must have 2, 4, 6 or 9 digits/);
      expect(() => parseConfig({ HUB_EXTRA_DIVISIONS: path.join(dir, 'missing.csv') })).toThrow(/HUB_EXTRA_DIVISIONS: cannot read .*ENOENT/);
      expect(parseConfig({}).HUB_EXTRA_DIVISIONS).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
