// The read model's PostgreSQL failures as the HTTP side must see them: "cannot take the request
// now" (503 with Retry-After, naming the server) rather than an unexpected error.
import { describePgFailure } from '../../../kernel/store/postgresErrors';

/** `target` with every method's rejections described by describePgFailure. */
export function describingFailures<T extends object>(target: T, where: string): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(target)) {
    out[name] =
      typeof value === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (value as (...a: unknown[]) => unknown).apply(target, args);
            } catch (err) {
              throw describePgFailure(err, where);
            }
          }
        : value;
  }
  return out as T;
}
