// Messages between the hub and its SQLite writer thread. Errors cross the thread boundary as
// plain objects and are rebuilt as the same error classes, so callers see what the
// in-thread store would have thrown.
import { UnavailableError, WrongExpectedRevisionError } from '../errors';
import { EventIdConflictError } from './errors';
import type { AppendOutcome, StreamAppend } from './eventStore';

/** `nowMs`: the hub's clock when the group was sent; the writer stamps recordedAt from it. */
export type WriterRequest = { kind: 'group'; id: number; requests: StreamAppend[][]; nowMs: number } | { kind: 'close' };

export type SerialisedError =
  | { name: 'WrongExpectedRevisionError'; stream: string; expected: string; actual: string }
  | { name: 'EventIdConflictError'; eventId: string; stream: string; existingStream: string }
  | { name: 'UnavailableError'; message: string; retryAfterSeconds: number }
  | { name: 'Error'; message: string };

export type WriterReply =
  | { kind: 'ready' }
  | { kind: 'failed'; error: SerialisedError }
  | {
      kind: 'group';
      id: number;
      results?: Array<{ ok: true; outcomes: AppendOutcome[] } | { ok: false; error: SerialisedError }>;
      /** The whole group failed; nothing of it was committed. */
      failure?: SerialisedError;
    };

export function serialiseError(err: unknown): SerialisedError {
  if (err instanceof WrongExpectedRevisionError) return { name: 'WrongExpectedRevisionError', stream: err.stream, expected: err.expected, actual: err.actual };
  if (err instanceof EventIdConflictError) return { name: 'EventIdConflictError', eventId: err.eventId, stream: err.stream, existingStream: err.existingStream };
  if (err instanceof UnavailableError) return { name: 'UnavailableError', message: err.message, retryAfterSeconds: err.retryAfterSeconds };
  return { name: 'Error', message: err instanceof Error ? err.message : String(err) };
}

export function rebuildError(e: SerialisedError): Error {
  switch (e.name) {
    case 'WrongExpectedRevisionError':
      return new WrongExpectedRevisionError(e.stream, e.expected, e.actual);
    case 'EventIdConflictError':
      return new EventIdConflictError(e.eventId, e.stream, e.existingStream);
    case 'UnavailableError':
      return new UnavailableError(e.message, e.retryAfterSeconds);
    default:
      return new Error(e.message);
  }
}
