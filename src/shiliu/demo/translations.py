"""The demo city's content in every language: names of units, departments, categories and service
points, the services they offer and their opening hours.

Each entry maps the Simplified Chinese text (the default language, in `catalogue.py`) to
(zh-hant, en, ug, bo). Traditional Chinese was generated once with OpenCC `s2tw` (as the interface
catalogue is) and is stored here; English, Uyghur and Tibetan were written by a developer who reads
them, not a native speaker, and await native-speaker review (`locale/demo_content.review.tsv`).
Place names are transliterated; composite names (a department of a district, a grid of a
community, a station of a street) are built from templates, so one reviewed word fixes them all.
"""

from __future__ import annotations

LANGUAGES = ("zh-hant", "en", "ug", "bo")
Row = tuple[str, str, str, str]

# Short place names (the part before 区 / 街道 / 镇 / 社区 / 村 / 市), transliterated.
PLACES: dict[str, Row] = {
    "石榴": ("石榴", "Shiliu", "شىلىيۇ", "ཧྲི་ལིའུ"),
    "同心": ("同心", "Tongxin", "تۇڭشىن", "ཐུང་ཤིན"),
    "和睦": ("和睦", "Hemu", "خېمۇ", "ཧོ་མུ"),
    "新桥": ("新橋", "Xinqiao", "شىنچياۋ", "ཤིན་ཆའོ"),
    "榴花": ("榴花", "Liuhua", "لىيۇخۇا", "ལིའུ་ཧྭ"),
    "团结": ("團結", "Tuanjie", "تۇەنجيې", "ཐོན་ཅེ"),
    "锦绣": ("錦繡", "Jinxiu", "جىنشيۇ", "ཅིན་ཤིའུ"),
    "安宁": ("安寧", "Anning", "ئەنىڭ", "ཨན་ནིང"),
    "望江": ("望江", "Wangjiang", "ۋاڭجياڭ", "ཝང་ཅང"),
    "石桥": ("石橋", "Shiqiao", "شىچياۋ", "ཧྲི་ཆའོ"),
    "榴园": ("榴園", "Liuyuan", "لىيۇيۈەن", "ལིའུ་ཡོན"),
    "花溪": ("花溪", "Huaxi", "خۇاشى", "ཧྭ་ཤི"),
    "和平": ("和平", "Heping", "خېپىڭ", "ཧོ་ཕིང"),
    "友谊": ("友誼", "Youyi", "يۇيى", "ཡོའུ་ཡི"),
    "锦苑": ("錦苑", "Jinyuan", "جىنيۈەن", "ཅིན་ཡོན"),
    "绣水": ("繡水", "Xiushui", "شيۇشۇي", "ཤིའུ་ཧྲུའི"),
    "安居": ("安居", "Anju", "ئەنجۈ", "ཨན་ཅུ"),
    "宁康": ("寧康", "Ningkang", "نىڭكاڭ", "ནིང་ཁང"),
    "江畔": ("江畔", "Jiangpan", "جياڭپەن", "ཅང་ཕན"),
    "望月": ("望月", "Wangyue", "ۋاڭيۆ", "ཝང་ཡེ"),
    "青禾": ("青禾", "Qinghe", "چىڭخې", "ཆིང་ཧོ"),
}

# Kinds of place: the Chinese suffix and how each language names a place of that kind.
PLACE_KINDS: dict[str, Row] = {
    "市": ("{short}市", "{short} City", "{short} شەھىرى", "{short}་གྲོང་ཁྱེར"),
    "区": ("{short}區", "{short} District", "{short} رايونى", "{short}་ཆུས"),
    "街道": ("{short}街道", "{short} Street", "{short} كوچىسى", "{short}་ཁྲོམ་ལམ"),
    "镇": ("{short}鎮", "{short} Town", "{short} بازىرى", "{short}་གྲོང་རྡལ"),
    "社区": ("{short}社區", "{short} Community", "{short} مەھەللىسى", "{short}་སྡོད་ཁུལ"),
    "村": ("{short}村", "{short} Village", "{short} كەنتى", "{short}་གྲོང་ཚོ"),
}

# A grid of a community: "{short}第{n}网格" in Chinese (n in Chinese numerals).
GRID: Row = ("{short}第{n}網格", "{short} Grid {n}", "{short} {n}-تور بۆلىكى", "{short}་དྲ་མིག་ཨང་{n}")
# A department of a district.
DEPARTMENT_OF: Row = (
    "{district}{department}",
    "{district} {department}",
    "{district} {department}",
    "{district}་{department}",
)

DEPARTMENTS: dict[str, Row] = {
    "住建局": ("住建局", "Housing and Construction Bureau", "تۇرالغۇ ۋە قۇرۇلۇش ئىدارىسى", "སྡོད་ཁང་དང་འཛུགས་སྐྲུན་ཅུས"),
    "人社局": (
        "人社局",
        "Human Resources and Social Security Bureau",
        "ئادەم كۈچى بايلىقى ۋە ئىجتىمائىي كاپالەت ئىدارىسى",
        "མི་ཤུགས་ཐོན་ཁུངས་དང་སྤྱི་ཚོགས་འགན་སྲུང་ཅུས",
    ),
    "教育局": ("教育局", "Education Bureau", "مائارىپ ئىدارىسى", "སློབ་གསོ་ཅུས"),
    "卫健局": ("衛健局", "Health Commission", "سەھىيە كومىتېتى", "འཕྲོད་བསྟེན་ཨུ་ཡོན་ལྷན་ཁང"),
    "医保局": ("醫保局", "Medical Insurance Bureau", "داۋالىنىش سۇغۇرتىسى ئىدارىسى", "སྨན་བཅོས་འགན་ལེན་ཅུས"),
    "民政局": ("民政局", "Civil Affairs Bureau", "خەلق ئىشلىرى ئىدارىسى", "དམངས་སྲིད་ཅུས"),
    "司法局": ("司法局", "Justice Bureau", "ئەدلىيە ئىدارىسى", "ཁྲིམས་ལུགས་ཅུས"),
    "城管局": ("城管局", "Urban Management Bureau", "شەھەر باشقۇرۇش ئىدارىسى", "གྲོང་ཁྱེར་དོ་དམ་ཅུས"),
    "市场监管局": ("市場監管局", "Market Regulation Bureau", "بازار نازارەت-باشقۇرۇش ئىدارىسى", "ཁྲོམ་ར་ལྟ་ཞིབ་དོ་དམ་ཅུས"),
    "水务局": ("水務局", "Water Bureau", "سۇ ئىشلىرى ئىدارىسى", "ཆུ་དོན་ཅུས"),
    "供电服务中心": (
        "供電服務中心",
        "Power Supply Service Centre",
        "توك تەمىنلەش مۇلازىمەت مەركىزى",
        "གློག་མཁོ་སྤྲོད་ཞབས་ཞུ་ལྟེ་གནས",
    ),
}

