// Rules of sharing agreements beyond single fields. The date rule needs only the event and
// runs with the other rules (rules.ts); the provider's rules need the publishing agency, which
// only the gateway knows, so it calls agreementAuthorityErrors after validation.
//
//   agreementRuleErrors(type, event): Array<{ path, message }>
//   agreementAuthorityErrors(agency, events, publishersOf): FieldError[]
import type { Agency } from '../agency';
import type { FieldError } from '../errors';
import type { EventBody, EventType } from '../events.generated';
import { isCalendarDate } from './formats';

export function agreementRuleErrors(type: string, event: Record<string, unknown>): Array<{ path: string; message: string }> {
  if (type !== 'SharingAgreementGranted') return [];
  const { validFrom, validUntil } = event;
  // YYYY-MM-DD dates compare correctly as strings.
  if (typeof validFrom === 'string' && typeof validUntil === 'string' && isCalendarDate(validFrom) && isCalendarDate(validUntil)) {
    if (!(validUntil > validFrom)) return [{ path: 'validUntil', message: 'must be after validFrom' }];
  }
  return [];
}

/** A provider shares only types it may publish, and never with itself. */
export function agreementAuthorityErrors(
  agency: Agency,
  events: readonly EventBody[],
  publishersOf: (type: EventType) => readonly Agency[],
): FieldError[] {
  const errors: FieldError[] = [];
  events.forEach((event, index) => {
    if (event.type !== 'SharingAgreementGranted') return;
    if (event.consumer === agency) errors.push({ index, path: 'consumer', message: 'must be an agency other than the provider' });
    event.types.forEach((type, i) => {
      if (!publishersOf(type as EventType).includes(agency)) {
        errors.push({ index, path: `types.${i}`, message: `is not a type the ${agency} bureau may publish` });
      }
    });
  });
  return errors;
}
