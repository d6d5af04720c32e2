"""What the demo city is made of: its units, departments, categories, service points and accounts.

Everything here is invented for the demo (石榴市 does not exist); nothing is copied from real data.
"""

from __future__ import annotations

from dataclasses import dataclass

from shiliu.core.permissions import Role
from shiliu.org.models import ServicePoint

CITY_CODE = "demo-city"
CITY_NAME = "石榴市"
DEMO_PASSWORD = "shiliu-demo"  # noqa: S105 - the published password of the demo accounts
HOTLINE = "12345"


@dataclass(frozen=True)
class Community:
    code: str
    name: str
    columns: int
    estates: tuple[str, ...]


@dataclass(frozen=True)
class Street:
    code: str
    name: str
    roads: tuple[str, ...]
    communities: tuple[Community, ...]

    @property
    def columns(self) -> int:
        return sum(c.columns for c in self.communities)


@dataclass(frozen=True)
class District:
    code: str
    name: str
    streets: tuple[Street, Street]  # the southern street (rows 0-1), then the northern (rows 2-3)

    @property
    def columns(self) -> int:
        return self.streets[0].columns


ROWS_PER_STREET = 2

DISTRICTS: tuple[District, ...] = (
    District("tongxin", "同心区", (
        Street("tongxin-liuhua", "榴花街道", ("榴花路", "榴园巷", "花溪东路", "石榴大道"), (
            Community("tongxin-liuyuan", "榴园社区", 2, ("榴香苑", "石榴花园", "榴园小区")),
            Community("tongxin-huaxi", "花溪社区", 2, ("花溪苑", "溪畔家园", "花溪新村")),
        )),
        Street("tongxin-tuanjie", "团结街道", ("团结路", "同心大道", "和平巷", "友谊南街"), (
            Community("tongxin-heping", "和平社区", 2, ("和平里", "和平花园", "团结新村")),
            Community("tongxin-youyi", "友谊社区", 2, ("友谊小区", "同心家园", "桂馨苑")),
        )),
    )),
    District("hemu", "和睦区", (
        Street("hemu-jinxiu", "锦绣街道", ("锦绣路", "绣水街", "锦苑东路", "和睦大道"), (
            Community("hemu-jinyuan", "锦苑社区", 2, ("锦苑小区", "锦绣华庭", "金桂园")),
            Community("hemu-xiushui", "绣水社区", 3, ("绣水湾", "翠竹园", "水岸名居", "绣水新村")),
        )),
        Street("hemu-anning", "安宁街道", ("安宁路", "安居巷", "宁康北街", "幸福路"), (
            Community("hemu-anju", "安居社区", 3, ("安居苑", "幸福里", "阳光小区", "安宁花园")),
            Community("hemu-ningkang", "宁康社区", 2, ("宁康苑", "康乐小区", "和睦家园")),
        )),
    )),
    District("xinqiao", "新桥区", (
        Street("xinqiao-wangjiang", "望江街道", ("望江路", "江畔街", "望月巷", "新桥大道"), (
            Community("xinqiao-jiangpan", "江畔社区", 2, ("江畔名居", "望江苑", "滨江花园")),
            Community("xinqiao-wangyue", "望月社区", 2, ("望月小区", "月湾家园", "新桥小区")),
        )),
        Street("xinqiao-shiqiao", "石桥镇", ("石桥老街", "青禾路", "村道二组", "石桥场镇街"), (
            Community("xinqiao-shiqiaocun", "石桥村", 2, ("一组安置点", "石桥新居", "老街院子")),
            Community("xinqiao-qinghe", "青禾村", 2, ("青禾新村", "三组院落", "禾丰小区")),
        )),
    )),
)


@dataclass(frozen=True)
class Department:
    key: str
    name: str
    services: str


