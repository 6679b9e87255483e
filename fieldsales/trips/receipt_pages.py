"""The claim form's receipts on a phone (issue 10): what each line shows (its saved receipts,
the drafts kept from a refused form) and keeping a refused form's new photos as drafts."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest

from fieldsales.core.errors import ServiceError
from fieldsales.core.uploads import RECEIPT, CheckedUpload, StorageFailed, checked_upload
from fieldsales.trips import selectors, services
from fieldsales.trips.models import Claim, Receipt

log = logging.getLogger(__name__)


def read_receipts(request: HttpRequest, formset: Any, claim: Claim | None) -> None:
    """Give each line form its saved receipts (`stored`), the drafts its hidden tokens name
    (`drafts`, the user's own only) and what the user ticked to remove (`removed`)."""
    stored: dict[str, list[Receipt]] = {}
    if claim is not None:
        for receipt in claim.receipts.order_by("pk"):
            stored.setdefault(receipt.item, []).append(receipt)
    for form in formset.forms:
        line = form["id"].value() or ""
        form.stored = stored.get(line, [])
        if form.is_bound:
            tokens = request.POST.getlist(form.add_prefix("drafts"))
            form.drafts = selectors.receipt_drafts_of(owner=request.user, tokens=tokens)
            form.removed = set(request.POST.getlist(form.add_prefix("remove")))


def chosen(form: Any) -> tuple[list[Any], list[int]]:
    """The drafts a saved line keeps, and the saved receipts the user removed from it."""
    drafts = [d for d in form.drafts if f"d:{d.token}" not in form.removed]
    removed = [r.pk for r in form.stored if str(r.pk) in form.removed]
    return drafts, removed


def drafts_removed(forms: list[Any]) -> list[str]:
    """Tokens of the drafts the user ticked to remove (discarded once the claim is saved)."""
    return [d.token for f in forms for d in f.drafts if f"d:{d.token}" in f.removed]


def keep_uploads(request: HttpRequest, formset: Any, error: ServiceError | None) -> None:
    """The form was refused: every new receipt that opens as one is kept as a draft, so that
    the page shown again holds it and the photo is never taken twice. A file that is no
    receipt is named on its line; nothing is kept when the storage itself failed."""
    if isinstance(error, StorageFailed):
        return
    for form in formset.forms:
        upload = request.FILES.get(form.add_prefix("receipt"))
        deleted = form.data.get(form.add_prefix("DELETE"))
        if upload is None or deleted:
            continue
        try:
            checked: CheckedUpload = checked_upload(upload, accepts=RECEIPT, field="receipt")
            form.drafts.append(services.receipt_draft_keep(owner=request.user, upload=checked))
        except ServiceError as refused:
            form.add_error("receipt", refused.message)
        except (OSError, ValueError) as failed:  # a closed or vanished temporary file
            log.warning("receipt draft not kept: %s", failed)
