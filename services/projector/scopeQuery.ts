// The one query behind every committee figure: the events of a region (or community) as
// received by an instant. See loadScope in readModel.ts.

/**
 * Community codes are digits only, so every code starting with `prefix` lies in the
 * half-open range [prefix, prefix + ':') (':' sorts right after '9'); "" spans every code.
 * A range predicate (not LIKE or substr) lets SQLite seek the (community_code, received_at_ms) index.
 */
export function prefixRange(prefix: string): { lo: string; hi: string } {
  if (!/^\d*$/.test(prefix)) throw new RangeError(`a region prefix is digits only: ${prefix}`);
  return { lo: prefix, hi: `${prefix}:` };
}

/**
 * Parameters: :lo, :hi (prefixRange of the region), :region (ControlIndicatorIssued.regionCode
 * taken exactly), :asOf (epoch ms, inclusive).
 *
 * 1. Seed keys: every record (agency, record_id) with ANY event received by :asOf naming a
 *    community in [:lo, :hi), plus the control indicators issued for exactly :region.
 * 2. Close over references: a record whose event (received by :asOf) targets a key in the set
 *    (extension, rectification, evaluation, withdrawal) joins the set, and so do records
 *    targeting those (withdrawals of withdrawals, to any depth). UNION keeps each key once, so
 *    the recursion ends. A reference received before its record is found as soon as the record is.
 * 3. Load every event of every key received by :asOf, in log order: all revisions, including
 *    ones that moved a record to another community or re-pointed a reference elsewhere, so the
 *    fold sees each record's true current state. CROSS JOIN pins the join order (keys outside,
 *    events_record seeks inside): left to itself the planner may scan the whole events table in
 *    position order to save the sort.
 *
 * Cost: index seeks only. Step 1 ranges over events_community (one entry per event of the
 * region, all years) and events_region; step 2 one events_target seek per key; step 3 one
 * events_record seek per key, then a sort by position of the k events in scope:
 * O(k log n) for n events in the model. Nothing outside the scope is read except references
 * whose targets are in scope.
 */
export const SCOPE_SQL = `
WITH RECURSIVE scope_keys(agency, record_id) AS (
  SELECT agency, record_id FROM events
   WHERE community_code >= :lo AND community_code < :hi AND received_at_ms <= :asOf
  UNION
  SELECT agency, record_id FROM events
   WHERE region_code = :region AND received_at_ms <= :asOf
  UNION
  SELECT e.agency, e.record_id
    FROM scope_keys k
    JOIN events e ON e.agency = k.agency AND e.target_record_id = k.record_id
   WHERE e.received_at_ms <= :asOf
)
SELECT e.position, e.event_id, e.agency, e.received_at, e.body
  FROM scope_keys k
 CROSS JOIN events e ON e.agency = k.agency AND e.record_id = k.record_id
 WHERE e.received_at_ms <= :asOf
 ORDER BY e.position
`;
