/**
 * Which records are withdrawn (docs/architecture.md): a record is withdrawn while a
 * current RecordWithdrawn of the same agency, itself not withdrawn, points to it.
 * Withdrawing the withdrawal revives the record.
 *
 * The rule refers to itself, so it is solved as a game on the graph
 * "withdrawal -> its target" (each withdrawal has exactly one target):
 * a record with no live withdrawal pointing to it is not withdrawn; a record is
 * withdrawn as soon as one not-withdrawn withdrawal points to it; it stays counted
 * once every withdrawal pointing to it is itself withdrawn. Only a closed loop of
 * withdrawals that withdraw each other (or one that withdraws itself) stays
 * undecided; such withdrawals are taken as not withdrawn, which affects nothing
 * outside the loop. Linear in the number of withdrawals.
 */
import { recordKey } from './record';
import type { RecordOf, RecordState } from './types';

export function resolveWithdrawn(records: Iterable<RecordState>): Set<string> {
  const targetOf = new Map<string, string>();
  const withdrawersOf = new Map<string, string[]>();
  for (const record of records) {
    if (record.type !== 'RecordWithdrawn') continue;
    const { current } = record as RecordOf<'RecordWithdrawn'>;
    const target = recordKey(record.agency, current.withdrawnRecordId);
    targetOf.set(record.key, target);
    const withdrawers = withdrawersOf.get(target);
    if (withdrawers) withdrawers.push(record.key);
    else withdrawersOf.set(target, [record.key]);
  }

  const isWithdrawn = new Map<string, boolean>();
  const undecidedWithdrawers = new Map<string, number>();
  for (const [target, withdrawers] of withdrawersOf) undecidedWithdrawers.set(target, withdrawers.length);

  // Withdrawals nobody withdraws are live; their effects propagate from there.
  const decided: string[] = [];
  for (const withdrawal of targetOf.keys()) {
    if (!withdrawersOf.has(withdrawal)) {
      isWithdrawn.set(withdrawal, false);
      decided.push(withdrawal);
    }
  }
  while (decided.length > 0) {
    const key = decided.pop() as string;
    const target = targetOf.get(key);
    if (target === undefined || isWithdrawn.has(target)) continue;
    if (isWithdrawn.get(key) === false) {
      isWithdrawn.set(target, true);
      decided.push(target);
    } else {
      const remaining = (undecidedWithdrawers.get(target) ?? 0) - 1;
      undecidedWithdrawers.set(target, remaining);
      if (remaining === 0) {
        isWithdrawn.set(target, false);
        decided.push(target);
      }
    }
  }

  const withdrawn = new Set<string>();
  for (const [key, value] of isWithdrawn) if (value) withdrawn.add(key);
  return withdrawn;
}
