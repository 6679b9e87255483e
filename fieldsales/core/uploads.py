"""Uploaded files kept with their rows: checked by content before anything is written, written
after the rows inside the same transaction, and deleted again when that transaction does not
commit (an invalid second file, a full disk, a read-only media folder)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from fieldsales.core.errors import ServiceError

log = logging.getLogger(__name__)

# Type by content, never by the name or the browser's word for it.
SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
}


class StorageFailed(ServiceError):
    """The server could not write a file (disk full, read-only folder): nothing was saved."""

    status_code = 503


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    content_type: str
    sha256: str
    name: str


def checked_upload(upload: Any, *, max_bytes: int, field: str) -> CheckedUpload:
    """The upload's bytes, if it is a JPG, PNG or PDF no larger than `max_bytes` (400 otherwise)."""
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ServiceError(
            _("票据文件不能超过 %(mb)d MB") % {"mb": max_bytes // (1024 * 1024)}, field=field
        )
    kind = next((t for magic, t in SIGNATURES.items() if data.startswith(magic)), None)
    if kind is None:
        raise ServiceError(_("票据须为 JPG、PNG 照片或 PDF 文件"), field=field)
    return CheckedUpload(
        data=data,
        content_type=kind,
        sha256=hashlib.sha256(data).hexdigest(),
        name=(getattr(upload, "name", "") or "upload")[:200],
    )


@dataclass
class FileBatch:
    """Files to write for rows saved in the same transaction, and the ones written so far."""

    pending: list[tuple[models.Model, str, str, bytes]] = field(default_factory=list)
    written: list[tuple[Any, str]] = field(default_factory=list)
    doomed: list[tuple[Any, str]] = field(default_factory=list)

    def save_with(self, instance: models.Model, attr: str, filename: str, data: bytes) -> None:
        """Save `instance` now with the file's name reserved; the bytes follow the rows."""
        file = getattr(instance, attr)
        name = file.field.generate_filename(instance, filename)
        file.name = file.storage.get_available_name(name, max_length=file.field.max_length)
        instance.save()
        self.pending.append((instance, attr, file.name, data))

    def delete_after_commit(self, instance: models.Model, attr: str) -> None:
        """Delete the row now and its file once the deletion is committed."""
        file = getattr(instance, attr)
        if file.name:
            self.doomed.append((file.storage, file.name))
        instance.delete()

    def _write(self) -> None:
        for instance, attr, name, data in self.pending:
            file = getattr(instance, attr)
            try:
                stored = file.storage.save(
                    name, ContentFile(data), max_length=file.field.max_length
                )
            except OSError as error:
                log.error("could not store %s: %s", name, error)
                raise StorageFailed(
                    _(
                        "服务器未能保存票据文件（存储空间不足或不可写），本次内容均未保存，请稍后重试"
                    ),
                    field="receipt",
                ) from error
            self.written.append((file.storage, stored))
            if stored != name:  # another writer took the name in between
                file.name = stored
                type(instance).objects.filter(pk=instance.pk).update(**{attr: stored})

    def _forget_written(self) -> None:
        for storage, name in self.written:
            try:
                storage.delete(name)
            except OSError:
                log.exception("could not remove %s after a rollback", name)


@contextmanager
def atomic_with_files() -> Iterator[FileBatch]:
    """One transaction for rows and their files: the files are written last, inside it, and
    removed if it rolls back, so a failure leaves neither a half-saved document nor an orphan
    file. Meant as the outermost transaction (a page view): an outer block that rolls back
    later would leave the files behind (Django has no on-rollback hook)."""
    batch = FileBatch()
    try:
        with transaction.atomic():
            yield batch
            batch._write()
    except BaseException:
        batch._forget_written()
        raise
    for storage, name in batch.doomed:
        try:
            storage.delete(name)
        except OSError:
            log.exception("could not remove %s of a deleted row", name)
