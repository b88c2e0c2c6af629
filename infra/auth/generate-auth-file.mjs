#!/usr/bin/env node
// Generates a HUB_AUTH_FILE with fresh random bearer tokens (docs/api/configuration.md).
//
//   node infra/auth/generate-auth-file.mjs infra/auth/auth.json [--region 6109] [--force]
//
// Writes only SHA-256 hashes to the file and prints each token in clear ONCE on stdout
// (id, role, scope, token), to hand to the bureau or office it belongs to. Lose a token and
// you generate a new file (or add an entry by hand: {"id", "sha256", "role", ...} where
// sha256 = `printf %s "$TOKEN" | sha256sum`). Plain Node, no dependencies.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';

const AGENCIES = ['police', 'fire', 'health', 'transport', 'safety'];

function usage(message) {
  if (message) process.stderr.write(`${message}\n`);
  process.stderr.write('usage: node infra/auth/generate-auth-file.mjs <output.json> [--region <2|4|6|9 digits>]... [--force]\n');
  process.exit(2);
}

const args = process.argv.slice(2);
let output;
let force = false;
const regions = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--force') force = true;
  else if (a === '--region') {
    const r = args[++i];
    if (!r || !/^(\d{2}|\d{4}|\d{6}|\d{9})$/.test(r)) usage('--region needs 2, 4, 6 or 9 digits');
    regions.push(r);
  } else if (a === '-h' || a === '--help') usage();
  else if (!output && !a.startsWith('-')) output = a;
  else usage(`unexpected argument ${a}`);
}
if (!output) usage();
if (fs.existsSync(output) && !force) usage(`${output} exists; pass --force to replace it (every old token stops working)`);

const sha256 = (t) => createHash('sha256').update(t, 'utf8').digest('hex');
const token = () => randomBytes(24).toString('base64url');

const issued = [
  ...AGENCIES.map((agency) => ({ id: `${agency}-gateway`, role: 'agency', agency, token: token() })),
  { id: 'committee-national', role: 'committee', region: '', token: token() },
  ...regions.map((region) => ({ id: `committee-${region}`, role: 'committee', region, token: token() })),
  { id: 'operator', role: 'operator', token: token() },
];
const file = { tokens: issued.map(({ token: t, ...rest }) => ({ ...rest, sha256: sha256(t) })) };
// 0644: the file holds only hashes of 192-bit random tokens, and the hub's container user
// (uid 10001) must be able to read the read-only bind mount.
fs.writeFileSync(output, `${JSON.stringify(file, null, 2)}\n`);
fs.chmodSync(output, 0o644); // whatever the umask

process.stdout.write(`Wrote ${output}. Tokens (shown once, not stored anywhere):\n`);
for (const t of issued) {
  const scope = t.role === 'agency' ? t.agency : t.role === 'committee' ? `region "${t.region}"` : '-';
  process.stdout.write(`${t.id}\t${t.role}\t${scope}\t${t.token}\n`);
}
