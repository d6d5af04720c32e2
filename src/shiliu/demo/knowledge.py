"""The demo city's knowledge base (知识库): policy answers residents ask most, written for the demo
(the cited national laws are real; 石榴市's own rules are invented like the city). English for
every article; Uyghur and Tibetan drafts, awaiting review by the city's translators, for the
articles residents of those languages ask most (the rest show the Chinese text, marked)."""

from __future__ import annotations

from datetime import date

# (category code, source, {language: (question, answer)})
ARTICLES: tuple[tuple[str, str, dict[str, tuple[str, str]]], ...] = (
    ("enrolment", "《居住证暂行条例》（国务院令第663号）第十二条；石榴市义务教育招生工作办法", {
        "zh-hans": ("随迁子女在本市上小学需要什么材料？",
                    "随迁子女可在居住地所在学区报名。需准备：户口簿、孩子的出生医学证明、父母一方的石榴市居住证、"
                    "租房合同或房产证、父母一方的劳动合同或营业执照。每年5月在“石榴教育”网上报名，6月公布录取结果。"),
        "en": ("What does my child need to start primary school here if our household registration is elsewhere?",
               "Register in the school district where you live. Bring the household register, the child's birth "
               "certificate, one parent's Shiliu residence permit, your tenancy contract or property deed, and one "
               "parent's labour contract or business licence. Online registration opens in May; results are "
               "published in June."),
        "ug": ("يۆتكىلىپ كەلگەن بالىلار باشلانغۇچ مەكتەپكە كىرىش ئۈچۈن قايسى ماتېرىياللار كېرەك؟",
               "ئولتۇرۇشلۇق جايىڭىزدىكى مەكتەپ رايونىدا تىزىملىتىڭ. نوپۇس دەپتىرى، بالىنىڭ تۇغۇلۇش ئىسپاتى، "
               "ئاتا-ئانىنىڭ بىرىنىڭ تۇرالغۇ ئىسپاتى، ئىجارە توختامى ياكى ئۆي ئىگىدارلىق گۇۋاھنامىسى، ئەمگەك توختامى "
               "ياكى سودا ئىجازەتنامىسى كېرەك. 5-ئايدا تور ئارقىلىق تىزىملىتىلىدۇ، 6-ئايدا نەتىجە ئېلان قىلىنىدۇ."),
        "bo": ("གནས་སྤོས་བྱས་པའི་བྱིས་པ་སློབ་ཆུང་དུ་འཛུལ་བར་ཡིག་ཆ་གང་དགོས།",
               "ཁྱེད་རང་སྡོད་སའི་སློབ་ཁུལ་དུ་མིང་འགོད་བྱེད་དགོས། ཐེམ་ཐོ་དང་། བྱིས་པའི་སྐྱེས་ལོ་ར་སྤྲོད་ལག་ཁྱེར། ཕ་མ་གཅིག་གི་སྡོད་གནས་ལག་ཁྱེར། "
               "ཁང་གླའི་གན་རྒྱ། ལས་ཀའི་གན་རྒྱ་བཅས་དགོས། ཟླ་༥ པར་དྲ་ཐོག་ནས་མིང་འགོད་བྱེད།"),
    }),
    ("enrolment", "《居住证暂行条例》第十五条；石榴市居住证办理须知", {
        "zh-hans": ("居住证怎么办理？多久能拿到？",
                    "在本市居住满半年，并有稳定就业、稳定住所或连续就读之一的，可以申领居住证。带身份证、租房合同"
                    "（或单位证明、学校证明）到居住地社区服务站或派出所办理，一般15个工作日内可领取。居住证每年签注一次。"),
        "en": ("How do I get a residence permit, and how long does it take?",
               "If you have lived here for six months and have a steady job, a steady home or are studying, you can "
               "apply. Bring your ID card and tenancy contract (or a letter from your employer or school) to the "
               "community service station or police station. It is usually ready within 15 working days and is "
               "renewed once a year."),
        "ug": ("تۇرالغۇ ئىسپاتى قانداق ئېلىنىدۇ؟ قانچىلىك ۋاقىت كېتىدۇ؟",
               "بۇ شەھەردە يېرىم يىل تۇرغان، مۇقىم خىزمىتى، مۇقىم تۇرالغۇسى ياكى ئوقۇشى بولغانلار ئىلتىماس قىلالايدۇ. "
               "كىملىك ۋە ئىجارە توختامىنى ئېلىپ مەھەللە مۇلازىمەت پونكىتى ياكى ساقچىخانىغا بېرىڭ. ئادەتتە 15 خىزمەت "
               "كۈنى ئىچىدە تارقىتىلىدۇ، ھەر يىلى بىر قېتىم تەكشۈرۈپ تەستىقلىنىدۇ."),
        "bo": ("སྡོད་གནས་ལག་ཁྱེར་ཇི་ལྟར་ལེན་དགོས། དུས་ཚོད་ག་ཚོད་དགོས།",
               "གྲོང་ཁྱེར་འདིར་ཟླ་དྲུག་སྡོད་ཡོད་པ་དང་ལས་ཀ་བརྟན་པོ་ཡོད་ན་ཞུ་ཡིག་འབུལ་ཆོག ཐོབ་ཐང་ལག་ཁྱེར་དང་ཁང་གླའི་གན་རྒྱ་ཁྱེར་ནས་"
               "སྡེ་ཚན་ཞབས་ཞུ་ཁང་དུ་ཕེབས་རོགས། ལས་ཀའི་ཉིན་གྲངས་ ༡༥ ནང་ཐོབ་ཐུབ།"),
    }),
    ("school-transfer", "石榴市中小学学籍管理实施细则", {
        "zh-hans": ("孩子学期中途转学怎么办？",
                    "先到拟转入学校咨询是否有空余学位，取得接收意见后，由转出学校在学籍系统中发起转学申请，"
                    "两校和教育局审核通过即完成转学。跨省转学还需提供转出地教育部门的确认。一般每学期开学前两周集中办理。"),
        "en": ("How do I move my child to another school in the middle of the term?",
               "Ask the new school whether it has a place. With its consent, the current school starts the transfer "
               "in the student-record system; once both schools and the education bureau approve, the transfer is "
               "done. Transfers are mostly handled in the two weeks before each term."),
    }),
    ("preschool", "石榴市普惠性幼儿园管理办法", {
        "zh-hans": ("普惠性幼儿园怎么报名？收费标准是多少？",
                    "普惠性幼儿园每年4月至5月接受报名，凭户口簿或居住证、孩子预防接种证到幼儿园现场登记。"
                    "保育教育费按市物价部门核定的标准收取，公办园每月不超过800元，普惠性民办园每月不超过1500元。"),
        "en": ("How do I enrol my child in an affordable kindergarten, and what does it cost?",
               "Affordable kindergartens take registrations from April to May; register at the kindergarten with "
               "the household register or residence permit and the child's vaccination record. Public ones charge at "
               "most 800 yuan a month, affordable private ones at most 1,500 yuan."),
    }),
    ("job-seeking", "《中华人民共和国就业促进法》第三十五条；石榴市公共就业服务目录", {
        "zh-hans": ("失业了去哪里办理失业登记？有什么帮助？",
                    "可到户籍地或常住地的街道（乡镇）社区服务站办理失业登记，外来务工人员凭居住证也可以办理。"
                    "登记后可以免费获得职业介绍、职业指导和技能培训补贴，符合条件的还可以领取失业保险金。"),
        "en": ("Where do I register as unemployed, and what help do I get?",
               "Register at the community service station of your street where you are registered or live; migrant "
               "workers can register with a residence permit. You then get free job matching, career guidance and "
               "training subsidies, and unemployment benefit if you qualify."),
        "ug": ("ئىشسىز قالسام قەيەردە تىزىملىتىمەن؟ قانداق ياردەم بار؟",
               "تۇرۇشلۇق جايىڭىزدىكى كوچا مەھەللە مۇلازىمەت پونكىتىدا تىزىملىتىڭ، سىرتتىن كەلگەن ئىشچىلار تۇرالغۇ "
               "ئىسپاتى بىلەن تىزىملىتالايدۇ. تىزىملاتقاندىن كېيىن ھەقسىز خىزمەت تونۇشتۇرۇش ۋە تېخنىكا تەربىيەسى "
               "ياردەم پۇلىدىن بەھرىمەن بولالايسىز."),
        "bo": ("ལས་ཀ་མེད་པར་གྱུར་ན་གང་དུ་ཐོ་འགོད་བྱེད་དགོས། རོགས་རམ་ཅི་ཡོད།",
               "ཁྱེད་རང་སྡོད་སའི་སྡེ་ཚན་ཞབས་ཞུ་ཁང་དུ་ཐོ་འགོད་བྱེད་ཆོག ཐོ་འགོད་བྱས་རྗེས་རིན་མེད་ལས་ཀའི་ངོ་སྤྲོད་དང་ལག་རྩལ་སྦྱོང་བརྡར་གྱི་"
               "རོགས་དངུལ་ཐོབ་ཐུབ།"),
    }),
    ("wage-arrears", "《保障农民工工资支付条例》（国务院令第724号）", {
        "zh-hans": ("老板拖欠工资不给，怎么办？",
                    "先保留好劳动合同、考勤记录、工资条、聊天记录等证据。可以拨打12345或在本网站反映，"
                    "也可以直接到区人社局劳动保障监察大队投诉。工程建设领域的农民工工资由总包单位先行清偿。"
                    "协商不成的，可在一年内申请劳动仲裁，仲裁不收费。"),
        "en": ("My employer will not pay my wages. What can I do?",
               "Keep your labour contract, attendance records, pay slips and messages as evidence. Report it on "
               "12345 or this site, or complain to the district labour inspection team. On construction projects "
               "the main contractor must pay first. If talks fail, you can apply for free labour arbitration within "
               "one year."),
        "ug": ("خوجايىن ئىش ھەققىنى بەرمىسە قانداق قىلىمەن؟",
               "ئەمگەك توختامى، ئىشقا كېلىش خاتىرىسى، مائاش تالونى ۋە سۆھبەت خاتىرىلىرىنى ساقلاڭ. 12345 گە تېلېفون "
               "قىلىڭ ياكى بۇ تور بېكەتتە ئىنكاس قىلىڭ. كېلىشەلمىسىڭىز بىر يىل ئىچىدە ھەقسىز ئەمگەك ئارىبىتراژىغا "
               "ئىلتىماس قىلالايسىز."),
        "bo": ("བདག་པོས་གླ་ཕོགས་མ་སྤྲད་ན་ཅི་བྱ།",
               "ལས་ཀའི་གན་རྒྱ་དང་གླ་ཕོགས་ཀྱི་ཡིག་ཆ་ཉར་ཚགས་བྱོས། ༡༢༣༤༥ ལ་ཁ་པར་གཏོང་བའམ་དྲ་ཚིགས་འདིར་སྙན་སེང་ཞུ་ཆོག "
               "གྲོས་མཐུན་མ་བྱུང་ན་ལོ་གཅིག་གི་ནང་རིན་མེད་ལས་ཀའི་བར་དཔྱད་ལ་ཞུ་ཆོག"),
    }),
    ("vocational-training", "石榴市职业技能提升补贴实施办法", {
        "zh-hans": ("参加职业技能培训有补贴吗？",
                    "在本市就业或登记失业的劳动者，参加人社部门认定的培训机构组织的培训并取得职业资格证书或"
                    "职业技能等级证书的，可按初级1000元、中级1500元、高级2000元申领补贴。每人每年最多享受三次。"),
        "en": ("Is there a subsidy for vocational training?",
               "Workers employed or registered as unemployed here who complete a course at an approved training "
               "provider and pass the certificate get 1,000 yuan (basic), 1,500 (intermediate) or 2,000 (advanced), "
               "up to three times a year."),
    }),
    ("social-insurance", "《中华人民共和国社会保险法》；城镇企业职工基本养老保险关系转移接续暂行办法", {
        "zh-hans": ("换了城市工作，社保怎么转移？",
                    "在新参保地参保缴费后，通过国家社会保险公共服务平台或“掌上12333”App提出转移申请，"
                    "不需要回原参保地。养老保险和医疗保险会一并转入，缴费年限合并计算，一般45个工作日内办结。"),
        "en": ("I changed cities for work. How do I move my social insurance?",
               "Once you pay contributions in the new city, apply for the transfer on the national social insurance "
               "service platform or the 12333 app; you need not go back. Pension and medical insurance move "
               "together and your years add up. It usually takes 45 working days."),
    }),
    ("startup-support", "石榴市创业担保贷款实施办法", {
        "zh-hans": ("个人创业可以申请贴息贷款吗？",
                    "登记失业人员、高校毕业生、返乡创业农民工等可申请创业担保贷款，个人最高30万元，期限不超过3年，"
                    "财政按规定贴息。到区人社局创业服务窗口提交营业执照、身份证和创业计划书即可申请。"),
        "en": ("Can I get a subsidised loan to start a business?",
               "The registered unemployed, recent graduates and returning migrant workers can apply for a guaranteed "
               "start-up loan of up to 300,000 yuan for up to three years, with interest subsidised. Apply at the "
               "district start-up window with your business licence, ID card and business plan."),
    }),
    ("rental-dispute", "《中华人民共和国民法典》第七百零三条至七百三十四条", {
        "zh-hans": ("退租时房东不退押金，怎么办？",
                    "先对照租房合同中关于押金的约定，拍照留存房屋现状。可以请社区人民调解委员会免费调解，"
                    "也可以拨打12345反映。调解不成的，可以向房屋所在地人民法院起诉，押金数额不大的适用小额诉讼程序。"),
        "en": ("My landlord will not return my deposit when I move out. What can I do?",
               "Check what the contract says about the deposit and take photos of the flat. The community mediation "
               "committee mediates for free, or report it on 12345. If mediation fails, sue in the local court; small "
               "claims use a quick procedure."),
        "ug": ("ئۆيدىن چىققاندا ئۆي ئىگىسى كاپالەت پۇلىنى قايتۇرمىسا قانداق قىلىمەن؟",
               "ئىجارە توختامىدىكى كاپالەت پۇلى ھەققىدىكى ماددىنى تەكشۈرۈڭ، ئۆينىڭ ئەھۋالىنى رەسىمگە ئېلىڭ. مەھەللە "
               "خەلق مۇرەسسە كومىتېتى ھەقسىز مۇرەسسە قىلىدۇ. مۇرەسسە بولمىسا سوتقا ئەرز قىلالايسىز."),
        "bo": ("ཁང་པ་ནས་ཐོན་སྐབས་ཁང་བདག་གིས་འགན་ལེན་དངུལ་མ་སློག་ན་ཅི་བྱ།",
               "ཁང་གླའི་གན་རྒྱ་ལ་བལྟས་ནས་ཁང་པའི་གནས་སྟངས་པར་དུ་བླངས་རོགས། སྡེ་ཚན་གྱི་མི་དམངས་བར་འདུམ་ཚོགས་ཆུང་གིས་རིན་མེད་བར་འདུམ་བྱེད།"),
    }),
    ("property-service", "《物业管理条例》（国务院令第379号）", {
        "zh-hans": ("物业不作为，业主可以向谁反映？",
                    "物业服务企业未按合同提供服务的，业主可以先向业主委员会反映，也可以向街道办事处或区住建局物业"
                    "监管科投诉，拨打12345同样可以。物业费收费标准须在小区显著位置公示，不得擅自提高。"),
        "en": ("The property management company does nothing. Whom can owners complain to?",
               "Tell the owners' committee first, or complain to the street office or the district housing bureau's "
               "property section, or call 12345. Fees must be posted in the estate and may not be raised at will."),
    }),
    ("house-repairs", "《住宅专项维修资金管理办法》（建设部、财政部令第165号）", {
        "zh-hans": ("楼顶漏水、外墙渗水，维修费用谁出？",
                    "保修期内由开发商负责维修。过了保修期的共用部位，如屋面、外墙，可以申请使用住宅专项维修资金，"
                    "需经专有部分面积和人数均过三分之二的业主参与表决并同意。紧急情况可走应急使用程序，由物业先行维修。"),
        "en": ("Who pays when the roof or outer wall leaks?",
               "Within the warranty period the developer repairs it. After that, shared parts such as the roof and "
               "outer walls can be paid for from the housing maintenance fund, with the owners' vote; in an emergency "
               "the property company repairs first under the fast procedure."),
    }),
    ("public-rental", "石榴市公共租赁住房管理办法", {
        "zh-hans": ("外来务工人员能申请公租房吗？",
                    "在本市连续缴纳社保满一年、持有居住证、本人及家庭在本市无自有住房的外来务工人员可以申请。"
                    "向工作单位所在街道提交申请，经审核、公示后进入轮候，按轮候顺序配租，租金约为市场租金的六成。"),
        "en": ("Can migrant workers apply for public rental housing?",
               "Yes, if you have paid social insurance here for a year, hold a residence permit and your family owns "
               "no home in the city. Apply at the street office where you work; after review and public notice you "
               "join the waiting list. Rent is about 60% of the market rent."),
        "ug": ("سىرتتىن كەلگەن ئىشچىلار ئاممىۋى ئىجارە ئۆيىگە ئىلتىماس قىلالامدۇ؟",
               "بۇ شەھەردە بىر يىل ئىجتىمائىي سۇغۇرتا تۆلىگەن، تۇرالغۇ ئىسپاتى بار، شەھەردە ئۆز ئۆيى يوق بولسا "
               "ئىلتىماس قىلالايدۇ. ئىجارە ھەققى بازار باھاسىنىڭ تەخمىنەن 60 پىرسەنتى."),
        "bo": ("ཕྱི་ནས་ཡོང་བའི་ལས་མིས་སྤྱི་པའི་གླ་ཁང་ལ་ཞུ་ཆོག་གམ།",
               "གྲོང་ཁྱེར་འདིར་ལོ་གཅིག་སྤྱི་ཚོགས་འགན་སྲུང་བཏང་ཡོད་པ་དང་སྡོད་གནས་ལག་ཁྱེར་ཡོད་ན་ཞུ་ཆོག ཁང་གླ་ནི་ཚོང་ར་རིན་གོང་གི་བརྒྱ་ཆ་ ༦༠ ཙམ་ཡིན།"),
    }),
    ("elevator-trapped", "《特种设备安全法》；石榴市电梯安全管理办法", {
        "zh-hans": ("被困电梯里怎么办？",
                    "保持冷静，不要扒门或撬门。按电梯内的警铃或对讲按钮，拨打轿厢内张贴的救援电话或96333电梯应急"
                    "救援电话，也可拨打110或119。维保单位接警后市区30分钟内必须到达现场。"),
        "en": ("What should I do if I am trapped in a lift?",
               "Stay calm and do not force the doors. Press the alarm or intercom button, call the rescue number "
               "posted in the car or the lift emergency line 96333, or call 110 or 119. In the city the maintenance "
               "company must arrive within 30 minutes."),
    }),
    ("subsistence", "《社会救助暂行办法》（国务院令第649号）第九条至第十三条", {
        "zh-hans": ("怎样申请低保？",
                    "家庭人均收入低于当地低保标准、且家庭财产符合规定的，可以由户主向户籍所在地街道（乡镇）申请，"
                    "也可以委托村（居）委会代为提出。经入户调查、信息核对和公示后，符合条件的按月发放低保金。"
                    "本市现行城市低保标准为每人每月860元。"),
        "en": ("How do I apply for the minimum living allowance (dibao)?",
               "If your household income per person is below the local standard and your assets are within the "
               "limits, apply at the street office where you are registered, or ask the residents' committee to apply "
               "for you. After a home visit, checks and public notice, it is paid monthly. The city standard is "
               "860 yuan per person per month."),
        "ug": ("تۆۋەن تۇرمۇش كاپالىتى (دىباۋ) غا قانداق ئىلتىماس قىلىمەن؟",
               "ئائىلە كىشى بېشى كىرىمى يەرلىك ئۆلچەمدىن تۆۋەن بولسا، نوپۇس جايىدىكى كوچا ئىشخانىسىغا ئىلتىماس "
               "قىلىڭ. تەكشۈرۈش ۋە ئېلاندىن كېيىن ھەر ئايدا تارقىتىلىدۇ. شەھەرنىڭ ئۆلچىمى ھەر كىشىگە ئايدا 860 يۈەن."),
        "bo": ("འཚོ་བའི་འགན་སྲུང་དམའ་ཤོས་ལ་ཇི་ལྟར་ཞུ་དགོས།",
               "ཁྱིམ་ཚང་གི་མི་རེའི་ཡོང་འབབ་ས་གནས་ཀྱི་ཚད་གཞི་ལས་དམའ་ན་ཐེམ་ཐོ་ཡོད་སའི་ཁྲོམ་གཞུང་དུ་ཞུ་ཆོག ཞིབ་བཤེར་བྱས་རྗེས་ཟླ་རེར་སྤྲོད།"),
    }),
    ("temporary-relief", "《社会救助暂行办法》第四十七条至第五十条", {
        "zh-hans": ("遇到突发困难，能申请临时救助吗？",
                    "因火灾、交通事故、突发重病等导致基本生活暂时出现严重困难的家庭或个人，可以向所在街道申请临时"
                    "救助。情况紧急的可以先行救助、后补手续。非本地户籍人员可向求助地申请。"),
        "en": ("Can I get emergency help after a sudden hardship?",
               "Families or people in sudden serious hardship after a fire, an accident or a grave illness can apply "
               "to their street office for temporary relief; in urgent cases help comes first and the paperwork "
               "later. People registered elsewhere apply where they are."),
    }),
    ("elderly-care", "石榴市高龄津贴发放办法", {
        "zh-hans": ("老人高龄补贴怎么领？",
                    "80周岁以上老人可以领取高龄津贴：80至89岁每人每月100元，90至99岁每月300元，100岁以上每月800元。"
                    "由本人或家属持身份证、户口簿到社区服务站申请，审核后按月打入社保卡。"),
        "en": ("How do older people receive the old-age allowance?",
               "People aged 80 and over receive it: 100 yuan a month from 80 to 89, 300 from 90 to 99, and 800 from "
               "100. Apply at the community service station with the ID card and household register; it is paid "
               "monthly to the social security card."),
    }),
    ("disability", "《残疾人保障法》；困难残疾人生活补贴和重度残疾人护理补贴制度", {
        "zh-hans": ("残疾证怎么办？有哪些补贴？",
                    "持户口簿、身份证和近期照片到户籍所在地街道残联申请，到指定医院评定残疾等级后，由区残联发证。"
                    "持证的低保家庭残疾人可领取生活补贴，一级、二级重度残疾人可领取护理补贴。"),
        "en": ("How do I get a disability certificate, and what allowances are there?",
               "Apply to the street disabled persons' federation with your household register, ID card and a recent "
               "photo; after assessment at a designated hospital the district issues the card. Holders in low-income "
               "families get a living allowance, and those with severe (grade 1 or 2) disabilities a care allowance."),
    }),
    ("seeing-doctor", "石榴市医疗机构预约诊疗服务规范", {
        "zh-hans": ("外地人来本市看病，怎么预约挂号？",
                    "可以通过“健康石榴”公众号、医院官方App或拨打12320预约挂号，凭身份证或医保电子凭证就诊。"
                    "65岁以上老人、残疾人、军人可走绿色通道，各医院都保留现场号源。"),
        "en": ("I am from elsewhere. How do I book a doctor's appointment?",
               "Book through the Healthy Shiliu account, the hospital's app or 12320, and bring your ID card or "
               "electronic medical insurance code. People over 65, people with disabilities and soldiers have a "
               "priority lane, and every hospital keeps some same-day slots."),
        "ug": ("سىرتتىن كەلگەنلەر بۇ شەھەردە قانداق دوختۇرغا نۆۋەت ئالىدۇ؟",
               "12320 گە تېلېفون قىلىپ ياكى دوختۇرخانىنىڭ ئەپى ئارقىلىق نۆۋەت ئېلىڭ، كىملىك ياكى تېببىي سۇغۇرتا "
               "ئېلېكترونلۇق ئىسپاتى بىلەن دوختۇرغا كۆرۈنۈڭ. 65 ياشتىن يۇقىرى ياشانغانلار يېشىل يول ئارقىلىق "
               "كۆرۈنەلەيدۇ."),
        "bo": ("ཕྱི་ནས་ཡོང་བའི་མིས་ནད་བཅོས་ཀྱི་གྲལ་རིམ་ཇི་ལྟར་ལེན།",
               "༡༢༣༢༠ ལ་ཁ་པར་གཏོང་བའམ་སྨན་ཁང་གི་App བརྒྱུད་གྲལ་རིམ་ལོན། ཐོབ་ཐང་ལག་ཁྱེར་ཁྱེར་ནས་ནད་བཅོས་བྱེད། "
               "ལོ་ ༦༥ ཡན་གྱི་རྒན་པོ་རྣམས་ལ་ལམ་ལྗང་ཁུ་ཡོད།"),
    }),
    ("medical-insurance", "国家医保局关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知", {
        "zh-hans": ("异地就医怎么备案？能直接报销吗？",
                    "通过“国家医保服务平台”App或参保地医保经办机构办理异地就医备案，备案后在就医地定点医院可以"
                    "直接结算，不需要先垫付再回去报销。临时外出就医的备案有效期一般为6个月。"),
        "en": ("How do I register for medical treatment in another province? Can bills be settled directly?",
               "Register on the National Medical Insurance app or with your insurance office. Afterwards designated "
               "hospitals here settle your bill directly; you need not pay first and claim later. A temporary "
               "registration usually lasts six months."),
    }),
    ("vaccination", "《中华人民共和国疫苗管理法》", {
        "zh-hans": ("孩子打疫苗要收费吗？去哪里打？",
                    "国家免疫规划疫苗（一类疫苗）免费接种，非免疫规划疫苗自愿自费。带孩子的预防接种证到居住地"
                    "社区卫生服务中心接种门诊接种，随迁儿童与本地儿童享受同样的免费接种。"),
        "en": ("Do children's vaccinations cost anything, and where are they given?",
               "Vaccines of the national programme are free; others are optional and paid. Bring the child's "
               "vaccination record to the vaccination clinic of your community health centre; children who moved "
               "here are vaccinated free like local children."),
    }),
    ("legal-aid-application", "《中华人民共和国法律援助法》第三十一条、第四十一条", {
        "zh-hans": ("请不起律师，可以申请法律援助吗？",
                    "经济困难的公民，在请求支付劳动报酬、给予社会保险待遇、请求工伤赔偿等事项上，可以向区法律援助"
                    "中心申请免费律师。农民工讨薪、残疾人、老年人申请法律援助的，免予核查经济困难状况。"),
        "en": ("I cannot afford a lawyer. Can I get legal aid?",
               "People with financial difficulties can ask the district legal aid centre for a free lawyer in claims "
               "for wages, social insurance or work-injury compensation. Migrant workers claiming wages, people with "
               "disabilities and older people need not prove hardship."),
        "ug": ("ئادۋوكات تەكلىپ قىلالمىسام قانۇن ياردىمى ئالالامدىمەن؟",
               "ئىقتىسادىي قىيىنچىلىقى بار پۇقرالار ئىش ھەققى، ئىجتىمائىي سۇغۇرتا ياكى ئىش جەريانىدىكى يارىلىنىش "
               "تۆلىمى ئىشلىرىدا رايونلۇق قانۇن ياردىمى مەركىزىدىن ھەقسىز ئادۋوكات سورىيالايدۇ."),
        "bo": ("རྩོད་གཞིའི་སྐྱོར་དཔང་གདན་ཞུ་མི་ཐུབ་ན་ཁྲིམས་ལུགས་རོགས་རམ་ལ་ཞུ་ཆོག་གམ།",
               "དཔལ་འབྱོར་དཀའ་ངལ་ཡོད་པའི་སྤྱི་དམངས་ཀྱིས་གླ་ཕོགས་དང་སྤྱི་ཚོགས་འགན་སྲུང་སྐོར་ཁུལ་གྱི་ཁྲིམས་ལུགས་རོགས་རམ་ལྟེ་གནས་ནས་"
               "རིན་མེད་སྐྱོར་དཔང་ཞུ་ཆོག"),
    }),
    ("legal-consult", "石榴市公共法律服务实体平台服务指南", {
        "zh-hans": ("哪里可以免费咨询法律问题？",
                    "每个街道都有公共法律服务工作站，每个社区有法律顾问，每周固定时间坐班；也可以拨打12348法律"
                    "服务热线。咨询免费，可以提供维吾尔语、藏语等语言的服务，请提前告知。"),
        "en": ("Where can I get free legal advice?",
               "Every street has a public legal service station and every community a legal adviser with weekly "
               "hours, or call the 12348 legal hotline. Advice is free; tell them beforehand if you need Uyghur, "
               "Tibetan or another language."),
        "ug": ("قانۇن مەسىلىسى ھەققىدە قەيەردىن ھەقسىز مەسلىھەت ئالالايمەن؟",
               "ھەر بىر كوچىدا ئاممىۋى قانۇن مۇلازىمەت پونكىتى، ھەر بىر مەھەللىدە قانۇن مەسلىھەتچىسى بار؛ 12348 "
               "قانۇن مۇلازىمەت تېلېفونىغا تېلېفون قىلسىڭىزمۇ بولىدۇ. مەسلىھەت ھەقسىز، ئۇيغۇر تىلىدا مۇلازىمەت "
               "كېرەك بولسا ئالدىن ئۇقتۇرۇڭ."),
        "bo": ("ཁྲིམས་ལུགས་ཀྱི་གནད་དོན་རིན་མེད་དྲི་བ་གང་དུ་ཞུ་ཆོག",
               "ཁྲོམ་རེ་རེར་སྤྱི་པའི་ཁྲིམས་ལུགས་ཞབས་ཞུ་ཁང་ཡོད། ༡༢༣༤༨ ལ་ཁ་པར་གཏོང་ཆོག དྲི་བ་རིན་མེད་ཡིན། བོད་སྐད་ཀྱི་ཞབས་ཞུ་དགོས་ན་"
               "སྔོན་ལ་བརྡ་སྤྲོད་གནང་རོགས།"),
    }),
    ("notarization", "《中华人民共和国公证法》", {
        "zh-hans": ("办理委托书公证需要带什么？",
                    "委托人本人持身份证、户口簿到公证处办理，并带上委托事项的相关材料（如房产证、车辆登记证）。"
                    "不能亲自到场的，可以通过“公证在线”办理远程视频公证。收费按省定标准，困难群众可申请减免。"),
        "en": ("What do I bring to have a power of attorney notarised?",
               "Come in person to the notary office with your ID card and household register and the papers of the "
               "matter (property deed, vehicle registration). If you cannot come, use the online video notarisation. "
               "Fees follow the provincial scale; people in hardship can ask for a reduction."),
    }),
    ("labour-dispute", "《中华人民共和国劳动合同法》第八十二条、第八十七条", {
        "zh-hans": ("公司不签劳动合同，有什么赔偿？",
                    "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍"
                    "工资。违法解除劳动合同的，应按经济补偿标准的二倍支付赔偿金。可以向区劳动人事争议仲裁委员会申请仲裁。"),
        "en": ("My company never signed a labour contract with me. What am I owed?",
               "An employer who has not signed a written contract more than one month and less than a year after you "
               "started owes you double wages for each month. Unlawful dismissal costs twice the severance pay. Apply "
               "to the district labour dispute arbitration committee."),
    }),
    ("neighbour-dispute", "《人民调解法》；石榴市住宅装修管理规定", {
        "zh-hans": ("楼上装修太吵，可以什么时间施工？",
                    "住宅装修施工时间为工作日上午8点至12点、下午2点至6点，节假日不得进行产生噪声的施工。"
                    "可以先和邻居沟通，也可以请物业或社区网格员协调，网格员会上门了解情况并组织调解。"),
        "en": ("The renovation upstairs is too noisy. When may they work?",
               "Home renovation may be done on working days from 8 to 12 and from 2 to 6; no noisy work on holidays. "
               "Talk to your neighbour first, or ask the property company or your grid worker, who will visit and "
               "mediate."),
    }),
    ("business-licence", "《促进个体工商户发展条例》；石榴市市场主体登记“一网通办”指南", {
        "zh-hans": ("开个小店，营业执照怎么办？",
                    "个体工商户登记可以在“石榴政务服务网”全程网上办理，填写经营者信息和经营场所，上传身份证和场所"
                    "使用证明，材料齐全的当场或1个工作日内发照，不收费。经营食品的还需办理食品经营许可。"),
        "en": ("I want to open a small shop. How do I get a business licence?",
               "Register as an individual business entirely online on the Shiliu government services site: fill in "
               "your details and the premises, upload your ID card and proof of the premises. With complete papers the "
               "licence is issued the same day or the next working day, free. Selling food also needs a food licence."),
        "ug": ("كىچىك دۇكان ئاچماقچى، سودا ئىجازەتنامىسى قانداق ئېلىنىدۇ؟",
               "يەككە سودا-سانائەتچى تىزىملاش «شىلىيۇ ھۆكۈمەت مۇلازىمەت تورى» دا پۈتۈنلەي تور ئارقىلىق بېجىرىلىدۇ. "
               "ماتېرىيال تولۇق بولسا شۇ كۈنى ياكى بىر خىزمەت كۈنى ئىچىدە ھەقسىز بېرىلىدۇ. يېمەكلىك ساتسىڭىز "
               "يېمەكلىك تىجارەت ئىجازەتنامىسىمۇ كېرەك."),
        "bo": ("ཚོང་ཁང་ཆུང་ཆུང་ཞིག་འབྱེད་འདོད། ཚོང་ལས་ཆོག་མཆན་ཇི་ལྟར་ལེན།",
               "སྒེར་གྱི་ཚོང་ལས་ཐོ་འགོད་ནི་དྲ་ཐོག་ནས་ཡོངས་སུ་བྱེད་ཆོག ཡིག་ཆ་ཚང་ན་ཉིན་དེ་རང་ངམ་ལས་ཉིན་གཅིག་གི་ནང་རིན་མེད་སྤྲོད།"),
    }),
    ("consumer-rights", "《中华人民共和国消费者权益保护法》第二十五条；《单用途商业预付卡管理办法》", {
        "zh-hans": ("网上买的东西不想要了，能退吗？预付卡店铺关门了怎么办？",
                    "网购商品（定制、鲜活易腐等除外）自收货之日起七日内可以无理由退货。预付卡经营者停业的，"
                    "应当提前30日通知并退还余额；拒不退还的，保留好卡和充值凭证，向区市场监管局投诉或拨打12315。"),
        "en": ("Can I return something I bought online? And what if the shop of my prepaid card closed?",
               "Goods bought online (except custom-made or perishable ones) can be returned within seven days of "
               "delivery without a reason. A prepaid-card business that closes must give 30 days' notice and refund "
               "the balance; if it refuses, keep the card and receipts and complain to the market regulator or 12315."),
    }),
    ("food-safety", "《中华人民共和国食品安全法》第一百四十八条", {
        "zh-hans": ("买到过期食品，可以要求赔偿吗？",
                    "可以。经营明知是不符合食品安全标准的食品的，消费者除要求赔偿损失外，还可以要求支付价款十倍"
                    "或者损失三倍的赔偿金，增加赔偿的金额不足一千元的，为一千元。请保留好食品、购物小票并拍照。"),
        "en": ("I bought food past its date. Can I claim compensation?",
               "Yes. Besides your loss, a seller of food that breaks the safety standards owes you ten times the "
               "price or three times the loss, at least 1,000 yuan. Keep the food and the receipt and take photos."),
    }),
    ("interpretation", "石榴市基本公共服务语言无障碍工作方案", {
        "zh-hans": ("听不懂普通话，办事时可以请翻译吗？",
                    "可以。各区政务服务中心、社区服务站可以提供维吾尔语、藏语等语言的翻译协助，也可以预约志愿者"
                    "陪同办事。在本网站提交诉求时选择您的语言，工作人员会用您的语言答复。"),
        "en": ("I do not understand Mandarin well. Can I have an interpreter when dealing with offices?",
               "Yes. District service centres and community stations help in Uyghur, Tibetan and other languages, "
               "and volunteers can go with you by appointment. Choose your language when you send a request on this "
               "site and staff will answer in it."),
        "ug": ("دۆلەت ئورتاق تىلىنى چۈشەنمىسەم ئىش بېجىرگەندە تەرجىمان سورىيالامدىمەن؟",
               "بولىدۇ. رايونلۇق ھۆكۈمەت مۇلازىمەت مەركەزلىرى ۋە مەھەللە مۇلازىمەت پونكىتلىرى ئۇيغۇر تىلىدا تەرجىمە "
               "ياردىمى بېرىدۇ، پىدائىيلارنىڭ ھەمراھ بولۇشىنى ئالدىن بۇيرۇتسىڭىزمۇ بولىدۇ. بۇ تور بېكەتتە ئىلتىماس "
               "يوللىغاندا تىلىڭىزنى تاللاڭ، خادىملار سىزنىڭ تىلىڭىزدا جاۋاب بېرىدۇ."),
        "bo": ("རྒྱལ་ཡོངས་སྤྱི་སྐད་གོ་མི་ཐུབ་ན་ལས་དོན་སྒྲུབ་སྐབས་ལོ་ཙཱ་བ་ཞུ་ཆོག་གམ།",
               "ཆོག ཁུལ་གྱི་སྲིད་གཞུང་ཞབས་ཞུ་ལྟེ་གནས་དང་སྡེ་ཚན་ཞབས་ཞུ་ཁང་དུ་བོད་སྐད་ཀྱི་ལོ་ཙཱའི་རོགས་རམ་ཡོད། དྲ་ཚིགས་འདིར་"
               "སྙན་ཞུ་འབུལ་སྐབས་ཁྱེད་རང་གི་སྐད་ཡིག་འདེམས་རོགས། ལས་བྱེད་པས་ཁྱེད་ཀྱི་སྐད་ཐོག་ནས་ལན་འདེབས།"),
    }),
    ("mandarin-course", "石榴市国家通用语言文字推广普及工作安排", {
        "zh-hans": ("想学国家通用语言，有免费课程吗？",
                    "各街道民族之家和社区夜校常年开设国家通用语言学习班，免费报名，每周两到三次晚间上课，"
                    "配有双语老师。可以到社区服务站或民族之家报名。"),
        "en": ("Are there free Mandarin classes?",
               "The Homes of All Ethnic Groups in every street and the community evening schools run free classes "
               "all year, two or three evenings a week, with bilingual teachers. Sign up at the community station or "
               "the Home."),
        "ug": ("دۆلەت ئورتاق تىلىنى ئۆگەنمەكچى، ھەقسىز دەرس بارمۇ؟",
               "ھەر بىر كوچىدىكى مىللەتلەر ئائىلىسى ۋە مەھەللە كەچلىك مەكتەپلىرىدە يىل بويى ھەقسىز دەرس ئېچىلىدۇ، "
               "ھەپتىدە ئىككى-ئۈچ قېتىم كەچتە دەرس ئۆتۈلىدۇ، قوش تىللىق ئوقۇتقۇچى بار."),
        "bo": ("རྒྱལ་ཡོངས་སྤྱི་སྐད་སློབ་འདོད། རིན་མེད་སློབ་ཚན་ཡོད་དམ།",
               "ཁྲོམ་རེ་རེའི་མི་རིགས་ཁྱིམ་དང་སྡེ་ཚན་གྱི་དགོང་སློབ་ཏུ་ལོ་གང་བར་རིན་མེད་སློབ་ཚན་ཡོད། གདོང་རེར་ཐེངས་གཉིས་གསུམ་དགོང་མོ་"
               "སློབ་ཁྲིད་བྱེད། སྐད་གཉིས་ཀྱི་དགེ་རྒན་ཡོད།"),
    }),
    ("form-help", "石榴市政务服务“帮办代办”工作规范", {
        "zh-hans": ("不会填表，有人帮忙吗？",
                    "政务服务中心和社区服务站都设有帮办代办窗口，工作人员可以帮您填写表格、准备材料，"
                    "行动不便的老人和残疾人可以预约上门服务。"),
        "en": ("I cannot fill in the forms. Can someone help?",
               "Service centres and community stations have a help desk where staff fill in forms and prepare "
               "papers with you; older people and people with disabilities can book a home visit."),
    }),
    ("street-lights", "石榴市城市照明设施管理办法", {
        "zh-hans": ("路灯坏了找谁修？多久修好？",
                    "可以在本网站反映或拨打12345，注明路名和附近标志。城市道路路灯由区城管局负责，一般3个工作日内"
                    "修复；小区内路灯由物业负责。"),
        "en": ("Who repairs a broken street light, and how soon?",
               "Report it here or on 12345 with the street name and a landmark. The district urban management bureau "
               "repairs lights on city roads, usually within three working days; lights inside an estate are the "
               "property company's."),
    }),
    ("sanitation", "石榴市生活垃圾分类管理条例", {
        "zh-hans": ("垃圾分类怎么分？大件垃圾怎么处理？",
                    "生活垃圾分为可回收物、有害垃圾、厨余垃圾和其他垃圾四类，按小区分类桶投放。旧家具、床垫等"
                    "大件垃圾请预约物业或拨打12345，统一收运，不要堆放在楼道。"),
        "en": ("How is rubbish sorted, and what do I do with bulky items?",
               "Household waste is sorted into recyclables, hazardous waste, kitchen waste and other waste, each in "
               "its bin. For old furniture or mattresses book a pick-up with the property company or 12345; do not "
               "leave them in the stairwell."),
    }),
    ("water-supply", "石榴市城市供水管理条例", {
        "zh-hans": ("家里突然停水，去哪里查原因？",
                    "计划停水会提前24小时在小区公告栏和“石榴水务”公众号发布。突发停水可拨打供水服务热线96116"
                    "或12345查询；只有自家停水的，请先检查水表阀门和是否欠费。"),
        "en": ("The water suddenly stopped. Where do I find out why?",
               "Planned cuts are posted 24 hours ahead on the estate notice board and the Shiliu Water account. For a "
               "sudden cut call the water hotline 96116 or 12345; if only your home is affected, check the meter valve "
               "and your bill first."),
    }),
)


def texts(language: str) -> list[tuple[str, str]]:
    """(question, answer) of every article written in `language`."""
    return [by_language[language] for _code, _source, by_language in ARTICLES if language in by_language]


VALID_FROM = date(2025, 1, 1)