CATEGORIES: dict[str, Row] = {
    "就业创业": ("就業創業", "Jobs and starting a business", "خىزمەت ۋە كەسىپ ئاچىش", "ལས་ཞུགས་དང་ལས་གཉེར"),
    "求职就业": ("求職就業", "Finding a job", "خىزمەت ئىزدەش", "ལས་ཀ་འཚོལ་བ"),
    "拖欠工资": ("拖欠工資", "Unpaid wages", "ئىش ھەققى كېچىكتۈرۈلۈش", "གླ་ཕོགས་འགྱངས་པ"),
    "职业技能培训": ("職業技能培訓", "Vocational training", "كەسپىي ماھارەت تەربىيەسى", "ལས་རིགས་ལག་རྩལ་སློང་སྦྱོང"),
    "社保办理": ("社保辦理", "Social insurance", "ئىجتىمائىي سۇغۇرتا بېجىرىش", "སྤྱི་ཚོགས་འགན་ལེན"),
    "创业扶持": ("創業扶持", "Start-up support", "كەسىپ ئاچىشقا ياردەم", "ལས་གཉེར་རྒྱབ་སྐྱོར"),
    "教育入学": ("教育入學", "Schooling", "مائارىپ ۋە مەكتەپكە كىرىش", "སློབ་གསོ་དང་སློབ་འཛུལ"),
    "入学报名": ("入學報名", "School enrolment", "مەكتەپكە تىزىملىتىش", "སློབ་འཛུལ་མིང་ཐོ"),
    "转学插班": ("轉學插班", "Changing schools", "مەكتەپ يۆتكەش", "སློབ་གྲྭ་སྤོ་བ"),
    "学前教育": ("學前教育", "Preschool", "مەكتەپ يېشىغىچە بولغان مائارىپ", "སློབ་འཛུལ་སྔོན་གྱི་སློབ་གསོ"),
    "校园周边": ("校園周邊", "Around schools", "مەكتەپ ئەتراپى", "སློབ་གྲྭའི་མཐའ་འཁོར"),
    "教育收费": ("教育收費", "School fees", "مائارىپ ھەققى", "སློབ་གསོའི་གླ་ཆ"),
    "住房租赁": ("住房租賃", "Housing and renting", "تۇرالغۇ ۋە ئىجارە", "སྡོད་ཁང་དང་གླ་ཁང"),
    "租房纠纷": ("租房糾紛", "Rental disputes", "ئۆي ئىجارە ماجىراسى", "ཁང་གླའི་རྩོད་གཞི"),
    "物业服务": ("物業服務", "Property management", "مۈلۈك مۇلازىمىتى", "ཁང་ཁྱིམ་ཞབས་ཞུ"),
    "房屋维修": ("房屋維修", "Home repairs", "ئۆي رېمونتى", "ཁང་པ་ཉམས་གསོ"),
    "公租房申请": ("公租房申請", "Public rental housing", "ئاممىۋى ئىجارە ئۆي ئىلتىماسى", "སྤྱི་པའི་གླ་ཁང་རེ་ཞུ"),
    "房屋安全": ("房屋安全", "Building safety", "ئۆي بىخەتەرلىكى", "ཁང་པའི་བདེ་འཇགས"),
    "电梯困人": ("電梯困人", "Trapped in a lift", "لىفتتا قاپسىلىپ قېلىش", "གློག་སྐས་ནང་མི་བཀག་པ"),
    "社会救助": ("社會救助", "Social assistance", "ئىجتىمائىي قۇتقۇزۇش", "སྤྱི་ཚོགས་སྐྱབས་སྐྱོར"),
    "低保申请": (
        "低保申請",
        "Minimum living allowance",
        "ئەڭ تۆۋەن تۇرمۇش كاپالىتى ئىلتىماسى",
        "འཚོ་བའི་དམའ་མཐའི་འགན་ལེན་རེ་ཞུ",
    ),
    "临时救助": ("臨時救助", "Emergency relief", "ۋاقىتلىق قۇتقۇزۇش", "གནས་སྐབས་སྐྱབས་སྐྱོར"),
    "养老服务": ("養老服務", "Care for older people", "ياشانغانلار مۇلازىمىتى", "རྒན་གསོ་ཞབས་ཞུ"),
    "残疾人帮扶": ("殘疾人幫扶", "Support for disabled people", "مېيىپلارغا ياردەم", "དབང་པོ་སྐྱོན་ཅན་ལ་རོགས་རམ"),
    "儿童关爱": ("兒童關愛", "Care for children", "بالىلارغا كۆڭۈل بۆلۈش", "བྱིས་པར་བྱམས་བརྩེ"),
    "医疗卫生": ("醫療衛生", "Health and medical care", "داۋالاش ۋە سەھىيە", "སྨན་བཅོས་འཕྲོད་བསྟེན"),
    "就医服务": ("就醫服務", "Seeing a doctor", "دوختۇرغا كۆرۈنۈش", "ནད་བཅོས་ཞབས་ཞུ"),
    "医保报销": ("醫保報銷", "Medical insurance claims", "داۋالىنىش سۇغۇرتىسى چىقىمى", "སྨན་བཅོས་འགན་ལེན་འགྲོ་གྲོན་སླར་སྤྲོད"),
    "预防接种": ("預防接種", "Vaccination", "ۋاكسىنا ئەملەش", "སྔོན་འགོག་ཁབ་རྒྱག"),
    "诊所药店": ("診所藥店", "Clinics and pharmacies", "كلىنىكا ۋە دورىخانا", "སྨན་ཁང་ཆུང་བ་དང་སྨན་ཚོང་ཁང"),
    "医疗纠纷": ("醫療糾紛", "Medical disputes", "داۋالاش ماجىراسى", "སྨན་བཅོས་རྩོད་གཞི"),
    "法律援助": ("法律援助", "Legal aid", "قانۇن ياردىمى", "ཁྲིམས་ལུགས་རོགས་རམ"),
    "法律咨询": ("法律諮詢", "Legal advice", "قانۇن مەسلىھەتى", "ཁྲིམས་ལུགས་བློ་འདྲི"),
    "法律援助申请": ("法律援助申請", "Applying for legal aid", "قانۇن ياردىمى ئىلتىماسى", "ཁྲིམས་ལུགས་རོགས་རམ་རེ་ཞུ"),
    "公证证明": ("公證證明", "Notarisation", "نوتارىيال ئىسپات", "དཔང་ཡིག་ར་སྤྲོད"),
    "矛盾纠纷": ("矛盾糾紛", "Disputes", "زىددىيەت ۋە ماجىرا", "འགལ་ཟླ་དང་རྩོད་གཞི"),
    "邻里纠纷": ("鄰里糾紛", "Disputes between neighbours", "قوشنىلار ماجىراسى", "ཁྱིམ་མཚེས་བར་གྱི་རྩོད་གཞི"),
    "婚姻家庭纠纷": (
        "婚姻家庭糾紛",
        "Marriage and family disputes",
        "نىكاھ ۋە ئائىلە ماجىراسى",
        "གཉེན་སྒྲིག་དང་ཁྱིམ་ཚང་གི་རྩོད་གཞི",
    ),
    "劳动争议": ("勞動爭議", "Labour disputes", "ئەمگەك ماجىراسى", "ལས་ཀའི་རྩོད་གཞི"),
    "土地宅基地纠纷": (
        "土地宅基地糾紛",
        "Land and homestead disputes",
        "يەر ۋە ئۆي جايى ماجىراسى",
        "ས་ཞིང་དང་ཁང་གཞིའི་རྩོད་གཞི",
    ),
    "营商证照": ("營商證照", "Business and licences", "سودا ۋە كىنىشكا", "ཚོང་ལས་དང་ལག་ཁྱེར"),
    "证照办理": ("證照辦理", "Getting a licence", "كىنىشكا بېجىرىش", "ལག་ཁྱེར་སྒྲུབ་པ"),
    "食品安全": ("食品安全", "Food safety", "يېمەكلىك بىخەتەرلىكى", "ཟས་རིགས་བདེ་འཇགས"),
    "消费维权": ("消費維權", "Consumer rights", "ئىستېمالچىلار ھوقۇقى", "ཉོ་མཁན་གྱི་ཐོབ་ཐང་སྲུང་སྐྱོབ"),
    "价格收费": ("價格收費", "Prices and charges", "باھا ۋە ھەق ئېلىش", "རིན་གོང་དང་གླ་ཆ"),
    "语言帮助": ("語言幫助", "Language help", "تىل ياردىمى", "སྐད་ཡིག་རོགས་རམ"),
    "翻译协助": ("翻譯協助", "Interpreting", "تەرجىمە ياردىمى", "ཡིག་སྒྱུར་རོགས་རམ"),
    "国家通用语言学习": (
        "國家通用語言學習",
        "Learning the national common language",
        "دۆلەت ئورتاق تىلىنى ئۆگىنىش",
        "རྒྱལ་ཁབ་སྤྱི་སྤྱོད་སྐད་ཡིག་སློབ་སྦྱོང",
    ),
    "办事材料协助": ("辦事材料協助", "Help with forms", "ماتېرىيال تولدۇرۇشقا ياردەم", "ཡིག་ཆ་འབྲི་བར་རོགས་རམ"),
    "公共设施": ("公共設施", "Public facilities", "ئاممىۋى ئەسلىھە", "སྤྱི་པའི་སྒྲིག་ཆས"),
    "路灯照明": ("路燈照明", "Street lights", "يول چىرىغى", "ལམ་སྒྲོན"),
    "道路设施": ("道路設施", "Roads", "يول ئەسلىھەسى", "ལམ་གྱི་སྒྲིག་ཆས"),
    "井盖缺失": ("井蓋缺失", "Missing manhole cover", "قۇدۇق قاپقىقى يوق", "ཁྲོན་ཁའི་ཁ་ཁེབས་མེད་པ"),
    "环境卫生": ("環境衛生", "Cleanliness and rubbish", "مۇھىت تازىلىقى", "ཁོར་ཡུག་གཙང་སྦྲ"),
    "供水": ("供水", "Water supply", "سۇ تەمىنلەش", "ཆུ་མཁོ་སྤྲོད"),
    "供电": ("供電", "Power supply", "توك تەمىنلەش", "གློག་མཁོ་སྤྲོད"),
    "燃气泄漏": ("燃氣洩漏", "Gas leak", "تەبىئىي گاز ئېقىش", "རླངས་རྫས་འཛག་པ"),
    "噪声扰民": ("噪聲擾民", "Noise", "شاۋقۇن", "སྒྲ་གདའ"),
    "其他": ("其他", "Other", "باشقا", "གཞན"),
    "意见建议": ("意見建議", "Suggestions", "پىكىر-تەكلىپ", "བསམ་འཆར་དང་གྲོས་འགོ"),
    "其他事项": ("其他事項", "Other matters", "باشقا ئىشلار", "དོན་གཞན"),
}

