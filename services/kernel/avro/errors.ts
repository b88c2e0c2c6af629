// Errors of the Avro codec. Both mean the hub itself is inconsistent (a broken schema file,
// or an event that passed validation but does not fit its schema), hence status 500.
import { HubError } from '../errors';

/** A schema file is malformed, or the schema set cannot work together. Raised at start-up. */
export class SchemaError extends HubError {
  readonly code = 'schema_invalid';
  readonly status = 500;
}

/** An event does not fit the schema of its type. `path` names the field, never its value. */
export class EventEncodingError extends HubError {
  readonly code = 'event_unencodable';
  readonly status = 500;
  constructor(readonly eventType: string, readonly path: string, message: string) {
    super(message);
  }
}
