import { describe, expect, it } from 'vitest';
import { activityHeld, newLog } from './testing/builders';
import { overviewOf } from './testing/queries';

describe('activities', () => {
  it('lists every kind with zeros when nothing was held', () => {
    expect(overviewOf(newLog().facts()).activities).toEqual({
      PUBLICITY: { count: 0, participants: 0, materials: 0 },
      TRAINING: { count: 0, participants: 0, materials: 0 },
      DRILL: { count: 0, participants: 0, materials: 0 },
      HEALTH_SERVICE: { count: 0, participants: 0, materials: 0 },
    });
  });

  it('counts activities of the year per kind with participants and materials summed, from any agency', () => {
    const log = newLog();
    log.add('fire', activityHeld('AC-1', { kind: 'DRILL', participants: 120 }));
    log.add('police', activityHeld('AC-2', { kind: 'DRILL', participants: 30, materialsDistributed: 5 }));
    log.add('health', activityHeld('AC-3', { kind: 'PUBLICITY', participants: 200, materialsDistributed: 500 }));
    log.add('safety', activityHeld('AC-old', { kind: 'DRILL', participants: 999, occurredAt: '2024-05-01T10:00:00+08:00' }));

    const { activities } = overviewOf(log.facts());

    expect(activities.DRILL).toEqual({ count: 2, participants: 150, materials: 5 });
    expect(activities.PUBLICITY).toEqual({ count: 1, participants: 200, materials: 500 });
    expect(activities.TRAINING.count).toBe(0);
  });
});
