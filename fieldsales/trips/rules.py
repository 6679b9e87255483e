"""May this user do this to this trip, advance or claim, and if not, why.

Each `can_<action>(user, obj)` answers `Allowed` or `Denied(reason, status)`: the services
`enforce()` the answer on the locked row, the pages show or hide a button by it and say
why. The checks come in api.md's order: 403 (not yours to do), 409 (not in this state),
400 (a rule refuses it). Visibility (404) is the selectors' business: every rule is asked
about a document the user can see.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.workflow import Stateful, available_actions, is_actor, may_decide
from fieldsales.org.access import ALLOWED, Denied, Verdict, has_role
from fieldsales.org.models import Role
from fieldsales.trips.models import (
    Advance,
    Claim,
    ClaimStatus,
    PolicyVersion,
    Trip,
    TripReport,
    TripStatus,
)
from fieldsales.trips.policy_versions import next_version_day

# Claims that stop a new advance and a repayment: the money is settled in the claim (P8.2).
CLAIM_SENT = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.SETTLED)
CLAIM_DONE = (ClaimStatus.APPROVED, ClaimStatus.SETTLED)


def _is(user: Any, person_id: int | None) -> bool:
    return user is not None and user.pk == person_id


def _state_denied(document: Stateful, action: str) -> Denied:
    return Denied(
        _("单据当前状态为“%(status)s”，不能执行此操作（%(action)s）")
        % {"status": document.state_display(), "action": action},
        409,
    )


def can_take(user: Any, document: Stateful, action: str) -> Verdict:
    """What the transition table says: the user is the action's actor (403), now (409)."""
    if action in available_actions(document, user):
        return ALLOWED
    table = type(document).TRANSITIONS
    whos = {t.who for (_state, a), t in table.items() if a == action}
    if not any(is_actor(document, who, user) for who in whos):
        return Denied(_("您的角色不能执行此操作"))
    return _state_denied(document, action)


def can_decide(user: Any, document: Any) -> Verdict:
    """Approve or reject: only the current step's approver, never the author (P1.2)."""
    if may_decide(document=document, user=user):
        return ALLOWED
    if _is(user, document.author.pk):
        return Denied(_("不能审批自己的单据"))
    if not document.awaiting_decision():
        return _state_denied(document, "approve")
    return Denied(_("您不是此单据的审批人"))


# ---------------------------------------------------------------- trips


def can_edit_trip(user: Any, trip: Trip) -> Verdict:
    if not _is(user, trip.traveller_id):
        return Denied(_("只有出差人可以修改出差申请"))
    if trip.status not in Trip.EDITABLE:
        return Denied(_("已提交或已批准的出差申请不能修改"), 409)
    return ALLOWED


def can_cancel_trip(user: Any, trip: Trip) -> Verdict:
    if not _is(user, trip.traveller_id):
        return Denied(_("只有单据的填写人可以执行此操作"))
    if trip.status not in Trip.CANCELLABLE:
        return _state_denied(trip, "cancel")
    return ALLOWED


def can_special_case(user: Any, trip: Trip) -> Verdict:
    """P5.2: the GM (by any of their roles), for someone else's trip that is not over."""
    if not has_role(user, Role.GM):
        return Denied(_("只有总经理可以认定特殊情况"))
    if _is(user, trip.traveller_id):
        return Denied(_("不能为自己的出差认定特殊情况"))
    if trip.status in (TripStatus.CANCELLED, TripStatus.SETTLED):
        return Denied(_("该出差已结束，不能再认定特殊情况"), 409)
    return ALLOWED


def can_report(user: Any, trip: Trip) -> Verdict:
    """P7.1: the traveller files one report, once the trip is approved."""
    if not _is(user, trip.traveller_id):
        return Denied(_("只有出差人可以提交出差报告"))
    if TripReport.objects.filter(trip_id=trip.pk).exists():
        return Denied(_("出差报告已经提交过了"), 409)
    if (trip.status, "report") not in Trip.TRANSITIONS:
        return Denied(_("出差获批后才能提交出差报告"), 409)
    return ALLOWED


