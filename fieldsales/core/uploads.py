"""Every uploaded file, one way: its size checked before it is read, its type found by opening
it (Pillow for photos, pypdf for PDFs, never by its name, its first bytes or the browser's word
for it), photos re-encoded so that no metadata the camera wrote goes with them (GPS only on a
check-in photo), read in chunks and stored from a temporary file, never whole in memory.

Files are kept with their rows: written after the rows inside the same transaction, and deleted
again when that transaction does not commit (an invalid second file, a full disk, a read-only
media folder)."""

from __future__ import annotations

import hashlib
import io
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

import weasyprint.images  # noqa: F401 - imported before the line that undoes its setting
from django.conf import settings
from django.core.files.base import File
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import ExifTags, Image, ImageFile, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from fieldsales.core.errors import ServiceError

log = logging.getLogger(__name__)

# A decompression bomb (a small file declaring a huge picture) is refused before it is decoded:
# Pillow raises DecompressionBombError above twice this and we refuse anything above it.
Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_PIXELS
# WeasyPrint, when imported, lets Pillow fill a truncated image with grey; an upload must be
# whole. It is imported above so that its setting comes first and ours stays (a PDF that draws
# a broken image leaves it out and logs it).
ImageFile.LOAD_TRUNCATED_IMAGES = False

# Pillow format -> the type we store and serve the file as, and how it is written again.
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg", {"quality": 90}),
    "PNG": ("image/png", "png", {}),
    "WEBP": ("image/webp", "webp", {"quality": 90}),
}
PDF = "application/pdf"
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Accepts:
    """What an upload field takes, and what it says when a file is not that."""

    types: frozenset[str]
    wrong_type: Promise
    too_big: Promise  # with %(mb)d


RECEIPT = Accepts(
    types=frozenset({"image/jpeg", "image/png", PDF}),
    wrong_type=gettext_lazy("票据须为 JPG、PNG 照片或 PDF 文件"),
    too_big=gettext_lazy("票据文件不能超过 %(mb)d MB"),
)
PHOTO = Accepts(
    types=frozenset({"image/jpeg", "image/png", "image/webp"}),
    wrong_type=gettext_lazy("照片须为 JPG、PNG 或 WebP 图片"),
    too_big=gettext_lazy("照片不能超过 %(mb)d MB"),
)


class StorageFailed(ServiceError):
    """The server could not write a file (disk full, read-only folder): nothing was saved."""

    status_code = 503


@dataclass
class CheckedUpload:
    """A file that opened as what it claims to be, ready to store: `file` is the re-encoded
    photo (in a temporary file once it is large) or the uploaded PDF itself."""

    file: File
    content_type: str
    extension: str
    size: int
    sha256: str
    name: str


