// zod models of the exchange routes' responses, for the API description (GET /openapi.json).
// The compiler checks them against the types the queries return.
//
//   exchangeApiModels: ExchangeApiModels
//   agreementListResponse   the agreements of a bureau or of a region (the committee's dashboard reads these)
import { z } from 'zod';
import { AGENCIES } from '../../kernel/agency';
import { EVENT_TYPES } from '../../kernel/events.generated';
import type { ExchangeApiModels } from '../../kernel/openapi';
import type { AccessLogEntry } from './chain';
import type { AgreementView, FeedEvent } from './queries';

const agency = z.enum(AGENCIES);
const date = z.string().meta({ format: 'date' });
const cursor = z.string().meta({ description: 'Opaque cursor; pass it back as `after`.' });

const feedEvent = z.strictObject({
  cursor,
  agreementId: z.string().meta({ description: 'The grant\'s sourceRecordId under which the event is shared.' }),
  eventId: z.string(),
  agency: agency.meta({ description: 'The provider.' }),
  type: z.enum(EVENT_TYPES),
  receivedAt: z.string().meta({ format: 'date-time' }),
  record: z.record(z.string(), z.unknown()).meta({ description: 'The event\'s fields as the provider published them, revision included.' }),
});

const agreement = z.strictObject({
  agreementId: z.string(),
  provider: agency,
  consumer: agency,
  types: z.array(z.enum(EVENT_TYPES)),
  regionCode: z.string(),
  purpose: z.string(),
  validFrom: date,
  validUntil: date,
  status: z.enum(['PENDING', 'ACTIVE', 'EXPIRED', 'REVOKED']),
});

const accessLogEntry = z.strictObject({
  seq: z.int().min(1),
  at: z.string().meta({ format: 'date-time' }),
  provider: agency,
  consumer: agency,
  tokenId: z.string(),
  agreementIds: z.array(z.string()),
  events: z.int().min(1),
  firstCursor: cursor,
  lastCursor: cursor,
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/).meta({ description: 'hex SHA-256 of prevHash + "\\n" + the entry\'s compact JSON without hash, keys in this order.' }),
});

// Compile-time checks: the models have exactly the keys of what the queries return.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : never) : never;
const _feedEvent: SameKeys<FeedEvent, z.input<typeof feedEvent>> = true;
const _agreement: SameKeys<AgreementView, z.input<typeof agreement>> = true;
const _entry: SameKeys<AccessLogEntry, z.input<typeof accessLogEntry>> = true;
void [_feedEvent, _agreement, _entry];

export const agreementListResponse = z.strictObject({ agreements: z.array(agreement) });

export const exchangeApiModels: ExchangeApiModels = {
  feed: z.strictObject({ events: z.array(feedEvent), next: cursor }),
  agreements: agreementListResponse,
  accessLog: z.strictObject({ entries: z.array(accessLogEntry) }),
};
