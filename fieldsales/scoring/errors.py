"""The one error the scorecard raises for facts it cannot score (department.md D6, exit 2)."""

from __future__ import annotations

RULE = "D6"


class FactsError(ValueError):
    """A fact (or parameter) the scorecard cannot accept: `field: D6: message`, one line."""

    def __init__(self, field: str, message: str, rule: str = RULE) -> None:
        # One line on stderr is the contract, so a stray newline never splits it.
        self.field = " ".join(field.split())
        self.message = " ".join(message.split())
        self.rule = rule
        super().__init__(str(self))

    def __str__(self) -> str:
        if not self.rule:
            return f"{self.field}: {self.message}"
        return f"{self.field}: {self.rule}: {self.message}"
