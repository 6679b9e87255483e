"""Files of an inquiry (S3.1 询价书/招标文件, S3.3 files with an answer): PDF, JPEG, PNG through
core.uploads; an XLSX is checked here the same way: its size, its zip's unpacked sizes
(core.sheets.check_zip) and that it opens as a workbook, never by its name."""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core.errors import RuleBroken, ServiceError
from fieldsales.core.sheets import XLSX, ReadLimits, check_zip
from fieldsales.core.uploads import PDF, Accepts, CheckedUpload, checked_upload

ZIP_MAGIC = b"PK\x03\x04"
MAX_FILES = 20  # per inquiry (S3.1) or per answer (S3.3)

INQUIRY_FILE = Accepts(
    types=frozenset({"image/jpeg", "image/png", PDF, XLSX}),
    wrong_type=gettext_lazy("附件须为 PDF、JPG、PNG 或 XLSX 文件"),
    too_big=gettext_lazy("附件不能超过 %(mb)d MB"),
)
# An .xlsx holds these parts; anything else zipped (a .docx, an .apk) is no workbook.
XLSX_PARTS = ("[Content_Types].xml", "xl/workbook.xml")


def checked_inquiry_file(upload: Any, *, field: str = "attachments") -> CheckedUpload:
    """The upload if it is a whole PDF, JPEG, PNG or XLSX within the size limit; 400 on
    `field` otherwise."""
    if upload is None or not hasattr(upload, "read"):
        raise RuleBroken(_("请选择文件"), field=field)
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head != ZIP_MAGIC:
        return checked_upload(upload, accepts=INQUIRY_FILE, field=field)
    return _checked_xlsx(upload, field=field)


def _checked_xlsx(upload: Any, *, field: str) -> CheckedUpload:
    limit = settings.RECEIPT_MAX_BYTES
    size = getattr(upload, "size", None)
    if isinstance(size, int) and size > limit:
        raise RuleBroken(INQUIRY_FILE.too_big % {"mb": limit // (1024 * 1024)}, field=field)
    content = upload.read(limit + 1)
    upload.seek(0)
    if len(content) > limit:
        raise RuleBroken(INQUIRY_FILE.too_big % {"mb": limit // (1024 * 1024)}, field=field)
    try:
        check_zip(content, ReadLimits(max_bytes=limit))
    except ServiceError as error:  # core.sheets names `file`; ours is the form's field
        raise RuleBroken(error.message, field=field) from error
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
    if not all(part in names for part in XLSX_PARTS):
        raise RuleBroken(str(INQUIRY_FILE.wrong_type), field=field)
    name = (getattr(upload, "name", "") or "upload.xlsx")[:200]
    digest = hashlib.sha256(content).hexdigest()
    return CheckedUpload(ContentFile(content, name=name), XLSX, "xlsx", len(content), digest, name)
