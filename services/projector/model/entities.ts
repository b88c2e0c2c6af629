// What one record contributes to the figures, as a row of entity_versions: pure functions of the
// record's state and its counted references. The projection writes these rows as the log moves;
// the queries read them back into the domain's RecordState / CommunityFacts shapes.
import type { Agency } from '../../kernel/agency';
import type { EventBody, EventType } from '../../kernel/events.generated';
import { instantMs, yearOfDate, type ZonedCalendar } from '../../kernel/time';
import { COMMUNITY_EVENT_TYPES } from '../domain/facts';
import type { RecordOf, RecordState } from '../domain/types';

/** Record types that name a community (a communityCode field): the domain's list. */
export const COMMUNITY_RECORD_TYPES: ReadonlySet<string> = new Set(Object.keys(COMMUNITY_EVENT_TYPES));

/** Types that point at another record of the same agency, and the field that names it. */
export const REFERENCE_FIELDS: Readonly<Record<string, string>> = {
  HazardRectificationExtended: 'hazardRecordId',
  HazardRectified: 'hazardRecordId',
  PromotionProjectEvaluated: 'projectRecordId',
  RecordWithdrawn: 'withdrawnRecordId',
};

/** The record type a reference must point at to count (withdrawals point at anything). */
export const REFERENCE_TARGET_TYPE: Readonly<Record<string, string | undefined>> = {
  HazardRectificationExtended: 'HazardIdentified',
  HazardRectified: 'HazardIdentified',
  PromotionProjectEvaluated: 'PromotionProjectRegistered',
};

/** Casualty category of each accident-like type; the agg columns are named after it. */
export const CATEGORY_OF: Readonly<Record<string, string | undefined>> = {
  ProductionAccidentReported: 'production',
  TrafficCrashReported: 'road',
  FireIncidentReported: 'fire',
  TransportAccidentReported: 'waterway',
  PublicSecurityCaseRecorded: 'security',
};

const CATEGORIES = ['production', 'road', 'fire', 'waterway', 'security'] as const;

/** Counters per community and year that region summaries sum. */
export const AGG_COLUMNS = [
  'named', // counted records naming the community, by the year of the date that dates it
  'cases', // injury cases
  ...CATEGORIES.flatMap((c) => [`inc_${c}`, `deaths_${c}`, `inj_${c}`]),
] as const;

export type AggColumn = (typeof AGG_COLUMNS)[number];
export const AGG_INDEX: Readonly<Record<string, number>> = Object.fromEntries(AGG_COLUMNS.map((c, i) => [c, i]));

/** A row of the records table. */
export interface RecordRow {
  id: number;
  key: string;
  agency: Agency;
  type: EventType;
  revision: number;
  /** Comma-separated revisions received (an event id derives from its revision). */
  seen_revisions: string;
  body: string;
  event_id: string;
  received_at: string;
  position: number;
  first_received_at: string;
  latest_received_at: string;
  target_key: string | null;
  main_version: number | null;
  ref_version: number | null;
  /** Not a column: `body` parsed, kept with the in-page cached row so it is parsed once. */
  parsed?: EventBody & Record<string, unknown>;
}

/** A row of entity_versions without its id and positions. */
export interface EntityRow {
  entity_key: string;
  kind: string;
  community: string | null;
  region: string | null;
  year: number | null;
  named_year: number | null;
  deaths: number;
  injuries: number;
  agency: string;
  latest_received_ms: number;
  latest_received_at: string;
  rectify_by: string | null;
  rectified: number | null;
  major: number | null;
  facts: string | null;
}

/** The compact form of a RecordState kept in facts JSON. */
interface StoredRecord {
  a: Agency;
  s: string;
  v: number;
  b: EventBody;
  e: string;
  at: string;
  p: number;
  f: string;
  l: string;
}

/** facts JSON of an entity: the record and, for hazards and projects, its counted references. */
export interface EntityFacts {
  r: StoredRecord;
  ext?: StoredRecord[];
  rect?: StoredRecord[];
  ev?: StoredRecord[];
}

export function recordKeyOf(agency: string, sourceRecordId: string): string {
  return `${agency}/${sourceRecordId}`;
}