# Service points: names ("{district}", "{street}", "{community}" are filled in), services, hours.
POINT_NAMES: dict[str, Row] = {
    "{district}义务教育入学服务点": (
        "{district}義務教育入學服務點",
        "{district} School Enrolment Office",
        "{district} مەجبۇرىيەت مائارىپى مەكتەپكە قوبۇل قىلىش ئورنى",
        "{district}་ཁྲིམས་ལྡན་སློབ་གསོའི་སློབ་འཛུལ་ཞབས་ཞུ་ས་ཚིགས",
    ),
    "{street}社区卫生服务中心": (
        "{street}社區衛生服務中心",
        "{street} Community Health Centre",
        "{street} مەھەللە سەھىيە مۇلازىمەت مەركىزى",
        "{street}་སྡོད་ཁུལ་འཕྲོད་བསྟེན་ཞབས་ཞུ་ལྟེ་གནས",
    ),
    "{street}一站式服务站": (
        "{street}一站式服務站",
        "{street} One-Stop Service Station",
        "{street} بىر توختاملىق مۇلازىمەت پونكىتى",
        "{street}་གཅིག་སྒྲིལ་ཞབས་ཞུ་ས་ཚིགས",
    ),
    "{street}解忧超市": (
        "{street}解憂超市",
        "{street} Worry-Free Counter",
        "{street} غەم تارقىتىش پونكىتى",
        "{street}་སེམས་ཁྲལ་སེལ་བའི་ས་ཚིགས",
    ),
    "{community}民族之家": (
        "{community}民族之家",
        "{community} Community Home",
        "{community} مىللەتلەر ئۆيى",
        "{community}་མི་རིགས་ཁྱིམ་ཚང",
    ),
    "{district}法律援助中心": (
        "{district}法律援助中心",
        "{district} Legal Aid Centre",
        "{district} قانۇن ياردەم مەركىزى",
        "{district}་ཁྲིམས་ལུགས་རོགས་རམ་ལྟེ་གནས",
    ),
    "{district}人民医院（就医绿色通道）": (
        "{district}人民醫院（就醫綠色通道）",
        "{district} People's Hospital (priority channel)",
        "{district} خەلق دوختۇرخانىسى (يېشىل يول)",
        "{district}་མི་དམངས་སྨན་ཁང (ནད་བཅོས་ལྗང་ལམ)",
    ),
    "{district}职业技能培训站": (
        "{district}職業技能培訓站",
        "{district} Vocational Training Station",
        "{district} كەسپىي ماھارەت تەربىيەلەش پونكىتى",
        "{district}་ལས་རིགས་ལག་རྩལ་སློང་སྦྱོང་ས་ཚིགས",
    ),
    "{district}文化馆": (
        "{district}文化館",
        "{district} Cultural Centre",
        "{district} مەدەنىيەت سارىيى",
        "{district}་རིག་གནས་ཁང",
    ),
    "石榴市第一人民医院（就医绿色通道）": (
        "石榴市第一人民醫院（就醫綠色通道）",
        "Shiliu City First People's Hospital (priority channel)",
        "شىلىيۇ شەھىرى 1-خەلق دوختۇرخانىسى (يېشىل يول)",
        "ཧྲི་ལིའུ་གྲོང་ཁྱེར་མི་དམངས་སྨན་ཁང་ཨང་དང་པོ (ནད་བཅོས་ལྗང་ལམ)",
    ),
    "石榴市职业技能实训基地": (
        "石榴市職業技能實訓基地",
        "Shiliu City Vocational Training Base",
        "شىلىيۇ شەھىرى كەسپىي ماھارەت مەشىق بازىسى",
        "ཧྲི་ལིའུ་གྲོང་ཁྱེར་ལས་རིགས་ལག་རྩལ་སྦྱོང་བརྡར་རྨང་གཞི",
    ),
    "石榴创业街": ("石榴創業街", "Shiliu Start-up Street", "شىلىيۇ كەسىپ ئاچىش كوچىسى", "ཧྲི་ལིའུ་ལས་གཉེར་ཁྲོམ་ལམ"),
    "新桥青年创业园": (
        "新橋青年創業園",
        "Xinqiao Youth Start-up Park",
        "شىنچياۋ ياشلار كەسىپ ئاچىش باغچىسى",
        "ཤིན་ཆའོ་གཞོན་ནུ་ལས་གཉེར་ལྟེ་གནས",
    ),
    "石榴市图书馆": ("石榴市圖書館", "Shiliu City Library", "شىلىيۇ شەھەرلىك كۈتۈپخانا", "ཧྲི་ལིའུ་གྲོང་ཁྱེར་དཔེ་མཛོད་ཁང"),
}

