"""The one error the engine raises for input it cannot accept (claim-format.md, exit 2)."""

from __future__ import annotations


class ClaimInputError(ValueError):
    """A claim, item or policy field the engine cannot accept: `field: message`, one line."""

    def __init__(self, field: str, message: str) -> None:
        # One line on stderr is the contract, so a stray newline never splits it.
        self.field = " ".join(field.split())
        self.message = " ".join(message.split())
        super().__init__(f"{self.field}: {self.message}")

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"
