// Chinese free text for the demo: hazard descriptions, project names, evaluation
// summaries and reasons. No names of people, no ID or phone numbers, no long digit runs.

import type { HazardIdentifiedBody, PromotionProjectRegisteredBody } from '../../kernel/events.generated';
import type { Rng } from './prng';

type Sector = HazardIdentifiedBody['sector'];
type Domain = PromotionProjectRegisteredBody['domain'];

const HAZARD_PLACES: Record<Sector, readonly string[]> = {
  ENTERPRISE: ['某机械加工企业', '某食品加工厂', '某建材公司', '某物流仓储企业', '某木材加工厂', '某服装加工企业', '某汽车修理厂', '某粮油加工企业', '某富硒茶加工厂'],
  CONSTRUCTION: ['某在建住宅项目工地', '某市政道路施工现场', '某安置小区建设工地', '某厂房改扩建工地', '某管网改造施工点'],
  HAZARDOUS_CHEMICALS: ['某加油站', '某化工企业', '某危险化学品经营门店', '某液化气充装站', '某涂料仓库'],
  PUBLIC_PLACE: ['某农贸市场', '某商场', '某歌舞娱乐场所', '某网吧', '某景区', '某体育馆', '某广场', '某客运站候车厅'],
  FIRE: ['某居民小区', '某老旧小区', '某沿街商铺', '某小餐饮店', '某出租屋', '某宾馆', '某养老院', '某幼儿园', '某商业综合体', '某家庭作坊'],
  ROAD: ['某村道急弯路段', '某国道平交路口', '某学校周边路段', '某县道临水临崖路段', '某城区主干道', '某长下坡路段'],
  WATERWAY: ['某渡口', '某码头', '汉江某航段', '瀛湖某游船停靠点', '某采砂作业点'],
  OTHER: ['某'],
};

const HAZARD_PROBLEMS: Record<Sector, readonly string[]> = {
  ENTERPRISE: ['有限空间作业未执行审批制度', '设备安全防护装置缺失', '特种作业人员未持证上岗', '安全警示标志设置不全', '员工安全教育培训记录不全', '粉尘防爆措施落实不到位', '车间电气线路老化', '应急预案未按要求演练'],
  CONSTRUCTION: ['脚手架连墙件设置不足', '临边洞口防护缺失', '塔吊限位装置失灵', '施工用电未做到一机一闸一漏', '深基坑边堆载超限', '高处作业人员未系安全带'],
  HAZARDOUS_CHEMICALS: ['可燃气体报警装置未定期检定', '危险化学品储存超量', '静电接地装置损坏', '防雷检测报告过期', '储罐区防火堤破损'],
  PUBLIC_PLACE: ['人员密集区域疏散指示不清', '游乐设施未按期检验', '广告牌支架锈蚀松动', '护栏破损未修复', '应急照明灯损坏'],
  FIRE: ['电动自行车在楼道内停放充电', '疏散通道堆放杂物', '安全出口锁闭', '消防设施未定期维护保养', '灭火器压力不足', '电气线路私拉乱接', '消防车通道被占用', '住人与生产经营场所未有效分隔', '室内消火栓无水'],
  ROAD: ['缺少警示标志和减速设施', '临崖一侧防护栏缺失', '路面坑槽较多', '视距不良且未设凸面镜', '交通信号灯故障'],
  WATERWAY: ['渡船救生衣配备不足', '船舶存在超载运营隐患', '码头护栏损坏', '危险水域警示标识缺失', '夜间航行信号灯不全'],
  OTHER: ['居民自建房墙体开裂，存在结构安全隐患', '山体边坡存在滑塌隐患', '老旧小区燃气管道老化锈蚀', '户外广告牌支架锈蚀松动', '河道护坡局部冲毁'],
};

export function hazardDescription(rng: Rng, communityName: string, sector: Sector): string {
  return `${communityName}${rng.pick(HAZARD_PLACES[sector])}${rng.pick(HAZARD_PROBLEMS[sector])}，已下达整改通知，责令限期整改。`;
}

