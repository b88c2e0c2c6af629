// Dependency rule: services never import each other; they share only services/kernel and
// schemas/. Only services/hub (the process composition root) imports services, and the
// kernel imports no service. Exits non-zero listing every offending import.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const servicesDir = path.join(root, 'services');

export interface Violation { file: string; specifier: string; from: string; to: string }

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|js|mjs)$/.test(entry.name)) yield full;
  }
}

const importPattern = /(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

/** The top-level folder under services/ a path belongs to, or undefined outside services/. */
export function serviceOf(file: string): string | undefined {
  const rel = path.relative(servicesDir, file);
  if (rel.startsWith('..')) return undefined;
  return rel.split(path.sep)[0];
}

export function isAllowed(from: string, to: string | undefined): boolean {
  if (to === undefined || to === from) return true;
  if (to === 'kernel') return true;
  return from === 'hub' && to !== 'hub';
}

export function findViolations(files: Iterable<string>): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const from = serviceOf(file);
    if (!from) continue;
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(importPattern)) {
      const specifier = m[1] ?? m[2] ?? m[3]!;
      if (!specifier.startsWith('.')) continue;
      const to = serviceOf(path.resolve(path.dirname(file), specifier));
      if (!isAllowed(from, to)) violations.push({ file: path.relative(root, file), specifier, from, to: to! });
    }
  }
  return violations;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const violations = findViolations(sourceFiles(servicesDir));
  if (violations.length > 0) {
    for (const v of violations) console.error(`${v.file}: ${v.from} must not import ${v.to} ('${v.specifier}')`);
    console.error(`\n${violations.length} boundary violation(s): services share only services/kernel and schemas/.`);
    process.exit(1);
  }
  console.log('boundaries ok: services import only the kernel (and hub composes them)');
}
