"""What notifications plugs in at start-up (NotificationsConfig.ready): its own kinds, the
approval path on the workflow machine's `document_moved`, the retry sweep."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

from fieldsales.core.workflow import document_moved
from fieldsales.notifications import moves, selectors
from fieldsales.notifications.exports import EXPORT_READY, exports_sweep
from fieldsales.notifications.registry import (
    Kind,
    Sweep,
    register_kind,
    register_mover,
    register_sweep,
)


def retry_deliveries(now: datetime) -> int:
    """Queue again the failed deliveries (under the attempt limit) and the lost pending ones."""
    from fieldsales.notifications.tasks import deliver

    ids = selectors.deliveries_to_retry(now=now)
    for pk in ids:
        deliver.delay(pk)
    return len(ids)


KINDS = [
    Kind(moves.WAITING, _("待我审批"), 10),
    Kind(moves.DECISION, _("我的单据审批结果"), 20),
    Kind(EXPORT_READY, _("导出文件已生成"), 90),
]


def register() -> None:
    for kind in KINDS:
        register_kind(kind)
    register_mover("approvals", moves.approval_messages)
    register_sweep(Sweep("notifications.retry", retry_deliveries, timedelta(minutes=10)))
    register_sweep(Sweep("notifications.exports", exports_sweep, timedelta(hours=1)))
    document_moved.connect(moves.on_document_moved, dispatch_uid="notifications.moves")