DEPARTMENTS: tuple[Department, ...] = (
    Department("zjj", "住建局", "住房保障、物业监管、房屋安全、燃气安全"),
    Department("rsj", "人社局", "就业服务、社会保险、劳动保障监察、劳动人事争议仲裁"),
    Department("jyj", "教育局", "义务教育入学、学前教育、校外培训监管"),
    Department("wjj", "卫健局", "医疗服务、公共卫生、预防接种"),
    Department("ybj", "医保局", "医疗保险参保、报销与异地就医"),
    Department("mzj", "民政局", "社会救助、养老服务、残疾人和儿童关爱"),
    Department("sfj", "司法局", "人民调解、法律援助、公证与公共法律服务"),
    Department("cgj", "城管局", "市政设施、环境卫生、噪声和占道管理"),
    Department("scjgj", "市场监管局", "证照办理、食品安全、消费维权、价格监督"),
    Department("swj", "水务局", "供水、排水与防汛"),
    Department("gdj", "供电服务中心", "供电抢修与用电服务"),
)

# --- Categories ------------------------------------------------------------------------------------
# Time limits (SPEC §4.1, city configuration): (amount, unit) per stage; None inherits the parent.
Limit = tuple[int, str]
H = "hours"
WD = "working_days"


@dataclass(frozen=True)
class Limits:
    accept: Limit | None = None
    sign: Limit | None = None
    resolve: Limit | None = None


GENERAL = Limits(accept=(4, H), sign=(24, H), resolve=(7, WD))
COMPLEX = Limits(resolve=(15, WD))
UTILITY = Limits(accept=(2, H), sign=(2, H), resolve=(24, H))
EMERGENCY = Limits(accept=(1, H), sign=(1, H), resolve=(2, H))


@dataclass(frozen=True)
class SubCategory:
    code: str
    name: str
    keywords: str
    weight: int = 3
    limits: Limits = Limits()
    department: str | None = None  # a routing rule of its own, else the parent's applies
    to_grid: bool = False  # small local matters a grid worker may take on the spot

    @property
    def speed(self) -> str:
        """"emergency", "utility" or "normal": how fast people act on it."""
        resolve = self.limits.resolve
        if resolve and resolve[1] == H:
            return "emergency" if resolve[0] <= 2 else "utility"
        return "normal"


@dataclass(frozen=True)
class TopCategory:
    code: str
    name: str
    keywords: str
    weight: int
    department: str | None  # None: no rule, the request goes to its community's dispatcher
    subs: tuple[SubCategory, ...]
    # Weight multipliers by month (1-12) for seasonal topics.
    season: tuple[tuple[int, float], ...] = ()
    by_street: bool = False  # routed to the street's one-stop station instead of a department


