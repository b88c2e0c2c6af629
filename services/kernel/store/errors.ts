// Errors specific to the event store adapters. WrongExpectedRevisionError lives in kernel/errors.ts
// because the recorder and the HTTP layer handle it; these two signal bugs or misconfiguration.
import { HubError } from '../errors';

/**
 * An event id the log already holds in another stream. Event ids are derived from
 * agency/sourceRecordId/revision and streams from agency/sourceRecordId, so this means a bug
 * upstream; retrying cannot help.
 */
export class EventIdConflictError extends HubError {
  readonly code = 'event_id_conflict';
  readonly status = 409;
  constructor(readonly eventId: string, readonly stream: string, readonly existingStream: string) {
    super(`Event ${eventId} cannot be appended to ${stream}: it is already in ${existingStream}.`);
  }
}

/** The store holds or returns something this hub cannot work with (newer schema, old server, foreign event). */
export class StoreIncompatibleError extends HubError {
  readonly code = 'store_incompatible';
  readonly status = 500;
}
