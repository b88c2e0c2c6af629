import { describe, expect, it } from 'vitest';
import { communityRows } from './communities';
import { communityDesignated, communityRegistered, newLog, recordWithdrawn, trafficCrash } from './testing/builders';
import { AS_OF, TIME_ZONE } from './testing/queries';
import type { Facts } from './types';

function rows(facts: Facts, regionCode = '6109') {
  return communityRows(facts, { regionCode, asOf: AS_OF, timeZone: TIME_ZONE });
}

describe('communityRows', () => {
  it('lists registered and named communities of the region sorted by code, with their designation', () => {
    const log = newLog();
    log.add('safety', communityRegistered('CR-2', { communityCode: '610902002', name: 'West', population: 12 }));
    log.add('police', trafficCrash('CR-1', { communityCode: '610902001' }));
    log.add('safety', communityDesignated('CR-2-d', { communityCode: '610902002', level: 'NATIONAL', validUntil: '2025-01-01' }));
    log.add('safety', communityRegistered('CR-out', { communityCode: '610801001' }));

    expect(rows(log.facts())).toEqual([
      { code: '610902001', name: null, type: null, population: null, designation: { level: null, status: 'NONE' } },
      {
        code: '610902002',
        name: 'West',
        type: 'URBAN_STREET',
        population: 12,
        designation: { level: 'NATIONAL', status: 'EXPIRED' },
      },
    ]);
  });

  it('drops a community named only by a withdrawn record', () => {
    const log = newLog();
    log.add('police', trafficCrash('CW-1', { communityCode: '610902001' }));
    log.add('police', recordWithdrawn('CW-w', { withdrawnRecordId: 'CW-1' }));

    expect(rows(log.facts())).toEqual([]);
  });

  it('matches a nine-digit region code to one community only', () => {
    const log = newLog();
    log.add('police', trafficCrash('C9-1', { communityCode: '610902001' }));
    log.add('police', trafficCrash('C9-2', { communityCode: '610902002' }));

    expect(rows(log.facts(), '610902002').map((r) => r.code)).toEqual(['610902002']);
  });
});