SERVICES: dict[str, Row] = {
    "随迁子女入学咨询、学位申请、转学手续": (
        "隨遷子女入學諮詢、學位申請、轉學手續",
        "School places for children who moved with their parents: advice, applications, transfers",
        "ئاتا-ئانىسى بىلەن كۆچۈپ كەلگەن بالىلارنىڭ مەكتەپكە كىرىش مەسلىھەتى، ئورۇن ئىلتىماسى، "
        "مەكتەپ يۆتكەش رەسمىيىتى",
        "ཕ་མ་དང་མཉམ་དུ་གནས་སྤོས་པའི་བྱིས་པའི་སློབ་འཛུལ་བློ་འདྲི། སློབ་གོ་ཞུ་འབོད། སློབ་གྲྭ་སྤོ་བའི་ལག་ལེན",
    ),
    "家庭医生签约、预防接种、孕产妇和儿童保健、慢病随访": (
        "家庭醫生簽約、預防接種、孕產婦和兒童保健、慢病隨訪",
        "Family doctor sign-up, vaccinations, mother and child health care, follow-up of chronic illness",
        "ئائىلە دوختۇرى بىلەن توختام تۈزۈش، ئالدىن ئەملەش، ھامىلدار ئاياللار ۋە بالىلار ساغلاملىقى، "
        "سوزۇلما كېسەللىكلەرنى ئىز قوغلاش",
        "ཁྱིམ་ཚང་སྨན་པ་དང་གན་རྒྱ། ནད་སྔོན་འགོག་ཁབ། མངལ་ལྡན་དང་བྱིས་པའི་འཕྲོད་བསྟེན། ནད་ཡུན་རིང་གི་རྗེས་འདེད",
    ),
    "社保医保办理、居住登记、就业登记、法律咨询、翻译协助、诉求代办": (
        "社保醫保辦理、居住登記、就業登記、法律諮詢、翻譯協助、訴求代辦",
        "Social and medical insurance, residence registration, job registration, legal "
        "advice, interpreting, requests filed on your behalf",
        "ئىجتىمائىي ۋە داۋالىنىش سۇغۇرتىسى، تۇرالغۇ تىزىملىتىش، خىزمەت تىزىملىتىش، قانۇن "
        "مەسلىھەتى، تەرجىمە ياردىمى، تەلەپنى ۋاكالىتەن بېجىرىش",
        "སྤྱི་ཚོགས་དང་སྨན་བཅོས་འགན་ལེན། སྡོད་གནས་ཐོ་འགོད། ལས་ཞུགས་ཐོ་"
        "འགོད། ཁྲིམས་ལུགས་བློ་འདྲི། ཡིག་སྒྱུར་རོགས་རམ། ཞུ་གཏུག་ཚབ་སྒྲ"
        "ུབ།",
    ),
    "急难救助登记、矛盾调解、心理疏导、政策咨询": (
        "急難救助登記、矛盾調解、心理疏導、政策諮詢",
        "Emergency relief registration, mediation, counselling, policy advice",
        "جىددىي قۇتقۇزۇش تىزىملىتىش، ماجىرا ياراشتۇرۇش، پىسخىك مەسلىھەت، سىياسەت مەسلىھەتى",
        "ཛ་དྲག་སྐྱབས་སྐྱོར་ཐོ་འགོད། རྩོད་གཞི་བར་འདུམ། སེམས་ཁམས་བློ་སྟོབས། སྲིད་ཇུས་བློ་འདྲི།",
    ),
    "国家通用语言夜校、政策宣讲、文化活动、就业信息、翻译志愿服务": (
        "國家通用語言夜校、政策宣講、文化活動、就業信息、翻譯志願服務",
        "Evening classes in the national common language, policy talks, cultural events, "
        "job information, volunteer interpreters",
        "دۆلەت ئورتاق تىلى كەچلىك مەكتىپى، سىياسەت تەشۋىقاتى، مەدەنىيەت پائالىيىتى، خىزمەت ئۇچۇرى، پىدائىي تەرجىمانلار",
        "རྒྱལ་ཁབ་སྤྱི་སྤྱོད་སྐད་ཡིག་དགོང་སློབ། སྲིད་ཇུས་གསལ་བཤད། རིག་"
        "གནས་བྱ་འགུལ། ལས་ཞུགས་ཆ་འཕྲིན། དང་བླངས་ཡིག་སྒྱུར་ཞབས་ཞུ།",
    ),
    "法律咨询、法律援助申请、人民调解、公证指引": (
        "法律諮詢、法律援助申請、人民調解、公證指引",
        "Legal advice, legal aid applications, people's mediation, notary guidance",
        "قانۇن مەسلىھەتى، قانۇن ياردىمى ئىلتىماسى، خەلق ياراشتۇرۇشى، نوتارىيال يېتەكچىلىكى",
        "ཁྲིམས་ལུགས་བློ་འདྲི། ཁྲིམས་ལུགས་རོགས་རམ་རེ་ཞུ། མི་དམངས་བར་འདུམ། དཔང་ཡིག་མཛུབ་སྟོན།",
    ),
    "绿色通道挂号、翻译陪诊、医保即时结算": (
        "綠色通道掛號、翻譯陪診、醫保即時結算",
        "Priority registration, an interpreter at appointments, medical insurance settled on the spot",
        "يېشىل يولدا نومۇر ئېلىش، تەرجىمان بىلەن دوختۇرغا كۆرۈنۈش، داۋالىنىش سۇغۇرتىسىنى نەق ھېسابلاش",
        "ལྗང་ལམ་ཐོ་འགོད། ཡིག་སྒྱུར་བ་མཉམ་འགྲོ། སྨན་བཅོས་འགན་ལེན་འཕྲལ་མར་རྩིས་སྒྲིག",
    ),
    "国家通用语言、厨师、家政、电工、育婴员培训": (
        "國家通用語言、廚師、家政、電工、育嬰員培訓",
        "Training in the national common language, cooking, housekeeping, electrical work and childcare",
        "دۆلەت ئورتاق تىلى، ئاشپەزلىك، ئائىلە مۇلازىمىتى، ئېلېكتىرچىلىك، بالا بېقىش تەربىيەسى",
        "རྒྱལ་ཁབ་སྤྱི་སྤྱོད་སྐད་ཡིག མ་བྱེད། ཁྱིམ་ལས། གློག་བཟོ། བྱིས་གསོ་སློང་སྦྱོང་།",
    ),
    "图书阅览、文艺培训、节庆活动": (
        "圖書閱覽、文藝培訓、節慶活動",
        "Reading room, arts classes, festival events",
        "كىتاب ئوقۇش، سەنئەت تەربىيەسى، بايرام پائالىيەتلىرى",
        "དཔེ་ཀློག སྒྱུ་རྩལ་སློང་སྦྱོང་། དུས་ཆེན་བྱ་འགུལ།",
    ),
    "多语种导诊、绿色通道、异地医保结算": (
        "多語種導診、綠色通道、異地醫保結算",
        "Guidance in several languages, priority channel, insurance from other places settled here",
        "كۆپ تىللىق يېتەكچى، يېشىل يول، باشقا جاينىڭ داۋالىنىش سۇغۇرتىسىنى ھېسابلاش",
        "སྐད་རིགས་མང་པོའི་ནད་བཅོས་མཛུབ་སྟོན། ལྗང་ལམ། ས་གནས་གཞན་གྱི་སྨན་བཅོས་འགན་ལེན་རྩིས་སྒྲིག",
    ),
    "一基地多站点：国家通用语言主修课，烹饪、电商、汽修等选修课": (
        "一基地多站點：國家通用語言主修課，烹飪、電商、汽修等選修課",
        "One base, many sites: a core course in the national common language; electives in "
        "cooking, e-commerce, car repair and more",
        "بىر بازا، كۆپ پونكىت: دۆلەت ئورتاق تىلى ئاساسلىق دەرس؛ ئاشپەزلىك، تور سودىسى، "
        "ماشىنا رېمونتى قاتارلىق تاللانما دەرسلەر",
        "རྨང་གཞི་གཅིག་དང་ས་ཚིགས་མང་པོ། རྒྱལ་ཁབ་སྤྱི་སྤྱོད་སྐད་ཡིག་གཙོ"
        "་སློབ། ཟས་བཟོ། དྲ་ཚོང་། རླངས་འཁོར་ཉམས་གསོ་སོགས་འདེམས་སློབ།",
    ),
    "创业孵化、创业担保贷款咨询、开业指导": (
        "創業孵化、創業擔保貸款諮詢、開業指導",
        "Start-up incubation, advice on guaranteed start-up loans, help opening a business",
        "كەسىپ ئاچىشنى يېتىلدۈرۈش، كاپالەتلىك قەرز مەسلىھەتى، ئېچىلىش يېتەكچىلىكى",
        "ལས་གཉེར་གསོ་སྐྱོང་། ལས་གཉེར་འགན་ལེན་བུ་ལོན་བློ་འདྲི། ཚོང་ཁང་འགོ་འཛུགས་མཛུབ་སྟོན།",
    ),
    "创业工位、孵化辅导、营业执照代办": (
        "創業工位、孵化輔導、營業執照代辦",
        "Desks for start-ups, incubation coaching, business licences handled for you",
        "كەسىپ ئاچىش ئورنى، يېتىلدۈرۈش يېتەكچىلىكى، سودا كىنىشكىسىنى ۋاكالىتەن بېجىرىش",
        "ལས་གཉེར་ལས་ཁུངས། གསོ་སྐྱོང་མཛུབ་སྟོན། ཚོང་ལས་ལག་ཁྱེར་ཚབ་སྒྲུབ།",
    ),
    "图书借阅、多语种阅览室、公益讲座": (
        "圖書借閱、多語種閱覽室、公益講座",
        "Book lending, a reading room in several languages, free talks",
        "كىتاب ئارىيەت بېرىش، كۆپ تىللىق ئوقۇش زالى، ئاممىۋى لېكسىيە",
        "དཔེ་ཆ་གཡར་བ། སྐད་རིགས་མང་པོའི་ཀློག་ཁང་། སྤྱི་ཕན་གསུང་བཤད།",
    ),
}