/** The row's body, parsed once per cached row (whoever sets `body` sets or clears `parsed`). */
export function bodyOf(row: RecordRow): EventBody & Record<string, unknown> {
  return (row.parsed ??= JSON.parse(row.body) as EventBody & Record<string, unknown>);
}

/**
 * The StoredRecord of a row as JSON, the same text JSON.stringify gives, with the row's body JSON
 * spliced in rather than serialised a second time.
 */
function storedRecordJson(row: RecordRow, body: EventBody): string {
  const q = JSON.stringify;
  return (
    `{"a":${q(row.agency)},"s":${q(body.sourceRecordId)},"v":${q(row.revision)},"b":${row.body},"e":${q(row.event_id)},` +
    `"at":${q(row.received_at)},"p":${q(row.position)},"f":${q(row.first_received_at)},"l":${q(row.latest_received_at)}}`
  );
}

export function recordStateOf(stored: StoredRecord): RecordState {
  return {
    key: recordKeyOf(stored.a, stored.s),
    agency: stored.a,
    sourceRecordId: stored.s,
    type: stored.b.type,
    revision: stored.v,
    current: stored.b,
    currentEventId: stored.e,
    currentReceivedAt: stored.at,
    currentPosition: BigInt(stored.p),
    eventIds: [stored.e],
    firstReceivedAt: stored.f,
    latestReceivedAt: stored.l,
  };
}

/** The date that dates a community record for its first year (registeredOn for registrations). */
function namedYear(body: EventBody & Record<string, unknown>, calendar: ZonedCalendar): number | null {
  switch (body.type) {
    case 'CommunityRegistered':
      return yearOfDate(body.registeredOn);
    case 'CommunityDesignated':
      return yearOfDate(body.designatedOn);
    case 'DesignationRevoked':
      return yearOfDate(body.revokedOn);
    case 'DesignationEvaluated':
      return yearOfDate(body.evaluatedOn);
    case 'PromotionProjectRegistered':
      return yearOfDate(body.startedOn);
    default:
      return typeof body.occurredAt === 'string' ? calendar.localYear(body.occurredAt) : null;
  }
}

function base(row: RecordRow, kind: string, community: string | null): EntityRow {
  return {
    entity_key: row.key,
    kind,
    community,
    region: null,
    year: null,
    named_year: null,
    deaths: 0,
    injuries: 0,
    agency: row.agency,
    latest_received_ms: instantMs(row.latest_received_at),
    latest_received_at: row.latest_received_at,
    rectify_by: null,
    rectified: null,
    major: null,
    facts: null,
  };
}

/**
 * The entity of a counted record naming a community. `references` are its counted references
 * (extensions and rectifications of a hazard, evaluations of a project), any order.
 */
export function communityEntity(row: RecordRow, references: readonly RecordRow[], calendar: ZonedCalendar): EntityRow {
  const body = bodyOf(row);
  const entity = base(row, row.type, body.communityCode as string);
  if (typeof body.occurredAt === 'string') entity.year = calendar.localYear(body.occurredAt);
  entity.named_year = namedYear(body, calendar);
  if (CATEGORY_OF[row.type]) {
    entity.deaths = body.deaths as number;
    entity.injuries = body.injuries as number;
  }
  let facts = `{"r":${storedRecordJson(row, body)}`;
  if (body.type === 'HazardIdentified') {
    const ext: SortableJson[] = [];
    const rect: SortableJson[] = [];
    let rectifyBy = body.rectifyBy;
    for (const ref of references) {
      const refBody = bodyOf(ref);
      if (refBody.type === 'HazardRectificationExtended') {
        ext.push({ s: refBody.sourceRecordId, json: storedRecordJson(ref, refBody) });
        if (refBody.rectifyBy > rectifyBy) rectifyBy = refBody.rectifyBy;
      } else if (refBody.type === 'HazardRectified') {
        rect.push({ s: refBody.sourceRecordId, json: storedRecordJson(ref, refBody) });
      }
    }
    facts += `,"ext":${jsonList(ext)},"rect":${jsonList(rect)}`;
    entity.rectify_by = rectifyBy;
    entity.rectified = rect.length > 0 ? 1 : 0;
    entity.major = body.level === 'MAJOR' ? 1 : 0;
  } else if (body.type === 'PromotionProjectRegistered') {
    const ev: SortableJson[] = [];
    for (const ref of references) {
      const refBody = bodyOf(ref);
      if (refBody.type === 'PromotionProjectEvaluated') ev.push({ s: refBody.sourceRecordId, json: storedRecordJson(ref, refBody) });
    }
    facts += `,"ev":${jsonList(ev)}`;
  }
  // The EntityFacts shape: r, then ext and rect (hazards) or ev (projects), each sorted by record id.
  entity.facts = `${facts}}`;
  return entity;
}

