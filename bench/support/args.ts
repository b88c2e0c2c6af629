// Command-line options of the benchmarks: `--name value` integers with defaults.
import { parseArgs } from 'node:util';

export function intOptions<K extends string>(defaults: Record<K, number>, extra: Record<string, string> = {}): Record<K, number> & { strings: Record<string, string> } {
  const names = [...Object.keys(defaults), ...Object.keys(extra)];
  const { values } = parseArgs({
    options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
    strict: true,
    allowPositionals: false,
  });
  const out = {} as Record<K, number>;
  for (const [name, fallback] of Object.entries(defaults) as Array<[K, number]>) {
    const raw = values[name];
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${String(raw)}`);
    out[name] = value;
  }
  const strings: Record<string, string> = {};
  for (const [name, fallback] of Object.entries(extra)) strings[name] = (values[name] as string | undefined) ?? fallback;
  // Not enumerable: the options print as JSON without it.
  Object.defineProperty(out, 'strings', { value: strings, enumerable: false });
  return out as Record<K, number> & { strings: Record<string, string> };
}
