"""Errors a service raises; the API and the pages turn each into one HTTP answer."""

from __future__ import annotations


class ServiceError(Exception):
    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, object]:
        if self.field:
            return {self.field: [self.message]}
        return {"detail": self.message}


class RuleBroken(ServiceError):
    """Input or a policy rule refuses the action (400)."""

    status_code = 400


class Forbidden(ServiceError):
    """The user may see the document but their role may not take this action (403)."""

    status_code = 403


class InvalidTransition(ServiceError):
    """The document's current state does not allow the action (409)."""

    status_code = 409


class NotFound(ServiceError):
    """What the user may not see does not exist for them (404)."""

    status_code = 404