HOURS: dict[str, Row] = {
    "周一至周日 8:00-17:30": (
        "週一至週日 8:00-17:30",
        "Mon–Sun 8:00–17:30",
        "دۈشەنبە-يەكشەنبە 8:00-17:30",
        "གཟའ་ཟླ་བ་ནས་ཉི་མའི་བར། 8:00-17:30",
    ),
    "周一至周五 9:00-12:00，13:30-17:30": (
        "週一至週五 9:00-12:00，13:30-17:30",
        "Mon–Fri 9:00–12:00, 13:30–17:30",
        "دۈشەنبە-جۈمە 9:00-12:00، 13:30-17:30",
        "གཟའ་ཟླ་བ་ནས་པ་སངས་བར། 9:00-12:00, 13:30-17:30",
    ),
    "周一至周五 9:00-12:00，13:30-17:30；周六 9:00-12:00": (
        "週一至週五 9:00-12:00，13:30-17:30；週六 9:00-12:00",
        "Mon–Fri 9:00–12:00, 13:30–17:30; Sat 9:00–12:00",
        "دۈشەنبە-جۈمە 9:00-12:00، 13:30-17:30؛ شەنبە 9:00-12:00",
        "གཟའ་ཟླ་བ་ནས་པ་སངས་བར། 9:00-12:00, 13:30-17:30; གཟའ་སྤེན་པ། 9:00-12:00",
    ),
    "周一至周日 9:00-21:00": ("週一至週日 9:00-21:00", "Daily 9:00–21:00", "ھەر كۈنى 9:00-21:00", "ཉིན་རེ། 9:00-21:00"),
    "门诊 8:00-17:30，急诊 24 小时": (
        "門診 8:00-17:30，急診 24 小時",
        "Clinics 8:00–17:30, emergencies 24 hours",
        "كېسەل كۆرۈش 8:00-17:30، جىددىي قۇتقۇزۇش 24 سائەت",
        "སྨན་ཞིབ། 8:00-17:30, ཛ་དྲག་ཆུ་ཚོད་ 24",
    ),
    "周一至周六 9:00-17:00": (
        "週一至週六 9:00-17:00",
        "Mon–Sat 9:00–17:00",
        "دۈشەنبە-شەنبە 9:00-17:00",
        "གཟའ་ཟླ་བ་ནས་སྤེན་པའི་བར། 9:00-17:00",
    ),
    "周二至周日 9:00-20:00": (
        "週二至週日 9:00-20:00",
        "Tue–Sun 9:00–20:00",
        "سەيشەنبە-يەكشەنبە 9:00-20:00",
        "གཟའ་མིག་དམར་ནས་ཉི་མའི་བར། 9:00-20:00",
    ),
    "周一至周六 8:30-18:00": (
        "週一至週六 8:30-18:00",
        "Mon–Sat 8:30–18:00",
        "دۈشەنبە-شەنبە 8:30-18:00",
        "གཟའ་ཟླ་བ་ནས་སྤེན་པའི་བར། 8:30-18:00",
    ),
    "周一至周日 10:00-21:00": (
        "週一至週日 10:00-21:00",
        "Daily 10:00–21:00",
        "ھەر كۈنى 10:00-21:00",
        "ཉིན་རེ། 10:00-21:00",
    ),
}


