"""Small builders shared by tests: a drawn-signature PNG, real tiny uploads (JPEG, PNG, WebP,
PDF), dates around today."""

from __future__ import annotations

import base64
import io
import os
import struct
import zlib
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone


def png_data_url(width: int = 8, height: int = 4) -> str:
    """A real (tiny) PNG as a data URL, like the one a canvas signature pad produces."""
    raw = b"".join(b"\x00" + b"\x00\x00\x00\xff" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return "data:image/png;base64," + base64.b64encode(png).decode()


GPS = {1: "N", 2: (30.0, 15.0, 0.0), 3: "E", 4: (120.0, 10.0, 0.0)}  # 30°15′N 120°10′E


def _image(kind: str, size: tuple[int, int], **options) -> bytes:
    from PIL import Image

    image = Image.new("RGB", size, (200, 60, 30))
    for x in range(0, size[0], 3):  # some detail, so the data is more than a header
        for y in range(0, size[1], 5):
            image.putpixel((x, y), ((x * 7) % 256, (y * 11) % 256, 90))
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def tiny_jpeg(*, gps: bool = False, size: tuple[int, int] = (32, 24)) -> bytes:
    """A real JPEG; with `gps`, EXIF naming the camera and a GPS position, as phones write."""
    from PIL import ExifTags, Image

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestPhone"
    if gps:
        exif[ExifTags.IFD.GPSInfo] = GPS
    return _image("JPEG", size, exif=exif, quality=80)


def tiny_png(size: tuple[int, int] = (16, 12)) -> bytes:
    return _image("PNG", size)


def tiny_webp(size: tuple[int, int] = (16, 12)) -> bytes:
    return _image("WEBP", size)


def tiny_pdf(pages: int = 1, padding: int | bytes = 0) -> bytes:
    """A real PDF of blank A6 pages; `padding` (a count or the bytes) in an unused stream makes
    it larger or different."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=298, height=420)
    if padding:
        stream = DecodedStreamObject()
        stream.set_data(padding if isinstance(padding, bytes) else b"%" * padding)
        writer._root_object[NameObject("/Padding")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG of a few hundred bytes that declares a huge picture (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        return struct.pack(">I", len(data)) + kind + data + crc

    rows = zlib.compress(b"\x00" * 4096, 9)  # the start of the first rows of black pixels
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + chunk(b"IDAT", rows)
        + chunk(b"IEND", b"")
    )


def gps_of(data: bytes) -> dict:
    """The GPS IFD of a stored image ({} when it has none)."""
    from PIL import ExifTags, Image

    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))


def exif_of(data: bytes) -> dict:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif())


def today() -> date:
    return timezone.localdate()


def days_from_today(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("FIELDSALES_TEST_OUTPUT", "test-output")) / "screenshots"


def shot(page, name: str) -> None:
    """Save a full-page screenshot under test-output/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def no_sideways_scroll(page) -> bool:
    """True when the page is no wider than the window. It first waits for the page to load, and
    reads again if a navigation started by the last click swaps the document out under it (the
    read then finds no document element)."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        except Exception:  # the document was being replaced; Playwright's own Error
            if attempt == 2:
                raise
            page.wait_for_timeout(200)
    raise AssertionError("unreachable")


def spec_dir() -> Path:
    """The shared spec: FIELDSALES_SPEC_DIR, ../shared/spec beside the repository, or /work/shared."""
    candidates = [
        os.environ.get("FIELDSALES_SPEC_DIR"),
        Path(__file__).resolve().parents[1].parent / "shared" / "spec",
        Path("/work/shared/spec"),
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "examples").is_dir():
            return Path(candidate)
    raise FileNotFoundError("the shared spec (../shared/spec) is missing: set FIELDSALES_SPEC_DIR")


def run_together(calls, timeout: float = 60):
    """Run the calls in parallel threads, each on its own DB connection; return their results."""
    import threading

    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        from django.db import connections

        try:
            barrier.wait()
            results[index] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results


def client_for(user):
    """An API client authenticated as `user` (for threads, where fixtures are not at hand)."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user=user)
    return client


def approved_trip(api) -> int:
    """sales1's trip to 杭州 tomorrow and the day after, visiting C-0001, approved by both steps.

    `api` is the fixture: asking for it loads the demo company this trip belongs to."""
    from factories import TripFactory

    from fieldsales.crm.models import Customer

    sales1 = get_user_model().objects.get(username="sales1")
    return TripFactory(
        traveller=sales1,
        depart=today() + timedelta(days=1),
        return_date=today() + timedelta(days=2),
        customers=[Customer.objects.get(code="C-0001").pk],
        status="approved",
    ).pk
