"""The generator's receipts part: photos of the receipts of the demo salespeople's claims.

Every line of sales1's and sales2's generated claims gets a receipt photo (a small PNG, each
different, so each has its own sha256), stored as `claim_receipts_store` stores an upload:
under `receipts/%Y/%m/`, named by claim, line and checksum, with its size, type and sha256.
Only the demo users' claims: their pages show them, and the backup drill has files to check,
without writing a file for each of the company's 100,000 lines.
"""

from __future__ import annotations

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from fieldsales.demo.generate import Context
from fieldsales.trips.models import Claim, Receipt


def _photo(seed: int) -> bytes:
    """A 48×32 PNG whose colour and stripe follow `seed`: a different file per receipt."""
    image = Image.new("RGB", (48, 32), (240, 236, 228))
    stripe = (seed * 37 % 200, seed * 91 % 200, seed * 53 % 200)
    for x in range(48):
        image.putpixel((x, seed % 32), stripe)
        image.putpixel((seed % 48, x % 32), stripe)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def generate(ctx: Context) -> None:
    demo = {ctx.users[name].pk for name in ("sales1", "sales2")}
    generated = {claim_id for claim_id, *_rest in ctx.extra.get("claims", [])}
    claims = Claim.objects.filter(pk__in=generated, claimant_id__in=demo).order_by("pk")
    rows = []
    for claim in claims.only("pk", "items", "claimant_id", "created_at"):
        for item in claim.items:
            content = _photo(len(rows) + 1)
            sha = hashlib.sha256(content).hexdigest()
            month = claim.created_at.strftime("%Y/%m")
            name = default_storage.save(
                f"receipts/{month}/{claim.pk}-{item['id']}-{sha[:12]}.png", ContentFile(content)
            )
            rows.append(
                Receipt(
                    claim_id=claim.pk,
                    item=str(item["id"]),
                    file=name,
                    content_type="image/png",
                    size=len(content),
                    sha256=sha,
                    original_name=f"发票{len(rows) + 1}.png",
                    uploaded_by_id=claim.claimant_id,
                )
            )
    ctx.bulk(Receipt, rows)
    ctx.log(f"    {len(rows)} receipts")
