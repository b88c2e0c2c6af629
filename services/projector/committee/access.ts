// Who may ask what: committee tokens only, and only within the token's region prefix.
import type { Request } from 'express';
import { ForbiddenError } from '../../kernel/errors';
import type { Authenticator } from '../../kernel/http/auth';

export interface CommitteeAccess {
  tokenId: string;
  /** Region prefix of the token; "" is the whole country. */
  region: string;
}

/** 401 (UnauthenticatedError) without a known token, 403 for a token of another role. */
export function committeeAccess(authenticator: Authenticator, req: Request): CommitteeAccess {
  const principal = authenticator.authenticate(req.get('authorization'));
  if (principal.role !== 'committee') throw new ForbiddenError('The committee API needs a committee token.');
  return { tokenId: principal.tokenId, region: principal.region };
}

/**
 * A community or region is visible when its code starts with the token's prefix; so a region
 * wider than the token's (a shorter code, or "" for the whole country) is refused too.
 */
export function assertWithinRegion(access: CommitteeAccess, code: string, param: string): void {
  if (!code.startsWith(access.region)) {
    const scope = access.region === '' ? 'the whole country' : `region ${access.region}`;
    const asked = code === '' ? 'the whole country' : code;
    throw new ForbiddenError(`This token covers ${scope}; ${asked} is outside it.`, [
      { index: 0, path: param, message: 'outside the token\'s region' },
    ]);
  }
}
