# Chinese prose: its double-width characters make long lines.
# ruff: noqa: E501
"""Natural-sounding Chinese texts for the demo requests, written from templates with slots.

A template is a sentence with `{slot}` markers; `Writer.fill` replaces each marker by a value drawn
from the pools below (or from the place the request arises in), so a few hundred templates give
many thousands of different descriptions, replies and notes. Every draw uses the caller's
`random.Random`, so the same seed writes the same texts.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

# Request types by letter: q 咨询, h 求助, c 投诉, r 举报, s 建议.
TYPE_LETTERS = {"q": "consult", "h": "help", "c": "complaint", "r": "report", "s": "suggestion"}

Template = tuple[str, str]  # (type letters the template suits, text)

PROBLEMS: dict[str, tuple[Template, ...]] = {
    # --- 就业创业 ---
    "job-seeking": (
        ("qh", "我今年{age}岁，{prev_job}，{since}一直没找到合适的工作，想了解{street}最近有没有招聘会或者就业推荐。"),
        ("q", "想办理失业登记，不清楚需要带哪些材料，能不能在{community}直接办理。"),
        ("h", "我是外地来{district}务工的，会{skill}，想找一份{job}的工作，希望社区帮忙推荐合适的岗位。"),
        ("cr", "在{road}一家{company_kind}应聘{job}，对方要求先交{money}的“服装押金”才能上岗，感觉不正规。"),
        ("q", "家里{kid}今年刚毕业，想问问高校毕业生到中小企业就业有没有补贴，怎么申请。"),
    ),
    "wage-arrears": (
        ("hc", "我在{road}附近的一个工地干{job2}，包工头拖欠{months}工资共{money_big}，多次找他都推脱，{since}电话也打不通了。"),
        ("hc", "{company}拖欠我{months}的工资，老板说资金周转困难，一直拖着不给，我们一起的还有{num}个工友。"),
        ("c", "离职已经{duration}了，原单位一直不结算最后一个月的工资和加班费，共计{money_big}。"),
        ("h", "承包{estate}外墙装修的老板欠我们{num}个人的工钱，眼看要过年了，请帮忙讨要。"),
    ),
    "vocational-training": (
        ("q", "想报名参加{course}培训，请问{street}什么时候开班，外地户籍能不能享受培训补贴。"),
        ("q", "上个月参加了{course}培训并拿到了证书，培训补贴什么时候发放到账？"),
        ("s", "建议在晚上或周末开设{course}培训班，白天要上班的人没法参加。"),
        ("c", "报名参加的{course}培训说好{num}节课，结果只上了几次就不上了，也不退钱。"),
    ),
    "social-insurance": (
        ("q", "从外省换工作到{district}，之前交的养老保险怎么转过来？需要本人两地跑吗？"),
        ("q", "单位{since}没有给我交社保，我能不能以灵活就业人员身份自己续交？"),
        ("h", "{who}的社保卡丢了，补办了{duration}还没拿到，看病没法用医保。"),
        ("c", "入职时公司说好交五险，查了才发现{months}都没交，找人事也不解决。"),
    ),
    "startup-support": (
        ("q", "想在{road}开一家{shop}，听说有创业担保贷款，请问需要什么条件、去哪里申请。"),
        ("q", "我们{num}个人合伙开了一家小店，请问一次性创业补贴怎么申领？"),
        ("s", "建议{street}多组织一些创业培训和项目对接，给想创业的年轻人一些指导。"),
    ),
    # --- 教育入学 ---
    "enrolment": (
        ("q", "{kid}明年该上{grade}了，我们租房住在{estate}，只有居住证没有房产，请问能在{district}入学吗，需要准备什么材料？"),
        ("q", "请问今年{district}小学一年级网上报名什么时候开始，划片范围在哪里查？"),
        ("hc", "{kid}随我们从外地来{district}工作，报名{school}说学位已满，被分到离家很远的学校，每天接送很困难。"),
        ("h", "网上报名时系统一直提示居住证信息核验不通过，但我的居住证是有效的，眼看报名就要截止了。"),
    ),
    "school-transfer": (
        ("q", "因为工作调动全家搬到了{community}，想给读{grade}的{kid}办理转学，请问流程是什么。"),
        ("hc", "{kid}的转学手续办了{duration}，原学校说学籍已转出，新学校说没收到，两边推来推去。"),
        ("q", "{kid}之前在老家读书，想转到{school}插班读{grade}，还有没有名额？"),
    ),
    "preschool": (
        ("q", "{community}附近有没有公办或普惠性幼儿园？{kid}三岁了，想问问怎么报名。"),
        ("c", "{kindergarten}的保教费{since}突然上涨了不少，也没有提前公示，家长意见很大。"),
        ("s", "建议在{community}增设托育点，双职工家庭两三岁的孩子没人带。"),
    ),
    "school-surroundings": (
        ("cr", "{school}门口每天放学时有很多流动摊贩，卖的东西不卫生，还堵住了路，孩子们很不安全。"),
        ("hc", "{school}附近{road}路口上下学时段车流很大，没有人行横道和交通协管员，孩子过马路太危险。"),
        ("s", "建议在{school}门口设置接送等候区，现在家长接孩子都站在机动车道上。"),
    ),
    "education-fees": (
        ("cr", "{school}要求学生统一购买{num}0元一套的教辅资料，说是自愿，实际上不买老师会点名。"),
        ("hc", "在{road}一家校外培训机构给{kid}交了{money_big}学费，现在机构关门了，退费没人管。"),
        ("q", "请问义务教育阶段学校收取校服费、午餐费有没有统一标准？"),
    ),
    # --- 住房租赁 ---
    "rental-dispute": (
        ("hc", "租住在{addr}，合同到期正常退租，房东以墙面有污渍为由扣了全部押金{money}，协商不成。"),
        ("c", "房东{since}突然要求涨房租，不同意就让我们{duration}内搬走，可合同还没到期。"),
        ("h", "通过中介租的房子，入住后发现热水器和空调都是坏的，房东和中介互相推诿，不给维修。"),
        ("q", "租房子想办居住证，房东不愿意提供房产证复印件，还有别的办法吗？"),
        ("c", "{road}一家房产中介收了{money}看房费和中介费，房子没租成也不退钱。"),
    ),
    "property-service": (
        ("c", "{estate}物业{since}基本不管事，楼道垃圾没人清理，门禁坏了{duration}也不修，物业费却照收。"),
        ("c", "{estate}地下车库被物业私自改成收费车位，原来免费停车的地方现在每月要交{money}。"),
        ("h", "{estate}{bldg}栋的单元门禁坏了，外来人员随便进出，晚上不安全，找物业说了几次都没修。"),
        ("s", "建议{estate}物业定期公示物业费收支情况，业主们对账目有疑问。"),
    ),
    "house-repairs": (
        ("hc", "{addr}的卫生间漏水到{floor_rel}家，{since}一直没修好，墙面都发霉了。"),
        ("h", "{estate}{bldg}栋外墙瓷砖{since}开始脱落，下面是人行通道，担心砸到人。"),
        ("hc", "{estate}是老旧小区，{bldg}栋楼顶防水层老化，一下雨顶楼住户家里就渗水，想申请使用维修基金。"),
        ("h", "{estate}{bldg}栋楼道灯和扶手坏了{duration}，老人上下楼很不方便。"),
    ),
    "public-rental": (
        ("q", "在{district}工作{num}年了，一直租房住，请问外来务工人员能不能申请公租房，要什么条件？"),
        ("h", "公租房申请已经轮候{duration}了，一直没有消息，想问一下现在排到第几号了。"),
        ("c", "公租房小区的维修申请报上去{duration}了，管理方一直没有安排人来修。"),
    ),
    "building-safety": (
        ("hr", "{addr}楼下的商铺装修时拆了承重墙，现在楼上好几家墙体出现裂缝，请尽快来查看。"),
        ("h", "{estate}{bldg}栋是八十年代的老房子，{since}墙体开裂越来越严重，住着心里害怕，想申请房屋安全鉴定。"),
        ("r", "{road}有一栋自建房在违规加层，已经加到了{num}层，担心有安全隐患。"),
    ),
    "elevator-trapped": (
        ("h", "{estate}{bldg}栋电梯突然停在{num}楼和{num2}楼之间，里面困了{num3}个人，有老人，物业电话打不通，请马上派人！"),
        ("h", "{addr}电梯困人，已经被关了快二十分钟，里面有小孩，请尽快救援。"),
    ),
    # --- 社会救助 ---
    "subsistence": (
        ("q", "{who}{since}因病没法工作，家里只靠我一个人打零工，请问能不能申请低保，去哪里办？"),
        ("h", "低保申请提交{duration}了，一直说在核对收入，家里实在困难，希望能加快审核。"),
        ("c", "我们家的低保{since}突然被停了，没有人通知原因，希望给个解释。"),
    ),
    "temporary-relief": (
        ("h", "{who}突发重病住院，已经花了{money_big}，家里积蓄都用完了，想申请临时救助。"),
        ("h", "租住的房子{since}失火，东西都烧没了，一家{num}口现在没有地方住，请求帮助。"),
        ("h", "刚来{district}找工作，钱包和证件都丢了，身上没钱吃饭，也回不了家。"),
    ),
    "elderly-care": (
        ("h", "{estate}{bldg}栋住着一位{elder_age}岁的独居老人，{since}经常忘记关燃气，子女在外地，请社区多关注一下。"),
        ("q", "{who}今年{elder_age}岁了，请问高龄补贴怎么申请，是每月发放吗？"),
        ("s", "建议在{community}开设老年助餐点，很多老人一个人在家做饭不方便。"),
        ("c", "{community}的日间照料中心{since}经常不开门，老人们去了好几次都是锁着的。"),
    ),
    "disability": (
        ("q", "{who}腿脚残疾，想办理残疾证，请问要到哪家医院评定，需要带什么材料？"),
        ("h", "家里有一位重度残疾人，护理补贴{since}没有到账，请帮忙查一下原因。"),
        ("h", "想申请一辆轮椅和康复训练，听说残联有辅具适配服务，请问怎么申请。"),
    ),
    "child-care": (
        ("h", "{estate}有个{child_age}岁的孩子父母都在外地打工，跟着奶奶生活，{since}经常一个人在外面玩到很晚，请社区关心一下。"),
        ("s", "建议{community}开办暑期托管班，双职工家庭的孩子放假没人照看。"),
    ),
    # --- 医疗卫生 ---
    "seeing-doctor": (
        ("q", "{who}需要到{hospital}看病，听说有就医绿色通道，请问怎么预约，能不能安排翻译陪诊？"),
        ("c", "在{hospital}挂号排了{hours}个小时，号源全被号贩子抢光了，希望医院管一管。"),
        ("h", "{who}{elder_age}岁了，行动不便，也不会用手机预约挂号，请问社区能不能帮忙。"),
    ),
    "medical-insurance": (
        ("q", "在{district}工作但医保在老家，请问异地就医备案怎么办理，住院能直接结算吗？"),
        ("c", "{who}住院的医保报销{duration}了还没到账，去窗口问了几次都说在审核。"),
        ("q", "灵活就业人员的城乡居民医保每年什么时候缴费，错过了还能补缴吗？"),
    ),
    "vaccination": (
        ("q", "{kid}的预防接种证丢了，请问到哪里补办，之前打过的疫苗记录还能查到吗？"),
        ("c", "{community}卫生服务中心的接种门诊{since}经常提前停止预约，家长很难约上。"),
        ("q", "刚从外地搬来，{kid}接下来的疫苗可以在{community}卫生服务中心接种吗？"),
    ),
    "clinic-pharmacy": (
        ("r", "{road}有一家小诊所没有挂牌，给人输液打针，怀疑是无证行医。"),
        ("r", "在{road}一家药店买的药，回家发现已经过期{months}了，店家不承认。"),
        ("cr", "{road}的药店卖处方药不要处方，还向老人推销高价保健品。"),
    ),
    "medical-dispute": (
        ("hc", "{who}在{hospital}做完手术后出现感染，又住院{duration}，医院说不是他们的责任，希望有关部门调查处理。"),
        ("c", "在{hospital}被诊断为{illness}，吃了{duration}的药不见好，去别的医院检查发现是误诊。"),
    ),
    # --- 法律援助 ---
    "legal-consult": (
        ("q", "借给朋友{money_big}，有借条，现在他不还了也不接电话，请问怎么通过法律途径解决？"),
        ("q", "在{road}骑电动车被车撞了，对方只愿意赔{money}，请问合理的赔偿标准是多少？"),
        ("q", "网购遇到诈骗被骗了{money_big}，已经报警，还能通过什么法律途径追回？"),
        ("q", "和老板只有口头约定，现在发生纠纷，请问口头约定有没有法律效力？"),
    ),
    "legal-aid-application": (
        ("h", "在工地上干活摔伤了，老板不承认劳动关系，我没钱请律师，想申请法律援助。"),
        ("h", "{who}{elder_age}岁了，子女不尽赡养义务，想起诉但是不懂法律，请求法律援助。"),
        ("q", "请问法律援助需要满足什么条件，我是外地户籍，可以在{district}申请吗？"),
    ),
    "notarization": (
        ("q", "需要给老家的亲戚办一份委托书，请问在{district}哪里可以办公证，要带什么材料？"),
        ("c", "为办一份证明跑了{num}趟，每次都说缺材料，从来没有一次性告知清楚。"),
    ),
    # --- 矛盾纠纷 ---
    "neighbour-dispute": (
        ("hc", "{floor_rel}住户{since}每天{night_time}还在{noise_act}，多次沟通都没用，严重影响休息。"),
        ("hc", "{addr}的邻居长期在楼道堆放杂物和{stuff}，堵塞消防通道，说了也不听。"),
        ("h", "{floor_rel}邻居装修把我家的{pipe}弄坏了，对方不愿意赔偿，双方吵了好几次。"),
        ("c", "{estate}{bldg}栋有住户在公共绿地上私自种菜、搭棚子，其他居民意见很大。"),
    ),
    "family-dispute": (
        ("h", "{who}和子女因为房子的事闹得很僵，老人想请社区帮忙调解一下。"),
        ("h", "夫妻俩最近经常吵架，闹到要离婚，孩子很受影响，希望有人帮忙调解。"),
        ("q", "离婚后对方一直不按时付{kid}的抚养费，已经拖欠{months}了，该怎么办？"),
    ),
    "labour-dispute": (
        ("hc", "在{company}工作了{num}年，公司突然以经营困难为由辞退我，不给任何经济补偿。"),
        ("hc", "在厂里上班被机器压伤了手，公司不给申报工伤，只给了{money}就不管了。"),
        ("c", "公司长期要求每天加班到{late_hour}，周末也要上班，从来不给加班费。"),
        ("q", "试用期被公司以不符合录用条件为由辞退，请问这种情况能申请劳动仲裁吗？"),
    ),
    "land-dispute": (
        ("h", "和邻居家因为宅基地边界有争议，对方在交界处砌了围墙，占了我家{num}米宽的地。"),
        ("h", "{community}{group}的承包地被人私自挖了鱼塘，多次协商未果，请帮忙调处。"),
    ),
    # --- 营商证照 ---
    "business-licence": (
        ("q", "想在{road}开一家{shop}，请问办理个体工商户营业执照需要哪些材料，能不能网上办？"),
        ("q", "店铺要搬到{road}，营业执照上的经营地址怎么变更？"),
        ("c", "网上申请营业执照注销提交了{duration}，一直显示审核中。"),
    ),
    "food-safety": (
        ("r", "在{road}一家{restaurant}吃饭后，一家{num}口都拉肚子，怀疑食材不新鲜。"),
        ("r", "{road}的{restaurant}后厨卫生很差，污水直接排在路边，还有老鼠。"),
        ("rc", "在{estate}门口的超市买的{food}，回家发现已经过了保质期。"),
    ),
    "consumer-rights": (
        ("c", "在{road}一家{gym}办了{money_big}的预付卡，现在店铺关门了，找不到人退钱。"),
        ("c", "在{road}的{shop}买的{product}用了没几天就坏了，商家不给退换。"),
        ("hc", "{who}在{road}听了一场“健康讲座”，被推销买了{money_big}的保健品，想退货。"),
    ),
    "pricing": (
        ("c", "{road}的{shop}商品没有明码标价，结账时价格比别处高很多。"),
        ("c", "{estate}停车场收费{since}涨了一倍，没有看到任何公示。"),
        ("r", "{road}附近的{restaurant}菜单上标低价，结账时另收高额服务费。"),
    ),
    # --- 语言帮助 ---
    "interpretation": (
        ("h", "{who}不太会说普通话，下周要去{hospital}看病，希望能安排一名懂{lang}的志愿者陪同翻译。"),
        ("h", "刚到{district}，去办居住证时听不懂窗口讲的政策，请帮忙用{lang}讲解一下。"),
        ("h", "收到一份法院寄来的文书，看不懂里面的内容，想请人帮忙翻译解释。"),
    ),
    "mandarin-course": (
        ("q", "想学习国家通用语言，{street}有没有免费的夜校或者培训班？"),
        ("s", "建议{community}的普通话培训班增加周末班次，平时要上班没时间去。"),
        ("q", "{who}想学认字、说普通话，好跟孩子的老师交流，请问怎么报名？"),
    ),
    "form-help": (
        ("h", "办理{service}需要填很多表格，{who}看不懂，请社区工作人员帮忙填写。"),
        ("h", "在手机上办理{service}一直操作不成功，{who}不会用，希望有人帮忙。"),
    ),
    # --- 公共设施 ---
    "street-lights": (
        ("h", "{road}{segment}的路灯{since}一直不亮，晚上黑漆漆的，行人和骑车的都很不安全。"),
        ("h", "{estate}门口到{road}那一段有{num}盏路灯坏了，晚上下班回家不敢走。"),
        ("c", "{road}的路灯白天亮着晚上反而不亮，已经反映过好几次了。"),
    ),
    "roads": (
        ("h", "{road}{segment}路面有一个大坑，下雨天积水看不见，已经有好几个骑电动车的摔倒了。"),
        ("h", "{road}人行道的地砖松动破损了一大片，老人走路容易绊倒。"),
        ("c", "{road}每次下大雨就积水，最深的地方快到膝盖，排水口一直没疏通。"),
    ),
    "manhole": (
        ("h", "{road}{segment}有一个井盖不见了，路中间一个大洞，非常危险，请马上处理！"),
        ("h", "{estate}门口的井盖塌陷了，车压过去容易翻，已经临时放了个纸箱提醒。"),
    ),
    "sanitation": (
        ("c", "{estate}旁边的垃圾收集点{since}没有及时清运，垃圾堆得老高，天一热臭气熏天。"),
        ("r", "有人在{road}{segment}的空地上乱倒建筑垃圾，已经堆了好大一堆。"),
        ("h", "{road}的公共厕所{since}一直锁着门，周边商户和行人都很不方便。"),
    ),
    "water-supply": (
        ("h", "{estate}从{today_time}开始停水，事先没有接到任何通知，请问什么时候恢复？"),
        ("h", "{road}{segment}的自来水管爆了，水一直往外冒，路面都淹了。"),
        ("c", "{addr}的自来水{since}一直发黄浑浊，不敢喝，希望检测一下水质。"),
    ),
    "power-supply": (
        ("h", "{estate}{bldg}栋从{today_time}开始停电，家里有老人要用制氧机，请尽快抢修。"),
        ("h", "{estate}{since}经常跳闸停电，电压也不稳，家里电器都烧坏了一个。"),
    ),
    "gas-leak": (
        ("h", "{addr}楼道里有很浓的燃气味，怀疑燃气管道泄漏，请马上派人来检查！"),
        ("h", "{road}有施工队挖断了燃气管，现场气味很大，请尽快处置。"),
    ),
    "noise": (
        ("c", "{road}有个工地{since}每天{night_time}还在施工，噪音很大，严重影响附近居民休息。"),
        ("c", "{estate}门口的广场舞音响开得太大，每天晚上要跳到{late_hour}。"),
        ("c", "{road}那家{restaurant}外面的排风机和空调外机噪音很大，通宵不停。"),
    ),
    # --- 其他 ---
    "suggestion": (
        ("s", "建议在{road}{segment}增设一处公交站，附近居民出行要走很远。"),
        ("s", "建议在{community}多安装一些电动车充电桩，现在很多人飞线充电很危险。"),
        ("s", "建议{street}的一站式服务站延长周末开放时间，上班族平时没空去办事。"),
    ),
    "misc": (
        ("q", "想问一下{street}的居住证办理窗口在哪里，周末上不上班？"),
        ("h", "在{road}捡到一个钱包，里面有证件，不知道该交到哪里。"),
        ("q", "请问{district}政务服务中心在哪里，几点下班？"),
    ),
}

OPENINGS: dict[str, tuple[str, ...]] = {
    "portal": ("", "", "", "您好，", "你好，", "您好！", "我是{community}的居民，", "本人住在{estate}，"),
    "api": ("", "（市政务服务网转办）", "（“石榴市民通”小程序转办）"),
    "phone": ("市民来电反映：", "来电人反映：", "来电人称：", "市民来电：", "来电人表示，"),
    "visit": ("网格员入户走访时，居民反映：", "网格员巡查时，{resident}反映：", "走访中{resident}反映："),
    "counter": ("居民到{street}一站式服务站反映：", "群众到站点窗口反映：", "来站办事群众反映："),
}

IMPACTS = (
    "给生活带来很大不便。", "家里老人孩子都受影响。", "周边居民意见很大。", "已经影响到正常上班。",
    "心里很着急。", "这个问题已经拖了很久。", "附近不少人都遇到了同样的情况。",
)

ASKS: dict[str, tuple[str, ...]] = {
    "consult": ("请问应该怎么办理？", "想咨询一下具体流程。", "麻烦告知需要准备哪些材料。",
                "请告知办理地点和时间。", "谢谢解答。", ""),
    "help": ("希望有关部门帮忙协调解决。", "请尽快安排人员处理。", "麻烦帮帮忙。", "恳请给予帮助。",
             "希望能尽快解决。", "请相关部门帮忙跟进一下。"),
    "complaint": ("请相关部门核实处理，给个说法。", "多次反映一直没人管，希望这次能落实。",
                  "要求相关部门依法处理。", "希望相关部门加强监管。"),
    "report": ("请相关部门依法查处。", "希望执法部门尽快来查看。", "请予以核实查处，举报人要求保密。"),
    "suggestion": ("建议相关部门考虑一下。", "希望能采纳这个建议。", "供参考，谢谢。", ""),
}

LANGUAGE_NOTES: dict[str, tuple[str, ...]] = {
    "ug": ("（诉求人使用维吾尔语沟通，已由{helper}协助翻译。）", "（诉求人希望用维吾尔语答复。）"),
    "bo": ("（诉求人使用藏语沟通，已由{helper}协助翻译。）", "（诉求人希望用藏语答复。）"),
    "en": ("（诉求人使用英语沟通，希望用英语答复。）", "（The resident prefers a reply in English.）"),
    "zh-hant": ("（诉求人习惯阅读繁体中文。）",),
}

# --- Staff texts -----------------------------------------------------------------------------------

REPLY_ACTIONS: dict[str, tuple[str, ...]] = {
    "employment": (
        "已向您详细解释了相关政策和办理流程，并提供了一次性告知清单",
        "劳动保障监察大队已约谈用人单位，对方承诺于{reply_date}前结清相关款项，我们将跟踪落实",
        "已为您登记相关服务，并推荐了{num}个匹配岗位，后续进展将电话告知",
        "已将您的情况纳入就业帮扶台账，安排专人跟进服务",
    ),
    "schooling": (
        "已按照本年度入学政策向您说明了报名条件和所需材料",
        "已协调相关学校，为孩子妥善安排了学位",
        "已责成学校自查整改，并在全区范围内开展排查",
        "已联合交警、城管在上下学时段加强疏导和巡查",
    ),
    "housing": (
        "已督促物业服务企业于{reply_date}完成维修，并将加强日常监管",
        "已组织双方当面协商，就费用问题达成一致意见",
        "已安排房屋安全鉴定机构现场查看，相关处置正在推进",
        "已向您说明住房保障政策及申请流程，并协助提交了申请材料",
    ),
    "social-assistance": (
        "已上门核实家庭情况，符合条件的救助已按程序办理",
        "已将您的申请提交审核，结果将于{num}个工作日内告知",
        "已安排社区工作人员定期上门探访，并链接了志愿服务资源",
        "已向您详细说明救助政策和申请渠道，并协助准备了申请材料",
    ),
    "medical": (
        "已协调医院开通就医绿色通道，并安排工作人员陪同就诊",
        "已督促经办机构加快审核，报销款项已于{reply_date}拨付",
        "卫生监督所已到现场检查，对违规行为依法作出处理",
        "已向您说明办理流程，可在{community}卫生服务中心现场办理",
    ),
    "legal-aid": (
        "已安排值班律师为您提供了法律咨询，并告知了维权途径",
        "法律援助申请已受理，已指派律师承办",
        "已向您一次性告知办理所需材料和地点",
    ),
    "dispute": (
        "已组织人民调解员开展调解，双方已达成调解协议",
        "网格员会同社区调解委员会上门沟通，矛盾已初步化解，后续将持续关注",
        "已向双方释法明理，当事人表示理解并愿意协商解决",
        "已引导当事人通过劳动仲裁或诉讼途径解决，并提供了法律援助指引",
    ),
    "business": (
        "执法人员已到现场检查，对商家违规行为责令整改并依法处理",
        "已组织商家与您协商，商家同意退款",
        "已向您说明证照办理流程，可通过政务服务网全程网上办理",
        "已将相关线索移交执法大队进一步调查",
    ),
    "language-help": (
        "已安排懂{lang}的志愿者与您联系，并陪同办理了相关事项",
        "已为您报名{street}国家通用语言夜校，开课时间将电话通知",
        "工作人员已协助您填写并提交了相关材料",
    ),
    "public-facilities": (
        "维修人员已于{reply_date}到现场处理，设施已恢复正常",
        "已安排专业队伍抢修，现已恢复",
        "已对该处进行了清理和修复，并纳入日常巡查范围",
        "已设置警示标志并完成修复",
    ),
    "other": (
        "已将您的建议转相关部门研究，感谢您的关注",
        "已向您告知了具体办理地点和时间",
        "已协助您联系到相关单位处理",
    ),
}

# Sharper answers for particular sub-categories; the top level's list is the fallback.
SUB_REPLY_ACTIONS: dict[str, tuple[str, ...]] = {
    "job-seeking": ("已为您办理就业登记，并推荐了{num}个匹配岗位，{street}本月还将举办一场招聘会",
                    "已向您说明失业登记所需材料，可在{community}便民服务窗口直接办理"),
    "wage-arrears": ("劳动保障监察大队已约谈用人单位和包工头，对方承诺于{reply_date}前结清拖欠工资",
                     "已立案调查，拖欠的工资已由总承包单位先行垫付到位"),
    "vocational-training": ("已为您登记下一期{course}培训班，开班前工作人员会电话通知",
                            "已核实培训补贴发放进度，补贴将于本月内拨付到您的社保卡"),
    "social-insurance": ("已协助您办理养老保险关系转移接续，转入手续已受理",
                         "已责令用人单位为您补缴社会保险，并依法处理"),
    "startup-support": ("已向您说明创业担保贷款的申请条件和材料，并安排创业指导员对接",
                        "已受理您的一次性创业补贴申请，审核通过后将直接发放"),
    "enrolment": ("已按本年度随迁子女入学政策向您说明报名条件和所需材料",
                  "已协调学区学校，为孩子安排了就近学位"),
    "school-transfer": ("已协调两校完成学籍转接，孩子可按时到新学校报到",
                        "已向您说明转学流程，并告知了插班学位情况"),
    "preschool": ("已向您提供辖区公办和普惠性幼儿园名单及报名时间",
                  "已责成幼儿园按规定公示收费标准，并退还多收费用"),
    "school-surroundings": ("已联合交警、城管在上下学时段加强疏导，并清理了校门口流动摊贩",
                            "已在校门口增设接送等候区和交通标志"),
    "education-fees": ("已责成学校停止统一征订教辅资料，并在全区开展排查",
                       "已督促培训机构制定退费方案，并纳入预收费监管"),
    "rental-dispute": ("已组织房东与您当面协商，双方就押金退还达成一致",
                       "已约谈中介机构，责令其退还相关费用"),
    "property-service": ("已约谈物业服务企业，责令限期整改，并将纳入物业服务信用考评",
                         "已督促物业于{reply_date}修复门禁，并加强日常巡查"),
    "house-repairs": ("已督促物业和维修单位于{reply_date}完成维修",
                      "已指导业主按程序申请使用维修基金，维修工程已排期"),
    "public-rental": ("已向您说明公租房申请条件和轮候规则，并协助提交了申请材料",
                      "已查询您的轮候情况，预计下一批次配租时可以选房"),
    "building-safety": ("已安排房屋安全鉴定机构现场查看，并责令违规装修的商户立即恢复原状",
                        "已对违规加层行为立案查处，并设置了安全警戒"),
    "elevator-trapped": ("电梯维保人员已赶到现场，被困人员已安全解救",
                         "救援人员已到场处置，电梯已停用检修"),
    "subsistence": ("已上门核实家庭情况，低保申请已按程序提交审核",
                    "已核实停发原因并向您说明，符合条件的将按程序恢复发放"),
    "temporary-relief": ("已上门核实情况，临时救助金已按程序审批发放",
                         "已为您提供临时住所和生活物资，并协助补办了相关证件"),
    "elderly-care": ("已安排网格员定期上门探访老人，并为其安装了燃气报警器",
                     "已向您说明高龄补贴的申请流程，可在{community}便民服务窗口办理"),
    "disability": ("已向您说明残疾评定的医院和所需材料",
                   "已核实护理补贴发放情况，补发款项将于本月到账"),
    "child-care": ("已将孩子纳入关爱服务对象，安排志愿者定期陪伴",
                   "已将您的建议转交{community}研究，暑期托管班正在筹备"),
    "seeing-doctor": ("已协调医院开通就医绿色通道，并安排翻译志愿者陪同就诊",
                      "已安排{community}工作人员帮助老人预约挂号"),
    "medical-insurance": ("已向您说明异地就医备案流程，可通过手机在线办理",
                          "已督促经办机构加快审核，报销款项已于{reply_date}拨付"),
    "vaccination": ("已向您说明补办预防接种证的地点，原接种记录可在系统中查询",
                    "已协调卫生服务中心增加接种门诊预约号源"),
    "clinic-pharmacy": ("卫生监督所已到现场检查，对违规行为依法作出处理",
                        "市场监管执法人员已检查该药店，对过期药品予以没收并立案查处"),
    "medical-dispute": ("已向您说明医疗纠纷人民调解和鉴定的途径，医调委已受理调解申请",
                        "已责成医院组织专家复核诊疗过程，并与您当面沟通"),
    "legal-consult": ("已安排值班律师为您提供法律咨询，并告知了维权途径",
                      "公共法律服务工作站律师已与您电话联系，详细解答了相关问题"),
    "legal-aid-application": ("法律援助申请已受理，已指派律师承办",
                              "已向您说明法律援助的申请条件和材料，可到{district}法律援助中心现场申请"),
    "notarization": ("已向您一次性告知办理公证所需材料和地点",
                     "已就多次往返问题约谈窗口负责人，并推行一次性告知"),
    "neighbour-dispute": ("网格员会同社区调解委员会上门沟通，双方已达成谅解",
                          "已组织人民调解员开展调解，双方签订了调解协议"),
    "family-dispute": ("社区调解员已上门调解，家庭矛盾已初步化解，后续将持续关注",
                       "已向您说明追索抚养费的法律途径，并提供了法律援助指引"),
    "labour-dispute": ("已向您说明申请劳动仲裁的程序和材料，仲裁院已受理",
                       "劳动保障监察大队已约谈用人单位，对方同意依法支付经济补偿"),
    "land-dispute": ("镇村两级调解组织已现场勘界，双方就地界达成一致",
                     "已组织双方协商，依据承包合同明确了地界"),
    "business-licence": ("已向您说明营业执照办理流程，可通过政务服务网全程网上办理",
                         "已核查审核进度，注销登记已于{reply_date}办结"),
    "food-safety": ("执法人员已到现场检查，对商家责令整改并立案调查",
                    "已对该超市过期食品予以下架，并依法作出处理"),
    "consumer-rights": ("已组织商家与您协商，商家同意退款",
                        "已将预付卡商家关店线索移交执法大队调查，并告知了维权途径"),
    "pricing": ("已责令商家规范明码标价，并对价格违法行为立案调查",
                "已督促停车场公示收费依据和标准，超标部分予以退还"),
    "interpretation": ("已安排懂{lang}的志愿者与您联系，并陪同办理了相关事项",
                       "工作人员已用{lang}为您讲解了相关政策"),
    "mandarin-course": ("已为您报名{street}国家通用语言夜校，开课时间将电话通知",
                        "已将增设周末班的建议转交培训站，下月起增开周六班"),
    "form-help": ("工作人员已协助您填写并提交了相关材料",
                  "网格员已上门帮助您在手机上完成办理"),
    "street-lights": ("维修人员已于{reply_date}更换灯具，路灯已恢复照明",
                      "已排查线路故障并修复，该路段路灯已正常亮灯"),
    "roads": ("已对破损路面进行修补，并设置了警示标志", "已疏通排水口，并纳入汛期重点巡查"),
    "manhole": ("已安排人员第一时间设置警示围挡并补装井盖", "已完成塌陷井盖的更换和加固"),
    "sanitation": ("已督促环卫公司清运垃圾，并加密清运频次", "已清理建筑垃圾，并对倾倒者立案查处"),
    "water-supply": ("供水抢修队已完成管道抢修，供水已恢复", "已对该处水质进行检测，结果符合标准，并冲洗了管道"),
    "power-supply": ("供电抢修人员已到场排除故障，供电已恢复", "已对该片区线路进行检修并更换了老化设备"),
    "gas-leak": ("燃气抢险人员已到场处置，泄漏点已完成封堵", "已关闭阀门并完成管道抢修，现场已安全"),
    "noise": ("已对夜间违规施工的单位责令停工整改", "已与活动组织者沟通，音响音量和时间已按规定调整"),
}

REPLY_FRAMES = (
    "您好！关于您反映的{community}{topic}问题，{unit}工作人员{contact}，{action}。{closing}",
    "您好，您反映的{topic}问题已收悉。经{unit}{contact}，{action}。{closing}",
    "关于您反映的“{topic}”：{unit}{contact}，{action}。{closing}",
)
CONTACTS = (
    "已与您电话联系", "到现场进行了核实", "约您到窗口当面沟通了情况",
    "会同{community}工作人员上门了解了情况", "于{reply_date}到现场查看",
)
CLOSINGS = (
    "如仍有疑问，可拨打12345热线或到{street}一站式服务站咨询。", "感谢您对我们工作的理解和支持。",
    "欢迎继续监督。", "",
)

DECLINE_REASONS = (
    "该事项已进入诉讼程序，依法应通过司法途径解决，已告知诉求人。",
    "诉求内容不完整，多次回拨未能联系到诉求人，无法核实具体地点。",
    "诉求事项不属于本市管辖范围，已告知诉求人向属地部门反映。",
    "诉求与已办结工单内容重复，且无新的事实和理由。",
    "诉求涉及查询他人个人信息，不属于受理范围，已向诉求人解释。",
)

RETURN_REASONS: tuple[tuple[str, str], ...] = (
    ("诉求地址不详，多次联系诉求人未能核实具体位置",
     "《石榴市政务服务便民热线工单办理规范》第十四条：诉求要素不全的工单可退回派单机构补充"),
    ("该事项已由法院立案受理，不宜通过行政途径重复处理",
     "《石榴市政务服务便民热线管理办法》第二十一条：已进入诉讼、仲裁程序的事项退回分类处理"),
    ("该设施产权属于小区业主共有，不属于市政管养范围",
     "《石榴市市政设施管养范围划分办法》第五条：小区红线内设施由产权人负责维护"),
)
MISROUTE_REASON = "该事项不属于本单位职责范围，应由{right}办理"
MISROUTE_BASIS = (
    "《{district}部门权责清单》中该事项的责任单位为{right}",
    "《石榴市政务服务便民热线工单办理规范》第十二条：非本单位职责的工单应在签收时限内退回并说明依据",
)

EXTENSION_REASONS = (
    "需协调{num}个部门联合处置，现场整改工程量较大",
    "需等待房屋安全鉴定机构出具鉴定报告",
    "涉事单位负责人暂未到案，需进一步调查取证",
    "维修需经业主大会表决动用维修基金，程序耗时较长",
    "需待施工队进场施工，预计{num}个工作日完成",
    "诉求人近期不在本地，需另约时间现场核实",
)
EXTENSION_APPROVED = ("同意延期，请按期办结并及时告知诉求人。", "同意，注意跟进进度。", "")
EXTENSION_REFUSED = ("延期理由不充分，请在原时限内办结。", "不同意延期，请加快办理。")

REMIND_NOTES = (
    "该工单即将到期，请抓紧办理。", "请注意办理时限，及时答复诉求人。", "临近办结时限，请加快进度。",
)
SUPERVISE_NOTES = (
    "该工单已超期，请承办单位说明原因并立即办理。", "超期未办结，列入督办，请于一个工作日内反馈。",
    "已超出办理时限，请主要负责人督促落实。",
)

SATISFIED_COMMENTS = (
    "", "", "", "处理很及时，谢谢！", "工作人员态度很好。", "问题已经解决了。", "辛苦了。",
    "比预想的快。", "解释得很清楚。", "谢谢社区的帮忙。",
)
UNSATISFIED_COMMENTS = (
    "问题根本没有解决，只是打了个电话。", "回复都是套话，没有实际行动。", "说好的维修到现在也没人来。",
    "处理太慢了。", "对处理结果不满意，希望重新办理。", "没有人到现场看过。",
)
CLOSE_ESCALATED = (
    "经督办核查，承办单位已按政策答复到位，诉求人要求超出政策范围，予以办结。",
    "已组织承办单位与诉求人当面沟通，问题已解决，予以办结。",
    "经联席会议研究，已明确处理意见并告知诉求人，予以办结。",
)
REDISPATCH_NOTES = (
    "督办后重新交办，请限期办结并当面答复诉求人。", "经督办研究，重新交办，请主要负责人牵头办理。",
)
CLOSE_UNRATED = ("回访三次均未接通，按规定予以办结。", "诉求人表示无需回访，予以办结。")

# --- Pools -----------------------------------------------------------------------------------------

SURNAMES = (
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任",
)
GIVEN_NAMES = (
    "建国", "秀英", "桂兰", "志强", "海燕", "伟", "芳", "敏", "静", "丽", "强", "磊", "军", "洋",
    "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "玉兰", "淑珍", "文博",
    "思雨", "子涵", "浩然", "欣怡", "宇航", "雨桐", "佳琪", "俊杰", "梓萱", "一鸣", "晓东", "春梅",
    "国华", "永福", "红梅", "德明", "小燕", "金花", "长青", "海涛", "建华", "丽娟",
)
PHONE_PREFIXES = ("138", "139", "150", "158", "186", "177", "135", "189")

POOLS: dict[str, tuple[str, ...]] = {
    "since": ("从上个月开始", "最近一周", "这几天", "从{recent_date}开始", "今年以来", "从上周起",
              "前段时间", "这半个月", "入冬以来", "最近"),
    "duration": ("三天", "一个星期", "半个多月", "两个多月", "好几天", "十来天", "快一个月"),
    "months": ("两个月", "三个月", "四个多月", "半年"),
    "who": ("我", "我家老人", "我父亲", "我母亲", "我爱人", "我们家", "我岳母", "我婆婆"),
    "kid": ("孩子", "女儿", "儿子", "小孩"),
    "grade": ("一年级", "二年级", "三年级", "四年级", "初一", "初二"),
    "prev_job": ("之前在工地上干活", "原来在餐馆当服务员", "以前开货车", "刚从厂里辞职",
                 "之前在超市做收银", "原来做快递分拣"),
    "skill": ("开车", "做饭", "电焊", "缝纫", "电脑操作", "做家政"),
    "job": ("保洁", "保安", "厨师", "服务员", "快递员", "仓库管理", "家政服务", "电工", "收银员"),
    "job2": ("钢筋工", "木工", "小工", "泥水工", "架子工"),
    "company_kind": ("保安公司", "家政公司", "餐饮公司", "物流公司", "中介机构"),
    "company": ("{road}的一家装修公司", "一家物流公司", "某建筑劳务公司", "{road}的一家餐饮店",
                "一家电子厂", "一家保洁公司"),
    "course": ("国家通用语言", "中式烹调师", "育婴员", "电工", "电子商务", "养老护理员", "汽车维修"),
    "shop": ("早餐店", "理发店", "小超市", "水果店", "奶茶店", "五金店", "快递驿站", "面馆"),
    "restaurant": ("火锅店", "烧烤店", "面馆", "快餐店", "串串店", "小吃店"),
    "food": ("牛奶", "面包", "火腿肠", "饮料", "速冻饺子"),
    "gym": ("健身房", "美容院", "游泳馆", "少儿培训机构", "洗车店"),
    "product": ("电饭煲", "电动车电池", "手机", "热水器", "洗衣机"),
    "school": ("榴花小学", "同心实验小学", "和睦路小学", "新桥中学", "石桥镇中心小学",
               "望江初级中学", "安宁小学", "锦绣实验学校"),
    "kindergarten": ("小区里的幼儿园", "{community}附近的一家民办幼儿园", "锦绣幼儿园", "石榴籽幼儿园"),
    "hospital": ("石榴市第一人民医院", "同心区人民医院", "和睦区人民医院", "新桥区人民医院",
                 "{community}卫生服务中心"),
    "illness": ("胃炎", "颈椎病", "普通感冒", "关节炎"),
    "floor_rel": ("楼上", "楼下", "对门", "隔壁"),
    "night_time": ("晚上十一点以后", "凌晨一两点", "半夜十二点多", "早上六点不到"),
    "noise_act": ("拖动家具", "大声放音乐", "打麻将", "剁东西", "跳绳"),
    "stuff": ("纸箱", "旧家具", "电动车", "废品"),
    "pipe": ("水管", "天花板", "墙面", "电线"),
    "late_hour": ("晚上十点", "晚上十点半", "十一点", "半夜"),
    "group": ("一组", "二组", "三组", "五组"),
    "service": ("居住证", "社保卡", "医保参保", "残疾证", "高龄补贴", "营业执照"),
    "segment": ("靠近十字路口那段", "中段", "东头", "西口", "桥头附近", "公交站附近", ""),
    "today_time": ("今天早上七点", "今天凌晨", "中午十二点左右", "昨天晚上", "上午十点多"),
    "resident": ("一位老人", "一名租户", "居民", "一位大姐", "一位商户"),
    "helper": ("社区工作人员", "网格员", "站点志愿者", "民族之家志愿者"),
    "lang_any": ("维吾尔语", "藏语", "英语", "彝语", "粤语"),
}

LANGUAGE_NAMES = {"ug": "维吾尔语", "bo": "藏语", "en": "英语"}

SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Place:
    district: str
    street: str
    community: str
    estates: tuple[str, ...]
    roads: tuple[str, ...]


class Writer:
    """Fills templates for one request: its place, its language and the day it is written."""

    def __init__(self, rng: random.Random, place: Place, language: str, when: datetime) -> None:
        self.rng = rng
        self.place = place
        self.language = language
        self.when = when
        # Within one text the same estate and road are meant, as a person would write.
        self._fixed: dict[str, str] = {}

    def pick(self, items: Sequence[str]) -> str:
        return self.fill(self.rng.choice(items))

    def fill(self, template: str) -> str:
        def value(match: re.Match[str]) -> str:
            return self.slot(match.group(1))

        # Slots may yield other slots ("{road}的一家装修公司"); two passes settle them.
        return SLOT.sub(value, SLOT.sub(value, template))

    def slot(self, name: str) -> str:
        rng = self.rng
        place = self.place
        if name in {"estate", "road"}:
            if name not in self._fixed:
                pool = place.estates if name == "estate" else place.roads
                self._fixed[name] = rng.choice(pool)
            return self._fixed[name]
        simple = {
            "district": place.district,
            "street": place.street,
            "community": place.community,
        }
        if name in simple:
            return simple[name]
        if name in POOLS:
            return rng.choice(POOLS[name])
        if name == "addr":
            return self.address(short=True)
        if name == "bldg":
            return str(rng.randint(1, 24))
        if name == "lang":
            return LANGUAGE_NAMES.get(self.language) or rng.choice(POOLS["lang_any"])
        if name == "age":
            return str(rng.randint(19, 57))
        if name == "elder_age":
            return str(rng.randint(70, 93))
        if name == "child_age":
            return str(rng.randint(6, 13))
        if name == "money":
            return f"{rng.randint(3, 60) * 100}元"
        if name == "money_big":
            return f"{rng.randint(5, 160) * 500}元"
        if name in {"num", "num2"}:
            # "停在{num}楼和{num2}楼之间": the second is the floor above the first.
            first = int(self._fixed.setdefault("num", str(rng.randint(2, 9))))
            return str(first if name == "num" else first + 1)
        if name == "num3":
            return str(rng.randint(1, 4))
        if name == "hours":
            return str(rng.randint(2, 5))
        if name == "recent_date":
            day = self.when - timedelta(days=rng.randint(3, 40))
            return f"{day.month}月{day.day}日"
        if name == "reply_date":
            return f"{self.when.month}月{self.when.day}日"
        raise KeyError(f"unknown slot {{{name}}}")

    def address(self, *, short: bool = False) -> str:
        """A street address in the place: estate, building, unit, sometimes the flat."""
        rng = self.rng
        estate = self.slot("estate")
        building = f"{estate}{rng.randint(1, 24)}栋{rng.randint(1, 4)}单元"
        if rng.random() < 0.5:
            building += f"{rng.randint(1, 18)}0{rng.randint(1, 6)}"
        if short:
            return building
        road = self.slot("road")
        return f"{self.place.district}{self.place.street}{road}{rng.randint(1, 300)}号{building}"


def description(writer: Writer, *, sub_code: str, channel: str) -> tuple[str, str]:
    """(text, request type) of one resident's request."""
    rng = writer.rng
    types, template = rng.choice(PROBLEMS[sub_code])
    request_type = TYPE_LETTERS[rng.choice(types)]
    parts = [writer.pick(OPENINGS[channel]), writer.fill(template)]
    if request_type in {"help", "complaint", "report"} and rng.random() < 0.4:
        parts.append(rng.choice(IMPACTS))
    parts.append(writer.pick(ASKS[request_type]))
    if writer.language in LANGUAGE_NOTES:
        parts.append(writer.pick(LANGUAGE_NOTES[writer.language]))
    return "".join(parts), request_type


def reply(writer: Writer, *, top_code: str, sub_code: str, topic: str, unit: str) -> str:
    frame = writer.rng.choice(REPLY_FRAMES)
    text = frame.replace("{topic}", topic).replace("{unit}", unit)
    text = text.replace("{contact}", writer.pick(CONTACTS))
    actions = SUB_REPLY_ACTIONS.get(sub_code) or REPLY_ACTIONS[top_code]
    text = text.replace("{action}", writer.pick(actions))
    text = text.replace("{closing}", writer.pick(CLOSINGS))
    return writer.fill(text).strip()


def person(rng: random.Random, language: str) -> str:
    surname = rng.choice(SURNAMES)
    if language != "zh-hans" or rng.random() < 0.35:
        return surname + rng.choice(("先生", "女士"))
    return surname + rng.choice(GIVEN_NAMES)


def phone(rng: random.Random) -> str:
    """A plainly fake mobile number: 138-0000-xxxx style."""
    return f"{rng.choice(PHONE_PREFIXES)}0000{rng.randint(0, 9999):04d}"
