// The district's sharing agreements: the police share road crashes with health (to link crash
// victims to injury cases), the work-safety bureau shares its hazards with fire, and transport
// once shared waterway and rail accidents with work-safety, until it revoked that agreement.
// Granted when the hub went live, for the three demo years and two more.

import { DAY_MS, dateOfDay, dayOfYmd } from './calendar';
import type { DemoContext } from './context';
import { DISTRICT_CODE } from './district';
import type { Sink } from './sink';

export const DEMO_AGREEMENTS = {
  crashesToHealth: 'GX-JJ-WJ-001',
  hazardsToFire: 'GX-AJ-XF-001',
  transportToSafety: 'GX-JT-AJ-001',
} as const;

export function generateAgreements(ctx: DemoContext, sink: Sink): void {
  const validFrom = dateOfDay(ctx.firstDay);
  const validUntil = dateOfDay(dayOfYmd(ctx.currentYear + 2, 12, 31));
  const at = ctx.goLiveMs + 60_000;
  sink.add('police', {
    type: 'SharingAgreementGranted', sourceRecordId: DEMO_AGREEMENTS.crashesToHealth, revision: 1,
    consumer: 'health', types: ['TrafficCrashReported'], regionCode: DISTRICT_CODE,
    purpose: '道路交通事故与医院伤害监测病例关联分析（伤害监测）', validFrom, validUntil,
  }, at);
  sink.add('safety', {
    type: 'SharingAgreementGranted', sourceRecordId: DEMO_AGREEMENTS.hazardsToFire, revision: 1,
    consumer: 'fire', types: ['HazardIdentified', 'HazardRectificationExtended', 'HazardRectified'], regionCode: DISTRICT_CODE,
    purpose: '隐患排查信息共享，消防部门跟踪火灾隐患整改', validFrom, validUntil,
  }, at + 1000);
  sink.add('transport', {
    type: 'SharingAgreementGranted', sourceRecordId: DEMO_AGREEMENTS.transportToSafety, revision: 1,
    consumer: 'safety', types: ['TransportAccidentReported'], regionCode: DISTRICT_CODE,
    purpose: '水上及铁路事故统计汇总', validFrom, validUntil,
  }, at + 2000);
  // Revoked 60 days before now (or at once when the demo is shorter than that).
  const revokedAt = Math.max(at + 3000, ctx.nowMs - 60 * DAY_MS);
  sink.add('transport', {
    type: 'SharingAgreementRevoked', sourceRecordId: `${DEMO_AGREEMENTS.transportToSafety}-R`, revision: 1,
    agreementRecordId: DEMO_AGREEMENTS.transportToSafety, reason: '统计口径调整，改由应急管理部门直接汇总',
  }, revokedAt);
}
