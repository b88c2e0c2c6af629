import { describe, expect, it } from 'vitest';
import { hazardRows } from './hazards';
import { hazard, hazardExtended, hazardRectified, newLog, recordWithdrawn } from './testing/builders';
import { AS_OF, overviewOf, TIME_ZONE } from './testing/queries';
import type { Facts, HazardStatusFilter } from './types';

// AS_OF is 2025-06-15 in Shanghai.
function rows(facts: Facts, status: HazardStatusFilter = 'all', asOf = AS_OF) {
  return hazardRows(facts, { regionCode: '610902', status, asOf, timeZone: TIME_ZONE });
}

describe('hazard status', () => {
  it('is open while the deadline has not passed, the deadline day included', () => {
    const log = newLog();
    log.add('safety', hazard('HS-today', { rectifyBy: '2025-06-15' }));

    expect(rows(log.facts())[0]).toMatchObject({ status: 'OPEN', overdueDays: 0, rectifiedOn: null });
  });

  it('is overdue when not rectified and the deadline is before the asOf date, with days overdue', () => {
    const log = newLog();
    log.add('safety', hazard('HS-late', { rectifyBy: '2025-06-05' }));

    expect(rows(log.facts())[0]).toMatchObject({ status: 'OVERDUE', overdueDays: 10, rectifyBy: '2025-06-05' });
  });

  it('reckons the asOf date in the hub time zone', () => {
    const log = newLog();
    log.add('safety', hazard('HS-tz', { rectifyBy: '2025-06-15' }));

    // 16:30Z on June 15 is already June 16 in Shanghai.
    expect(rows(log.facts(), 'all', new Date('2025-06-15T16:30:00Z'))[0]).toMatchObject({ status: 'OVERDUE', overdueDays: 1 });
  });

  it('an overdue hazard becomes rectified', () => {
    const log = newLog();
    log.add('safety', hazard('HS-fixed', { rectifyBy: '2025-05-01' }));
    const before = rows(log.facts())[0];
    log.add('safety', hazardRectified('HS-fixed-r', { hazardRecordId: 'HS-fixed', rectifiedOn: '2025-06-10', verified: false }));

    expect(before?.status).toBe('OVERDUE');
    expect(rows(log.facts())[0]).toMatchObject({ status: 'RECTIFIED', overdueDays: 0, rectifiedOn: '2025-06-10' });
  });

  it('takes the latest rectifiedOn of several rectifications', () => {
    const log = newLog();
    log.add('safety', hazard('HS-two'));
    log.add('safety', hazardRectified('HS-two-a', { hazardRecordId: 'HS-two', rectifiedOn: '2025-04-20' }));
    log.add('safety', hazardRectified('HS-two-b', { hazardRecordId: 'HS-two', rectifiedOn: '2025-04-02' }));

    expect(rows(log.facts())[0]?.rectifiedOn).toBe('2025-04-20');
  });

  it('moves the deadline to the latest extension', () => {
    const log = newLog();
    log.add('safety', hazard('HS-ext', { rectifyBy: '2025-05-01' }));
    log.add('safety', hazardExtended('HS-ext-1', { hazardRecordId: 'HS-ext', rectifyBy: '2025-07-01' }));
    log.add('safety', hazardExtended('HS-ext-2', { hazardRecordId: 'HS-ext', rectifyBy: '2025-06-20' }));

    expect(rows(log.facts())[0]).toMatchObject({ status: 'OPEN', rectifyBy: '2025-07-01' });
  });

  it('ignores an extension that is not later than the own deadline', () => {
    const log = newLog();
    log.add('safety', hazard('HS-ext-early', { rectifyBy: '2025-06-10' }));
    log.add('safety', hazardExtended('HS-ext-early-1', { hazardRecordId: 'HS-ext-early', rectifyBy: '2025-05-01' }));

    expect(rows(log.facts())[0]).toMatchObject({ status: 'OVERDUE', rectifyBy: '2025-06-10', overdueDays: 5 });
  });

  it('is overdue again when the rectification is withdrawn', () => {
    const log = newLog();
    log.add('fire', hazard('HS-undo', { rectifyBy: '2025-05-01' }));
    log.add('fire', hazardRectified('HS-undo-r', { hazardRecordId: 'HS-undo' }));
    log.add('fire', recordWithdrawn('HS-undo-w', { withdrawnRecordId: 'HS-undo-r' }));

    expect(rows(log.facts())[0]?.status).toBe('OVERDUE');
  });
});

