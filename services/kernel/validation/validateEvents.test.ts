import { describe, expect, it } from 'vitest';
import { loadEventValidation } from './eventValidation';
import { NOW, VALID_EVENTS } from '../../../test/kits/validEvents';
import { MAX_BATCH_EVENTS, MAX_REPORTED_ERRORS } from './validateEvents';

const validation = loadEventValidation();
const crash = VALID_EVENTS.TrafficCrashReported;

function errorsOf(input: unknown) {
  const result = validation.validateEvents(input, { now: NOW });
  return result.ok ? [] : result.errors;
}

describe('validateEvents: request shape', () => {
  it('accepts a valid event of every type', () => {
    for (const [type, event] of Object.entries(VALID_EVENTS)) {
      expect(errorsOf(event), type).toEqual([]);
    }
  });

  it('accepts one event object and returns it with defaults applied', () => {
    // given a crash without revision or commercialOperation
    const { revision: _r, commercialOperation: _c, ...body } = crash;
    // when it is validated
    const result = validation.validateEvents(body, { now: NOW });
    // then it is accepted with revision 1 and commercialOperation false
    expect(result).toEqual({ ok: true, events: [{ ...crash, revision: 1, commercialOperation: false }] });
  });

  it('fills materialsDistributed with its default of 0', () => {
    const { materialsDistributed: _m, ...activity } = VALID_EVENTS.SafetyActivityHeld;
    const result = validation.validateEvents(activity, { now: NOW });
    expect(result.ok && result.events[0]).toMatchObject({ materialsDistributed: 0 });
  });

  it('accepts a batch and keeps the request order', () => {
    const events = [VALID_EVENTS.FireIncidentReported, crash, VALID_EVENTS.RecordWithdrawn];
    const result = validation.validateEvents({ events }, { now: NOW });
    expect(result.ok && result.events.map((e) => e.type)).toEqual(['FireIncidentReported', 'TrafficCrashReported', 'RecordWithdrawn']);
  });

  it(`accepts a batch of exactly ${MAX_BATCH_EVENTS} events`, () => {
    const events = Array.from({ length: MAX_BATCH_EVENTS }, (_, i) => ({ ...crash, sourceRecordId: `JJ-${i}` }));
    const result = validation.validateEvents({ events }, { now: NOW });
    expect(result.ok && result.events).toHaveLength(MAX_BATCH_EVENTS);
  });

  it('rejects an empty batch at path events', () => {
    expect(errorsOf({ events: [] })).toEqual([{ index: 0, path: 'events', message: 'must hold at least 1 event' }]);
  });

  it(`rejects a batch of ${MAX_BATCH_EVENTS + 1} events at path events`, () => {
    const events = Array.from({ length: MAX_BATCH_EVENTS + 1 }, (_, i) => ({ ...crash, sourceRecordId: `JJ-${i}` }));
    expect(errorsOf({ events })).toEqual([{ index: 0, path: 'events', message: `must hold at most ${MAX_BATCH_EVENTS} events` }]);
  });

  it('rejects events that are not an array', () => {
    expect(errorsOf({ events: crash })).toEqual([{ index: 0, path: 'events', message: expect.stringContaining('array') }]);
  });

  it('rejects members beside events in a batch', () => {
    expect(errorsOf({ events: [crash], agency: 'police' })).toEqual([{ index: 0, path: 'agency', message: 'is not allowed beside events' }]);
  });

  it.each([
    ['an array', [crash]],
    ['a string', 'TrafficCrashReported'],
    ['null', null],
    ['a number', 42],
  ])('rejects %s as the body', (_what, body) => {
    expect(errorsOf(body)).toEqual([{ index: 0, path: '', message: expect.any(String) }]);
  });

  it('rejects an event that is not an object at its index', () => {
    expect(errorsOf({ events: [crash, 'x'] })).toEqual([{ index: 1, path: '', message: 'must be a JSON object' }]);
  });

  it('rejects an unknown type at path type', () => {
    expect(errorsOf({ ...crash, type: 'CarCrash' })).toEqual([{ index: 0, path: 'type', message: 'is not a known event type' }]);
  });

  it('rejects a missing type at path type', () => {
    const { type: _t, ...body } = crash;
    expect(errorsOf(body)).toEqual([{ index: 0, path: 'type', message: 'is required' }]);
  });
});

describe('validateEvents: unknown and hub-assigned fields', () => {
  it('rejects each unknown field at its own path', () => {
    expect(errorsOf({ ...crash, driverName: 'x', plate: 'y' })).toEqual([
      { index: 0, path: 'driverName', message: 'is not a field of TrafficCrashReported' },
      { index: 0, path: 'plate', message: 'is not a field of TrafficCrashReported' },
    ]);
  });

  it.each(['eventId', 'agency', 'receivedAt'])('rejects the hub-assigned field %s', (field) => {
    expect(errorsOf({ ...crash, [field]: 'police' })).toEqual([{ index: 0, path: field, message: 'is assigned by the hub and must not be sent' }]);
  });

  it('rejects a field of another event type', () => {
    expect(errorsOf({ ...crash, directLossYuan: 1 })).toEqual([{ index: 0, path: 'directLossYuan', message: 'is not a field of TrafficCrashReported' }]);
  });
});

describe('validateEvents: error reporting', () => {
  it('reports every error of every event with its index and path, and accepts nothing', () => {
    // given a batch whose first and third events are wrong
    const events = [
      { ...crash, deaths: -1, roadType: 'MOTORWAY' },
      VALID_EVENTS.HazardRectified,
      { ...VALID_EVENTS.PromotionProjectRegistered, targetGroups: ['ELDERLY', 'PETS'] },
    ];
    // when validated
    const result = validation.validateEvents({ events }, { now: NOW });
    // then every error is listed, positioned, and no event is returned
    expect(result).toEqual({
      ok: false,
      omittedErrors: 0,
      errors: [
        { index: 0, path: 'deaths', message: 'must be >= 0' },
        { index: 0, path: 'roadType', message: 'must be one of URBAN_ROAD, HIGHWAY, RURAL_ROAD, OTHER' },
        { index: 2, path: 'targetGroups.1', message: expect.stringContaining('must be one of ELDERLY') },
      ],
    });
  });

  it('reports a missing field as required', () => {
    const { deaths: _d, ...body } = crash;
    expect(errorsOf(body)).toEqual([{ index: 0, path: 'deaths', message: 'is required' }]);
  });

  it(`lists at most ${MAX_REPORTED_ERRORS} errors and counts the rest`, () => {
    // given 600 events with two unknown fields each
    const events = Array.from({ length: 600 }, () => ({ ...crash, a: 1, b: 2 }));
    // when validated
    const result = validation.validateEvents({ events }, { now: NOW });
    // then the first 1000 errors are listed and the other 200 counted
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(result.omittedErrors).toBe(200);
    expect(result.errors.at(-1)).toMatchObject({ index: 499, path: 'b' });
  });
});
