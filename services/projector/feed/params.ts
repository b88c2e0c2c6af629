// Query parameters of the feed, agreements and access-log routes; a bad one is a 400 naming it.
import { BadRequestError } from '../../kernel/errors';
import { decodeCursor, START, type FeedPlace } from './cursor';

export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;
export const MAX_WAIT_SECONDS = 30;

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadRequestError(`${name} must be given once, as a single value.`, name);
  return value;
}

function integer(query: Record<string, unknown>, name: string, min: number, max: number, fallback: number): number {
  const text = single(query, name);
  if (text === undefined) return fallback;
  if (!/^\d{1,16}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new BadRequestError(`${name} must be an integer from ${min} to ${max}.`, name);
  }
  return Number(text);
}

export interface FeedParams {
  after: FeedPlace;
  limit: number;
  waitMs: number;
}

export function feedParams(query: Record<string, unknown>): FeedParams {
  const cursor = single(query, 'after');
  let after: FeedPlace = START;
  if (cursor !== undefined && cursor !== '') {
    const decoded = decodeCursor(cursor);
    if (decoded === null) throw new BadRequestError('after is not a cursor this hub issued.', 'after');
    after = decoded;
  }
  const limit = integer(query, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT);
  const waitText = single(query, 'wait');
  let waitMs = 0;
  if (waitText !== undefined) {
    const seconds = /^\d{1,2}(\.\d{1,3})?$/.test(waitText) ? Number(waitText) : NaN;
    if (!(seconds >= 0 && seconds <= MAX_WAIT_SECONDS)) throw new BadRequestError(`wait must be a number of seconds from 0 to ${MAX_WAIT_SECONDS}.`, 'wait');
    waitMs = Math.round(seconds * 1000);
  }
  return { after, limit, waitMs };
}

export function accessLogParams(query: Record<string, unknown>): { after: number; limit: number } {
  return {
    after: integer(query, 'after', 0, Number.MAX_SAFE_INTEGER, 0),
    limit: integer(query, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT),
  };
}

const REGION = /^(\d{2}|\d{4}|\d{6}|\d{9})$/;

export function regionParam(query: Record<string, unknown>): string | undefined {
  const region = single(query, 'region');
  if (region === undefined) return undefined;
  if (!REGION.test(region)) throw new BadRequestError('region must be a region code of 2, 4, 6 or 9 digits.', 'region');
  return region;
}
