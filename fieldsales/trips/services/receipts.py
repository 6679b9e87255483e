"""Writes for receipt files (issue 10): a photo taken once is never taken again.

A receipt sent with a claim form that is refused (a field left empty, a rule broken) is kept
as a draft of its owner, named by a secret token the form carries back; saving the claim turns
the drafts into the claim's receipts and removes them. Nobody but the owner ever reaches a
draft (`selectors.receipt_drafts_of` is the one lookup)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from fieldsales.core.uploads import CheckedUpload, FileBatch, atomic_with_files
from fieldsales.trips.models import Claim, Receipt, ReceiptDraft

# A draft nobody came back for within this time is removed with the next save or sweep.
DRAFT_LIFETIME = timedelta(days=2)


def receipt_draft_keep(*, owner: Any, upload: CheckedUpload) -> ReceiptDraft:
    """Store a checked upload as a draft of `owner`, its own transaction with its file."""
    token = secrets.token_urlsafe(24)
    with atomic_with_files() as files:
        draft = ReceiptDraft(
            owner=owner,
            token=token,
            content_type=upload.content_type,
            size=upload.size,
            sha256=upload.sha256,
            original_name=upload.name,
        )
        files.save_with(draft, "file", f"{token}.{upload.extension}", upload.file)
    return draft


def receipt_drafts_discard(
    *, owner: Any = None, tokens: Iterable[str] = (), older_than: timedelta | None = None
) -> int:
    """Remove drafts (rows now, files after commit): `owner`'s with these `tokens`, and any
    (of `owner`, or of everyone when None) older than `older_than`. Returns how many."""
    tokens = list(tokens)
    match = Q(pk__in=[])
    if tokens:
        match |= Q(token__in=tokens)
    if older_than is not None:
        match |= Q(created_at__lt=timezone.now() - older_than)
    drafts = ReceiptDraft.objects.filter(match)
    if owner is not None:
        drafts = drafts.filter(owner=owner)
    elif tokens:
        raise ValueError("tokens are an owner's: name the owner")
    removed = 0
    with atomic_with_files() as files:
        for draft in drafts:
            files.delete_after_commit(draft, "file")
            removed += 1
    return removed


def claim_receipts_store(
    *,
    claim: Claim,
    actor: Any,
    files: FileBatch,
    added: list[tuple[str, CheckedUpload]],
    drafts: list[tuple[str, ReceiptDraft]],
    removed: Iterable[int] = (),
) -> None:
    """Inside the claim's own transaction (`files`): receipts of deleted lines and those the
    claimant removed go, new uploads and the actor's drafts become receipts of their line."""
    ids = [str(i.get("id")) for i in claim.items]
    gone = claim.receipts.filter(Q(pk__in=list(removed)) | ~Q(item__in=ids))
    for receipt in gone:
        files.delete_after_commit(receipt, "file")
    for item_id, upload in added:
        receipt = _receipt(claim, actor, item_id, upload.content_type, upload.size, upload.sha256)
        receipt.original_name = upload.name
        files.save_with(receipt, "file", f"{claim.pk}-{item_id}-{upload.sha256[:12]}", upload.file)
    for item_id, draft in drafts:
        if draft.owner_id != actor.pk:  # never another's draft, whatever the form says
            continue
        receipt = _receipt(claim, actor, item_id, draft.content_type, draft.size, draft.sha256)
        receipt.original_name = draft.original_name
        name = f"{claim.pk}-{item_id}-{draft.sha256[:12]}"
        files.save_with(receipt, "file", name, draft.file.open("rb"))
        files.delete_after_commit(draft, "file")


def _receipt(claim: Claim, actor: Any, item: str, kind: str, size: int, sha256: str) -> Receipt:
    return Receipt(
        claim=claim, item=item, content_type=kind, size=size, sha256=sha256, uploaded_by=actor
    )
