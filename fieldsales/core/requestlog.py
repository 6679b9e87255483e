"""A request id on every request and log line, and one log line per request.

The id comes from the `X-Request-ID` header (a proxy's, when it is a plain token of at most 64
characters) or is made here; it is sent back in the same header and added to every log record
made while the request runs. With FIELDSALES_LOG_JSON=1 the settings write each record as one
JSON line on stderr (JsonFormatter); otherwise as plain text.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

log = logging.getLogger("fieldsales.request")

HEADER = "X-Request-ID"
VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Probes arrive every few seconds: their lines only when they fail or at DEBUG.
QUIET_PATHS = ("/healthz", "/readyz")
# What a request line carries besides the message, in this order.
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "user_id")

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)


def request_id_from(header: str | None) -> str:
    """The caller's id when it is a plain token, else a new one (never trust a header in logs)."""
    if header and VALID_ID.match(header):
        return header
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """First in MIDDLEWARE: the id covers every other middleware, the time too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = request_id_from(request.headers.get(HEADER))
        token = request_id_var.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request.request_id
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            quiet = request.path in QUIET_PATHS and response.status_code < 400
            log.log(
                logging.DEBUG if quiet else logging.INFO,
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": _user_id(request),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    # A user nobody looked at stays unloaded: reading it would load the session for a log line.
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (None outside a request), for any formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id and the request's
    fields when the record is a request line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