CATEGORIES: tuple[TopCategory, ...] = (
    TopCategory("employment", "就业创业", "就业 工作 招聘 求职 失业 社保 工资 创业", 11, "rsj", (
        SubCategory("job-seeking", "求职就业", "找工作 求职 招聘 岗位 失业登记 就业登记 推荐工作", 5),
        SubCategory("wage-arrears", "拖欠工资", "拖欠 工资 欠薪 包工头 讨薪 工钱 结账", 4, COMPLEX),
        SubCategory("vocational-training", "职业技能培训", "培训 技能 证书 补贴 报名 厨师 电工 育婴", 3),
        SubCategory("social-insurance", "社保办理", "社保 养老保险 参保 缴费 转移 断缴 社保卡", 4),
        SubCategory("startup-support", "创业扶持", "创业 贷款 担保 创业补贴 孵化 门面", 2),
    ), season=((2, 1.6), (3, 1.5), (7, 1.2))),
    TopCategory("schooling", "教育入学", "上学 入学 学校 学位 转学 老师 学生", 7, "jyj", (
        SubCategory("enrolment", "入学报名", "入学 报名 学位 划片 一年级 初一 随迁子女 居住证", 5),
        SubCategory("school-transfer", "转学插班", "转学 插班 学籍 转入 转出", 3),
        SubCategory("preschool", "学前教育", "幼儿园 托育 入园 托班 保育", 3),
        SubCategory("school-surroundings", "校园周边", "校门口 接送 上学路上 摊贩 学校周边", 2),
        SubCategory("education-fees", "教育收费", "收费 补课 培训机构 资料费 退费", 2),
    ), season=((5, 1.5), (6, 2.6), (7, 2.8), (8, 3.0), (9, 2.0), (1, 0.6), (2, 0.6))),
    TopCategory("housing", "住房租赁", "房子 住房 租房 房东 物业 小区 楼栋", 16, "zjj", (
        SubCategory("rental-dispute", "租房纠纷", "租房 房东 押金 租金 退租 中介 租赁合同", 5),
        SubCategory("property-service", "物业服务", "物业 物业费 保安 保洁 门禁 停车 业委会", 5),
        SubCategory("house-repairs", "房屋维修", "漏水 渗水 维修 外墙 楼道 防水 维修基金", 5),
        SubCategory("public-rental", "公租房申请", "公租房 保障房 轮候 配租 住房保障", 2, COMPLEX),
        SubCategory("building-safety", "房屋安全", "裂缝 危房 墙体开裂 违规改造 承重墙", 2),
        SubCategory("elevator-trapped", "电梯困人", "电梯 困人 被困 关在电梯 卡住", 1, EMERGENCY),
    )),
    TopCategory("social-assistance", "社会救助", "困难 救助 低保 补助 老人 残疾", 8, "mzj", (
        SubCategory("subsistence", "低保申请", "低保 最低生活保障 困难家庭 收入核对", 3),
        SubCategory("temporary-relief", "临时救助", "临时救助 急难 突发 生活困难 看不起病", 3),
        SubCategory("elderly-care", "养老服务", "老人 养老 独居 助餐 居家养老 高龄补贴", 4),
        SubCategory("disability", "残疾人帮扶", "残疾 残疾证 轮椅 康复 护理补贴", 2),
        SubCategory("child-care", "儿童关爱", "孩子 留守儿童 困境儿童 放学 托管", 1),
    )),
    TopCategory("medical", "医疗卫生", "看病 医院 医生 挂号 医保 药 疫苗", 9, "wjj", (
        SubCategory("seeing-doctor", "就医服务", "看病 挂号 就医 绿色通道 门诊 住院 排队", 4),
        SubCategory("medical-insurance", "医保报销", "医保 报销 异地就医 备案 结算 门特", 4,
                    department="ybj"),
        SubCategory("vaccination", "预防接种", "疫苗 接种 预防针 接种证 打针", 2),
        SubCategory("clinic-pharmacy", "诊所药店", "诊所 药店 无证行医 过期药 处方", 2),
        SubCategory("medical-dispute", "医疗纠纷", "医疗纠纷 误诊 手术 医患 赔偿", 1, COMPLEX),
    )),
    TopCategory("legal-aid", "法律援助", "法律 律师 起诉 法院 维权 援助", 5, "sfj", (
        SubCategory("legal-consult", "法律咨询", "法律 咨询 律师 合法 权益 合同", 4),
        SubCategory("legal-aid-application", "法律援助申请", "法律援助 免费律师 申请援助 代理",
                    2, COMPLEX),
        SubCategory("notarization", "公证证明", "公证 证明 委托书 开证明", 2),
    )),
    TopCategory("dispute", "矛盾纠纷", "纠纷 矛盾 吵架 调解 邻居", 9, "sfj", (
        SubCategory("neighbour-dispute", "邻里纠纷", "邻居 楼上 楼下 装修 占用 楼道 吵架", 5, to_grid=True),
        SubCategory("family-dispute", "婚姻家庭纠纷", "家庭 离婚 赡养 抚养 子女 老人", 2),
        SubCategory("labour-dispute", "劳动争议", "劳动合同 辞退 工伤 加班费 赔偿 仲裁", 3, COMPLEX,
                    department="rsj"),
        SubCategory("land-dispute", "土地宅基地纠纷", "宅基地 土地 承包地 林地 地界", 1),
    )),
    TopCategory("business", "营商证照", "营业执照 个体户 开店 商家 消费 食品 价格", 8, "scjgj", (
        SubCategory("business-licence", "证照办理", "营业执照 注册 个体户 变更 注销 办照", 3),
        SubCategory("food-safety", "食品安全", "食品 变质 过期 卫生 餐馆 拉肚子", 3),
        SubCategory("consumer-rights", "消费维权", "消费 退款 商家 退货 预付卡 办卡", 4),
        SubCategory("pricing", "价格收费", "价格 乱收费 明码标价 涨价 收费", 2),
    )),
    TopCategory("language-help", "语言帮助", "翻译 语言 听不懂 普通话 看不懂", 4, None, (
        SubCategory("interpretation", "翻译协助", "翻译 听不懂 看不懂 陪同 沟通", 3),
        SubCategory("mandarin-course", "国家通用语言学习", "普通话 国家通用语言 识字 夜校 课程", 2),
        SubCategory("form-help", "办事材料协助", "填表 表格 材料 帮忙 办事", 2),
    ), by_street=True),
    TopCategory("public-facilities", "公共设施", "路灯 道路 井盖 垃圾 停水 停电 设施", 15, "cgj", (
        SubCategory("street-lights", "路灯照明", "路灯 不亮 灯坏 照明", 3, to_grid=True),
        SubCategory("roads", "道路设施", "道路 坑洼 破损 积水 人行道 路面", 3),
        SubCategory("manhole", "井盖缺失", "井盖 缺失 塌陷 下水道口", 1, EMERGENCY),
        SubCategory("sanitation", "环境卫生", "垃圾 清运 卫生 堆放 臭味 保洁", 4, to_grid=True),
        SubCategory("water-supply", "供水", "停水 水压 水管 爆管 自来水 浑浊", 3, UTILITY, department="swj"),
        SubCategory("power-supply", "供电", "停电 跳闸 电压 电线 供电", 2, UTILITY, department="gdj"),
        SubCategory("gas-leak", "燃气泄漏", "燃气 天然气 漏气 煤气味 燃气管", 1, EMERGENCY, department="zjj"),
        SubCategory("noise", "噪声扰民", "噪音 施工 夜间 扰民 广场舞", 3),
    ), season=((7, 1.3), (8, 1.3))),
    TopCategory("other", "其他", "建议 其他 意见", 3, None, (
        SubCategory("suggestion", "意见建议", "建议 希望 意见 增设", 2),
        SubCategory("misc", "其他事项", "其他 问一下", 2),
    )),
)