describe('hazardRows', () => {
  it('filters by status, open including overdue', () => {
    const log = newLog();
    log.add('safety', hazard('HR-open', { rectifyBy: '2025-12-01' }));
    log.add('safety', hazard('HR-overdue', { rectifyBy: '2025-01-01' }));
    log.add('safety', hazard('HR-done'));
    log.add('safety', hazardRectified('HR-done-r', { hazardRecordId: 'HR-done' }));
    const facts = log.facts();
    const ids = (status: HazardStatusFilter) => rows(facts, status).map((row) => row.hazardRecordId).sort();

    expect(ids('open')).toEqual(['HR-open', 'HR-overdue']);
    expect(ids('overdue')).toEqual(['HR-overdue']);
    expect(ids('rectified')).toEqual(['HR-done']);
    expect(ids('all')).toEqual(['HR-done', 'HR-open', 'HR-overdue']);
  });

  it('lists hazards of every year, sorted by community, identifiedOn, agency and id', () => {
    const log = newLog();
    log.add('safety', hazard('HO-b', { communityCode: '610902002', occurredAt: '2025-01-05T10:00:00+08:00' }));
    log.add('safety', hazard('HO-z', { communityCode: '610902001', occurredAt: '2025-01-05T10:00:00+08:00' }));
    log.add('fire', hazard('HO-y', { communityCode: '610902001', occurredAt: '2025-01-05T10:00:00+08:00' }));
    log.add('safety', hazard('HO-a', { communityCode: '610902001', occurredAt: '2025-01-05T10:00:00+08:00' }));
    log.add('safety', hazard('HO-old', { communityCode: '610902001', occurredAt: '2021-12-31T20:00:00Z' }));

    expect(rows(log.facts()).map((r) => `${r.communityCode} ${r.identifiedOn} ${r.agency} ${r.hazardRecordId}`)).toEqual([
      '610902001 2022-01-01 safety HO-old',
      '610902001 2025-01-05 fire HO-y',
      '610902001 2025-01-05 safety HO-a',
      '610902001 2025-01-05 safety HO-z',
      '610902002 2025-01-05 safety HO-b',
    ]);
  });

  it('gives the row fields of the contract', () => {
    const log = newLog();
    log.add('transport', hazard('HF-1', { sector: 'ROAD', level: 'MAJOR', rectifyBy: '2025-07-01' }));

    expect(rows(log.facts())).toEqual([
      {
        agency: 'transport',
        hazardRecordId: 'HF-1',
        communityCode: '610902001',
        communityName: null, // not registered; the committee API names it from the division list
        sector: 'ROAD',
        level: 'MAJOR',
        description: 'blocked fire exit',
        identifiedOn: '2025-03-10',
        rectifyBy: '2025-07-01',
        rectifiedOn: null,
        status: 'OPEN',
        overdueDays: 0,
      },
    ]);
  });

  it('lists only communities of the region, and every community for the whole country', () => {
    const log = newLog();
    log.add('safety', hazard('HG-in', { communityCode: '610902001' }));
    log.add('safety', hazard('HG-out', { communityCode: '610903001' }));
    const facts = log.facts();

    expect(rows(facts).map((r) => r.hazardRecordId)).toEqual(['HG-in']);
    expect(hazardRows(facts, { regionCode: '', status: 'all', asOf: AS_OF, timeZone: TIME_ZONE })).toHaveLength(2);
  });
});

describe('hazard summary', () => {
  it('counts the hazards identified in the year as they stand at asOf', () => {
    const log = newLog();
    log.add('safety', hazard('HY-open', { rectifyBy: '2025-12-01', level: 'MAJOR' }));
    log.add('safety', hazard('HY-overdue-major', { rectifyBy: '2025-01-01', level: 'MAJOR' }));
    log.add('safety', hazard('HY-overdue', { rectifyBy: '2025-01-01' }));
    log.add('safety', hazard('HY-done', { level: 'MAJOR' }));
    log.add('safety', hazardRectified('HY-done-r', { hazardRecordId: 'HY-done' }));
    log.add('safety', hazard('HY-last-year', { occurredAt: '2024-12-01T10:00:00+08:00', rectifyBy: '2025-01-01' }));

    expect(overviewOf(log.facts()).hazards).toEqual({
      identified: 4,
      rectified: 1,
      open: 3,
      overdue: 2,
      majorOpen: 2,
      rectificationRatePct: 25,
    });
  });

  it('gives a null rectification rate when none was identified', () => {
    expect(overviewOf(newLog().facts()).hazards).toEqual({
      identified: 0,
      rectified: 0,
      open: 0,
      overdue: 0,
      majorOpen: 0,
      rectificationRatePct: null,
    });
  });

  it('rounds the rectification rate to one decimal', () => {
    const log = newLog();
    for (const id of ['HP-1', 'HP-2', 'HP-3']) log.add('safety', hazard(id, { rectifyBy: '2025-12-01' }));
    log.add('safety', hazardRectified('HP-1-r', { hazardRecordId: 'HP-1' }));

    expect(overviewOf(log.facts()).hazards.rectificationRatePct).toBe(33.3);
  });
});
