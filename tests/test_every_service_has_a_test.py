"""Every public service function is called by name from at least one test module (style.md:
"every service has a test"), so a service nobody exercises directly is noticed when it lands.

The services are found as modules named `services` anywhere under fieldsales/, so a package
split (crm/customers/services.py, ...) is followed without a change here. A call from a
factory or a helper does not count: a test module has to name the service itself."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import fieldsales

TESTS = Path(__file__).resolve().parent
NOT_TESTS = {"factories.py", "helpers.py", "conftest.py", Path(__file__).name}


def service_functions() -> dict[str, str]:
    """{function name: module} for every public function defined in a services module."""
    root = Path(fieldsales.__file__).resolve().parent
    found = {}
    for path in sorted(root.rglob("services.py")):
        name = ".".join(("fieldsales", *path.relative_to(root).with_suffix("").parts))
        module = importlib.import_module(name)
        for function_name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == name and not function_name.startswith("_"):
                found[function_name] = name
    return found


def test_every_service_function_is_called_by_a_test_module():
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for path in TESTS.rglob("*.py")
        if path.name not in NOT_TESTS
    )
    services = service_functions()
    assert len(services) > 50  # the finder still finds them
    untested = sorted(
        f"{module}.{name}"
        for name, module in services.items()
        if not re.search(rf"\b{name}\(", sources)
    )
    assert not untested, "services no test module calls: " + ", ".join(untested)
