"""`evaluate FILE|- [--policy POLICY.json]`: the engine without a server (claim-format.md)."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from fieldsales.policy.engine import evaluate
from fieldsales.policy.errors import ClaimInputError
from fieldsales.policy.params import DEFAULT_POLICY, PolicyParams
from fieldsales.policy.parse import parse_claim
from fieldsales.policy.serialize import evaluation_as_dict, params_from_dict

USAGE = "evaluate FILE|- [--policy POLICY.json]"
EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2
# China keeps one offset all year, so a fixed zone is Asia/Shanghai without tzdata.
_SHANGHAI = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


class _NonFinite:
    """What NaN/Infinity become: a value no field accepts, so the field is named in the error."""

    def __init__(self, literal: str) -> None:
        self.literal = literal

    def __repr__(self) -> str:
        return self.literal


def _today_in_shanghai() -> dt.date:
    return dt.datetime.now(_SHANGHAI).date()


def _usage_error(problem: str) -> ClaimInputError:
    return ClaimInputError("usage", f"{problem} (expected: {USAGE})")


def _arguments(argv: list[str]) -> tuple[str, str | None]:
    """The claim file and the optional --policy file, or a usage error."""
    if not argv or argv[0] != "evaluate":
        raise _usage_error(f"unknown command {argv[0]!r}" if argv else "no command")
    claim_path: str | None = None
    policy_path: str | None = None
    rest = argv[1:]
    index = 0
    while index < len(rest):
        arg = rest[index]
        index += 1
        if arg == "--policy":
            if index >= len(rest):
                raise _usage_error("--policy needs a file")
            policy_path = rest[index]
            index += 1
        elif arg.startswith("--policy="):
            policy_path = arg.removeprefix("--policy=")
        elif arg.startswith("-") and arg != "-":
            raise _usage_error(f"unknown option {arg!r}")
        elif claim_path is None:
            claim_path = arg
        else:
            raise _usage_error(f"unexpected argument {arg!r}")
    if claim_path is None:
        raise _usage_error("no claim FILE")
    if not policy_path:
        if policy_path is not None:
            raise _usage_error("--policy needs a file")
    elif policy_path == "-" and claim_path == "-":
        raise _usage_error("only one of FILE and --policy can be standard input")
    return claim_path, policy_path


def _read(path: str, stdin: TextIO) -> str:
    if path == "-":
        return stdin.read().removeprefix("\ufeff")
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except UnicodeDecodeError:
        raise ClaimInputError(path, "is not UTF-8 text") from None
    except OSError as error:
        raise ClaimInputError(path, f"cannot be read ({error.strerror or error})") from None


def _json(text: str, field: str) -> Any:
    """JSON as claim-format.md reads it: NaN and Infinity are no numbers."""
    try:
        return json.loads(text, parse_constant=_NonFinite)
    except json.JSONDecodeError as error:
        raise ClaimInputError(
            field, f"is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise ClaimInputError(field, "is not valid JSON (nested too deeply)") from None


def run(
    argv: list[str],
    *,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
    params_for: Callable[[dt.date], PolicyParams],
    today: dt.date | None = None,
) -> int:
    """Run the command line: 0 with the evaluation on stdout, 2 with one line on stderr."""
    if argv[:1] in (["-h"], ["--help"]) or argv[1:2] in (["-h"], ["--help"]):
        print(f"usage: {USAGE}", file=stdout)
        return EXIT_OK
    try:
        claim_path, policy_path = _arguments(argv)
        fixed: PolicyParams | None = None
        if policy_path is not None:
            policy = _json(_read(policy_path, stdin), "policy")
            if not isinstance(policy, dict):
                raise ClaimInputError("policy", "must be a JSON object")
            fixed = params_from_dict(policy)
        data = _json(_read(claim_path, stdin), "claim")
        claim = parse_claim(data, today=today or _today_in_shanghai())
    except ClaimInputError as error:
        print(error, file=stderr)
        return EXIT_INPUT
    except Exception as error:  # input nobody foresaw is still refused in one line, no traceback
        print(f"claim: cannot be read ({type(error).__name__})", file=stderr)
        return EXIT_INPUT
    try:
        params = fixed if fixed is not None else params_for(claim.trip.depart)
        output = json.dumps(
            evaluation_as_dict(evaluate(claim, params)), ensure_ascii=False, indent=1
        )
    except Exception as error:  # a fault of ours, not of the input: still one line, no traceback
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
    """`python -m fieldsales.policy.cli evaluate FILE`, with the seed's default policy."""
    sys.exit(
        run(
            sys.argv[1:],
            stdin=_utf8(sys.stdin),
            stdout=_utf8(sys.stdout),
            stderr=_utf8(sys.stderr),
            params_for=lambda day: DEFAULT_POLICY,
        )
    )


if __name__ == "__main__":
    main()
