"""The domain errors every app raises, and the one map from error to HTTP status.

A service refuses with one of these; each channel turns it into an answer with `status_for`:
the web pages (`core.middleware.DomainErrorMiddleware`, or a view that shows the message in its
form), REST (`api.errors`) and Open311 (`api.open311.views`). `code` is stable (clients read
it); `message` is for people, already in the caller's language.

    DomainError
    ├── InvalidInput          400  what was sent cannot be used
    │   └── Unprocessable     422  well-formed, but cannot be used (an idempotency key reused)
    ├── ConsentRequired       400  the person has not agreed to what this needs
    ├── NotAllowed            403  this person may not do this
    ├── NotFound              404  nothing there (or nothing this person may see)
    ├── InvalidTransition     409  not in this state
    ├── Conflict              409  someone else changed it first
    ├── TooMany               429  too many tries for now (`retry_after` seconds: a lockout)
    └── Unavailable           503  the city is not set up for this yet (no published notice,
                                   no organisation tree): nobody's input is wrong

Apps keep their own names (`workflow.InvalidInput`, `privacy.services.NoNotice`) as aliases or
subclasses of these. This module imports no app.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refused action; `code` is stable, `message` is for people."""

    code = "refused"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    code = "invalid_input"


class Unprocessable(InvalidInput):
    code = "unprocessable"


class ConsentRequired(DomainError):
    code = "consent_required"


class NotAllowed(DomainError):
    code = "not_allowed"


class NotFound(DomainError):
    code = "not_found"


class InvalidTransition(DomainError):
    code = "invalid_transition"


class Conflict(DomainError):
    code = "conflict"


class Unavailable(DomainError):
    code = "unavailable"


class TooMany(DomainError):
    """Too many tries for now; the channel sends `retry_after` as Retry-After."""

    code = "too_many"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# The one map: the nearest class in an error's MRO decides its status.
STATUS: dict[type[DomainError], int] = {
    DomainError: 400,
    InvalidInput: 400,
    Unprocessable: 422,
    ConsentRequired: 400,
    NotAllowed: 403,
    NotFound: 404,
    InvalidTransition: 409,
    Conflict: 409,
    Unavailable: 503,
    TooMany: 429,
}


def status_for(error: DomainError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400
