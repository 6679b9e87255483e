"""Every public service function is called by name from at least one test module (style.md:
"every service has a test"), so a service nobody exercises directly is noticed when it lands.

The services are found as modules named `services` anywhere under fieldsales/, so a package
split (crm/customers/services.py, ...) is followed without a change here; a `services/`
package counts what its `__init__` re-exports (its helpers in common.py are not services). A call from a
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
    """{function name: module} for every public function defined in a services module, or
    re-exported (`__all__`) by a services package (trips/services/)."""
    root = Path(fieldsales.__file__).resolve().parent
    found = {}
    paths = [*root.rglob("services.py"), *root.rglob("services/__init__.py")]
    for path in sorted(paths):
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join(("fieldsales", *parts[: -1 if path.name == "__init__.py" else None]))
        module = importlib.import_module(name)
        public = getattr(module, "__all__", None)
        for function_name, function in inspect.getmembers(module, inspect.isfunction):
            if public is None:
                mine = function.__module__ == name and not function_name.startswith("_")
            else:
                mine = function_name in public and function.__module__.startswith(name + ".")
            if mine:
                found[function_name] = function.__module__
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