interface SortableJson {
  s: string;
  json: string;
}

function jsonList(items: SortableJson[]): string {
  return `[${items.sort(byKey).map((i) => i.json).join(',')}]`;
}

function byKey(a: { s: string }, b: { s: string }): number {
  return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
}

/** A counted control indicator: it belongs to its region, not to a community. */
export function indicatorEntity(row: RecordRow): EntityRow {
  const body = bodyOf(row) as RecordOf<'ControlIndicatorIssued'>['current'] & Record<string, unknown>;
  const entity = base(row, row.type, null);
  entity.region = body.regionCode;
  entity.year = body.year;
  entity.facts = `{"r":${storedRecordJson(row, body)}}`;
  return entity;
}

/** A counted reference or withdrawal: it counts for its target's community's freshness only. */
export function refEntity(row: RecordRow, community: string): EntityRow {
  return base(row, 'ref', community);
}

export function sameEntity(a: EntityRow, b: EntityRow): boolean {
  return (
    a.entity_key === b.entity_key &&
    a.kind === b.kind &&
    a.community === b.community &&
    a.region === b.region &&
    a.year === b.year &&
    a.named_year === b.named_year &&
    a.deaths === b.deaths &&
    a.injuries === b.injuries &&
    a.agency === b.agency &&
    a.latest_received_ms === b.latest_received_ms &&
    a.latest_received_at === b.latest_received_at &&
    a.rectify_by === b.rectify_by &&
    a.rectified === b.rectified &&
    a.major === b.major &&
    a.facts === b.facts
  );
}

/** One counter change: agg[community][year][column] += value. */
export interface Contribution {
  community: string;
  year: number;
  column: number;
  value: number;
}

type ContributingEntity = Pick<EntityRow, 'kind' | 'community' | 'year' | 'named_year' | 'deaths' | 'injuries'>;

/** The agg columns of each casualty category: incidents, deaths, injuries. */
const CATEGORY_COLUMNS: Readonly<Record<string, readonly [number, number, number] | undefined>> = Object.fromEntries(
  Object.entries(CATEGORY_OF).map(([type, c]) => [type, [AGG_INDEX[`inc_${c}`]!, AGG_INDEX[`deaths_${c}`]!, AGG_INDEX[`inj_${c}`]!] as const]),
);

/**
 * What an entity adds to agg (subtract the same when it stops counting), one call per counter:
 * agg[community][year][column] += value. Allocates nothing (the projection calls it per version).
 */
export function eachContribution(
  entity: ContributingEntity,
  visit: (community: string, year: number, column: number, value: number) => void,
): void {
  const { kind, community } = entity;
  if (community === null || !COMMUNITY_RECORD_TYPES.has(kind)) return;
  if (entity.named_year !== null) visit(community, entity.named_year, AGG_INDEX.named!, 1);
  if (entity.year === null) return;
  const columns = CATEGORY_COLUMNS[kind];
  if (columns) {
    visit(community, entity.year, columns[0], 1);
    visit(community, entity.year, columns[1], entity.deaths);
    visit(community, entity.year, columns[2], entity.injuries);
  } else if (kind === 'InjuryCaseReported') {
    visit(community, entity.year, AGG_INDEX.cases!, 1);
  }
}

/** eachContribution as a list. */
export function contributions(entity: ContributingEntity): Contribution[] {
  const out: Contribution[] = [];
  eachContribution(entity, (community, year, column, value) => out.push({ community, year, column, value }));
  return out;
}
