"""Per-request extras for the pages."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from fieldsales.core.inbox import inbox_count


class InboxCountMiddleware:
    """Counts what waits for the user, for the badge on the 审批 tab (pages only, not the API)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.method == "GET"
            and not request.path.startswith(("/api/", "/static/", "/admin/"))
        ):
            request.inbox_count = inbox_count(user=user)
        return self.get_response(request)


class LanguageMiddleware(LocaleMiddleware):
    """Pages speak Chinese unless the user switched (cookie); the API honours Accept-Language."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith("/api/"):
            super().process_request(request)
            return
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header from settings.PERMISSIONS_POLICY (Django has none built in)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", {})
        self.header = ", ".join(f"{feature}={allow}" for feature, allow in policy.items())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class BadInputMiddleware:
    """Input no view can hold is a 400 here, before any view or middleware reads it: a body over
    its size limit (checked on Content-Length, so it is never read; JSON on the API, as api.md's
    errors are), a body sent without a length (chunked), and a lone surrogate in a query string or
    a page form (a client that declares an odd charset, `unicode_escape`, can send one).

    The limits (settings): a multipart body, files included, MAX_REQUEST_BYTES or the larger
    limit MAX_REQUEST_BYTES_BY_PATH gives its page; any other body (JSON, a plain form) is held
    in memory whole, so DATA_UPLOAD_MAX_MEMORY_SIZE. Files in a multipart body stream to
    temporary files on disk above FILE_UPLOAD_MAX_MEMORY_SIZE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.by_path = [
            (re.compile(pattern), limit)
            for pattern, limit in getattr(settings, "MAX_REQUEST_BYTES_BY_PATH", {}).items()
        ]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith("/api/")
        limit = self.limit(request)
        declared = request.META.get("CONTENT_LENGTH")
        try:
            length = int(declared) if declared else None
        except ValueError:
            length = None
        if length is None and _has_body_without_length(request):
            # Django reads a body without Content-Length as empty: the view would act on nothing.
            return self._too_big(request, limit, chunked=True)
        if length is not None and length > limit:
            return self._too_big(request, limit)
        try:
            values = list(request.GET.lists())
            if not api and request.method == "POST":
                values += list(request.POST.lists())
        except RequestDataTooBig:
            return self._too_big(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        for key, items in values:
            if any(_has_surrogate(text) for text in [key, *items]):
                message = _("请求内容包含无效的字符（孤立的代理项 U+D800–U+DFFF）")
                if api:
                    return JsonResponse({"detail": message}, status=400)
                return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    def limit(self, request: HttpRequest) -> int:
        """The largest body this request may have."""
        if not request.META.get("CONTENT_TYPE", "").lower().startswith("multipart/"):
            return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        for pattern, limit in self.by_path:
            if pattern.match(request.path):
                return int(limit)
        return int(settings.MAX_REQUEST_BYTES)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/") and isinstance(exception, RequestDataTooBig):
            return self._too_big(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return None

    @staticmethod
    def _too_big(request: HttpRequest, limit: int, *, chunked: bool = False) -> HttpResponse:
        mb = f"{limit / (1024 * 1024):.1f}".removesuffix(".0")
        if chunked:
            message = _("请求须注明内容长度（Content-Length），最多 %(mb)s MB") % {"mb": mb}
        else:
            message = _("请求内容过大（最多 %(mb)s MB）") % {"mb": mb}
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _has_body_without_length(request: HttpRequest) -> bool:
    """A chunked body (HTTP/1.1 Transfer-Encoding) carries no Content-Length."""
    return "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)
