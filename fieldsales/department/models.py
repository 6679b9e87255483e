"""The department app's models (department.md), defined in its subpackages and gathered here
under the app label `department`."""

from __future__ import annotations

from fieldsales.department.attendance.models import (
    AttendanceCorrection,
    AttendanceException,
    AttendanceNotice,
    ClockImport,
    ClockNumber,
    ClockRecord,
)
from fieldsales.department.duty.models import DutyShift
from fieldsales.department.meetings.models import Meeting, MeetingAttendee, MeetingVisit
from fieldsales.department.plans.models import Plan, PlanItem
from fieldsales.department.reports.models import DepartmentMonthlyReport, SalesReport
from fieldsales.department.scorecards.models import Scorecard
from fieldsales.department.targets.models import (
    Measure,
    Target,
    TargetLevel,
    TargetLine,
    TargetStatus,
)
from fieldsales.department.training.models import (
    TrainingAttendee,
    TrainingMaterial,
    TrainingSession,
)
from fieldsales.department.vehicles.models import (
    Vehicle,
    VehicleBooking,
    VehicleUsage,
)
from fieldsales.department.versions import DepartmentPolicyVersion
from fieldsales.department.worklogs.models import WorkLog, WorkLogComment, WorkLogStatus

__all__ = [
    "DutyShift",
    "TrainingAttendee",
    "TrainingMaterial",
    "TrainingSession",
    "AttendanceCorrection",
    "AttendanceException",
    "AttendanceNotice",
    "ClockImport",
    "ClockNumber",
    "ClockRecord",
    "Meeting",
    "MeetingAttendee",
    "MeetingVisit",
    "Plan",
    "PlanItem",
    "DepartmentMonthlyReport",
    "DepartmentPolicyVersion",
    "SalesReport",
    "Scorecard",
    "Measure",
    "Target",
    "TargetLevel",
    "TargetLine",
    "TargetStatus",
    "Vehicle",
    "VehicleBooking",
    "VehicleUsage",
    "WorkLog",
    "WorkLogComment",
    "WorkLogStatus",
]
