// The hub's event ids: UUID v5 (RFC 9562, SHA-1 name-based) of `agency/sourceRecordId/revision`
// in the hub's own namespace, so a retried request gets the same id and is recognised as a
// duplicate.
//
//   eventIdFor(agency: Agency, sourceRecordId: string, revision: number): string
//
// The namespace is a random UUID chosen once for this hub (2025) and must never change:
// changing it would give every re-sent record a new id and defeat duplicate detection.
import { v5 as uuidv5 } from 'uuid';
import type { Agency } from './agency';

export const HUB_EVENT_ID_NAMESPACE = '632b2102-65f5-4303-8f08-60bd1d03b7ef';

export function eventIdFor(agency: Agency, sourceRecordId: string, revision: number): string {
  return uuidv5(`${agency}/${sourceRecordId}/${revision}`, HUB_EVENT_ID_NAMESPACE);
}