# --- Service points --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PointSpec:
    kind: str
    name: str  # "{district}", "{street}" and "{community}" are filled in
    level: str  # "city", "district", "street" or "community": which unit it belongs to
    services: str
    hours: str
    languages: str


WEEKDAY_HOURS = "周一至周五 9:00-12:00，13:30-17:30"
STATION_HOURS = "周一至周五 9:00-12:00，13:30-17:30；周六 9:00-12:00"

SERVICE_POINTS: tuple[PointSpec, ...] = (
    PointSpec(ServicePoint.Kind.ONE_STOP, "{street}一站式服务站", "street",
              "社保医保办理、居住登记、就业登记、法律咨询、翻译协助、诉求代办", STATION_HOURS,
              "zh-hans, ug, bo, en"),
    PointSpec(ServicePoint.Kind.WORRY_FREE, "{street}解忧超市", "street",
              "急难救助登记、矛盾调解、心理疏导、政策咨询", WEEKDAY_HOURS, "zh-hans, ug"),
    PointSpec(ServicePoint.Kind.COMMUNITY_HOME, "{community}民族之家", "community",
              "国家通用语言夜校、政策宣讲、文化活动、就业信息、翻译志愿服务",
              "周一至周日 9:00-21:00", "zh-hans, ug, bo"),
    PointSpec(ServicePoint.Kind.LEGAL_AID, "{district}法律援助中心", "district",
              "法律咨询、法律援助申请、人民调解、公证指引", WEEKDAY_HOURS, "zh-hans, ug, en"),
    PointSpec(ServicePoint.Kind.HOSPITAL, "{district}人民医院（就医绿色通道）", "district",
              "绿色通道挂号、翻译陪诊、医保即时结算", "门诊 8:00-17:30，急诊 24 小时",
              "zh-hans, ug, bo, en"),
    PointSpec(ServicePoint.Kind.SCHOOL, "{district}义务教育入学服务点", "district",
              "随迁子女入学咨询、学位申请、转学手续", WEEKDAY_HOURS, "zh-hans, ug, bo"),
    PointSpec(ServicePoint.Kind.CLINIC, "{street}社区卫生服务中心", "street",
              "家庭医生签约、预防接种、孕产妇和儿童保健、慢病随访", "周一至周日 8:00-17:30",
              "zh-hans, ug"),
    PointSpec(ServicePoint.Kind.TRAINING, "{district}职业技能培训站", "district",
              "国家通用语言、厨师、家政、电工、育婴员培训", "周一至周六 9:00-17:00", "zh-hans, ug"),
    PointSpec(ServicePoint.Kind.CULTURE, "{district}文化馆", "district",
              "图书阅览、文艺培训、节庆活动", "周二至周日 9:00-20:00", "zh-hans, en"),
    PointSpec(ServicePoint.Kind.HOSPITAL, "石榴市第一人民医院（就医绿色通道）", "city",
              "多语种导诊、绿色通道、异地医保结算", "门诊 8:00-17:30，急诊 24 小时",
              "zh-hans, ug, bo, en, zh-hant"),
    PointSpec(ServicePoint.Kind.TRAINING, "石榴市职业技能实训基地", "city",
              "一基地多站点：国家通用语言主修课，烹饪、电商、汽修等选修课", "周一至周六 8:30-18:00",
              "zh-hans, ug, bo"),
    PointSpec(ServicePoint.Kind.INCUBATOR, "石榴创业街", "city",
              "创业孵化、创业担保贷款咨询、开业指导", "周一至周日 10:00-21:00", "zh-hans, ug, en"),
    PointSpec(ServicePoint.Kind.INCUBATOR, "新桥青年创业园", "city",
              "创业工位、孵化辅导、营业执照代办", WEEKDAY_HOURS, "zh-hans, en"),
    PointSpec(ServicePoint.Kind.CULTURE, "石榴市图书馆", "city",
              "图书借阅、多语种阅览室、公益讲座", "周一至周日 9:00-21:00", "zh-hans, ug, bo, en"),
)

