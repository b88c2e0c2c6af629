// Loads docker-compose.yml the way `docker compose config` would see it, without Docker:
// YAML with merge keys (<<), then ${VAR:-default} interpolation from a given environment.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: Array<string | { target: number; published?: string | number; host_ip?: string }>;
  volumes?: Array<string | { type: string; source?: string; target: string; read_only?: boolean }>;
  depends_on?: string[] | Record<string, { condition: string; required?: boolean }>;
  healthcheck?: { test: string | string[]; disable?: boolean };
  command?: string | string[];
  entrypoint?: string | string[];
  restart?: string;
  [key: string]: unknown;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Compose interpolation: $$, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, ${VAR?err}, ${VAR:+alt}, ${VAR+alt}, $VAR. */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
      if (whole === '$$') return '$';
      const name = braced ?? bare!;
      const v = env[name];
      const unsetOrEmpty = v === undefined || v === '';
      switch (op) {
        case ':-': return unsetOrEmpty ? arg ?? '' : v!;
        case '-': return v === undefined ? arg ?? '' : v;
        case ':?': if (unsetOrEmpty) throw new Error(`required variable ${name}: ${arg}`); return v!;
        case '?': if (v === undefined) throw new Error(`required variable ${name}: ${arg}`); return v;
        case ':+': return unsetOrEmpty ? '' : arg ?? '';
        case '+': return v === undefined ? '' : arg ?? '';
        default: return v ?? '';
      }
    },
  );
}

function interpolateDeep(value: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, env)]));
  }
  return value;
}

export function readComposeText(file = path.join(repoRoot, 'docker-compose.yml')): string {
  return fs.readFileSync(file, 'utf8');
}

/** Parsed compose file; `env` stands for the shell/.env variables (default: none set). */
export function loadCompose(options: { env?: Record<string, string | undefined>; text?: string } = {}): ComposeFile {
  const doc = parse(options.text ?? readComposeText(), { merge: true, prettyErrors: true }) as ComposeFile;
  return interpolateDeep(doc, options.env ?? {}) as ComposeFile;
}

/** A service's environment as a map of strings (compose accepts a map or a KEY=VALUE list). */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment;
  if (!env) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((line) => {
      const i = line.indexOf('=');
      return i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** The services built from the hub's own image (those with a build section). */
export function hubServices(compose: ComposeFile): Array<[string, ComposeService]> {
  return Object.entries(compose.services).filter(([, s]) => s.build !== undefined);
}