def signing_closed(trip: Trip) -> bool:
    """A visit's feedback may be added to the report until the traveller's claim is approved."""
    return Claim.objects.filter(
        trip_id=trip.pk,
        claimant_id=trip.traveller_id,
        corrects__isnull=True,
        status__in=CLAIM_DONE,
    ).exists()


def can_add_visit(user: Any, trip: Trip) -> Verdict:
    """P7.2: a signed feedback added to a filed report until the claim is approved."""
    if not _is(user, trip.traveller_id):
        return Denied(_("只有出差人可以补充客户签字的反馈表"))
    if not TripReport.objects.filter(trip_id=trip.pk).exists():
        return Denied(_("请先提交出差报告"), 409)
    if signing_closed(trip):
        return Denied(_("该出差的报销单已批准，反馈表不能再补签"), 409)
    return ALLOWED


def can_advance(user: Any, trip: Trip) -> Verdict:
    """P2.1: the traveller, for a submitted or approved trip whose claim is not sent yet.

    The amount's limits (P2.3, P2.4) are the service's: they need the amount."""
    if not _is(user, trip.traveller_id):
        return Denied(_("只能为自己的出差预支差旅费"))
    if Claim.objects.filter(trip_id=trip.pk, claimant=user, status__in=CLAIM_SENT).exists():
        return Denied(
            _("该出差的报销单已经提交，不能再预支差旅费：费用在报销单中结算（P2.1、P8.2）"), 400
        )
    if trip.status not in Trip.ADVANCEABLE:
        return Denied(_("只有已提交或已批准的出差可以预支差旅费（P2.1）"), 409)
    return ALLOWED


def _travels_on(user: Any, trip: Trip) -> bool:
    # companions.all(): a page that prefetched them asks no query.
    return _is(user, trip.traveller_id) or any(c.user_id == user.pk for c in trip.companions.all())


def can_claim(user: Any, trip: Trip) -> Verdict:
    """P8.1: the traveller or a companion, once the trip is approved, one claim each."""
    if not _travels_on(user, trip):
        return Denied(_("只有出差人或同行人可以报销该出差的费用"))
    if trip.status not in Trip.CLAIMABLE:
        return Denied(_("出差获批后才能报销"), 409)
    if Claim.objects.filter(trip_id=trip.pk, claimant=user, corrects__isnull=True).exists():
        return Denied(_("每人每次出差只填一张报销单：您已为该出差填写过报销单"), 400)
    return ALLOWED


# ---------------------------------------------------------------- advances


def can_cancel_advance(user: Any, advance: Advance) -> Verdict:
    """The traveller withdraws their advance while it waits for approval."""
    return can_take(user, advance, "cancel")


def trip_alive(advance: Advance) -> Verdict:
    """409: nothing is approved or paid for an advance whose trip was cancelled or rejected,
    nor once the traveller's claim for the trip is approved (issue 7.5)."""
    trip = advance.trip
    if trip.status in (TripStatus.CANCELLED, TripStatus.REJECTED):
        return Denied(
            _("出差%(number)s已%(status)s，其预支差旅费不能再批准或付款")
            % {"number": trip.number, "status": trip.get_status_display()},
            409,
        )
    if Claim.objects.filter(
        trip_id=trip.pk,
        claimant_id=advance.traveller_id,
        corrects__isnull=True,
        status__in=CLAIM_DONE,
    ).exists():
        return Denied(_("该出差的报销单已经批准，其预支差旅费不能再批准或付款"), 409)
    return ALLOWED


def can_pay(user: Any, advance: Advance) -> Verdict:
    """Finance (not the traveller) hands out an approved advance of a live trip."""
    return can_take(user, advance, "pay") and trip_alive(advance)


def can_void(user: Any, advance: Advance) -> Verdict:
    """Finance voids an approved advance that will not be paid out."""
    return can_take(user, advance, "void")


