// Readiness evidence (docs/api/committee.md#community-overview) is free text written by the hub, in English. In the
// Chinese interface the sentences the hub writes today are shown in Chinese with the same
// figures; any other text is shown as the hub wrote it. In English, the API's term `asOf`
// becomes "the data date" (the date the interface shows as "Data as of").

/** @typedef {(kind: string, value: unknown) => string} LabelFn */

const NUMBER = '(\\d+)';

/** @type {Array<[RegExp, (m: RegExpMatchArray, label: LabelFn) => string | null]>} */
const ZH_RULES = [
  [
    new RegExp(`^${NUMBER} of ${NUMBER} bureaus published data for the community in the ${NUMBER} months before asOf(?: \\(([a-z, ]+)\\))?; required ${NUMBER}$`),
    (m, label) => {
      const names = m[4] ? `（${m[4].split(', ').map((a) => label('agency', a)).join('、')}）` : '';
      return `截至统计时点前 ${m[3]} 个月内，${m[2]} 个部门中有 ${m[1]} 个报送了本社区数据${names}；要求至少 ${m[5]} 个`;
    },
  ],
  [
    new RegExp(`^Injury cases reported in ${NUMBER} of (?:12 months of (\\d{4})|the ${NUMBER} months of (\\d{4}) elapsed); required ${NUMBER}$`),
    (m) =>
      m[2]
        ? `${m[2]}年 12 个月中有 ${m[1]} 个月报告了伤害病例；要求至少 ${m[5]} 个月`
        : `${m[4]}年已过的 ${m[3]} 个月中有 ${m[1]} 个月报告了伤害病例；要求至少 ${m[5]} 个月`,
  ],
  [
    new RegExp(`^Promotion projects cover ${NUMBER} of ${NUMBER} domains; required ${NUMBER}$`),
    (m) => `安全促进项目覆盖 ${m[2]} 个领域中的 ${m[1]} 个；要求至少 ${m[3]} 个`,
  ],
  [
    /^Active or completed projects targeting ((?:[A-Z_]+ (?:yes|no)(?:, )?)+); required ([A-Z_]+(?: and [A-Z_]+)*)$/,
    (m, label) => {
      const found = /** @type {string} */ (m[1]).split(', ').map((part) => {
        const [group, answer] = part.split(' ');
        return `${label('targetGroup', group)}${answer === 'yes' ? '已覆盖' : '未覆盖'}`;
      });
      const required = /** @type {string} */ (m[2]).split(' and ').map((g) => label('targetGroup', g));
      return `实施中或已完成的项目：${found.join('，')}；要求覆盖${required.join('和')}`;
    },
  ],
  [
    new RegExp(`^(An|No) awareness survey in (\\d{4}); ${NUMBER} of ${NUMBER} projects evaluated; required a survey and ${NUMBER}% of projects evaluated$`),
    (m) =>
      `${m[2]}年${m[1] === 'An' ? '开展了' : '未开展'}安全知识知晓率调查；${m[4]} 个项目中 ${m[3]} 个已评估；` +
      `要求开展调查且至少 ${m[5]}% 的项目已评估`,
  ],
  [
    /^Not derivable from exchanged data: networking with other safe communities is assessed by the committee$/,
    () => '无法从交换数据中得出：与其他安全社区的交流与网络建设由委员会评定',
  ],
];

/**
 * The evidence in the interface's language when it is a sentence the hub is known to
 * write; otherwise null (show it as it is).
 * @param {unknown} text @param {'zh' | 'en'} lang @param {LabelFn} label
 * @returns {string | null}
 */
export function localizeEvidence(text, lang, label) {
  if (typeof text !== 'string') return null;
  if (lang === 'en') {
    // The hub's sentences use the API's parameter name; a reader knows it as the data date.
    const plain = text.replace(/\bbefore asOf\b/g, 'before the data date').replace(/\basOf\b/g, 'the data date');
    return plain === text ? null : plain;
  }
  if (lang !== 'zh') return null;
  for (const [pattern, render] of ZH_RULES) {
    const m = text.match(pattern);
    if (m) return render(m, label);
  }
  return null;
}
