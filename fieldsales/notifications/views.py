"""The bell's pages: my notifications (newest first, paged), open one (marks it read and goes
to its document), mark read, mark all read, the kinds I mute."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fieldsales.core.errors import NotFound, ServiceError
from fieldsales.core.sheets import XLSX
from fieldsales.notifications import selectors, services
from fieldsales.notifications.exports import KEEP_DAYS
from fieldsales.notifications.models import Export, ExportStatus, Notification

PAGE_SIZE = 20


def _own(request: HttpRequest, pk: int) -> Notification:
    try:
        return selectors.notification_of(user=request.user, pk=pk)
    except NotFound:
        raise Http404 from None


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    unread = request.GET.get("unread") == "1"
    found = selectors.notifications_of(user=request.user, unread=unread)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "unread": unread,
            "unread_count": selectors.unread_count(user=request.user),
            "preferences": selectors.mute_preferences(user=request.user),
        },
    )


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Read it and go to its document (back to the list when it names none)."""
    notification = _own(request, pk)
    services.notification_read(notification=notification, user=request.user)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = _own(request, pk)
    services.notification_read(notification=notification, user=request.user)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_read_all(user=request.user)
    messages.success(request, _("已将 %(count)s 条通知标为已读") % {"count": count})
    return redirect("notifications:list")


@login_required
@require_POST
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """The kinds not ticked as "receive" are muted."""
    wanted = set(request.POST.getlist("receive"))
    kinds: list[Any] = [p["kind"] for p in selectors.mute_preferences(user=request.user)]
    try:
        services.mutes_set(user=request.user, muted=[k for k in kinds if k not in wanted])
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("通知设置已保存"))
    return redirect("notifications:list")


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    """我的导出: the user's large exports, newest first, each with its state and download."""
    found = Export.objects.filter(owner=request.user)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/exports.html",
        {"page": page, "keep_days": KEEP_DAYS, "waiting": any(e.waiting for e in page)},
    )


@login_required
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file of one of the user's own built exports; anyone else's is 404."""
    export = get_object_or_404(Export, pk=pk, owner=request.user, status=ExportStatus.DONE)
    try:
        handle = export.file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=export.filename, content_type=XLSX)