def can_repay(user: Any, advance: Advance) -> Verdict:
    """Finance records a paid advance returned, unless a claim settles it (P8.2)."""
    verdict = can_take(user, advance, "repay")
    if (
        verdict
        and Claim.objects.filter(
            trip_id=advance.trip_id, claimant_id=advance.traveller_id, status__in=CLAIM_SENT
        ).exists()
    ):
        return Denied(_("该出差的报销单已经提交，预支差旅费在报销单中冲抵，不能登记归还"), 409)
    return verdict


# ---------------------------------------------------------------- claims


def can_edit_claim(user: Any, claim: Claim) -> Verdict:
    if not _is(user, claim.claimant_id):
        return Denied(_("只有报销人可以修改报销单"))
    if claim.status not in Claim.EDITABLE:
        return Denied(_("已提交或已批准的报销单不能修改，更正请另填新单"), 409)
    return ALLOWED


def can_withdraw(user: Any, claim: Claim) -> Verdict:
    """The claimant takes a submitted claim back to a draft until its first decision."""
    if not _is(user, claim.claimant_id):
        return Denied(_("只有报销人可以撤回报销单"))
    if claim.status != ClaimStatus.SUBMITTED:
        return _state_denied(claim, "withdraw")
    if claim.step > 0:  # an approval of this round moved it on (a rejection ends the round)
        return Denied(_("报销单已有审批人审批，不能再撤回"), 409)
    return ALLOWED


def can_correct(user: Any, claim: Claim) -> Verdict:
    """P8.3: the claimant corrects an approved claim once, by a new claim."""
    if not _is(user, claim.claimant_id):
        return Denied(_("只有报销人可以更正自己的报销单"))
    if claim.status not in Claim.CORRECTABLE:
        return Denied(_("只有已批准的报销单需要以更正单更正；其他状态请直接修改"), 409)
    if Claim.objects.filter(corrects_id=claim.pk).exists():
        return Denied(_("这张报销单已经有更正单了"), 409)
    return ALLOWED


def can_settle(user: Any, claim: Claim) -> Verdict:
    """Finance (not the claimant) records that an approved claim's difference was paid."""
    return can_take(user, claim, "settle")


def can_review(user: Any, claim: Claim, *, what: str) -> Verdict:
    """Overrides (P9) and notes (P4.6 d): the current step's approver of a claim in review;
    `what` names the statement in the reason ("调整金额（P9）")."""
    if claim.status != ClaimStatus.SUBMITTED:
        return Denied(_("只有审批中的报销单可以%(what)s") % {"what": what}, 409)
    if _is(user, claim.claimant_id) or not may_decide(document=claim, user=user):
        return Denied(_("只有当前审批步骤的审批人可以%(what)s") % {"what": what})
    return ALLOWED


def can_consent(user: Any, claim: Claim) -> Verdict:
    """P4.6: the traveller's department head, at their own step of the chain."""
    what = _("同意乘坐出租车（P4.6）")
    if claim.status == ClaimStatus.SUBMITTED:
        step = claim.current_step() or {}
        if step.get("role") != Role.DEPT_HEAD:
            heads = [s for s in claim.chain if s.get("role") == Role.DEPT_HEAD]
            if any(s.get("user") == user.pk for s in heads):
                return Denied(_("部门负责人只能在自己的审批步骤给出同意（P4.6）"), 409)
            return Denied(_("只有出差人的部门负责人可以同意乘坐出租车（P4.6）"))
    return can_review(user, claim, what=what)


# ---------------------------------------------------------------- policy versions


def can_delete_policy_version(user: Any, version: PolicyVersion) -> Verdict:
    """Only a version not in force yet, that prices no trip, is deleted (by whoever may delete
    versions): one in force, or in force once, is the policy of the trips of its days."""
    if not (user is not None and user.has_perm("trips.delete_policyversion")):
        return Denied(_("您没有删除制度版本的权限"))
    if version.effective_from <= timezone.localdate():
        return Denied(_("已生效的制度版本不能删除：如需变更，请新增一个以后生效的版本"), 409)
    trips = Trip.objects.filter(depart__gte=version.effective_from)
    until = next_version_day(version)
    if until is not None:
        trips = trips.filter(depart__lt=until)
    if trips.exists():
        return Denied(_("已有出差按此制度版本核算，不能删除"), 409)
    return ALLOWED
