// Bearer-token authentication. Tokens are stored only as SHA-256 hashes; the presented
// token's hash is compared against every entry in constant time, without early exit, so
// timing reveals neither whether nor which token matched.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AGENCIES, type Agency } from '../agency';
import { UnauthenticatedError } from '../errors';

const regionPattern = /^(\d{2}|\d{4}|\d{6}|\d{9})?$/;

export const tokenEntrySchema = z
  .object({
    id: z.string().min(1).max(100),
    sha256: z.string().regex(/^[0-9a-f]{64}$/i, 'hex SHA-256 of the token'),
    role: z.enum(['agency', 'committee', 'operator']),
    agency: z.enum(AGENCIES).optional(),
    region: z.string().regex(regionPattern, '"" or 2, 4, 6 or 9 digits').optional(),
  })
  .superRefine((t, ctx) => {
    if (t.role === 'agency' && !t.agency) ctx.addIssue({ code: 'custom', path: ['agency'], message: 'agency tokens need an agency' });
    if (t.role === 'committee' && t.region === undefined) ctx.addIssue({ code: 'custom', path: ['region'], message: 'committee tokens need a region ("" for the whole country)' });
  });
export const authFileSchema = z.object({ tokens: z.array(tokenEntrySchema) });
export type TokenEntry = z.infer<typeof tokenEntrySchema>;
export type AuthFile = z.infer<typeof authFileSchema>;

export type Principal =
  | { role: 'agency'; tokenId: string; agency: Agency }
  | { role: 'committee'; tokenId: string; region: string }
  | { role: 'operator'; tokenId: string };

export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface Authenticator {
  /** Resolves an Authorization header; throws UnauthenticatedError when missing or unknown. */
  authenticate(authorization: string | undefined): Principal;
}

export function createAuthenticator(file: AuthFile): Authenticator {
  const entries = file.tokens.map((t) => ({ entry: t, hash: Buffer.from(t.sha256.toLowerCase(), 'hex') }));
  return {
    authenticate(authorization) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
      if (!match) throw new UnauthenticatedError('Send Authorization: Bearer <token>.');
      const presented = createHash('sha256').update(match[1]!, 'utf8').digest();
      let found: TokenEntry | undefined;
      for (const { entry, hash } of entries) {
        if (timingSafeEqual(presented, hash) && !found) found = entry;
      }
      if (!found) throw new UnauthenticatedError('Unknown token.');
      switch (found.role) {
        case 'agency': return { role: 'agency', tokenId: found.id, agency: found.agency! };
        case 'committee': return { role: 'committee', tokenId: found.id, region: found.region ?? '' };
        default: return { role: 'operator', tokenId: found.id };
      }
    },
  };
}

export function readAuthFile(file: string): AuthFile {
  const parsed = authFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`Invalid HUB_AUTH_FILE ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

export interface IssuedToken { id: string; role: TokenEntry['role']; agency?: Agency; region?: string; token: string }

/** Fresh random tokens: one per bureau, a national and a demo-district committee token, an operator. */
export function issueDevTokens(demoRegion: string): IssuedToken[] {
  const token = () => randomBytes(24).toString('base64url');
  return [
    ...AGENCIES.map((agency) => ({ id: `${agency}-gateway`, role: 'agency' as const, agency, token: token() })),
    { id: 'committee-national', role: 'committee' as const, region: '', token: token() },
    { id: `committee-${demoRegion}`, role: 'committee' as const, region: demoRegion, token: token() },
    { id: 'operator', role: 'operator' as const, token: token() },
  ];
}

export function toAuthFile(tokens: IssuedToken[]): AuthFile {
  return {
    tokens: tokens.map(({ token, ...rest }) => ({ ...rest, sha256: sha256Hex(token) })),
  };
}

/**
 * Reads HUB_AUTH_FILE, or (when unset) <dataDir>/auth.json, creating the latter with fresh
 * tokens when missing. Returns the tokens in clear only when it just created them.
 */
export function loadOrCreateAuth(options: { authFile?: string; dataDir: string; demoRegion: string }): {
  file: AuthFile;
  path: string;
  created?: IssuedToken[];
} {
  if (options.authFile) return { file: readAuthFile(options.authFile), path: options.authFile };
  const file = path.join(options.dataDir, 'auth.json');
  if (fs.existsSync(file)) return { file: readAuthFile(file), path: file };
  const created = issueDevTokens(options.demoRegion);
  fs.mkdirSync(options.dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(toAuthFile(created), null, 2) + '\n', { mode: 0o600 });
  return { file: readAuthFile(file), path: file, created };
}
