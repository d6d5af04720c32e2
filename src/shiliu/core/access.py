"""The one permission map: every URL the project serves, who may open it, and at what scope.

`ACCESS` maps each URL name (`namespace:name`) to an `AccessRule`; the `AccessMiddleware` in
`core.middleware` enforces it before any view runs, and a test walks every URL pattern and fails
for a name that is missing here. A name that is not in the map answers 404 (fail closed). The
Django admin is one entry, "admin", open to the system and security administrators; inside it,
`ADMIN_MODELS` says which of them manages which model and `User.has_perm` reads it (Django's
`is_superuser`, `is_staff`, groups and permissions grant nothing).

What happens to a single object (may this dispatcher see request SL-…?) stays with the policy
registry in `core.permissions`: the rule's scope names which question the view asks it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import ResolverMatch
from django.utils.translation import gettext_lazy as _

from shiliu.core.permissions import (
    CASEWORK_ROLES,
    DISPATCH_ROLES,
    FIGURE_ROLES,
    INTAKE_ROLES,
    REQUEST_ROLES,
    Role,
)


class Scope:
    PUBLIC = "public"  # anyone; no object behind it
    LINK = "link"  # whoever holds the private link: the unguessable token is the key
    SELF = "self"  # the signed-in person's own account
    UNITS = "units"  # objects arising in or assigned to the user's units and below
    SYSTEM = "system"  # a system-wide duty of one of the three administrators (三员)


@dataclass(frozen=True)
class AccessRule:
    scope: str
    roles: frozenset[str] = frozenset()  # any one of them; empty: no role needed
    before_second_factor: bool = False  # reachable between password and second factor
    token: bool = False  # an API endpoint that authenticates by token and calls `allows` itself
    login: str = ""  # where to sign in when anonymous (URL name); staff sign-in by default

    @property
    def public(self) -> bool:
        return self.scope in {Scope.PUBLIC, Scope.LINK}


def _rule(scope: str, *roles: str, before_second_factor: bool = False) -> AccessRule:
    return AccessRule(scope, frozenset(roles), before_second_factor)


PUBLIC = _rule(Scope.PUBLIC)
OWN_ACCOUNT = _rule(Scope.SELF)
RESIDENT_ACCOUNT = AccessRule(Scope.SELF, login="privacy:resident-sign-in")
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN})
# Staff who confirm residence declarations (residence.workflow.STAFF_ROLES: the same set)
RESIDENCE_ROLES = frozenset({Role.STATION_STAFF, Role.DISPATCHER, Role.SUPERVISOR})

ACCESS: dict[str, AccessRule] = {
    # Cross-cutting
    "healthz": PUBLIC,
    "set_language": PUBLIC,
    # Accounts
    "people:login": PUBLIC,
    "people:logout": _rule(Scope.SELF, before_second_factor=True),
    "people:two-factor-setup": _rule(Scope.SELF, before_second_factor=True),
    "people:two-factor-verify": _rule(Scope.SELF, before_second_factor=True),
    "people:start": OWN_ACCOUNT,
    "people:password-change": OWN_ACCOUNT,
    # Resident portal
    "service_requests:portal-home": PUBLIC,
    "service_requests:portal-submit": PUBLIC,
    "service_requests:portal-follow": PUBLIC,
    # Knowledge base (知识库): public answers; staff search them and cite them in replies
    "knowledge:portal-list": PUBLIC,
    "knowledge:article": PUBLIC,
    "knowledge:answered": PUBLIC,
    "knowledge:suggest": PUBLIC,
    "knowledge:workbench-list": _rule(Scope.UNITS, *REQUEST_ROLES),
    "knowledge:workbench-cite": _rule(Scope.UNITS, *REQUEST_ROLES),
    "service_requests:portal-track": _rule(Scope.LINK),
    "service_requests:portal-receipt": _rule(Scope.LINK),
    "service_requests:portal-photo": _rule(Scope.LINK),
    # A signed, expiring link to one photo (Open311's media_url for keyed readers)
    "service_requests:photo-shared": _rule(Scope.LINK),
    # A photo kept from a form's earlier try, shown to whoever holds its signed token
    "service_requests:photo-pending": _rule(Scope.LINK),
    # The map picker's helpers: what the public map already shows (grid names, service points)
    "org:place-at": PUBLIC,
    "org:place-search": PUBLIC,
    # Staff workbench
    "service_requests:workbench": _rule(Scope.UNITS, *REQUEST_ROLES),
    "service_requests:workbench-supervision": _rule(Scope.UNITS, *REQUEST_ROLES),
    "service_requests:workbench-detail": _rule(Scope.UNITS, *REQUEST_ROLES),
    "service_requests:workbench-photo": _rule(Scope.UNITS, *REQUEST_ROLES),
    "service_requests:workbench-act": _rule(Scope.UNITS, *REQUEST_ROLES),
    "service_requests:workbench-enter": _rule(Scope.UNITS, *INTAKE_ROLES),
    # The page after entry: only the person who entered the request, in that session
    "service_requests:workbench-entered": _rule(Scope.SELF, *INTAKE_ROLES),
    "service_requests:workbench-send-link": _rule(Scope.SELF, *INTAKE_ROLES),
    "service_requests:workbench-bulk-dispatch": _rule(Scope.UNITS, *DISPATCH_ROLES),
    "service_requests:workbench-to-accept": _rule(Scope.UNITS, *DISPATCH_ROLES),
    "service_requests:workbench-accept-dispatch": _rule(Scope.UNITS, *DISPATCH_ROLES),
    # Casework (帮扶台账): grid workers, community staff and supervisors in their units; the case
    # policy decides per household and case (404 outside scope), full reads are audited
    **dict.fromkeys([
        "cases:household-list", "cases:household-create", "cases:household-detail", "cases:case-open",
        "cases:visit-record", "cases:pairing-create", "cases:case-list", "cases:overdue",
        "cases:pairing-short", "cases:pairing-end", "cases:case-detail", "cases:case-assess",
        "cases:action-add", "cases:case-refer", "cases:case-act",
        # The casework ledgers in Excel (what the selectors show; import into one's units) and
        # the phone's visit page (入户走访, with its offline queue)
        "cases:ledger-export", "cases:ledger-import", "cases:ledger-import-confirm", "cases:field-visit",
    ], _rule(Scope.UNITS, *CASEWORK_ROLES)),
    # The service worker of the visit page: a static script, served from the page's folder
    "cases:field-offline-worker": PUBLIC,
    # Pairings (结对帮扶): the paired member of staff may hold any working role; an owner of a plan
    # action may be in a department
    "cases:pairing-list": _rule(Scope.UNITS, *REQUEST_ROLES),
    "cases:pairing-contact": _rule(Scope.UNITS, *REQUEST_ROLES),
    "cases:action-done": _rule(Scope.UNITS, *REQUEST_ROLES),
    # Figures
    "reports:figures": _rule(Scope.UNITS, *FIGURE_ROLES),
    # Insights: the category suggestion while a request is typed (portal and staff entry alike),
    # and the dispatchers' hot issues (clusters of the requests they may see)
    "insights:suggest": PUBLIC,
    "insights:hot-issues": _rule(Scope.UNITS, *DISPATCH_ROLES),
    "insights:hot-issue-detail": _rule(Scope.UNITS, *DISPATCH_ROLES),
    "insights:hot-issue-link": _rule(Scope.UNITS, *DISPATCH_ROLES),
    "insights:hot-issue-merge": _rule(Scope.UNITS, *DISPATCH_ROLES),
    # Audit trail: the auditor, and nobody else
    "audit:trail": _rule(Scope.SYSTEM, Role.AUDITOR),
    "audit:verify": _rule(Scope.SYSTEM, Role.AUDITOR),
    "audit:export": _rule(Scope.SYSTEM, Role.AUDITOR),
    # Finding and revealing personal data: the request policy decides per object (and audits)
    "service_requests:workbench-find-by-phone": _rule(Scope.UNITS, *REQUEST_ROLES),
    "service_requests:workbench-reveal": _rule(Scope.UNITS, *REQUEST_ROLES),
    # a staff member who may see the request confirms a resident's claim of it
    "service_requests:workbench-claim-confirm": _rule(Scope.UNITS, *REQUEST_ROLES),
    # Residents' privacy: notices are public, a request's consents go with its private link,
    # an account's data with the signed-in resident
    "privacy:notice-detail": PUBLIC,
    "privacy:notice-version": PUBLIC,
    "service_requests:portal-claim": RESIDENT_ACCOUNT,  # a signed-in resident who also holds the link
    "service_requests:portal-claim-confirm": RESIDENT_ACCOUNT,  # ... and the code sent to its phone
    "service_requests:portal-consent-withdraw": _rule(Scope.LINK),
    "privacy:resident-sign-up": PUBLIC,
    "privacy:resident-sign-up-confirm": PUBLIC,  # the pending sign-up lives in the session
    "privacy:resident-sign-in": PUBLIC,
    "privacy:resident-sign-in-code": PUBLIC,
    "privacy:resident-sign-in-code-enter": PUBLIC,  # the address waits in the session
    "privacy:resident-home": RESIDENT_ACCOUNT,
    "privacy:resident-profile": RESIDENT_ACCOUNT,
    "privacy:resident-contact": RESIDENT_ACCOUNT,
    "privacy:resident-contact-confirm": RESIDENT_ACCOUNT,
    "privacy:resident-consent": RESIDENT_ACCOUNT,
    "privacy:resident-export": RESIDENT_ACCOUNT,
    "privacy:resident-delete": RESIDENT_ACCOUNT,
    # Residence declarations: the resident's own (signed in), the staff of the declared
    # community and above (the declaration policy decides per object, 404 outside)
    "residence:declaration-list": RESIDENT_ACCOUNT,
    "residence:declare": RESIDENT_ACCOUNT,
    "residence:declaration-detail": RESIDENT_ACCOUNT,
    "residence:declaration-correct": RESIDENT_ACCOUNT,
    "residence:declaration-move-out": RESIDENT_ACCOUNT,
    "residence:declaration-receipt": RESIDENT_ACCOUNT,
    "residence:queue": _rule(Scope.UNITS, *RESIDENCE_ROLES),
    "residence:staff-detail": _rule(Scope.UNITS, *RESIDENCE_ROLES),
    "residence:staff-act": _rule(Scope.UNITS, *RESIDENCE_ROLES),
    # The APIs' documents
    "api:api-root": PUBLIC,
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    # The Django admin, as one entry; per-model duties in ADMIN_MODELS
    "admin": AccessRule(Scope.SYSTEM, ADMIN_ROLES),
}

# The REST and Open311 endpoints authenticate API keys, sessions or private tokens themselves and
# ask `allows` (and the request policy) for each call; the middleware only stops staff sessions
# that have not passed the second factor.
API_RULE = AccessRule(Scope.UNITS, token=True)
API_ENDPOINTS = [
    "api:create_request", "api:list_requests", "api:get_request", "api:track", "api:rate",
    "api:figures", "api:suggest", "api:hot_issues",
    "api:list_categories", "api:list_org_units", "api:list_service_points",
    "api:resident_sign_in_code", "api:resident_sign_in_verify", "api:resident_me",
    "api:create_declaration", "api:list_declarations", "api:get_declaration",
    "api:declaration_confirm", "api:declaration_return",
    "api:list_knowledge", "api:get_knowledge",
    *(f"api:request_{verb}" for verb in (
        "accept", "decline", "merge", "dispatch", "transfer", "accept_transfer", "refuse_transfer",
        "sign", "return", "resolve", "rate", "close",
        "request_extension", "approve_extension", "refuse_extension", "remind", "supervise",
    )),
    # Casework (shiliu.cases through api/cases.py): the case policy scopes every row
    *(f"api:{name}" for name in (
        "list_households", "get_household", "create_household", "list_cases", "get_case", "create_case",
        "case_assess", "case_start_plan", "case_monitor", "case_resume", "case_close", "case_reopen",
        "case_reassign", "case_add_action", "list_visits", "get_visit", "create_visit", "list_pairings",
        "get_pairing", "create_pairing",
    )),
    *(f"open311:open311-{name}" for name in (
        "discovery", "services", "service", "requests", "request", "token", "not-found",
    )),
]
ACCESS.update(dict.fromkeys(API_ENDPOINTS, API_RULE))
# Following and rating a request through the API needs its private token, like the portal.
ACCESS.update({"api:track": _rule(Scope.LINK), "api:rate": _rule(Scope.LINK)})
# The knowledge base's answers are public, like its portal pages.
ACCESS.update({"api:list_knowledge": PUBLIC, "api:get_knowledge": PUBLIC})

# Which administrator manages which admin model, and how. A model that is registered with the
# admin but missing here is open to nobody (requests are read in the workbench, with its scopes).
ALL_ACTIONS = frozenset({"view", "add", "change", "delete"})
VIEW = frozenset({"view"})
ADMIN_MODELS: dict[str, dict[str, frozenset[str]]] = {
    # The system administrator configures.
    "org.orgunit": {Role.SYSTEM_ADMIN: ALL_ACTIONS, Role.SECURITY_ADMIN: VIEW},  # to place roles
    "org.servicepoint": {Role.SYSTEM_ADMIN: ALL_ACTIONS},
    "service_requests.category": {Role.SYSTEM_ADMIN: ALL_ACTIONS},
    "service_requests.routingrule": {Role.SYSTEM_ADMIN: ALL_ACTIONS},
    "service_requests.holidayoverride": {Role.SYSTEM_ADMIN: ALL_ACTIONS},
    "service_requests.replytemplate": {Role.SYSTEM_ADMIN: ALL_ACTIONS},  # standard replies
    "knowledge.article": {Role.SYSTEM_ADMIN: ALL_ACTIONS},  # policy answers (知识库)
    "knowledge.selfanswer": {Role.SYSTEM_ADMIN: VIEW},
    # The security administrator manages accounts and roles.
    "people.user": {Role.SECURITY_ADMIN: ALL_ACTIONS},
    "people.staffrole": {Role.SECURITY_ADMIN: ALL_ACTIONS},
    # API keys are credentials: the security administrator issues and revokes them.
    "api.apikey": {Role.SECURITY_ADMIN: ALL_ACTIONS},
    # The questions a category asks (Open311 attributes) are configuration.
    "api.categoryquestion": {Role.SYSTEM_ADMIN: ALL_ACTIONS},
    # The needs checklist of casework assessments is configuration.
    "cases.needitem": {Role.SYSTEM_ADMIN: ALL_ACTIONS},
}


def rule_key(match: ResolverMatch) -> str:
    """The map key of a resolved URL: its full name, or "admin" for anything in the admin."""
    if match.namespaces and match.namespaces[0] == "admin":
        return "admin"
    return match.view_name


def rule_for(match: ResolverMatch | None) -> AccessRule | None:
    return None if match is None else ACCESS.get(rule_key(match))


# --- Questions about a user ----------------------------------------------------------------------


def roles_of(user: Any) -> frozenset[str]:
    """The roles a user holds anywhere, read once per user object (one request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached: frozenset[str] | None = getattr(user, "_shiliu_roles", None)
    if cached is None:
        cached = frozenset(user.staff_roles.order_by().values_list("role", flat=True))
        user._shiliu_roles = cached
    return cached


def is_staff(user: Any) -> bool:
    """Staff are people holding at least one role; they must use a second factor."""
    return bool(roles_of(user))


# Where a staff member whose session has no verified second factor goes next (a URL name): the
# app that owns signing in (people) registers it, so that core imports no app.
_second_factor_step: Callable[[Any], str] | None = None


def register_second_factor_step(step: Callable[[Any], str]) -> None:
    global _second_factor_step
    _second_factor_step = step


def second_factor_step(user: Any) -> str:
    if _second_factor_step is None:
        raise LookupError("no second-factor step is registered (the people app registers it)")
    return _second_factor_step(user)


def holds_any(user: Any, roles: frozenset[str]) -> bool:
    return bool(roles_of(user) & roles)


def allows(user: Any, rule: AccessRule) -> bool:
    """Whether a signed-in user may open an endpoint governed by `rule` (object scope aside)."""
    if rule.public:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return not rule.roles or holds_any(user, rule.roles)


def may_open(user: Any, name: str) -> bool:
    rule = ACCESS.get(name)
    return rule is not None and allows(user, rule)


def admin_allows(user: Any, perm: str) -> bool:
    """`perm` is Django's "app_label.action_model" (e.g. "org.change_orgunit")."""
    app_label, _dot, codename = perm.partition(".")
    action, _sep, model_name = codename.partition("_")
    duties = ADMIN_MODELS.get(f"{app_label}.{model_name}", {})
    return any(action in actions for role, actions in duties.items() if role in roles_of(user))


def admin_allows_app(user: Any, app_label: str) -> bool:
    held = roles_of(user)
    return any(
        label.startswith(f"{app_label}.") and held & set(duties)
        for label, duties in ADMIN_MODELS.items()
    )


# --- Navigation: the links a signed-in user may open, in order -----------------------------------

NAVIGATION = [
    ("service_requests:workbench", _("Workbench")),
    ("service_requests:workbench-to-accept", _("To accept")),
    ("service_requests:workbench-supervision", _("Supervision")),
    ("cases:case-list", _("Casework")),
    ("cases:pairing-list", _("Pairings")),
    ("residence:queue", _("Residence declarations")),
    ("insights:hot-issues", _("Hot issues")),
    ("reports:figures", _("Figures")),
    ("audit:trail", _("Audit trail")),
    ("admin", _("Administration")),
]
URL_OF = {"admin": "admin:index"}


def navigation(user: Any) -> list[tuple[str, Any]]:
    """(URL name to reverse, label) for each staff page `user` may open."""
    return [(URL_OF.get(name, name), label) for name, label in NAVIGATION if may_open(user, name)]


def context(request: Any) -> dict[str, Any]:
    """Template context processor: `staff_links` for the site navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"staff_links": []}
    return {"staff_links": navigation(user)}
