"""Visits: plan, appointment, check-in and out, record, the customer's signed feedback (上门走访客户管理制度)."""
