// Public API of the HTTP-edge validation; see eventValidation.ts.
export { createEventValidation, loadEventValidation, type EventValidation } from './eventValidation';
export { MAX_BATCH_EVENTS, MAX_REPORTED_ERRORS, type ValidationResult } from './validateEvents';
export { PERSONAL_DATA_MESSAGE, type BodyModel } from './models';
export { containsPersonalIdentifier, instantOf, isCalendarDate } from './formats';
export { FUTURE_TOLERANCE_MS } from './rules';
export { agreementAuthorityErrors } from './agreementRules';