# Standard replies (reply templates) the demo city starts with: (category code or "" for every
# category, {language: (title, text)}). Placeholders are filled in for each request.
REPLY_TEMPLATES: tuple[tuple[str, dict[str, tuple[str, str]]], ...] = (
    (
        "",
        {
            "zh-hans": (
                "已受理，正在办理",
                "您好！您的诉求 {reference} 已受理，{unit}正在办理，预计在 {deadline} 前答复您。感谢您的耐心。",
            ),
            "zh-hant": (
                "已受理，正在辦理",
                "您好！您的訴求 {reference} 已受理，{unit}正在辦理，預計在 {deadline} 前答覆您。感謝您的耐心。",
            ),
            "en": (
                "Accepted and being handled",
                "Hello. Your request {reference} has been accepted and {unit}"
                " is handling it; you will have an answer by {deadline}. Than"
                "k you for your patience.",
            ),
            "ug": (
                "قوبۇل قىلىندى، بېجىرىلىۋاتىدۇ",
                "ياخشىمۇسىز! تەلىپىڭىز {reference} قوبۇل قىلىندى، {unit} بېجى"
                "رىۋاتىدۇ؛ {deadline} دىن بۇرۇن سىزگە جاۋاب بېرىلىدۇ. سەبرىڭى"
                "زگە رەھمەت.",
            ),
            "bo": (
                "ལེན་ཟིན། སྒྲུབ་བཞིན་པ།",
                "བཀྲ་ཤིས་བདེ་ལེགས། ཁྱེད་ཀྱི་ཞུ་གཏུག {reference} ལེན་ཟིན་ལ། {u"
                "nit} ཡིས་སྒྲུབ་བཞིན་ཡོད། {deadline} གོང་དུ་ལན་འདེབས་ཞུ་རྒྱུ་"
                "ཡིན། ཁྱེད་ཀྱི་བཟོད་སྒོམ་ལ་ཐུགས་རྗེ་ཆེ།",
            ),
        },
    ),
    (
        "housing",
        {
            "zh-hans": (
                "维修已完成",
                "您好！您反映的问题（诉求 {reference}）已由{unit}于 {date} 处理完毕。"
                "如仍有问题，请通过专属链接告诉我们。",
            ),
            "zh-hant": (
                "維修已完成",
                "您好！您反映的問題（訴求 {reference}）已由{unit}於 {date} 處理完畢。"
                "如仍有問題，請通過專屬鏈接告訴我們。",
            ),
            "en": (
                "Repair done",
                "Hello. The problem you reported (request {reference}) was fi"
                "xed by {unit} on {date}. If anything is still wrong, tell us"
                " through your private link.",
            ),
            "ug": (
                "ئوڭشاش تاماملاندى",
                "ياخشىمۇسىز! سىز ئىنكاس قىلغان مەسىلە (تەلەپ {reference}) {da"
                "te} كۈنى {unit} تەرىپىدىن ھەل قىلىندى. يەنە مەسىلە بولسا، شە"
                "خسىي ئۇلانمىڭىز ئارقىلىق بىزگە ئېيتىڭ.",
            ),
            "bo": (
                "ཉམས་གསོ་ལེགས་གྲུབ།",
                "བཀྲ་ཤིས་བདེ་ལེགས། ཁྱེད་ཀྱིས་ཞུས་པའི་གནད་དོན་(ཞུ་གཏུག {refere"
                "nce}) དེ་ {date} ཉིན་ {unit} ཡིས་ཐག་གཅོད་བྱས་ཟིན། ད་དུང་གནད་"
                "དོན་ཡོད་ན་སྒེར་གྱི་སྦྲེལ་ཐག་བརྒྱུད་ང་ཚོར་བརྗོད་རོགས།",
            ),
        },
    ),
    (
        "language-help",
        {
            "zh-hans": (
                "已安排翻译",
                "您好！我们已为您的诉求 {reference} 安排了翻译，{unit}的工作人员会用您的语言与您联系。",
            ),
            "zh-hant": (
                "已安排翻譯",
                "您好！我們已為您的訴求 {reference} 安排了翻譯，{unit}的工作人員會用您的語言與您聯繫。",
            ),
            "en": (
                "Interpreter arranged",
                "Hello. We have arranged an interpreter for your request {ref"
                "erence}; staff of {unit} will contact you in your language.",
            ),
            "ug": (
                "تەرجىمان ئورۇنلاشتۇرۇلدى",
                "ياخشىمۇسىز! تەلىپىڭىز {reference} ئۈچۈن تەرجىمان ئورۇنلاشتۇر"
                "دۇق؛ {unit} خادىملىرى سىز بىلەن ئۆز تىلىڭىزدا ئالاقىلىشىدۇ.",
            ),
            "bo": (
                "ཡིག་སྒྱུར་བ་གོ་སྒྲིག་བྱས་ཟིན།",
                "བཀྲ་ཤིས་བདེ་ལེགས། ཁྱེད་ཀྱི་ཞུ་གཏུག {reference} ཆེད་དུ་ཡིག་སྒ"
                "ྱུར་བ་གོ་སྒྲིག་བྱས་ཟིན། {unit} གྱི་ལས་བྱེད་པས་ཁྱེད་རང་གི་སྐད"
                "་ཡིག་ཐོག་འབྲེལ་གཏུག་བྱེད་ངེས།",
            ),
        },
    ),
    (
        "social-assistance",
        {
            "zh-hans": (
                "请到服务站办理",
                "您好！关于诉求 {reference}，请带上身份证件到所在社区的一站式服务站办理，工作人员会协助您填写材料。",
            ),
            "zh-hant": (
                "請到服務站辦理",
                "您好！關於訴求 {reference}，請帶上身份證件到所在社區的一站式服務站辦理，工作人員會協助您填寫材料。",
            ),
            "en": (
                "Please visit the service station",
                "Hello. About your request {reference}: please bring your ID "
                "to your community's one-stop service station; staff will hel"
                "p you fill in the forms.",
            ),
            "ug": (
                "مۇلازىمەت پونكىتىغا بېرىڭ",
                "ياخشىمۇسىز! تەلىپىڭىز {reference} ھەققىدە: كىملىكىڭىزنى ئېلى"
                "پ مەھەللىڭىزدىكى بىر توختاملىق مۇلازىمەت پونكىتىغا بېرىڭ، خا"
                "دىملار ماتېرىيال تولدۇرۇشىڭىزغا ياردەملىشىدۇ.",
            ),
            "bo": (
                "ཞབས་ཞུ་ས་ཚིགས་སུ་ཕེབས་རོགས།",
                "བཀྲ་ཤིས་བདེ་ལེགས། ཞུ་གཏུག {reference} སྐོར། ཁྱེད་ཀྱི་ཐོབ་ཐང་"
                "ལག་ཁྱེར་ཁྱེར་ནས་སྡོད་ཁུལ་གྱི་གཅིག་སྒྲིལ་ཞབས་ཞུ་ས་ཚིགས་སུ་ཕེབ"
                "ས་རོགས། ལས་བྱེད་པས་ཡིག་ཆ་འབྲི་བར་རོགས་རམ་བྱེད།",
            ),
        },
    ),
)


