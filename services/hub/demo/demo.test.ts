import { describe, expect, it } from 'vitest';
import type { EventBody } from '../../kernel/events.generated';
import { EVENT_TYPES } from '../../kernel/events.generated';
import { currentRecords, recordKey } from './fold';
import { COMMUNITIES, generateDemoDistrict, type DemoSubmission } from './index';
import { loadNationalDivisions } from '../../kernel/divisions';

const NOW = new Date('2025-06-15T04:00:00Z');
const TODAY = '2025-06-15';
const YEAR = 2025;
const DAY_MS = 86_400_000;
const district = generateDemoDistrict({ now: NOW, timeZone: 'Asia/Shanghai' });
const current = [...currentRecords(district).values()];

type Of<T extends EventBody['type']> = Extract<EventBody, { type: T }>;
function bodies<T extends EventBody['type']>(type: T, list: readonly { body: EventBody }[] = current): Of<T>[] {
  return list.filter((s) => s.body.type === type).map((s) => s.body as Of<T>);
}
const yearOf = (occurredAt: string) => Number(occurredAt.slice(0, 4));
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const round1 = (x: number) => Math.sign(x) * Math.round(Math.abs(x) * 10) / 10;

describe('generateDemoDistrict: shape and determinism', () => {
  it('given the same seed and now, when generating twice, then the submissions are identical', () => {
    const again = generateDemoDistrict({ now: NOW, timeZone: 'Asia/Shanghai' });
    expect(JSON.stringify(again)).toBe(JSON.stringify(district));
  });

  it('given another seed, when generating, then the records differ', () => {
    const other = generateDemoDistrict({ now: NOW, timeZone: 'Asia/Shanghai', seed: 7, scale: 0.1 });
    const small = generateDemoDistrict({ now: NOW, timeZone: 'Asia/Shanghai', scale: 0.1 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(small));
  });

  it('given the default scale, when counting, then there are 20k to 40k submissions of all 19 types', () => {
    expect(district.length).toBeGreaterThanOrEqual(20_000);
    expect(district.length).toBeLessThanOrEqual(40_000);
    expect(new Set(district.map((s) => s.body.type))).toEqual(new Set(EVENT_TYPES));
  });

  it('given a small scale, when generating, then far fewer submissions still use all 19 types', () => {
    const small = generateDemoDistrict({ now: NOW, timeZone: 'Asia/Shanghai', scale: 0.1 });
    expect(small.length).toBeLessThan(district.length / 3);
    expect(new Set(small.map((s) => s.body.type))).toEqual(new Set(EVENT_TYPES));
  });

  it('given the submissions, when reading them in order, then they are ordered by receivedAt and nothing is sent or happens after now', () => {
    for (let i = 1; i < district.length; i += 1) {
      expect(district[i]!.receivedAt.getTime()).toBeGreaterThanOrEqual(district[i - 1]!.receivedAt.getTime());
    }
    expect(district.filter((s) => s.receivedAt.getTime() > NOW.getTime())).toEqual([]);
    expect(district.filter((s) => 'occurredAt' in s.body && Date.parse(s.body.occurredAt) > NOW.getTime())).toEqual([]);
  });

  it('given the years covered, when reading occurrences, then they span the two previous calendar years and this year', () => {
    const years = new Set(district.filter((s) => 'occurredAt' in s.body).map((s) => yearOf((s.body as { occurredAt: string }).occurredAt)));
    expect([...years].sort()).toEqual([2023, 2024, 2025]);
  });

  it('given first deliveries of dated records, when comparing with occurrence, then they arrive minutes to days later', () => {
    const seen = new Set<string>();
    const late: DemoSubmission[] = [];
    for (const s of district) {
      const key = recordKey(s.agency, s.body.sourceRecordId);
      if (seen.has(key)) continue;
      seen.add(key);
      if (!('occurredAt' in s.body)) continue;
      const lag = s.receivedAt.getTime() - Date.parse(s.body.occurredAt);
      expect(lag).toBeGreaterThanOrEqual(0);
      if (lag > 16 * DAY_MS) late.push(s);
    }
    // At most the hazard the out-of-order scenario delivers after its rectification.
    expect(late.filter((s) => s.body.type !== 'HazardIdentified')).toEqual([]);
    expect(late.length).toBeLessThanOrEqual(1);
  });
});

describe('generateDemoDistrict: communities and references', () => {
  it('given the district, when listing registrations, then each of the twelve 610902 communities is registered with a plausible population', () => {
    const registered = bodies('CommunityRegistered');
    expect(registered.map((r) => r.communityCode).sort()).toEqual(COMMUNITIES.map((c) => c.code).sort());
    // Twelve real townships of 汉滨区 in the national division list.
    const national = loadNationalDivisions();
    expect(new Set(COMMUNITIES.map((c) => c.code)).size).toBe(12);
    for (const c of COMMUNITIES) {
      expect(c.code).toMatch(/^610902\d{3}$/);
      expect(national.has(c.code)).toBe(true);
    }
    for (const r of registered) {
      expect(r.name).toMatch(/^[\u4e00-\u9fff]+$/);
      const [lo, hi] = r.communityType === 'URBAN_STREET' ? [40_000, 120_000] : r.communityType === 'RURAL_TOWNSHIP' ? [15_000, 50_000] : [10_000, 60_000];
      expect(r.population).toBeGreaterThanOrEqual(lo);
      expect(r.population).toBeLessThanOrEqual(hi);
    }
    expect(registered.filter((r) => r.communityType === 'INDUSTRIAL_PARK')).toHaveLength(1);
  });

  it('given registrations, when looking at dates and revisions, then two joined during the demo years and one population was updated later', () => {
    const registered = bodies('CommunityRegistered');
    expect(registered.filter((r) => r.registeredOn >= '2023-01-01')).toHaveLength(2);
    expect(registered.filter((r) => r.registeredOn < '2023-01-01').every((r) => r.registeredOn >= '2012-01-01')).toBe(true);
    const revised = bodies('CommunityRegistered', district).filter((r) => r.revision > 1);
    expect(revised).toHaveLength(1);
    const first = bodies('CommunityRegistered', district).find((r) => r.sourceRecordId === revised[0]!.sourceRecordId && r.revision === 1);
    expect(revised[0]!.population).not.toBe(first!.population);
  });

  it('given references, when resolving them, then each points to an existing record of the same agency and of the right type', () => {
    const records = new Map<string, EventBody['type']>();
    for (const s of district) records.set(recordKey(s.agency, s.body.sourceRecordId), s.body.type);
    for (const s of district) {
      const b = s.body;
      if (b.type === 'HazardRectified' || b.type === 'HazardRectificationExtended') {
        expect(records.get(recordKey(s.agency, b.hazardRecordId))).toBe('HazardIdentified');
      } else if (b.type === 'PromotionProjectEvaluated') {
        expect(records.get(recordKey(s.agency, b.projectRecordId))).toBe('PromotionProjectRegistered');
      } else if (b.type === 'RecordWithdrawn') {
        expect(records.get(recordKey(s.agency, b.withdrawnRecordId))).toBeDefined();
        expect(records.get(recordKey(s.agency, b.withdrawnRecordId))).not.toBe('RecordWithdrawn');
      }
    }
  });

  it('given delivery order, when a reference is read, then exactly one arrives before the record it points to', () => {
    const firstSeen = new Map<string, number>();
    district.forEach((s, i) => {
      const key = recordKey(s.agency, s.body.sourceRecordId);
      if (!firstSeen.has(key)) firstSeen.set(key, i);
    });
    const early = district.filter((s, i) => {
      const b = s.body as { hazardRecordId?: string; projectRecordId?: string; withdrawnRecordId?: string };
      const ref = b.hazardRecordId ?? b.projectRecordId ?? b.withdrawnRecordId;
      return ref !== undefined && (firstSeen.get(recordKey(s.agency, ref)) ?? -1) > i;
    });
    expect(early.map((s) => s.body.type)).toEqual(['HazardRectified']);
  });
});

describe('generateDemoDistrict: revisions, duplicates, stale revisions, withdrawals', () => {
  const byRecord = new Map<string, DemoSubmission[]>();
  for (const s of district) {
    const key = recordKey(s.agency, s.body.sourceRecordId);
    byRecord.set(key, [...(byRecord.get(key) ?? []), s]);
  }
  const casualtyTypes = ['TrafficCrashReported', 'FireIncidentReported', 'ProductionAccidentReported'];

  it('given re-reported accidents, when comparing revisions, then casualties change within the re-report window', () => {
    const reReported = [...byRecord.values()].filter((list) => casualtyTypes.includes(list[0]!.body.type) && list.some((s) => s.body.revision > 1));
    expect(reReported.length).toBeGreaterThanOrEqual(5);
    for (const list of reReported) {
      const first = list[0]!.body as Of<'TrafficCrashReported'> | Of<'FireIncidentReported'> | Of<'ProductionAccidentReported'>;
      const windowDays = first.type === 'ProductionAccidentReported' ? 30 : 7;
      for (const s of list.slice(1)) {
        const b = s.body as typeof first;
        expect(s.receivedAt.getTime()).toBeLessThanOrEqual(Date.parse(first.occurredAt) + windowDays * DAY_MS);
        expect(b.type).toBe(first.type);
        const changed = b.deaths !== first.deaths || b.injuries !== first.injuries || ('seriousInjuries' in b && 'seriousInjuries' in first && b.seriousInjuries !== first.seriousInjuries);
        expect(changed).toBe(true);
      }
    }
  });

  it('given the deliveries, when a record revision is sent twice, then the copy is identical (a retried request)', () => {
    const duplicates = [...byRecord.values()].filter((list) => new Set(list.map((s) => s.body.revision)).size < list.length);
    expect(duplicates.length).toBeGreaterThanOrEqual(1);
    for (const list of duplicates) expect(JSON.stringify(list[1]!.body)).toBe(JSON.stringify(list[0]!.body));
  });

  it('given the deliveries, when a lower revision follows a higher one, then there is a stale revision', () => {
    const stale = [...byRecord.values()].filter((list) => list.some((s, i) => i > 0 && s.body.revision < Math.max(...list.slice(0, i).map((p) => p.body.revision))));
    expect(stale).toHaveLength(1);
  });

  it('given withdrawals, when reading them, then a couple of agencies withdraw their own records with a Chinese reason', () => {
    const withdrawals = district.filter((s) => s.body.type === 'RecordWithdrawn');
    expect(withdrawals.length).toBeGreaterThanOrEqual(2);
    expect(new Set(withdrawals.map((s) => s.agency)).size).toBeGreaterThanOrEqual(2);
    for (const w of withdrawals) expect((w.body as Of<'RecordWithdrawn'>).reason).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('generateDemoDistrict: realistic figures', () => {
  const fullYears = [2023, 2024];
  const communityCount = COMMUNITIES.length;

  it('given accidents of the full years, when summing deaths, then a few a year per community, road traffic dominating', () => {
    const deaths = { road: 0, production: 0, fire: 0, waterway: 0 };
    for (const b of current.map((s) => s.body)) {
      if (!('occurredAt' in b) || !fullYears.includes(yearOf(b.occurredAt))) continue;
      if (b.type === 'TrafficCrashReported') deaths.road += b.deaths;
      if (b.type === 'ProductionAccidentReported') deaths.production += b.deaths;
      if (b.type === 'FireIncidentReported') deaths.fire += b.deaths;
      if (b.type === 'TransportAccidentReported') deaths.waterway += b.deaths;
    }
    const perCommunityYear = (deaths.road + deaths.production + deaths.fire + deaths.waterway) / communityCount / fullYears.length;
    expect(perCommunityYear).toBeGreaterThan(1.5);
    expect(perCommunityYear).toBeLessThan(10);
    expect(deaths.road).toBeGreaterThan(deaths.production);
    expect(deaths.road).toBeGreaterThan(deaths.fire + deaths.waterway);
  });

  it('given production accidents, when grading them (Decree 493), then nearly all are GENERAL and one or two LARGER', () => {
    const grades = bodies('ProductionAccidentReported').map((b) =>
      b.deaths >= 3 || b.seriousInjuries >= 10 || b.directLossYuan >= 10_000_000 ? 'LARGER_OR_WORSE' : 'GENERAL',
    );
    const larger = grades.filter((g) => g !== 'GENERAL').length;
    expect(larger).toBeGreaterThanOrEqual(1);
    expect(larger).toBeLessThanOrEqual(2);
  });

  it('given fires and waterway or rail accidents, when counting, then most fires kill no one and waterway/rail accidents are rare', () => {
    const fires = bodies('FireIncidentReported');
    expect(fires.filter((f) => f.deaths === 0).length / fires.length).toBeGreaterThan(0.95);
    const transport = bodies('TransportAccidentReported');
    expect(transport.length).toBeGreaterThanOrEqual(1);
    expect(transport.length).toBeLessThanOrEqual(20);
  });

  it('given injury surveillance, when counting per community and full year, then 100-400 cases over all 12 months except one sparse community', () => {
    const cards = bodies('InjuryCaseReported');
    const sparse: string[] = [];
    for (const c of COMMUNITIES) {
      for (const year of fullYears) {
        const mine = cards.filter((b) => b.communityCode === c.code && yearOf(b.occurredAt) === year);
        const months = new Set(mine.map((b) => b.occurredAt.slice(5, 7)));
        if (months.size < 10) {
          sparse.push(c.code);
          continue;
        }
        expect(mine.length).toBeGreaterThanOrEqual(100);
        expect(mine.length).toBeLessThanOrEqual(400);
        expect(months.size).toBe(12);
      }
    }
    expect(new Set(sparse).size).toBe(1);
  });

  it('given injury cases, when tallying, then falls and motor vehicles lead, elderly and children appear, and deaths are rare', () => {
    const cards = bodies('InjuryCaseReported');
    const byCause = new Map<string, number>();
    for (const b of cards) byCause.set(b.cause, (byCause.get(b.cause) ?? 0) + 1);
    const top = [...byCause].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([cause]) => cause);
    expect(top.sort()).toEqual(['FALL', 'MOTOR_VEHICLE']);
    expect(cards.filter((b) => b.ageYears >= 65).length / cards.length).toBeGreaterThan(0.1);
    expect(cards.filter((b) => b.ageYears <= 14).length / cards.length).toBeGreaterThan(0.08);
    const died = cards.filter((b) => b.outcome === 'DIED').length / cards.length;
    expect(died).toBeGreaterThan(0);
    expect(died).toBeLessThan(0.02);
    for (const field of ['place', 'activity', 'intent', 'severity', 'sex'] as const) {
      expect(new Set(cards.map((b) => b[field])).size).toBeGreaterThanOrEqual(3);
    }
  });

  it('given hazards, when following them to now, then most are rectified in time, some late, some extended, some open or overdue, one or two MAJOR open', () => {
    const deadline = new Map<string, { rectifyBy: string; level: string; rectifiedOn?: string }>();
    for (const s of current) if (s.body.type === 'HazardIdentified') deadline.set(recordKey(s.agency, s.body.sourceRecordId), { rectifyBy: s.body.rectifyBy, level: s.body.level });
    for (const s of current) {
      if (s.body.type !== 'HazardRectificationExtended') continue;
      const h = deadline.get(recordKey(s.agency, s.body.hazardRecordId))!;
      if (s.body.rectifyBy > h.rectifyBy) h.rectifyBy = s.body.rectifyBy;
    }
    for (const s of current) if (s.body.type === 'HazardRectified') deadline.get(recordKey(s.agency, s.body.hazardRecordId))!.rectifiedOn = s.body.rectifiedOn;
    const all = [...deadline.values()];
    const inTime = all.filter((h) => h.rectifiedOn && h.rectifiedOn <= h.rectifyBy).length;
    const lateOnes = all.filter((h) => h.rectifiedOn && h.rectifiedOn > h.rectifyBy).length;
    const open = all.filter((h) => !h.rectifiedOn);
    const overdue = open.filter((h) => h.rectifyBy < TODAY);
    expect(inTime / all.length).toBeGreaterThan(0.8);
    expect(lateOnes).toBeGreaterThan(0);
    expect(open.length).toBeGreaterThan(overdue.length);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length / all.length).toBeLessThan(0.03);
    const majorOpen = open.filter((h) => h.level === 'MAJOR').length;
    expect(majorOpen).toBeGreaterThanOrEqual(1);
    expect(majorOpen).toBeLessThanOrEqual(2);
    expect(bodies('HazardRectificationExtended').length).toBeGreaterThan(0);
    const agencies = new Set(current.filter((s) => s.body.type === 'HazardIdentified').map((s) => s.agency));
    expect([...agencies].sort()).toEqual(['fire', 'safety', 'transport']);
  });

  it('given promotion projects, when grouping per community, then about twenty each, breadth varies, most are evaluated', () => {
    const projects = bodies('PromotionProjectRegistered');
    const evaluated = new Set(bodies('PromotionProjectEvaluated').map((e) => e.projectRecordId));
    let broad = 0;
    let narrow = 0;
    for (const c of COMMUNITIES) {
      const mine = projects.filter((p) => p.communityCode === c.code);
      expect(mine.length).toBeGreaterThanOrEqual(10);
      expect(mine.length).toBeLessThanOrEqual(25);
      const domains = new Set(mine.map((p) => p.domain)).size;
      if (domains >= 8) broad += 1;
      else narrow += 1;
      expect(mine.filter((p) => evaluated.has(p.sourceRecordId)).length / mine.length).toBeGreaterThanOrEqual(0.5);
    }
    expect(broad).toBeGreaterThanOrEqual(6);
    expect(narrow).toBeGreaterThanOrEqual(2);
    expect(new Set(bodies('PromotionProjectEvaluated').map((e) => e.status))).toEqual(new Set(['ONGOING', 'COMPLETED', 'DISCONTINUED']));
    const groups = new Set(projects.flatMap((p) => p.targetGroups));
    expect(groups.has('ELDERLY') && groups.has('CHILDREN')).toBe(true);
  });

  it('given safety activities, when grouping, then every bureau holds them and all four kinds occur', () => {
    const activities = current.filter((s) => s.body.type === 'SafetyActivityHeld');
    expect(new Set(activities.map((s) => s.agency)).size).toBe(5);
    expect(new Set(activities.map((s) => (s.body as Of<'SafetyActivityHeld'>).kind))).toEqual(new Set(['PUBLICITY', 'TRAINING', 'DRILL', 'HEALTH_SERVICE']));
  });

  it('given awareness surveys, when comparing years per community and item, then awareness rises year on year', () => {
    const surveys = bodies('AwarenessSurveyCompleted');
    expect(new Set(surveys.map((s) => s.item)).size).toBe(7);
    for (const c of COMMUNITIES) {
      for (const item of new Set(surveys.map((s) => s.item))) {
        const series = surveys
          .filter((s) => s.communityCode === c.code && s.item === item)
          .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
          .map((s) => s.aware / s.respondents);
        expect(series.length).toBeGreaterThanOrEqual(2);
        for (let i = 1; i < series.length; i += 1) expect(series[i]!).toBeGreaterThan(series[i - 1]!);
      }
    }
    const thisYear = new Set(surveys.filter((s) => yearOf(s.occurredAt) === YEAR).map((s) => s.communityCode));
    expect(thisYear.size).toBe(COMMUNITIES.length);
  });
});

describe('generateDemoDistrict: control indicators and designations', () => {
  it('given the caps, when comparing with deaths as the hub counts them, then past years are within cap and this year exactly one category runs over schedule', () => {
    const caps = bodies('ControlIndicatorIssued');
    expect(caps).toHaveLength(2 * 3 * 4);
    const deaths = (year: number, category: string) => {
      let total = 0;
      for (const b of current.map((s) => s.body)) {
        if (!('occurredAt' in b) || !('deaths' in b) || yearOf(b.occurredAt) !== year) continue;
        const cat = { ProductionAccidentReported: 'PRODUCTION', TrafficCrashReported: 'ROAD_TRAFFIC', FireIncidentReported: 'FIRE', TransportAccidentReported: 'WATERWAY' }[b.type as string];
        if (cat && (category === 'ALL_ACCIDENTS' || cat === category)) total += b.deaths;
      }
      return total;
    };
    const dayOfYear = (Date.parse(`${TODAY}T00:00:00Z`) - Date.parse(`${YEAR}-01-01T00:00:00Z`)) / DAY_MS + 1;
    const elapsedPct = round1((dayOfYear / 365) * 100);
    const statuses: string[] = [];
    for (const cap of caps.filter((c) => c.regionCode === '610902')) {
      const d = deaths(cap.year, cap.category);
      expect(d).toBeLessThanOrEqual(cap.cap);
      if (cap.year < YEAR) continue;
      const usedPct = round1((d / cap.cap) * 100);
      statuses.push(usedPct > elapsedPct ? `OVER_SCHEDULE:${cap.category}` : 'WITHIN');
    }
    expect(statuses.filter((s) => s.startsWith('OVER_SCHEDULE'))).toHaveLength(1);
    for (const cap of caps.filter((c) => c.regionCode === '6109')) {
      const district = caps.find((c) => c.regionCode === '610902' && c.year === cap.year && c.category === cap.category)!;
      expect(cap.cap).toBeGreaterThan(district.cap);
    }
  });

  it('given the designation story, when reading the latest per community, then one is due for re-evaluation, one expired, one revoked and one national', () => {
    const designated = bodies('CommunityDesignated');
    const evaluations = bodies('DesignationEvaluated');
    for (const d of designated) {
      expect(evaluations.some((e) => e.communityCode === d.communityCode && e.level === d.level && e.evaluatedOn < d.designatedOn)).toBe(true);
      const years = Number(d.validUntil.slice(0, 4)) - Number(d.designatedOn.slice(0, 4));
      expect([3, 5]).toContain(years);
    }
    const revoked = bodies('DesignationRevoked');
    const status = new Map<string, string>();
    for (const c of COMMUNITIES) {
      const latest = designated.filter((d) => d.communityCode === c.code).sort((a, b) => a.designatedOn.localeCompare(b.designatedOn)).at(-1);
      const revocation = revoked.find((r) => r.communityCode === c.code);
      if (!latest) status.set(c.code, 'NONE');
      else if (revocation && revocation.revokedOn >= latest.designatedOn) status.set(c.code, 'REVOKED');
      else if (latest.validUntil < TODAY) status.set(c.code, 'EXPIRED');
      else if (latest.validUntil <= addDays(TODAY, 180)) status.set(c.code, `DUE:${latest.level}`);
      else status.set(c.code, `DESIGNATED:${latest.level}`);
    }
    const values = [...status.values()];
    expect(values.filter((v) => v.startsWith('DUE'))).toHaveLength(1);
    expect(values.filter((v) => v === 'EXPIRED')).toHaveLength(1);
    expect(values.filter((v) => v === 'REVOKED')).toHaveLength(1);
    expect(values.filter((v) => v === 'DESIGNATED:NATIONAL')).toHaveLength(1);
    expect(values.filter((v) => v === 'NONE').length).toBeGreaterThan(0);
    expect(new Set(evaluations.map((e) => e.result))).toEqual(new Set(['PASS', 'RECTIFY', 'FAIL']));
  });
});
