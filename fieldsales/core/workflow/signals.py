"""Sent after the transaction that moved a document commits (notifications plug in here)."""

from django.dispatch import Signal

# kwargs: document, action, from_state, to_state, actor (None for a system move)
document_moved = Signal()