def _row(table: dict[str, Row], key: str) -> dict[str, str]:
    return dict(zip(LANGUAGES, table[key], strict=True))


def place(name: str) -> dict[str, str]:
    """{language: name} of the city or a district, street, town, community or village."""
    for suffix in sorted(PLACE_KINDS, key=len, reverse=True):  # 社区 before 区
        short = name.removesuffix(suffix)
        if short != name and short in PLACES:
            return {
                code: template.format(short=local)
                for code, template, local in zip(LANGUAGES, PLACE_KINDS[suffix], PLACES[short], strict=True)
            }
    raise KeyError(f"no translation of the place {name!r}")


def grid(community: str, number: int, numeral: str) -> dict[str, str]:
    """The grid "<community short name>第<numeral>网格" in every other language."""
    short = community.removesuffix("社区")  # as the Chinese name has it: 榴园, but 石桥村
    local = dict(zip(LANGUAGES, PLACES[short], strict=True)) if short in PLACES else place(short)
    return {
        code: template.format(short=local[code], n=numeral if code == "zh-hant" else number)
        for code, template in zip(LANGUAGES, GRID, strict=True)
    }


def department(district: str, name: str) -> dict[str, str]:
    """A department of a district ("同心区住建局")."""
    of_district = place(district)
    return {
        code: template.format(district=of_district[code], department=local)
        for code, template, local in zip(LANGUAGES, DEPARTMENT_OF, DEPARTMENTS[name], strict=True)
    }


