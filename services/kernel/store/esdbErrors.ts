// Maps the EventStoreDB client's errors onto the hub's HubError hierarchy.
import { ErrorType, convertToCommandError, isCommandError } from '@eventstore/db-client';
import { UnavailableError } from '../errors';
import { StoreIncompatibleError } from './errors';

const UNAVAILABLE = new Set<string>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
  ErrorType.CANCELLED,
]);

/** Connection trouble becomes a retriable 503; a deleted stream cannot happen in a hub's store. */
export function translateEsdbError(raw: unknown): unknown {
  if (!(raw instanceof Error)) return raw;
  // Some paths (e.g. the server-capabilities probe before an append) reject with a raw gRPC error.
  const err = convertToCommandError(raw);
  if (!isCommandError(err)) return raw;
  if (UNAVAILABLE.has(err.type)) {
    return new UnavailableError(`EventStoreDB cannot take the request now (${err.type}).`, 2, { cause: err });
  }
  if (err.type === ErrorType.STREAM_DELETED) {
    return new StoreIncompatibleError(`EventStoreDB reports a deleted stream, which the hub never does: ${err.message}`);
  }
  return err;
}
