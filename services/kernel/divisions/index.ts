// The national division list (statistical division codes with their names) plus the codes an
// operator adds (HUB_EXTRA_DIVISIONS). Communities and regions are checked against it, and
// regions and unregistered communities are named from it.
//
//   loadNationalDivisions(file?): Map<code, name>        reads divisions.tsv (generated)
//   parseExtraDivisions(csvText): { divisions, errors }  the operator's `code,name` lines
//   createDivisions(national, extra?): Divisions
//   Divisions.has(code) / Divisions.nameOf(code)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Division {
  code: string;
  name: string;
}

export interface Divisions {
  /** Whether the code is a province, city, county or township of the list or the extras. */
  has(code: string): boolean;
  /** The division's name, or null when the code is in neither list. */
  nameOf(code: string): string | null;
  readonly size: number;
}

export const DIVISION_CODE = /^(?:\d{2}|\d{4}|\d{6}|\d{9})$/;
export const MAX_DIVISION_NAME = 100;

export const NATIONAL_DIVISIONS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'divisions.tsv');

/** `code<TAB>name` lines, `#` comments; written by scripts/gen-divisions.ts. */
export function loadNationalDivisions(file = NATIONAL_DIVISIONS_FILE): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    map.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return map;
}

/** Extra divisions override a national name of the same code (an operator's correction). */
export function createDivisions(national: ReadonlyMap<string, string>, extra: readonly Division[] = []): Divisions {
  const extras = new Map(extra.map((d) => [d.code, d.name]));
  const nameOf = (code: string) => extras.get(code) ?? national.get(code) ?? null;
  return {
    has: (code) => nameOf(code) !== null,
    nameOf,
    size: new Set([...national.keys(), ...extras.keys()]).size,
  };
}

/**
 * The HUB_EXTRA_DIVISIONS file: one `code,name` per line (UTF-8, a BOM is allowed), an optional
 * `code,name` header, blank lines and lines starting with `#` ignored; a name holding a comma is
 * quoted ("..."). Every error names its line.
 */
export function parseExtraDivisions(text: string): { divisions: Division[]; errors: string[] } {
  const divisions: Division[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (i === 0 && /^code\s*,\s*name$/i.test(line)) return;
    const comma = line.indexOf(',');
    if (comma < 0) {
      errors.push(`line ${lineNo}: expected code,name`);
      return;
    }
    const code = line.slice(0, comma).trim();
    let name = line.slice(comma + 1).trim();
    if (name.startsWith('"') && name.endsWith('"') && name.length >= 2) name = name.slice(1, -1).replaceAll('""', '"');
    if (!DIVISION_CODE.test(code)) errors.push(`line ${lineNo}: the code must have 2, 4, 6 or 9 digits`);
    else if (seen.has(code)) errors.push(`line ${lineNo}: code ${code} appears twice`);
    else if (name === '' || name.length > MAX_DIVISION_NAME) errors.push(`line ${lineNo}: the name must have 1 to ${MAX_DIVISION_NAME} characters`);
    else {
      seen.add(code);
      divisions.push({ code, name });
    }
  });
  return { divisions, errors };
}
