// A region's sharing agreements between bureaus: who shares which record types with whom,
// for which region, from when to when, and their status today. Its texts live here (not in
// strings.js) so the view stays one file.
import { h } from '../dom.js';
import { date } from '../format.js';
import { badge, card, raw, table } from './widgets.js';

/** @type {Record<string, [string, string]>} */
const TEXT = {
  title: ['部门间数据共享协议', 'Data-sharing agreements between bureaus'],
  note: ['提供部门按记录类型授权；未授权即不共享，每次读取均记入提供部门的访问日志。', 'The providing bureau grants record type by record type; nothing else is shared, and every read is logged for the provider.'],
  none: ['本区域暂无共享协议。', 'No sharing agreements in this region.'],
  unavailable: ['无法加载共享协议。', 'The sharing agreements could not be loaded.'],
  provider: ['提供部门', 'Provider'],
  consumer: ['使用部门', 'Consumer'],
  types: ['共享记录类型', 'Shared record types'],
  region: ['范围', 'Region'],
  status: ['状态', 'Status'],
  validFrom: ['生效日期', 'Valid from'],
  validUntil: ['截止日期', 'Valid until'],
  purpose: ['用途', 'Purpose'],
  PENDING: ['未生效', 'Pending'],
  ACTIVE: ['生效中', 'Active'],
  EXPIRED: ['已到期', 'Expired'],
  REVOKED: ['已撤销', 'Revoked'],
};

/** @type {Record<string, 'good' | 'warn' | 'bad' | 'muted' | 'info'>} */
const TONE = { ACTIVE: 'good', PENDING: 'info', EXPIRED: 'muted', REVOKED: 'bad' };

/**
 * @param {import('./context.js').ViewContext} ctx
 * @param {any[] | null} agreements null when the request failed
 */
export function agreementsCard(ctx, agreements) {
  const i = ctx.lang === 'en' ? 1 : 0;
  /** @param {string} key */
  const tx = (key) => TEXT[key]?.[i] ?? key;
  let body;
  if (agreements === null) body = h('p', { class: 'muted', testid: 'agreements-unavailable' }, tx('unavailable'));
  else if (agreements.length === 0) body = h('p', { class: 'muted', testid: 'agreements-empty' }, tx('none'));
  else {
    body = table({
      testid: 'agreements-list',
      columns: ['provider', 'consumer', 'types', 'region', 'status', 'validFrom', 'validUntil', 'purpose'].map((k) => ({ label: tx(k) })),
      rows: agreements.map((a) => [
        ctx.label('agency', a.provider),
        ctx.label('agency', a.consumer),
        h('span', { testid: `agreement-types-${a.agreementId}` }, (a.types ?? []).join(', ')),
        a.regionCode,
        badge(tx(a.status), TONE[a.status] ?? 'muted', `agreement-status-${a.agreementId}`, a.status),
        date(a.validFrom),
        date(a.validUntil),
        raw(String(a.purpose ?? '')),
      ]),
    });
  }
  return card(tx('title'), { testid: 'agreements', span: 'full', note: tx('note') }, body);
}

/**
 * The region's agreements, or null when they cannot be read (the rest of the view still shows).
 * @param {import('./context.js').ViewContext} ctx @param {string} region
 */
export async function loadAgreements(ctx, region) {
  try {
    const body = await ctx.api.agreements(region);
    return /** @type {any[]} */ (body.agreements ?? []);
  } catch {
    return null;
  }
}
