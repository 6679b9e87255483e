"""Small builders shared by tests: a drawn-signature PNG, dates around today."""

from __future__ import annotations

import base64
import os
import struct
import zlib
from datetime import date, timedelta
from pathlib import Path

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
