// Pure helpers for optimistic concurrency, shared by the adapters.
import type { ExpectedRevision } from './eventStore';

/** `current` is the revision of the stream's last event, or null when the stream does not exist. */
export function expectedRevisionHolds(expected: ExpectedRevision, current: bigint | null): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === null;
  return current === expected;
}

/** How a revision reads in WrongExpectedRevisionError: 'no_stream', 'any' or the number. */
export function describeRevision(revision: ExpectedRevision | bigint | null): string {
  return revision === null ? 'no_stream' : revision.toString();
}
