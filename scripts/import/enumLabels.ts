// The Chinese labels bureau systems write in their exports, mapped to the contract's enum
// values, per enum of the schemas. A cell that is not an enum value is looked up here; the
// label counts only when its value is one the field accepts, so one label ("其他") serves every
// enum. docs/import.md lists the table.
//
//   enumValueOfLabel(cell, allowed): string | undefined

export const ENUM_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  FireCause: {
    电气故障: 'ELECTRICAL', 电气: 'ELECTRICAL', 电气火灾: 'ELECTRICAL', 用火不慎: 'CARELESS_USE_OF_FIRE', 生活用火不慎: 'CARELESS_USE_OF_FIRE',
    吸烟: 'SMOKING', 玩火: 'CHILDREN_PLAYING', 小孩玩火: 'CHILDREN_PLAYING', 儿童玩火: 'CHILDREN_PLAYING', 放火: 'ARSON', 纵火: 'ARSON',
    自燃: 'SPONTANEOUS_COMBUSTION', 其他: 'OTHER', 其它: 'OTHER', 不明: 'UNKNOWN', 原因不明: 'UNKNOWN', 不详: 'UNKNOWN', 未查明: 'UNKNOWN',
  },
  FirePropertyType: {
    住宅: 'RESIDENTIAL', 居民住宅: 'RESIDENTIAL', 高层建筑: 'HIGH_RISE', 高层: 'HIGH_RISE', 人员密集场所: 'CROWDED_PLACE',
    三合一场所: 'MIXED_USE', 多合一场所: 'MIXED_USE', 工业: 'INDUSTRIAL', 厂房: 'INDUSTRIAL', 工厂: 'INDUSTRIAL', 车辆: 'VEHICLE', 交通工具: 'VEHICLE',
    室外: 'OUTDOOR', 露天: 'OUTDOOR', 其他: 'OTHER', 其它: 'OTHER',
  },
  RoadType: { 城市道路: 'URBAN_ROAD', 高速公路: 'HIGHWAY', 农村公路: 'RURAL_ROAD', 乡村道路: 'RURAL_ROAD', 其他: 'OTHER', 其它: 'OTHER' },
  TrafficCrashCause: {
    超速: 'SPEEDING', 超速行驶: 'SPEEDING', 酒驾: 'DRUNK_DRIVING', 酒后驾驶: 'DRUNK_DRIVING', 醉酒驾驶: 'DRUNK_DRIVING', 无证驾驶: 'UNLICENSED',
    疲劳驾驶: 'FATIGUE', 违反交通信号: 'SIGNAL_VIOLATION', 闯红灯: 'SIGNAL_VIOLATION', 其他: 'OTHER', 其它: 'OTHER', 不明: 'UNKNOWN', 不详: 'UNKNOWN',
  },
  CaseKind: { 刑事: 'CRIMINAL', 刑事案件: 'CRIMINAL', 治安: 'ADMINISTRATIVE', 治安案件: 'ADMINISTRATIVE', 行政案件: 'ADMINISTRATIVE' },
  Offense: {
    盗窃: 'THEFT', 诈骗: 'FRAUD', 伤害: 'ASSAULT', 故意伤害: 'ASSAULT', 殴打他人: 'ASSAULT', 抢劫: 'ROBBERY', 抢夺: 'ROBBERY', 斗殴: 'BRAWL',
    打架斗殴: 'BRAWL', 家庭暴力: 'DOMESTIC_VIOLENCE', 家暴: 'DOMESTIC_VIOLENCE', 毒品: 'DRUGS', 涉毒: 'DRUGS', 其他: 'OTHER', 其它: 'OTHER',
  },
  CasePlaceType: {
    住宅: 'HOME', 家中: 'HOME', 公共场所: 'PUBLIC_PLACE', 学校: 'SCHOOL', 单位: 'WORKPLACE', 工作场所: 'WORKPLACE', 街面: 'STREET', 道路: 'STREET',
    其他: 'OTHER', 其它: 'OTHER',
  },
  Sex: { 男: 'MALE', 男性: 'MALE', 女: 'FEMALE', 女性: 'FEMALE', 不详: 'UNKNOWN', 未知: 'UNKNOWN' },
  InjuryCause: {
    机动车车祸: 'MOTOR_VEHICLE', 机动车: 'MOTOR_VEHICLE', 非机动车车祸: 'NON_MOTOR_VEHICLE', 非机动车: 'NON_MOTOR_VEHICLE', 跌倒: 'FALL',
    跌倒坠落: 'FALL', '跌倒/坠落': 'FALL', 坠落: 'FALL', 钝器伤: 'BLUNT_FORCE', 钝器: 'BLUNT_FORCE', 火器伤: 'FIREARM', 刀刺割伤: 'CUT_PIERCE',
    刀割伤: 'CUT_PIERCE', 锐器伤: 'CUT_PIERCE', 烧烫伤: 'BURN', 烧伤: 'BURN', 烫伤: 'BURN', 窒息: 'SUFFOCATION', 悬吊: 'SUFFOCATION',
    '窒息/悬吊': 'SUFFOCATION', 溺水: 'DROWNING', 淹溺: 'DROWNING', 中毒: 'POISONING', 动物伤: 'ANIMAL_BITE', 动物咬伤: 'ANIMAL_BITE', 性侵犯: 'SEXUAL_ASSAULT',
    其他: 'OTHER', 其它: 'OTHER', 不清楚: 'UNKNOWN', 不详: 'UNKNOWN',
  },
  InjuryPlace: {
    家中: 'HOME', 公共居住场所: 'PUBLIC_RESIDENTIAL', 学校与公共场所: 'SCHOOL_PUBLIC', 体育和运动场所: 'SPORTS', 公路街道: 'ROAD_STREET',
    '公路/街道': 'ROAD_STREET', 贸易和服务场所: 'TRADE_SERVICE', 工业和建筑场所: 'INDUSTRIAL_CONSTRUCTION', 农场农田: 'FARM', '农场/农田': 'FARM',
    其他: 'OTHER', 其它: 'OTHER', 不清楚: 'UNKNOWN', 不详: 'UNKNOWN',
  },
  InjuryActivity: {
    工作: 'WORK', 有偿工作: 'WORK', 家务: 'HOUSEWORK', 学习: 'STUDY', 体育活动: 'SPORTS', 休闲活动: 'LEISURE', 生命活动: 'VITAL_ACTIVITY',
    驾乘交通工具: 'DRIVING_RIDING', 步行: 'WALKING', 其他: 'OTHER', 其它: 'OTHER',
  },
  InjuryIntent: {
    非故意: 'UNINTENTIONAL', 意外: 'UNINTENTIONAL', 自残: 'SELF_HARM', 自杀: 'SELF_HARM', '自残/自杀': 'SELF_HARM', 故意: 'ASSAULT',
    '故意（暴力、攻击）': 'ASSAULT', 暴力攻击: 'ASSAULT', 不清楚: 'UNKNOWN', 不详: 'UNKNOWN',
  },
  InjurySeverity: { 轻度: 'MILD', 轻: 'MILD', 中度: 'MODERATE', 中: 'MODERATE', 重度: 'SEVERE', 重: 'SEVERE' },
  InjuryOutcome: {
    处理后离院: 'DISCHARGED', 离院: 'DISCHARGED', 留观: 'OBSERVATION', 转院: 'TRANSFERRED', 住院: 'ADMITTED', 死亡: 'DIED', 其他: 'OTHER', 其它: 'OTHER',
  },
  TransportMode: { 水路: 'WATERWAY', 水上: 'WATERWAY', 铁路: 'RAIL' },
  Industry: {
    矿山: 'MINING', 煤矿: 'MINING', 非煤矿山: 'MINING', 建筑: 'CONSTRUCTION', 建筑施工: 'CONSTRUCTION', 危险化学品: 'HAZARDOUS_CHEMICALS', 危化品: 'HAZARDOUS_CHEMICALS',
    烟花爆竹: 'FIREWORKS', 冶金: 'METALLURGY', 工贸: 'TRADE', 商贸: 'TRADE', 制造业: 'MANUFACTURING', 其他: 'OTHER', 其它: 'OTHER',
  },
  HazardSector: {
    企业: 'ENTERPRISE', 工矿企业: 'ENTERPRISE', 消防: 'FIRE', 道路: 'ROAD', 道路交通: 'ROAD', 水上: 'WATERWAY', 水路: 'WATERWAY', 建筑施工: 'CONSTRUCTION',
    危险化学品: 'HAZARDOUS_CHEMICALS', 危化品: 'HAZARDOUS_CHEMICALS', 公共场所: 'PUBLIC_PLACE', 人员密集场所: 'PUBLIC_PLACE', 其他: 'OTHER', 其它: 'OTHER',
  },
  HazardLevel: { 一般: 'GENERAL', 一般隐患: 'GENERAL', 一般事故隐患: 'GENERAL', 重大: 'MAJOR', 重大隐患: 'MAJOR', 重大事故隐患: 'MAJOR' },
  ControlCategory: { 各类事故: 'ALL_ACCIDENTS', 生产安全事故: 'PRODUCTION', 生产安全: 'PRODUCTION', 道路交通事故: 'ROAD_TRAFFIC', 道路交通: 'ROAD_TRAFFIC', 火灾: 'FIRE', 火灾事故: 'FIRE' },
  CommunityType: { 城市街道: 'URBAN_STREET', 街道: 'URBAN_STREET', 农村乡镇: 'RURAL_TOWNSHIP', 乡镇: 'RURAL_TOWNSHIP', 工业园区: 'INDUSTRIAL_PARK', 园区: 'INDUSTRIAL_PARK', 企业: 'ENTERPRISE' },
  TargetGroup: {
    老年人: 'ELDERLY', 儿童: 'CHILDREN', 学生: 'STUDENTS', 残疾人: 'DISABLED', 职工: 'WORKERS', 从业人员: 'WORKERS', 外来务工人员: 'MIGRANT_WORKERS',
    农民工: 'MIGRANT_WORKERS', 一般人群: 'GENERAL', 全体居民: 'GENERAL',
  },
  Domain: {
    交通安全: 'TRAFFIC', 消防安全: 'FIRE', 工作场所安全: 'WORKPLACE', 居家安全: 'HOME', 老年人安全: 'ELDERLY', 儿童安全: 'CHILDREN', 学校安全: 'SCHOOL',
    公共场所安全: 'PUBLIC_PLACE', 体育运动安全: 'SPORTS', 涉水安全: 'WATER', 水上安全: 'WATER', 社会治安: 'PUBLIC_SECURITY', 防灾减灾与环境安全: 'DISASTER_ENVIRONMENT',
    防灾减灾: 'DISASTER_ENVIRONMENT',
  },
  ActivityKind: { 宣传: 'PUBLICITY', 宣传教育: 'PUBLICITY', 培训: 'TRAINING', 演练: 'DRILL', 应急演练: 'DRILL', 健康服务: 'HEALTH_SERVICE', 义诊: 'HEALTH_SERVICE' },
  AwarenessItem: {
    急救电话: 'EMERGENCY_NUMBERS', 报警求助电话: 'EMERGENCY_NUMBERS', 消防安全: 'FIRE_SAFETY', 交通规则: 'TRAFFIC_RULES', 交通安全: 'TRAFFIC_RULES',
    防震减灾: 'EARTHQUAKE_SAFETY', 地震安全: 'EARTHQUAKE_SAFETY', 用电用气安全: 'ELECTRICITY_GAS_SAFETY', 防溺水: 'DROWNING_PREVENTION', 总体: 'OVERALL', 综合: 'OVERALL',
  },
  ProjectStatus: { 实施中: 'ONGOING', 进行中: 'ONGOING', 已完成: 'COMPLETED', 完成: 'COMPLETED', 已终止: 'DISCONTINUED', 中止: 'DISCONTINUED' },
  DesignationLevel: {
    市级: 'CITY', 市级安全社区: 'CITY', 省级: 'PROVINCIAL', 省级安全社区: 'PROVINCIAL', 国家级: 'NATIONAL', 全国安全社区: 'NATIONAL',
    国际: 'INTERNATIONAL', 国际安全社区: 'INTERNATIONAL',
  },
  EvaluationResult: { 通过: 'PASS', 合格: 'PASS', 整改: 'RECTIFY', 限期整改: 'RECTIFY', 不通过: 'FAIL', 不合格: 'FAIL' },
};

/** The enum value a bureau's label stands for, when the field accepts it. */
export function enumValueOfLabel(cell: string, allowed: readonly string[]): string | undefined {
  const label = cell.normalize('NFKC').replace(/\s+/g, '');
  for (const table of Object.values(ENUM_LABELS)) {
    const value = Object.hasOwn(table, label) ? table[label] : undefined;
    if (value !== undefined && allowed.includes(value)) return value;
  }
  return undefined;
}
