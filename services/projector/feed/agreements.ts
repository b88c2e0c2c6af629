// Pure rules of sharing agreements: status on a day, whether one is in force, what it shares.
// Days are YYYY-MM-DD in the hub's time zone; such strings compare in calendar order.
import type { Agency } from '../../kernel/agency';

export type AgreementStatus = 'PENDING' | 'ACTIVE' | 'EXPIRED' | 'REVOKED';

export interface Agreement {
  agreementId: string;
  provider: Agency;
  consumer: Agency;
  types: readonly string[];
  regionCode: string;
  purpose: string;
  validFrom: string;
  validUntil: string;
  revoked: boolean;
}

/** validFrom..validUntil, both included, unless revoked. */
export function agreementStatus(agreement: Pick<Agreement, 'validFrom' | 'validUntil' | 'revoked'>, today: string): AgreementStatus {
  if (agreement.revoked) return 'REVOKED';
  if (today < agreement.validFrom) return 'PENDING';
  if (today > agreement.validUntil) return 'EXPIRED';
  return 'ACTIVE';
}

export function inForce(agreement: Pick<Agreement, 'validFrom' | 'validUntil' | 'revoked'>, today: string): boolean {
  return agreementStatus(agreement, today) === 'ACTIVE';
}

/**
 * Whether the agreement shares an event: `shareType` is the event's type, or for a withdrawal
 * the type of the withdrawn record; `communityCode` its own or the referred record's.
 */
export function shares(agreement: Pick<Agreement, 'types' | 'regionCode'>, shareType: string, communityCode: string | null): boolean {
  return communityCode !== null && communityCode.startsWith(agreement.regionCode) && agreement.types.includes(shareType);
}

/** An agreement is listed for a committee region when one contains the other. */
export function regionsOverlap(agreementRegion: string, tokenRegion: string): boolean {
  return agreementRegion.startsWith(tokenRegion) || tokenRegion.startsWith(agreementRegion);
}
