"""What catalogue plugs into the shared pages at start-up (SalesConfig.ready)."""


def register() -> None:
    """Nothing yet."""