def checked_upload(
    upload: Any,
    *,
    accepts: Accepts,
    field: str,
    max_bytes: int | None = None,
    keep_gps: bool = False,
) -> CheckedUpload:
    """The upload, if it opens as one of `accepts.types` and is no larger than `max_bytes`
    (RECEIPT_MAX_BYTES by default); a 400 naming `field` otherwise. A photo is decoded in full
    (a truncated or corrupt one is refused) and written again without its metadata: EXIF (camera,
    time, GPS), XMP, comments; `keep_gps` keeps the GPS position of a check-in photo."""
    limit = settings.RECEIPT_MAX_BYTES if max_bytes is None else max_bytes
    if _size(upload) > limit:
        raise ServiceError(accepts.too_big % {"mb": limit // (1024 * 1024)}, field=field)
    name = (getattr(upload, "name", "") or "upload")[:200]
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-" and PDF in accepts.types:
        _check_pdf(upload, field=field)
        digest, size = _digest(upload)
        stored = upload if isinstance(upload, File) else File(upload, name=name)
        return CheckedUpload(stored, PDF, "pdf", size, digest, name)
    formats = [f for f, (kind, _ext, _opts) in IMAGE_FORMATS.items() if kind in accepts.types]
    picture = _reencoded(upload, formats=formats, accepts=accepts, field=field, keep_gps=keep_gps)
    kind, extension, _options = IMAGE_FORMATS[picture.format]
    digest, size = _digest(picture.file)
    return CheckedUpload(File(picture.file, name=name), kind, extension, size, digest, name)


@dataclass
class _Picture:
    format: str
    file: IO[bytes]


def checked_image_bytes(data: bytes, *, formats: list[str], field: str, wrong_type: str) -> None:
    """`data` opens as a whole picture of one of `formats` (Pillow's names: "PNG", "JPEG")
    within the pixel limit; a 400 naming `field` otherwise. The bytes are left as they are
    (a drawn signature, whose hash covers them)."""
    _decoded(io.BytesIO(data), formats=formats, field=field, wrong_type=wrong_type).close()


def _decoded(source: Any, *, formats: list[str], field: str, wrong_type: str) -> Image.Image:
    """The picture in `source`, verified and decoded in full (the caller closes it): a file
    that is no picture of `formats`, a truncated or corrupt one, or one over the pixel limit
    (a decompression bomb: a small file declaring a huge picture) is a 400 naming `field`."""
    try:
        with Image.open(source, formats=formats) as probe:
            _check_pixels(probe, field=field)
            probe.verify()  # structure and checksums (PNG), before anything is decoded
        source.seek(0)
        image = Image.open(source, formats=formats)
        try:
            _check_pixels(image, field=field)
            image.load()  # the whole picture: a truncated or corrupt one fails here
        except BaseException:
            image.close()
            raise
    except ServiceError:
        raise
    except UnidentifiedImageError as error:
        raise ServiceError(wrong_type, field=field) from error
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(field) from error
    except Exception as error:  # noqa: BLE001 - any failure of a parser fed hostile bytes
        log.info("upload %s refused: %s: %s", field, type(error).__name__, error)
        raise ServiceError(_("图片已损坏或不完整，无法打开"), field=field) from error
    return image


def _reencoded(
    upload: Any, *, formats: list[str], accepts: Accepts, field: str, keep_gps: bool
) -> _Picture:
    """The photo decoded in full and written again (orientation applied, metadata dropped)."""
    wrong_type = str(accepts.wrong_type)
    with _decoded(upload, formats=formats, field=field, wrong_type=wrong_type) as image:
        picture_format = image.format or ""
        icc = image.info.get("icc_profile")
        out = tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115 - handed on
        try:
            gps = image.getexif().get_ifd(ExifTags.IFD.GPSInfo) if keep_gps else {}
            exif = Image.Exif()
            if gps:
                exif[ExifTags.IFD.GPSInfo] = gps
            upright = ImageOps.exif_transpose(image)
            _kind, _extension, options = IMAGE_FORMATS[picture_format]
            if icc:
                options = options | {"icc_profile": icc}
            upright.save(out, picture_format, exif=exif, **options)
        except Exception as error:  # noqa: BLE001 - malformed EXIF, an odd mode
            out.close()
            log.info("upload %s could not be written again: %s", field, error)
            raise ServiceError(_("图片已损坏或不完整，无法打开"), field=field) from error
    out.seek(0)
    return _Picture(picture_format, out)


def _check_pixels(image: Image.Image, *, field: str) -> None:
    width, height = image.size
    if width * height > settings.UPLOAD_MAX_PIXELS:
        raise _too_many_pixels(field)


def _too_many_pixels(field: str) -> ServiceError:
    return ServiceError(
        _("图片尺寸过大（最多 %(mp)d 百万像素）") % {"mp": settings.UPLOAD_MAX_PIXELS // 1_000_000},
        field=field,
    )


def _check_pdf(upload: Any, *, field: str) -> None:
    """A PDF whose cross-reference table, trailer and page tree parse, not only its first bytes
    (`%PDF-` followed by HTML is no PDF); one with a password no reader could open is refused."""
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ServiceError(_("PDF 文件设有密码，请上传未加密的文件"), field=field)
        pages = list(reader.pages)
        if not pages:
            raise ServiceError(_("PDF 文件没有页面"), field=field)
        for page in pages:
            page.mediabox  # noqa: B018 - every page resolves
    except ServiceError:
        raise
    except (PyPdfError, Exception) as error:  # noqa: BLE001 - a parser fed hostile bytes
        log.info("upload %s refused: %s: %s", field, type(error).__name__, error)
        raise ServiceError(_("PDF 文件已损坏或无法打开"), field=field) from error
    finally:
        upload.seek(0)


def _size(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if isinstance(size, int):
        return size
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    return int(size)


def _digest(file: Any) -> tuple[str, int]:
    """SHA-256 and size, read in chunks."""
    file.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := file.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return digest.hexdigest(), size


@dataclass
class FileBatch:
    """Files to write for rows saved in the same transaction, and the ones written so far."""

    pending: list[tuple[models.Model, str, str, File, str]] = field(default_factory=list)
    written: list[tuple[Any, str]] = field(default_factory=list)
    doomed: list[tuple[Any, str]] = field(default_factory=list)

    def save_with(
        self,
        instance: models.Model,
        attr: str,
        filename: str,
        content: File,
        *,
        field: str = "receipt",
    ) -> None:
        """Save `instance` now with the file's name reserved; the file follows the rows (copied
        in chunks, or moved when it is already a temporary file on disk)."""
        file = getattr(instance, attr)
        name = file.field.generate_filename(instance, filename)
        file.name = file.storage.get_available_name(name, max_length=file.field.max_length)
        instance.save()
        self.pending.append((instance, attr, file.name, content, field))

    def delete_after_commit(self, instance: models.Model, attr: str) -> None:
        """Delete the row now and its file once the deletion is committed."""
        file = getattr(instance, attr)
        if file.name:
            self.doomed.append((file.storage, file.name))
        instance.delete()

    def _write(self) -> None:
        for instance, attr, name, content, field_name in self.pending:
            file = getattr(instance, attr)
            try:
                stored = file.storage.save(name, content, max_length=file.field.max_length)
            except OSError as error:
                log.error("could not store %s: %s", name, error)
                message = (
                    _(
                        "服务器未能保存票据文件（存储空间不足或不可写），本次内容均未保存，请稍后重试"
                    )
                    if field_name == "receipt"
                    else _(
                        "服务器未能保存文件（存储空间不足或不可写），本次内容均未保存，请稍后重试"
                    )
                )
                raise StorageFailed(message, field=field_name) from error
            finally:
                content.close()
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
