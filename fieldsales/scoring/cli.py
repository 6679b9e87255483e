"""`evaluate FILE|- [--params PARAMS.json]`: the scorecard without a server (department.md D6)."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from fieldsales.scoring.engine import evaluate
from fieldsales.scoring.errors import FactsError
from fieldsales.scoring.facts import quarter_dates
from fieldsales.scoring.params import DEFAULT_SCORING_PARAMS, ScoringParams
from fieldsales.scoring.parse import parse_facts
from fieldsales.scoring.serialize import params_from_dict, scorecard_as_dict

USAGE = "evaluate FILE|- [--params PARAMS.json]"
EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2


class _NonFinite:
    """What NaN/Infinity become: a value no field accepts, so the field is named in the error."""

    def __init__(self, literal: str) -> None:
        self.literal = literal

    def __repr__(self) -> str:
        return self.literal


def _usage_error(problem: str) -> FactsError:
    return FactsError("usage", f"{problem} (expected: {USAGE})", rule="")


def _arguments(argv: list[str]) -> tuple[str, str | None]:
    """The facts file and the optional --params file, or a usage error."""
    if not argv or argv[0] != "evaluate":
        raise _usage_error(f"unknown command {argv[0]!r}" if argv else "no command")
    facts_path: str | None = None
    params_path: str | None = None
    rest = argv[1:]
    index = 0
    while index < len(rest):
        arg = rest[index]
        index += 1
        if arg == "--params":
            if index >= len(rest):
                raise _usage_error("--params needs a file")
            params_path = rest[index]
            index += 1
        elif arg.startswith("--params="):
            params_path = arg.removeprefix("--params=")
        elif arg.startswith("-") and arg != "-":
            raise _usage_error(f"unknown option {arg!r}")
        elif facts_path is None:
            facts_path = arg
        else:
            raise _usage_error(f"unexpected argument {arg!r}")
    if facts_path is None:
        raise _usage_error("no facts FILE")
    if params_path == "":
        raise _usage_error("--params needs a file")
    if params_path == "-" and facts_path == "-":
        raise _usage_error("only one of FILE and --params can be standard input")
    return facts_path, params_path


def _read(path: str, stdin: TextIO) -> str:
    if path == "-":
        return stdin.read().removeprefix("\ufeff")
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except UnicodeDecodeError:
        raise FactsError(path, "is not UTF-8 text", rule="") from None
    except OSError as error:
        raise FactsError(path, f"cannot be read ({error.strerror or error})", rule="") from None


def _json(text: str, field: str) -> Any:
    """JSON as D6 reads it: NaN and Infinity are no numbers."""
    try:
        return json.loads(text, parse_constant=_NonFinite)
    except json.JSONDecodeError as error:
        raise FactsError(
            field,
            f"is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})",
        ) from None
    except RecursionError:
        raise FactsError(field, "is not valid JSON (nested too deeply)") from None


def _default_params(day: dt.date) -> ScoringParams:
    return DEFAULT_SCORING_PARAMS


def run(
    argv: list[str],
    *,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
    params_for: Callable[[dt.date], ScoringParams] = _default_params,
) -> int:
    """Run the command line: 0 with the scorecard on stdout, 2 with one line on stderr.

    Without --params the parameters are `params_for(the quarter's last day)`: the version in
    force when the quarter closes (the app's department version; the defaults here)."""
    if argv[:1] in (["-h"], ["--help"]) or argv[1:2] in (["-h"], ["--help"]):
        print(f"usage: {USAGE}", file=stdout)
        return EXIT_OK
    try:
        facts_path, params_path = _arguments(argv)
        fixed: ScoringParams | None = None
        if params_path is not None:
            fixed = params_from_dict(_json(_read(params_path, stdin), "params"))
        data = _json(_read(facts_path, stdin), "facts")
        if not isinstance(data, dict):
            raise FactsError("facts", "must be a JSON object")
        quarter = data.get("quarter")
        if fixed is not None:
            params = fixed
        else:
            try:
                params = (
                    params_for(quarter_dates(quarter)[1])
                    if isinstance(quarter, str)
                    else DEFAULT_SCORING_PARAMS
                )
            except ValueError:
                params = DEFAULT_SCORING_PARAMS  # parse_facts names the quarter next
        card = evaluate(parse_facts(data, params), params)
    except FactsError as error:
        print(error, file=stderr)
        return EXIT_INPUT
    except Exception as error:  # input nobody foresaw is still refused in one line, no traceback
        print(f"facts: cannot be read ({type(error).__name__})", file=stderr)
        return EXIT_INPUT
    try:
        output = json.dumps(scorecard_as_dict(card), ensure_ascii=False, indent=1)
    except Exception as error:  # a fault of ours, not of the input: still one line
        print(
            f"internal error: {type(error).__name__}: {' '.join(str(error).split())}", file=stderr
        )
        return EXIT_INTERNAL
    stdout.write(output + "\n")
    return EXIT_OK


def _utf8(stream: TextIO) -> TextIO:
    # Chinese messages must print whatever the locale of the shell.
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(encoding="utf-8")
    return stream


def main() -> None:
    """`python -m fieldsales.scoring.cli evaluate FILE`, with the default parameters."""
    sys.exit(
        run(
            sys.argv[1:], stdin=_utf8(sys.stdin), stdout=_utf8(sys.stdout), stderr=_utf8(sys.stderr)
        )
    )


if __name__ == "__main__":
    main()
