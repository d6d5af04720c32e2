"""Version 1 of the notice of every purpose, in Simplified Chinese and English, published.

Other languages (Traditional Chinese, Uyghur, Tibetan, …) are added to these versions in the
admin, which lists the languages each version still lacks. Texts are data: a later version is a
new row, never an edit of this one.
"""

from django.db import migrations
from django.utils import timezone

NOTICES = {
    "request_handling": {
        "zh-hans": (
            "诉求办理个人信息处理告知",
            "为办理您提交的诉求，本平台（城市社区服务平台，由本市社区服务主管部门运营）会处理您填写的"
            "诉求内容、问题位置和地址、照片，以及您选择留下的联系人姓名和电话。\n\n"
            "这些信息只用于受理、派单、办理、答复和督办您的诉求，只有负责您诉求所在网格、社区和承办部门的"
            "工作人员可以看到；姓名、电话和详细地址加密保存，默认以打码方式显示，工作人员查看完整信息须说明"
            "理由并被记录在审计日志中。\n\n"
            "诉求办结后，联系方式和详细地址按保存期限删除，诉求本身以去除个人信息的形式保留用于统计。"
            "您可以随时通过诉求的专属链接或您的账户撤回同意，撤回后我们将删除该诉求中的个人信息，但不影响撤回前"
            "已进行的处理。您也可以查阅、导出和删除您的个人信息。如有疑问或投诉，请联系所在社区服务站。",
        ),
        "en": (
            "How we use your information to handle your request",
            "To handle the request you submit, this platform (the city's community-service platform, run "
            "by the city's community-service office) processes what you write, the place and address of "
            "the problem, any photos, and the contact name and phone number you choose to give.\n\n"
            "We use this information only to accept, dispatch, handle, answer and supervise your request. "
            "Only staff of the grid, community and department responsible for it can see it. Names, "
            "phone numbers and exact addresses are stored encrypted and shown masked; staff who need the "
            "full value must state a reason, and every such look is recorded in the audit trail.\n\n"
            "After your request is closed, contact details and the exact address are deleted when their "
            "retention period ends; the request itself is kept without personal data for statistics. "
            "You can withdraw your consent at any time through the request's private link or your account; "
            "we then delete the personal data of that request (what was done before stays lawful). You "
            "can also see, download and delete your data. For questions or complaints, contact your "
            "community service station.",
        ),
    },
    "follow_up_contact": {
        "zh-hans": (
            "回访联系告知",
            "如您同意，我们会保存您留下的姓名和电话，仅用于就本诉求与您联系：核实情况、告知办理进展和"
            "办理结果、进行满意度回访。\n\n"
            "不同意也不影响诉求办理，但我们不会保存您的电话，也无法给您回电。电话加密保存并打码显示，"
            "工作人员查看完整号码须说明理由并被记录。诉求办结后，联系方式按保存期限删除。\n\n"
            "您可以随时撤回此项同意，撤回后我们立即删除该诉求中保存的姓名和电话。",
        ),
        "en": (
            "Contact for follow-up",
            "If you agree, we keep the name and phone number you give, only to contact you about this "
            "request: to check details, tell you about progress and the answer, and ask whether you are "
            "satisfied.\n\n"
            "If you do not agree, your request is still handled, but we do not keep your phone number and "
            "cannot call you back. The number is stored encrypted and shown masked; staff who need the "
            "full number must state a reason, and the look is recorded. Contact details are deleted when "
            "their retention period after closure ends.\n\n"
            "You can withdraw this consent at any time; we then delete the name and phone number kept "
            "with the request at once.",
        ),
    },
    "residence_declaration": {
        "zh-hans": (
            "居住申报个人信息处理告知",
            "为办理居住登记并为您对接所在社区的入学、就医、培训等服务，我们会处理您申报的居住地址、入住日期、"
            "来本市的目的以及同住家庭成员信息。我们不收集民族、宗教信息。\n\n"
            "这些信息仅供您所在社区的工作人员确认申报和提供服务使用，详细地址和证件号码加密保存、打码显示。"
            "申报信息在您迁出或注销账户后按保存期限删除。您可以随时查阅、更正、导出或删除，也可以撤回同意。",
        ),
        "en": (
            "How we use your residence declaration",
            "To register your residence and connect you with your community's services (schooling, "
            "medical care, training), we process the address you declare, your move-in date, why you "
            "came to the city, and the members of your household. We never collect ethnicity or "
            "religion.\n\n"
            "Only your community's staff use this information, to confirm the declaration and serve you. "
            "Exact addresses and ID numbers are stored encrypted and shown masked. The declaration is "
            "deleted when its retention period ends after you move away or close your account. You can "
            "see, correct, download or delete it, and withdraw your consent, at any time.",
        ),
    },
    "course_enrolment": {
        "zh-hans": (
            "课程报名个人信息处理告知",
            "为办理课程报名、安排课时、记录考勤和发放结业证书，我们会处理您的姓名、联系电话、所报课程和出勤"
            "记录。\n\n"
            "这些信息仅供课程所在培训基地或站点的工作人员使用，电话加密保存、打码显示。课程结束后按保存期限删除，"
            "结业证书记录保留至您删除账户。您可以随时查阅、导出或删除，也可以撤回同意（撤回后无法继续参加该课程）。",
        ),
        "en": (
            "How we use your course enrolment",
            "To enrol you in a course, schedule sessions, record attendance and issue a completion "
            "certificate, we process your name, phone number, the courses you choose and your "
            "attendance.\n\n"
            "Only staff of the training base or site running the course use this information; the phone "
            "number is stored encrypted and shown masked. It is deleted when its retention period after "
            "the course ends; certificate records stay until you delete your account. You can see, "
            "download or delete it, and withdraw your consent (you then can no longer attend the course).",
        ),
    },
    "equality_statistics": {
        "zh-hans": (
            "平等服务统计（自愿）告知",
            "为检验服务是否做到“同时、同量、同质”，您可以自愿提供用于统计的自我申报信息。是否提供完全自愿，"
            "不影响您获得任何服务。\n\n"
            "这些信息只以汇总形式用于比较不同群体的响应时间、办结时间和满意度，绝不用于对个人的列表、查询、"
            "筛选、排序或导出，任何工作人员都看不到单个人的申报内容。您可以随时撤回同意，撤回后我们删除您的申报。",
        ),
        "en": (
            "Equality statistics (optional)",
            "To check that everyone is served at the same speed, to the same extent and with the same "
            "quality, you may choose to give self-declared information for statistics. Giving it is "
            "entirely optional and changes nothing about the services you receive.\n\n"
            "It is used only in aggregate, to compare response times, completion times and satisfaction "
            "across groups; it is never used to list, search, filter, rank or export individuals, and no "
            "staff member can see what one person declared. You can withdraw your consent at any time; "
            "we then delete what you declared.",
        ),
    },
}


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Notice = apps.get_model("privacy", "Notice")
    NoticeText = apps.get_model("privacy", "NoticeText")
    now = timezone.now()
    for purpose, texts in NOTICES.items():
        if Notice.objects.filter(purpose=purpose).exists():
            continue
        # Texts first, then the publication date: the historical model has no immutability guard,
        # but the order matches how the admin publishes a version.
        notice = Notice.objects.create(purpose=purpose, version=1)
        for language, (title, body) in texts.items():
            NoticeText.objects.create(notice=notice, language=language, title=title, body=body)
        Notice.objects.filter(pk=notice.pk).update(published_at=now)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
