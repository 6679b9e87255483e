"""D12 dashboards (看板): /dashboard/ and /api/dashboard/?period=, the home block, the Excel
workbook, and the registry of overdue counts (overdue.py) other subpackages add to."""
