// `npm run build`: compiles the hub (tsconfig.build.json) to plain JavaScript that node runs
// without tsx, as the production image does (`node dist/services/hub/main.js`).
// The sources import relative modules without extensions (bundler style); Node's ESM loader
// needs them, so each relative specifier is rewritten to the file tsc emitted (`x.js` or
// `x/index.js`). Files read at run time (the Avro schemas, the dashboard's static files)
// are copied beside the code, at the same relative places as in the source tree.
// Usage: node scripts/build.mjs [--out <dir inside the repository>]   (default dist)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = path.resolve(root, outArg > 0 ? process.argv[outArg + 1] : 'dist');

fs.rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json'), '--outDir', out], { stdio: 'inherit', cwd: root });

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g;
function rewrite(file) {
  const src = fs.readFileSync(file, 'utf8');
  const dir = path.dirname(file);
  const next = src.replace(SPECIFIER, (whole, lead, quote, spec) => {
    if (/\.(m?js|json|cjs)$/.test(spec)) return whole;
    const target = path.resolve(dir, spec);
    if (fs.existsSync(`${target}.js`)) return `${lead}${quote}${spec}.js${quote}`;
    if (fs.existsSync(path.join(target, 'index.js'))) return `${lead}${quote}${spec}/index.js${quote}`;
    throw new Error(`${path.relative(root, file)}: cannot resolve ${spec} in the build output`);
  });
  if (next !== src) fs.writeFileSync(file, next);
}
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.js')) rewrite(full);
  }
}
walk(out);

for (const asset of ['schemas', 'services/projector/dashboard/public', 'services/kernel/divisions/divisions.tsv']) {
  fs.cpSync(path.join(root, asset), path.join(out, asset), { recursive: true, filter: (src) => !src.endsWith('.test.ts') });
}
fs.writeFileSync(path.join(out, 'package.json'), '{"type":"module","private":true}\n');
process.stderr.write(`build: ${path.relative(root, out) || '.'} ready (node ${path.relative(root, path.join(out, 'services/hub/main.js'))})\n`);