export const MAJOR_HAZARD_TEXT: Record<'HAZARDOUS_CHEMICALS' | 'CONSTRUCTION' | 'FIRE' | 'WATERWAY', string> = {
  HAZARDOUS_CHEMICALS: '某化工企业储罐区可燃气体报警及紧急切断装置失效，构成重大事故隐患，已挂牌督办。',
  CONSTRUCTION: '某在建项目深基坑支护结构出现明显变形，未按方案监测，构成重大事故隐患，已责令停工整改。',
  FIRE: '某商业综合体自动喷水灭火系统和火灾自动报警系统瘫痪，构成重大火灾隐患，已挂牌督办。',
  WATERWAY: '某渡口渡船船体老化且无有效救生设备，构成重大事故隐患，已责令停航整改。',
};

const PROJECT_NAMES: Record<Domain, readonly string[]> = {
  TRAFFIC: ['校园周边交通安全护学岗项目', '电动自行车骑乘佩戴安全头盔推广项目', '农村道路交通安全生命防护工程', '老年人交通安全出行干预项目'],
  FIRE: ['老旧小区电动自行车集中充电设施建设项目', '独居老人家庭独立式烟感报警器安装项目', '九小场所消防安全提升项目', '社区微型消防站建设项目'],
  WORKPLACE: ['中小企业安全生产标准化提升项目', '有限空间作业安全管控项目', '外来务工人员岗前安全培训项目', '职业健康防护促进项目'],
  HOME: ['居家安全隐患排查改造项目', '家庭燃气安全入户宣传项目', '儿童居家意外伤害预防项目'],
  ELDERLY: ['老年人防跌倒干预项目', '适老化居家改造项目', '高龄老人一键呼应急服务项目'],
  CHILDREN: ['儿童防溺水护苗行动', '儿童安全座椅推广项目', '留守儿童安全守护项目'],
  SCHOOL: ['平安校园建设项目', '中小学生安全教育进课堂项目', '校园应急疏散演练常态化项目'],
  PUBLIC_PLACE: ['农贸市场安全管理提升项目', '公共场所自动体外除颤器配置项目', '人员密集场所安全巡查项目'],
  SPORTS: ['全民健身场地器材安全维护项目', '运动伤害预防科普项目'],
  WATER: ['汉江沿岸防溺水警示设施建设项目', '水域安全巡河护河项目', '游泳安全教育项目'],
  PUBLIC_SECURITY: ['老年人防电信网络诈骗宣传项目', '社区治安视频监控全覆盖项目', '家庭暴力预防与干预项目'],
  DISASTER_ENVIRONMENT: ['地质灾害隐患点群测群防项目', '防汛避险应急演练项目', '社区应急避难场所建设项目'],
};

export function projectName(rng: Rng, communityName: string, year: number, domain: Domain): string {
  return `${communityName}${year}年${rng.pick(PROJECT_NAMES[domain])}`;
}

const EFFECTS = {
  ONGOING: [
    '项目按计划推进，已完成阶段目标，覆盖居民人数明显增加。',
    '已开展入户宣传和隐患排查，部分措施仍在落实中，下一阶段重点加强督导。',
    '项目实施过半，目标人群参与度较高，资金已按进度拨付。',
  ],
  COMPLETED: [
    '项目已完成，目标人群安全知晓率明显提升，相关伤害发生数较上年下降。',
    '完成全部建设内容，经第三方评估效果良好，已纳入社区常态化管理。',
    '项目目标全部实现，居民满意度较高，经验做法已在辖区推广。',
  ],
  DISCONTINUED: [
    '因配套资金未落实，项目暂停实施，相关工作并入其他项目。',
    '实施单位调整，项目终止，后续工作另行安排。',
  ],
} as const;

export function effectSummary(rng: Rng, status: keyof typeof EFFECTS): string {
  return rng.pick(EFFECTS[status]);
}

export const WITHDRAW_REASONS = {
  duplicate: '该记录与同一起警情重复录入，予以撤回。',
  falseReport: '经现场核实为误报，未发生火灾，撤回该记录。',
  duplicateCard: '同一患者同次就诊重复报卡，予以撤回。',
} as const;

export const REVOCATION_REASON =
  '辖区发生较大生产安全事故，暴露出企业安全管理和属地监管存在严重问题，依据安全社区评定管理办法撤销命名。';