# --- Accounts --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    unit_code: str  # the unit where the role is held ("*grids*:<community>" for a community's grids)
    display_name: str


MAIN_ACCOUNTS: tuple[Account, ...] = (
    Account("dispatcher", Role.DISPATCHER, CITY_CODE, "市热线派单员 陈静"),
    Account("supervisor", Role.SUPERVISOR, CITY_CODE, "市督办员 刘强"),
    Account("handler", Role.HANDLER, "tongxin-zjj", "同心区住建局经办人 赵敏"),
    Account("gridworker", Role.GRID_WORKER, "*grids*:tongxin-liuyuan", "榴园社区网格员 孙丽"),
    Account("station", Role.STATION_STAFF, "tongxin-liuhua", "榴花街道服务站 周红"),
    Account("analyst", Role.ANALYST, CITY_CODE, "市数据分析员 吴磊"),
    Account("sysadmin", Role.SYSTEM_ADMIN, CITY_CODE, "系统管理员 郑凯"),
    Account("secadmin", Role.SECURITY_ADMIN, CITY_CODE, "安全管理员 王芳"),
    Account("auditor", Role.AUDITOR, CITY_CODE, "审计员 冯涛"),
)
SUPERUSER = "sysadmin"

# Given names for the extra accounts (display only).
STAFF_NAMES = (
    "李娜", "张伟", "王磊", "刘洋", "陈晨", "杨帆", "黄蓉", "赵云", "周丹", "吴迪", "徐静", "孙浩",
    "马丽", "朱斌", "胡敏", "郭亮", "何佳", "高翔", "林琳", "罗兰", "梁宇", "宋雪", "唐杰", "韩冰",
    "冯雪", "邓超", "曹颖", "彭博", "曾静", "萧然", "田甜", "董明", "潘婷", "袁野", "蒋欣", "蔡琴",
    "余晖", "杜鹃", "叶青", "程远", "魏巍", "苏畅", "吕薇", "丁宁", "沈洁", "任重", "姚瑶", "卢森",
)
