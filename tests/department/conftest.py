from __future__ import annotations

import pytest


@pytest.fixture
def sales_department(cast):
    """The demo company's 销售部 (head, sales1 and sales2 belong to it)."""
    return cast["head"].employee.department