def point_name(template: str, *, district: str, street: str, community: str) -> dict[str, str]:
    parts = {"district": place(district), "street": place(street), "community": place(community)}
    return {
        code: local.format(**{key: names[code] for key, names in parts.items()})
        for code, local in zip(LANGUAGES, POINT_NAMES[template], strict=True)
    }


def category(name: str) -> dict[str, str]:
    return _row(CATEGORIES, name)


def services(text: str) -> dict[str, str]:
    return _row(SERVICES, text)


def hours(text: str) -> dict[str, str]:
    return _row(HOURS, text)


REVIEW_TABLES = {
    "place": PLACES,
    "place kind": PLACE_KINDS,
    "department": DEPARTMENTS,
    "category": CATEGORIES,
    "service point": POINT_NAMES,
    "services": SERVICES,
    "opening hours": HOURS,
}


def review_rows() -> list[tuple[str, ...]]:
    """Every entry, for the native speakers' review sheet (locale/demo_content.review.tsv)."""
    rows: list[tuple[str, ...]] = [("kind", "zh-hans", *LANGUAGES)]
    for kind, table in REVIEW_TABLES.items():
        rows += [(kind, source, *row) for source, row in table.items()]
    for _code, by_language in REPLY_TEMPLATES:
        for part, index in (("standard reply title", 0), ("standard reply text", 1)):
            rows.append((part, *(by_language[code][index] for code in ("zh-hans", *LANGUAGES))))
    rows.append(("grid", "{short}第{n}网格", *GRID))
    rows.append(("department of", "{district}{department}", *DEPARTMENT_OF))
    return rows
