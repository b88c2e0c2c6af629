// Chinese column headings accepted beside the contract's field names, one list per field name.
// A heading is matched after normalisation (see normaliseHeading): case, spaces and a trailing
// unit in brackets, e.g. "直接经济损失（元）", do not matter. A test checks that every field of
// every event type has an alias and that no alias names two fields.
export const HEADER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  type: ['事件类型', '类型'],
  sourceRecordId: ['记录编号', '记录号', '编号', '业务编号'],
  revision: ['版本', '版本号', '修订版本'],
  communityCode: ['社区代码', '社区编码', '区划代码', '街道代码'],
  occurredAt: ['发生时间', '事发时间', '时间'],
  deaths: ['死亡人数', '死亡'],
  injuries: ['受伤人数', '受伤'],
  seriousInjuries: ['重伤人数', '重伤'],
  directLossYuan: ['直接经济损失', '经济损失'],
  cause: ['原因', '起火原因', '事故原因', '伤害原因', '肇事原因'],
  propertyType: ['起火场所类型', '场所类型', '起火场所'],
  vehicles: ['车辆数', '涉事车辆数'],
  commercialOperation: ['营运车辆', '是否营运', '道路运输经营'],
  roadType: ['道路类型'],
  caseKind: ['案件性质', '案件类别'],
  offense: ['案由', '案件类型'],
  placeType: ['发案场所', '发案地点类型'],
  sex: ['性别'],
  ageYears: ['年龄', '周岁'],
  place: ['发生地点', '伤害发生地点'],
  activity: ['发生时活动', '伤害发生时活动'],
  intent: ['意图', '伤害意图'],
  severity: ['严重程度', '伤害严重程度'],
  outcome: ['结局', '伤害结局'],
  mode: ['运输方式'],
  industry: ['行业', '行业类别'],
  sector: ['隐患领域', '领域类别', '隐患类别'],
  level: ['等级', '级别', '隐患等级', '命名级别'],
  rectifyBy: ['整改期限', '整改时限'],
  description: ['隐患描述', '描述'],
  hazardRecordId: ['隐患记录编号', '隐患编号'],
  rectifiedOn: ['整改完成日期', '整改日期'],
  verified: ['是否复查', '已复查', '复查通过'],
  regionCode: ['区域代码', '行政区划代码'],
  year: ['年度', '年份'],
  category: ['指标类别', '控制指标类别'],
  cap: ['控制指标', '控制数', '上限'],
  name: ['名称', '社区名称', '项目名称'],
  communityType: ['社区类型'],
  population: ['人口', '常住人口', '人口数'],
  registeredOn: ['登记日期', '注册日期', '启动日期'],
  domain: ['领域', '安全促进领域', '项目领域'],
  targetGroups: ['目标人群', '重点人群'],
  startedOn: ['开始日期'],
  plannedEndOn: ['计划结束日期', '计划完成日期'],
  projectRecordId: ['项目记录编号', '项目编号'],
  evaluatedOn: ['评估日期', '评定日期'],
  status: ['状态', '项目状态'],
  effectSummary: ['效果总结', '成效'],
  kind: ['活动类型', '活动形式'],
  participants: ['参与人数', '参加人数'],
  materialsDistributed: ['发放材料数', '发放宣传品数'],
  item: ['调查项目', '知晓项目'],
  respondents: ['调查人数', '受访人数'],
  aware: ['知晓人数'],
  score: ['得分', '评分'],
  maxScore: ['满分', '总分'],
  zeroIndicators: ['零分指标数'],
  result: ['评定结果', '结论'],
  designatedOn: ['命名日期'],
  validUntil: ['有效期至'],
  revokedOn: ['撤销日期'],
  reason: ['理由', '撤销原因', '撤回原因'],
  withdrawnRecordId: ['撤回记录编号', '被撤回记录编号'],
  consumer: ['使用部门', '共享对象'],
  types: ['共享记录类型', '共享类型'],
  purpose: ['用途', '共享用途'],
  validFrom: ['生效日期', '起始日期'],
  agreementRecordId: ['协议编号', '共享协议编号'],
};

/** Case, whitespace (also full-width) and a trailing "(unit)" or "（单位）" are ignored. */
export function normaliseHeading(heading: string): string {
  return heading
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（(][^（()）]*[）)]$/, '')
    .toLowerCase();
}

/** The field a column heading names, or undefined. Field names win over aliases. */
export function fieldOfHeading(heading: string, fields: readonly string[]): string | undefined {
  const wanted = normaliseHeading(heading);
  const direct = fields.find((f) => f.toLowerCase() === wanted);
  if (direct) return direct;
  return fields.find((f) => (HEADER_ALIASES[f] ?? []).some((alias) => normaliseHeading(alias) === wanted));
}
