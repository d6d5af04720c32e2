"""A year of casework (帮扶台账) in the demo city: households found by visits, requests and
referrals, their cases in every state, a year of follow-up visits and the 1+1 pairings (结对帮扶)
of staff with households, made only through `shiliu.cases.services` with historical dates.
Deterministic for a given random generator and day."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from shiliu.cases import services
from shiliu.cases.models import Case, Household, Method, NeedItem, Outcome, Source
from shiliu.core.permissions import Role
from shiliu.demo import texts
from shiliu.demo.build import DemoOrg
from shiliu.org.models import OrgUnit
from shiliu.people.models import User


# Each difficulty: the need it scores, a summary, plan actions (title, working days) and what a
# visit finds along the way.
@dataclass(frozen=True)
class Difficulty:
    need: str
    summary: str
    actions: tuple[tuple[str, int], ...]
    findings: tuple[str, ...]


DIFFICULTIES: tuple[Difficulty, ...] = (
    Difficulty("income", "家中主要劳动力去年因病去世，现靠打零工维持，收入不稳定，月收入低于低保标准。",
               (("协助申请城乡低保", 10), ("申请临时救助金", 5), ("对接社区爱心超市", 3)),
               ("低保申请材料已收齐，送街道审核。", "临时救助金已发放到位。", "家中米面油充足，情绪平稳。")),
    Difficulty("housing", "租住的老旧平房漏雨严重，冬季取暖困难，房东不愿维修。",
               (("联系住建部门查看房屋安全", 7), ("协助申请公租房", 15), ("联系志愿者临时修缮屋顶", 5)),
               ("屋顶已临时修补，不再漏雨。", "公租房申请已受理，排队等候。", "已为老人送去电暖器。")),
    Difficulty("employment", "夫妻二人均失业半年，孩子正读初中，家庭开支压力大。",
               (("推荐参加社区技能培训", 10), ("对接辖区企业岗位", 10), ("登记就业困难人员", 3)),
               ("丈夫已参加电工培训，下月结业。", "妻子已在附近超市上岗。", "正在准备面试，需要简历帮助。")),
    Difficulty("schooling", "孩子随父母来城市务工，入学手续不全，开学在即仍未落实学位。",
               (("协助准备入学材料", 3), ("与片区学校沟通学位", 5), ("申请教育资助", 10)),
               ("入学材料已补齐。", "孩子已正常上学，适应良好。", "学校减免了部分杂费。")),
    Difficulty("health", "独居老人患高血压、糖尿病，行动不便，按时服药和复诊有困难。",
               (("签约家庭医生", 5), ("安排志愿者陪同复诊", 5), ("申请慢性病门诊待遇", 10)),
               ("家庭医生已上门随访。", "血压控制平稳，药品充足。", "老人摔了一跤，已送医检查，无大碍。")),
    Difficulty("disability", "儿子为二级肢体残疾，需长期康复训练，家中无力承担辅具费用。",
               (("协助办理残疾人证换证", 5), ("申请辅具适配补贴", 10), ("联系康复机构", 7)),
               ("轮椅已适配到位。", "康复训练每周两次，进展明显。", "残疾人两项补贴已按月发放。")),
    Difficulty("elderly_care", "八旬老人子女在外地工作，日常起居无人照料。",
               (("申请居家养老服务", 7), ("安装一键呼叫设备", 5), ("联系子女定期视频", 2)),
               ("助餐服务已每日送到。", "一键呼叫设备已安装并教会使用。", "子女已约定每周通话。")),
    Difficulty("legal", "拖欠工资近三个月，用人单位拒绝支付，当事人不知如何维权。",
               (("联系法律援助中心", 3), ("协助整理用工证据", 5), ("陪同到劳动监察部门", 7)),
               ("法律援助律师已接案。", "劳动监察已约谈用人单位。", "拖欠工资已追回大部分。")),
)
NEXT_STEPS = ("下次入户了解审批进展", "电话回访确认落实情况", "继续跟进，必要时协调相关部门", "下月再上门看望", "")
BUILDINGS = ("1栋", "2栋", "3栋", "5栋", "6栋", "8栋", "9栋", "11栋", "12栋")
LANGUAGES = ("zh-hans",) * 14 + ("ug", "bo", "zh-hant", "en")

# The share of cases ending in each state (the rest are reopened, then assessed again).
STATES = (("open", 0.1), ("assessed", 0.1), ("active", 0.3), ("monitoring", 0.2), ("closed", 0.24))


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _casework_staff(org: DemoOrg) -> tuple[dict[int, User], dict[str, User]]:
    """Grid workers by grid pk and station staff by street code, from the demo accounts."""
    grid_workers: dict[int, User] = {}
    stations: dict[str, User] = {}
    for user in sorted(org.users.values(), key=lambda u: u.username):
        for role in user.staff_roles.all():
            if role.role == Role.GRID_WORKER and role.unit.kind == OrgUnit.Kind.GRID:
                grid_workers.setdefault(role.unit.pk, user)
            elif role.role == Role.STATION_STAFF:
                stations.setdefault(role.unit.code, user)
    return grid_workers, stations


def build_casework(org: DemoOrg, rng: random.Random, base: datetime, households: int = 150,
                   progress: Callable[[], None] | None = None) -> int:
    """`households` households with a case each (most of them) and a year of visits; returns the
    number of cases."""
    today = base.date()
    grid_workers, stations = _casework_staff(org)
    grids = [grid for grid in org.all_grids() if grid.pk in grid_workers]
    if not grids:
        return 0
    levels_all = list(NeedItem.objects.filter(active=True).values_list("code", flat=True))
    cases = 0
    for n in range(households):
        grid = rng.choice(grids)
        worker = grid_workers[grid.pk]
        community = org.communities.get(grid.parent.code) if grid.parent else None
        station = stations.get(org.street_of.get(community.code, "")) if community else None
        language = rng.choice(LANGUAGES)
        opened_on = today - timedelta(days=rng.randint(3, 360))
        household = services.household_create(
            worker, unit=grid, building=rng.choice(BUILDINGS), unit_no=f"{rng.randint(1, 4)}单元",
            room=f"{rng.randint(1, 18)}0{rng.randint(1, 4)}", head_name=texts.person(rng, "zh-hans"),
            head_phone=texts.phone(rng), members_count=rng.randint(1, 6), language=language)
        if n % 10 == 9:  # a household visited but with no case
            _visits(worker, household, None, opened_on, today, rng, count=rng.randint(1, 3))
        else:
            difficulty = rng.choice(DIFFICULTIES)
            case = services.case_open(worker, household=household, source=rng.choice(list(Source.values)),
                                      summary=difficulty.summary, opened_on=opened_on, now=_at(opened_on, 9))
            _live(case, difficulty, worker, station, levels_all, opened_on, today, rng)
            cases += 1
        if rng.random() < 0.3:
            _pair(org, household, worker, station, opened_on, today, rng)
        if progress is not None:
            progress()
    return cases


def _state(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for state, share in STATES:
        total += share
        if roll < total:
            return state
    return "reopened"


def _live(case: Case, difficulty: Difficulty, worker: User, station: User | None, levels_all: list[str],
          opened_on: date, today: date, rng: random.Random) -> None:
    target = _state(rng)
    days = (today - opened_on).days
    step = max(days // 6, 1)
    day = opened_on
    if target == "open":
        return

    def later(most: int = step) -> date:
        nonlocal day
        day = min(day + timedelta(days=rng.randint(1, max(most, 1))), today)
        return day

    levels = {code: "none" for code in levels_all}
    levels[difficulty.need] = rng.choice(("some", "severe"))
    for extra in rng.sample(levels_all, 1):
        if extra != difficulty.need:
            levels[extra] = "some"
    services.case_assess(worker, case=case, levels=levels, now=_at(later(3)))
    if target == "assessed":
        return
    actions = []
    for title, working_days in difficulty.actions[: rng.randint(2, 3)]:
        due = services.plan_action_due_in_working_days(day, working_days)
        actions.append(services.plan_action_add(worker, case=case, title=title, owner=worker, due_on=due,
                                                now=_at(day, 11)))
    services.case_start_plan(worker, case=case, now=_at(day, 11))
    _visits(worker, case.household, case, day, today, rng, count=rng.randint(1, 3), findings=difficulty.findings)
    for action in actions:
        if rng.random() < 0.7 and action.due_on + timedelta(days=3) < today:
            done_on = min(action.due_on + timedelta(days=rng.randint(-3, 3)), today)
            done_on = max(done_on, day)
            services.plan_action_done(worker, action=action, done_on=done_on, now=_at(done_on, 15))
    if target == "active":
        return
    services.case_monitor(worker, case=case, note="帮扶措施已落实，转入定期回访。", now=_at(later(), 16))
    _visits(worker, case.household, case, day, today, rng, count=rng.randint(1, 2), findings=difficulty.findings)
    if target == "monitoring":
        return
    services.case_close(worker, case=case, outcome=rng.choice((Outcome.RESOLVED, Outcome.RESOLVED, Outcome.IMPROVED,
                                                               Outcome.MOVED, Outcome.DECLINED)),
                        outcome_note="困难已基本解决，家庭生活恢复正常。", now=_at(later(), 17))
    if target == "closed" or station is None or case.closed_on is None or case.closed_on >= today:
        return
    services.case_reopen(station, case=case, reason="回访发现困难反复，重新评估。", now=_at(later(), 10))


def _visits(worker: User, household: Household, case: Case | None, start: date, today: date,
            rng: random.Random, *, count: int, findings: tuple[str, ...] = ("家中情况稳定，无新的困难。",)) -> None:
    day = start
    for i in range(count):
        day = min(day + timedelta(days=rng.randint(3, 45)), today)
        if case is not None and case.status == "closed":
            return
        last = i == count - 1
        next_on = day + timedelta(days=rng.choice((14, 30, 30, 60))) if last or rng.random() < 0.5 else None
        services.visit_record(worker, household=household, case=case, visited_on=day,
                              method=rng.choice((Method.HOME, Method.HOME, Method.PHONE, Method.OFFICE)),
                              notes=rng.choice(findings), next_step=rng.choice(NEXT_STEPS),
                              next_visit_on=next_on, now=_at(day, 14))
        if day >= today:
            return


def _pair(org: DemoOrg, household: Household, worker: User, station: User | None, since: date, today: date,
          rng: random.Random) -> None:
    """A 1+1 pairing: a department's handler or the community's station staff with the household,
    in touch about monthly, sometimes less than agreed."""
    handlers = sorted({u for u in org.handlers.values()}, key=lambda u: u.username)
    staff = rng.choice([*handlers[:8], *([station] if station else [])])
    started = max(since, today - timedelta(days=330))
    pairing = services.pairing_create(station or worker, staff=staff, household=household,
                                      min_contacts=rng.choice((1, 1, 2)), period_days=rng.choice((30, 30, 60)),
                                      started_on=started)
    day = started
    keeps_up = rng.random() < 0.75
    while True:
        day += timedelta(days=rng.randint(15, 40) if keeps_up else rng.randint(40, 90))
        if day > today:
            break
        services.pairing_contact_record(staff, pairing=pairing, contacted_on=day,
                                        method=rng.choice((Method.HOME, Method.PHONE)),
                                        note=rng.choice(("节前走访慰问", "电话问候近况", "帮助填写申请表", "")))
