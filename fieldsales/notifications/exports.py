"""Large Excel exports in the background (issue 15).

An app registers an export (`register_export`: a name, a title, and `build(user, params)`
returning the file name and the bytes; `register_list_export` for a list page of core.lists,
every row of the filtered list as the page shows it). Its download view answers `export_response`: a
file of at most `inline_rows()` rows is written while the user waits, as before; a larger
one becomes an `Export`, built by a Celery task (in-process without a broker), kept for
`KEEP_DAYS`, and announced to its owner by a notification linking to the download. The
build runs as the owner with the list's own filters, so it holds what the list shows them.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.lists import Column, export_filename, xlsx_bytes, xlsx_response
from fieldsales.notifications.models import Export, ExportStatus
from fieldsales.notifications.services import notify

logger = logging.getLogger(__name__)

INLINE_ROWS = 1000  # rows written while the user waits (FIELDSALES_INLINE_EXPORT_ROWS)
KEEP_DAYS = 7
LOST_AFTER = timedelta(minutes=15)  # a queued export whose task never ran is queued again
STALLED_AFTER = timedelta(hours=1)  # a build this old died with its worker: built again
EXPORT_READY = "export_ready"


@dataclass(frozen=True)
class Builder:
    name: str
    title: Any  # lazy text: the list's name
    build: Callable[[Any, QueryDict], tuple[str, bytes]]


_builders: dict[str, Builder] = {}


def register_export(
    name: str, title: Any, build: Callable[[Any, QueryDict], tuple[str, bytes]]
) -> None:
    _builders[name] = Builder(name, title, build)


def register_list_export(
    name: str, title: Any, filterset_for: Callable[[Any, QueryDict], Any], columns: list[Column]
) -> None:
    """A list page's export: `filterset_for(user, params)` is the list's filter as the user's
    page builds it; the file holds every row it yields, in the page's columns."""

    def build(user: Any, params: QueryDict) -> tuple[str, bytes]:
        text = str(title)
        rows = filterset_for(user, params).qs
        return export_filename(text), xlsx_bytes(title=text, columns=columns, objects=rows)

    register_export(name, title, build)


def inline_rows() -> int:
    return int(getattr(settings, "FIELDSALES_INLINE_EXPORT_ROWS", INLINE_ROWS))


def export_response(request: HttpRequest, name: str, *, rows: int) -> HttpResponse:
    """The file now when it has at most `inline_rows()` rows; else the export is queued and
    the user goes to 我的导出, told they will be notified."""
    builder = _builders[name]
    if rows <= inline_rows():
        filename, content = builder.build(request.user, request.GET)
        return xlsx_response(content, filename)
    query = request.GET.copy()
    query.pop("page", None)
    export_queue(owner=request.user, name=name, query=query.urlencode(), rows=rows)
    messages.info(
        request,
        _("共 %(n)s 行，文件正在后台生成，生成后会通知您，也可以在这里下载。") % {"n": rows},
    )
    return redirect("notifications:exports")


def export_queue(*, owner: Any, name: str, query: str, rows: int) -> Export:
    """Record the export and start its build once the request's transaction commits."""
    export = Export.objects.create(
        owner=owner, name=name, title=str(_builders[name].title), query=query, rows=rows
    )
    transaction.on_commit(lambda: _schedule(export.pk))
    return export


def _schedule(export_id: int) -> None:
    from fieldsales.notifications.tasks import build_export

    try:
        build_export.delay(export_id)
    except Exception:  # a broker down must not break the request; the sweep queues it again
        logger.exception("exports: could not queue export %s", export_id)


def export_build(*, export_id: int) -> Export | None:
    """Write a queued export's file and notify its owner. Idempotent: an export another
    worker took, or one already built, is left alone (None)."""
    taken = Export.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING
    )
    if not taken:
        return None
    export = Export.objects.select_related("owner").get(pk=export_id)
    builder = _builders.get(export.name)
    try:
        if builder is None:
            raise LookupError(export.name)
        filename, content = builder.build(export.owner, QueryDict(export.query))
    except Exception as error:
        logger.exception("exports: export %s failed", export_id)
        export.status = ExportStatus.FAILED
        export.error = f"{type(error).__name__}: {error}"[:200]
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "error", "finished_at"])
        _tell(export, _("文件生成失败：%(title)s") % {"title": export.title}, "")
        return export
    export.file.save(f"{uuid.uuid4().hex}.xlsx", ContentFile(content), save=False)
    export.filename = filename
    export.status = ExportStatus.DONE
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "filename", "status", "finished_at"])
    _tell(
        export,
        _("文件已生成：%(title)s") % {"title": export.title},
        _("共 %(n)s 行，点击下载（保留 %(days)s 天）") % {"n": export.rows, "days": KEEP_DAYS},
    )
    return export


def _tell(export: Export, title: str, body: str) -> None:
    """The owner's notification: the download when built, 我的导出 when it failed."""
    if export.status == ExportStatus.DONE:
        link = reverse("notifications:export_download", args=[export.pk])
    else:
        link = reverse("notifications:exports")
    notify(
        recipient=export.owner,
        kind=EXPORT_READY,
        dedupe_key=f"export:{export.pk}",
        title=title,
        body=body,
        link=link,
    )


def exports_sweep(now: datetime) -> int:
    """Remove exports older than KEEP_DAYS (file and row); queue again those lost on the way
    to a worker, and those whose worker stopped in the middle of a build (running longer
    than STALLED_AFTER). Returns how many it touched."""
    old = Export.objects.filter(created_at__lt=now - timedelta(days=KEEP_DAYS))
    removed = 0
    for export in old.iterator():
        if export.file:
            export.file.delete(save=False)
        export.delete()
        removed += 1
    Export.objects.filter(status=ExportStatus.RUNNING, created_at__lt=now - STALLED_AFTER).update(
        status=ExportStatus.QUEUED
    )
    lost = list(
        Export.objects.filter(
            status=ExportStatus.QUEUED, created_at__lt=now - LOST_AFTER
        ).values_list("pk", flat=True)
    )
    for pk in lost:
        _schedule(pk)
    return removed + len(lost)
