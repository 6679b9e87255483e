"""Pages for trips, advances, reports and claims; thin over the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from fieldsales.core.actions import action_view
from fieldsales.core.audit import audit_trail
from fieldsales.core.errors import ServiceError
from fieldsales.core.uploads import RECEIPT, atomic_with_files, checked_upload
from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.visits.selectors import visits_for_trip
from fieldsales.org.access import Denied, Verdict
from fieldsales.trips import deals, receipt_pages, rules, selectors, services, wording
from fieldsales.trips.forms import (
    AdvanceForm,
    DecisionForm,
    ItemFormSet,
    OverrideForm,
    ReportForm,
    ReviewNoteForm,
    TripForm,
    VisitForm,
    city_choices,
)
from fieldsales.trips.models import Claim, Receipt, Trip
from fieldsales.trips.payment_form import PaymentForm
from fieldsales.trips.policy_settings import settings_in_force
from fieldsales.trips.policy_versions import policy_in_force
from fieldsales.trips.services.receipts import DRAFT_LIFETIME
from fieldsales.trips.vocabulary import TICKETS


def _verdicts(**verdicts: Verdict | None) -> dict[str, Any]:
    """The rules' answers for a page: `can_<action>` true or false, and `why` with the reason
    of each refusal that is about the document's state or a rule (409, 400), not about who
    the user is (a 403 is no news on a page that is not theirs to act on)."""
    context: dict[str, Any] = {name: bool(v) for name, v in verdicts.items()}
    context["why"] = {
        name: v.reason for name, v in verdicts.items() if isinstance(v, Denied) and v.status != 403
    }
    return context


def _service_errors_to_form(form: Any, error: ServiceError) -> None:
    aliases = {"return": "return_date", "destinations": "city"}
    field = aliases.get(error.field or "", error.field)
    field = field if field in getattr(form, "fields", {}) else None
    form.add_error(field, error.message)


# ---------------------------------------------------------------- trips


@login_required
def trip_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Plan a new trip or edit a draft/rejected one, with the engine's estimate beside it."""
    trip = None
    if pk is not None:
        trip = get_object_or_404(selectors.visible_trips(user=request.user), pk=pk)
        verdict = rules.can_edit_trip(request.user, trip)
        if not verdict:
            messages.error(request, verdict.reason)
            return redirect("trips:detail", pk=trip.pk)
    initial = (
        _trip_initial(trip)
        if trip
        else {"depart": timezone.localdate(), "return_date": timezone.localdate()}
    )
    form = TripForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if trip is None:
                trip = services.trip_create(traveller=request.user, data=form.service_data())
            else:
                trip = services.trip_update(trip=trip, actor=request.user, data=form.service_data())
            if "submit" in request.POST:
                services.trip_submit(trip=trip, actor=request.user)
                messages.success(request, _("出差申请已提交审批"))
            else:
                messages.success(request, _("出差申请已保存为草稿"))
            return redirect("trips:detail", pk=trip.pk)
        except ServiceError as error:
            _service_errors_to_form(form, error)
    return render(request, "trips/trip_form.html", {"form": form, "trip": trip})


def _trip_initial(trip: Trip) -> dict[str, Any]:
    destinations = list(trip.destinations.all())
    companions = list(trip.companions.select_related("user"))
    initial = {
        "purpose": trip.purpose,
        "depart": trip.depart,
        "return_date": trip.return_date,
        "customers": list(trip.customers.all()),
        "vehicle": trip.vehicle,
        "flight_requested": trip.flight_requested,
        "note": trip.note,
        "companions": [c.user for c in companions],
        "companions_invited": [c.user for c in companions if c.invited],
    }
    for suffix, destination in zip(("", "2"), destinations, strict=False):
        initial[f"province{suffix}"] = destination.province
        initial[f"city{suffix}"] = destination.city
    return initial


@login_required
def trip_estimate_preview(request: HttpRequest) -> HttpResponse:
    """htmx: the engine's estimate for the trip being typed, before it is saved."""
    form = TripForm(request.POST or None, user=request.user)
    estimate, error = {}, None
    if form.is_valid():
        try:
            estimate = services.estimate_for(traveller=request.user, data=form.service_data())
        except ServiceError as exc:
            error = exc.message
    return render(
        request,
        "trips/_estimate.html",
        # The phone's bottom bar shows the total too (an htmx out-of-band swap).
        {"estimate": estimate, "error": error, "form_errors": form.errors, "oob": True},
    )


@login_required
def city_options(request: HttpRequest) -> HttpResponse:
    """htmx: the cities (GB/T 2260) of the chosen province."""
    choices = city_choices(request.GET.get("province") or request.GET.get("province2"))
    return render(request, "trips/_city_options.html", {"choices": choices})


@login_required
def trip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    trip = get_object_or_404(
        selectors.visible_trips(user=request.user).prefetch_related(
            "destinations", "customers", "companions__user"
        ),
        pk=pk,
    )
    user = request.user
    report = selectors.report_of(trip)
    claims = list(trip.claims.select_related("claimant"))
    advances = list(trip.advances.select_related("traveller"))
    is_traveller = user.pk == trip.traveller_id
    return render(
        request,
        "trips/trip_detail.html",
        {
            "trip": trip,
            "estimate": services.trip_estimate(trip=trip),
            "report": report,
            "trip_visits": visits_for_trip(trip),
            "crm_links": customer_rules.uses_crm(user),  # finance reads the trip, not the CRM visit
            "claims": claims,
            "advances": advances,
            "approvals": trip.approvals(),
            "audit": audit_trail(trip),
            "is_traveller": is_traveller,
            "decision_form": DecisionForm(),
            "overdue": trip.pk
            in set(selectors.overdue_reports(user=user).values_list("pk", flat=True)),
        }
        | _verdicts(
            can_decide=rules.can_decide(user, trip),
            can_edit=rules.can_edit_trip(user, trip),
            can_cancel=rules.can_cancel_trip(user, trip),
            can_report=rules.can_report(user, trip),
            can_add_visit=rules.can_add_visit(user, trip),
            can_advance=rules.can_advance(user, trip),
            can_claim=rules.can_claim(user, trip),
            # Recorded once: the page shows it and does not offer the form again.
            can_special_case=None if trip.special_case else rules.can_special_case(user, trip),
        ),
    )


@action_view
def trip_action(request: HttpRequest, pk: int, action: str):
    trip = get_object_or_404(selectors.visible_trips(user=request.user), pk=pk)
    comment = request.POST.get("comment", "")
    if action == "submit":
        services.trip_submit(trip=trip, actor=request.user)
        return ("trips:detail", pk), _("已提交审批")
    if action in ("approve", "reject"):
        services.trip_decide(trip=trip, actor=request.user, action=action, comment=comment)
        return "approvals:inbox", _("已审批") if action == "approve" else _("已驳回")
    if action == "cancel":
        services.trip_cancel(trip=trip, actor=request.user)
        return ("trips:detail", pk), _("出差申请已取消")
    if action == "special-case":
        services.trip_special_case(trip=trip, actor=request.user, reason=comment)
        return ("trips:detail", pk), _("已记录特殊情况（P5.2）")
    raise Http404


def _visit_errors(form: Any, visit_forms: list[Any], error: ServiceError) -> None:
    """`visits[i].field` names the i-th visit sent; `field` alone a single visit form."""
    field = error.field or ""
    if field.startswith("visits[") and "]" in field:
        index_text, _sep, name = field[len("visits[") :].partition("]")
        name = name.lstrip(".")
        if index_text.isdigit() and int(index_text) < len(visit_forms):
            target = visit_forms[int(index_text)]
            target.add_error(name if name in target.fields else None, error.message)
            return
    if form is not None:
        _service_errors_to_form(form, error)
    elif visit_forms:
        target = visit_forms[0]
        target.add_error(field if field in target.fields else None, error.message)


def _report_due(trip: Trip, report: Any) -> Any:
    """P7.1: counted from the actual return once the report gives it, else the planned one."""
    back = report.actual_return if report is not None else trip.return_date
    return back + timedelta(days=policy_in_force(trip.depart).report_due_days)


@login_required
def report_form(request: HttpRequest, pk: int) -> HttpResponse:
    """P7: the trip report with a customer-signed feedback form per visit. Once filed, the
    page shows what was filed (read-only) and lets the traveller add a visit's signed
    feedback until the claim is approved."""
    trip = get_object_or_404(selectors.visible_trips(user=request.user), pk=pk)
    report = selectors.report_of(trip)
    if report is not None:
        return _report_filed(request, trip, report)
    if trip.traveller_id != request.user.pk:
        raise Http404
    customers = list(trip.customers.all())
    form = ReportForm(
        request.POST or None,
        initial={"actual_depart": trip.depart, "actual_return": trip.return_date},
    )
    visits = [
        VisitForm(
            request.POST or None,
            prefix=f"visit{c.pk}",
            initial={"customer": c.pk, "visited_on": trip.depart},
        )
        for c in customers
    ]
    if request.method == "POST" and form.is_valid() and all(v.is_valid() for v in visits):
        data = dict(form.cleaned_data)
        sent = [v for v in visits if v.cleaned_data.get("signature")]
        data["visits"] = [v.cleaned_data for v in sent]
        try:
            services.trip_report_file(trip=trip, actor=request.user, data=data)
            messages.success(request, _("出差报告已提交"))
            return redirect("trips:detail", pk=trip.pk)
        except ServiceError as error:
            _visit_errors(form, sent, error)
    return render(
        request,
        "trips/report_form.html",
        {
            "trip": trip,
            "form": form,
            "visits": list(zip(customers, visits, strict=True)),
            "due": _report_due(trip, None),
        },
    )


def _report_filed(request: HttpRequest, trip: Trip, report: Any) -> HttpResponse:
    can_add = rules.can_add_visit(request.user, trip)
    customers = list(trip.customers.all())
    add_form = None
    if can_add:
        add_form = VisitForm(
            request.POST if request.method == "POST" else None,
            prefix="add",
            initial={"visited_on": report.actual_depart},
            customers=customers,
        )
    if request.method == "POST":
        if add_form is None:
            raise Http404
        if add_form.is_valid():
            try:
                services.trip_visit_add(trip=trip, actor=request.user, data=add_form.cleaned_data)
                messages.success(request, _("客户签字的反馈表已补充到出差报告"))
                return redirect("trips:report", pk=trip.pk)
            except ServiceError as error:
                _visit_errors(None, [add_form], error)
    return render(
        request,
        "trips/report_filed.html",
        {
            "trip": trip,
            "report": report,
            "trip_visits": visits_for_trip(trip),
            "crm_links": customer_rules.uses_crm(
                request.user
            ),  # finance reads the trip, not the CRM visit
            "add_form": add_form,
            "due": _report_due(trip, report),
        },
        status=400 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- advances


@login_required
def advance_form(request: HttpRequest, pk: int) -> HttpResponse:
    trip = get_object_or_404(selectors.visible_trips(user=request.user), pk=pk)
    form = AdvanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            advance = services.advance_request(
                trip=trip,
                actor=request.user,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("预支申请已提交财务审核"))
            return redirect("trips:advance_detail", pk=advance.pk)
        except ServiceError as error:
            _service_errors_to_form(form, error)
    return render(
        request,
        "trips/advance_form.html",
        {"trip": trip, "form": form, "limit": settings_in_force(trip.depart).advance_max},
    )


@login_required
def advance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    advance = get_object_or_404(selectors.visible_advances(user=request.user), pk=pk)
    user = request.user
    return render(
        request,
        "trips/advance_detail.html",
        {
            "advance": advance,
            "approvals": advance.approvals(),
            "audit": audit_trail(advance),
            "decision_form": DecisionForm(),
            "payment_form": PaymentForm(),
            "repay_form": PaymentForm(receiving=True),
        }
        | _verdicts(
            can_decide=rules.can_decide(user, advance),
            can_pay=rules.can_pay(user, advance),
            can_cancel=rules.can_cancel_advance(user, advance),
            can_void=rules.can_void(user, advance),
            can_repay=rules.can_repay(user, advance),
        ),
    )


@action_view
def advance_action(request: HttpRequest, pk: int, action: str):
    advance = get_object_or_404(selectors.visible_advances(user=request.user), pk=pk)
    if action in ("approve", "reject"):
        services.advance_decide(
            advance=advance,
            actor=request.user,
            action=action,
            comment=request.POST.get("comment", ""),
        )
        return "approvals:inbox", _("已审批") if action == "approve" else _("已驳回")
    if action == "pay":
        payment = PaymentForm(request.POST).payment()
        services.advance_pay(advance=advance, actor=request.user, **payment)
        return ("trips:advance_detail", pk), _("已登记付款")
    if action == "cancel":
        services.advance_cancel(advance=advance, actor=request.user)
        return ("trips:advance_detail", pk), _("预支申请已撤回")
    if action == "void":
        services.advance_cancel(
            advance=advance, actor=request.user, comment=request.POST.get("comment", "")
        )
        return ("trips:advance_detail", pk), _("预支已作废")
    if action == "repay":
        payment = PaymentForm(request.POST, receiving=True).payment()
        services.advance_repay(
            advance=advance, actor=request.user, comment=request.POST.get("comment", ""), **payment
        )
        return ("trips:advance_detail", pk), _("已登记归还预支款")
    raise Http404


# ---------------------------------------------------------------- claims


def _stable_ids(forms: list[Any], old_items: list[dict[str, Any]]) -> list[str]:
    """Each kept line keeps the id it was shown with; a new line gets an id never used on this
    claim, so deleting a line never hands its receipts to another (ids are not positions)."""
    known = [str(i.get("id")) for i in old_items]
    numbers = [int(k[1:]) for k in known if k[:1] == "i" and k[1:].isascii() and k[1:].isdigit()]
    counter = max(numbers, default=0)
    ids: list[str] = []
    for form in forms:
        given = form.cleaned_data.get("id") or ""
        if given in known and given not in ids:
            ids.append(given)
            continue
        counter += 1
        while f"i{counter}" in known:
            counter += 1
        ids.append(f"i{counter}")
    return ids


def _save_claim(request: HttpRequest, trip: Trip, claim: Claim | None, forms: list[Any]) -> Claim:
    """The claim, its lines and their receipts in one transaction, files written last."""
    ids = _stable_ids(forms, claim.items if claim else [])
    items = [f.as_item(item_id) for item_id, f in zip(ids, forms, strict=True)]
    # Every upload is checked before anything is written: a bad second file saves nothing.
    uploads = [
        (
            item_id,
            checked_upload(f.cleaned_data["receipt"], accepts=RECEIPT, field="receipt"),
        )
        for item_id, f in zip(ids, forms, strict=True)
        if f.cleaned_data.get("receipt")
    ]
    kept = [(item_id, receipt_pages.chosen(f)) for item_id, f in zip(ids, forms, strict=True)]
    with atomic_with_files() as files:
        if claim is None:
            claim = services.claim_create(trip=trip, actor=request.user, items=items)
        else:
            claim = services.claim_update(claim=claim, actor=request.user, items=items)
        services.claim_receipts_store(
            claim=claim,
            actor=request.user,
            files=files,
            added=uploads,
            drafts=[(item_id, d) for item_id, (drafts, _gone) in kept for d in drafts],
            removed=[pk for _item_id, (_drafts, gone) in kept for pk in gone],
        )
    # Drafts ticked away, and any left behind long ago, go once the claim is saved.
    services.receipt_drafts_discard(
        owner=request.user,
        tokens=receipt_pages.drafts_removed(forms),
        older_than=DRAFT_LIFETIME,
    )
    return claim


@login_required
def claim_form(
    request: HttpRequest, pk: int | None = None, trip_pk: int | None = None
) -> HttpResponse:
    """Enter or edit the receipts of a claim; the engine prices every line as it is saved."""
    claim = None
    if pk is not None:
        claim = get_object_or_404(selectors.visible_claims(user=request.user), pk=pk)
        trip = claim.trip
        verdict = rules.can_edit_claim(request.user, claim)
        if not verdict:
            messages.error(request, verdict.reason)
            return redirect("trips:claim_detail", pk=claim.pk)
    else:
        trip = get_object_or_404(selectors.visible_trips(user=request.user), pk=trip_pk)
    initial = [_item_initial(i) for i in (claim.items if claim else [])]
    formset = ItemFormSet(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        prefix="items",
        form_kwargs={
            "trip_dates": selectors.actual_dates(trip),
            "deals": deals.deal_choices(
                user=claim.claimant if claim else request.user,
                trip=trip,
                named=claim.items if claim else [],
            ),
        },
    )
    receipt_pages.read_receipts(request, formset, claim)
    errors: list[str] = []
    status = 400 if request.method == "POST" else 200  # a POST that comes back was refused
    refusal: ServiceError | None = None
    if request.method == "POST" and formset.is_valid():
        kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        try:
            claim = _save_claim(request, trip, claim, kept)
        except ServiceError as error:
            errors.append(f"{error.field}: {error.message}" if error.field else error.message)
            status = error.status_code
            refusal = error
        else:
            if "submit" not in request.POST:
                messages.success(request, _("报销单已保存"))
                return redirect("trips:claim_detail", pk=claim.pk)
            try:
                services.claim_submit(claim=claim, actor=request.user)
            except ServiceError as error:
                # Saved, not submitted: the saved claim says why, and can be edited again.
                messages.error(
                    request, _("报销单已保存，但未能提交：%(why)s") % {"why": error.message}
                )
                return redirect("trips:claim_edit", pk=claim.pk)
            messages.success(request, _("报销单已提交审批"))
            return redirect("trips:claim_detail", pk=claim.pk)
    if request.method == "POST":
        receipt_pages.keep_uploads(request, formset, refusal)  # never take a photo twice
    return render(
        request,
        "trips/claim_form.html",
        {"trip": trip, "claim": claim, "formset": formset, "errors": errors},
        status=status,
    )


def _item_initial(item: dict[str, Any]) -> dict[str, Any]:
    initial = {k: v for k, v in selectors.claimant_item(item).items() if k not in {"from", "to"}}
    initial.setdefault("date", None)  # a saved line without a date keeps none
    legs = ("origin", "destination") if item.get("kind") in TICKETS else ("start", "end")
    initial[legs[0]], initial[legs[1]] = item.get("from"), item.get("to")
    for link in deals.LINKS:
        if item.get(link) is not None:
            initial["deal"] = f"{link}:{item[link]}"
    return initial


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(selectors.visible_claims(user=request.user), pk=pk)
    user = request.user
    receipts: dict[str, list[Receipt]] = {}
    for receipt in claim.receipts.all():
        receipts.setdefault(receipt.item, []).append(receipt)
    items = {str(i.get("id")): i for i in claim.items}
    positions = {item_id: n for n, item_id in enumerate(items, start=1)}
    evaluation = selectors.evaluation_in_language(claim.evaluation or {})
    # Pages name a line by number and kind (第3行 出租车), never by its stored id.
    names = wording.claim_line_names(claim)
    evaluation["violations"] = [
        v | {"line": wording.named_item(v.get("item"), names)}
        for v in evaluation.get("violations", [])
    ]
    reviews = selectors.reviews_of(claim=claim)
    for row in (r for rows in reviews.values() for r in rows):
        row.line_name = wording.named_item(row.item, names)
    stated: dict[str, dict[str, Any]] = {}
    for kind, rows in reviews.items():
        for row in rows:
            if row.applies:
                stated.setdefault(row.item, {})[kind] = row  # the latest that applies
    named = deals.named_documents(claim.items)
    lines = [
        line
        | {
            "deal": named.get(line["item"]),
            "detail": items.get(line["item"], {}),
            "receipts": receipts.get(line["item"], []),
            "position": positions.get(line["item"]),
            "reviews": stated.get(line["item"], {}),
        }
        for line in evaluation.get("lines", [])
    ]
    return render(
        request,
        "trips/claim_detail.html",
        {
            "claim": claim,
            "lines": lines,
            "evaluation": evaluation,
            "approvals": claim.approvals(),
            "audit": audit_trail(claim),
            "overrides": reviews["overrides"],
            "notes": reviews["notes"],
            "consents": reviews["consents"],
            "city_rides": services.CITY_RIDE_KINDS,
            "approval_blocker": selectors.claim_approval_blocker(claim=claim),
            "corrections": claim.corrections.all(),
            "duplicates": [
                d | {"line": wording.named_item(d["item"], names)}
                for d in selectors.duplicate_receipts(claim=claim)
            ],
            "policy_version": wording.policy_version_label(claim.policy_version),
            "payment_form": PaymentForm(receiving=claim.return_to_company > 0),
        }
        | _verdicts(
            can_decide=rules.can_decide(user, claim),
            # P4.6: only the traveller's department head, at their own step.
            can_consent=rules.can_consent(user, claim),
            can_edit=rules.can_edit_claim(user, claim),
            can_withdraw=rules.can_withdraw(user, claim),
            can_settle=rules.can_settle(user, claim),
            can_correct=rules.can_correct(user, claim),
        ),
    )


@action_view
def claim_action(request: HttpRequest, pk: int, action: str):
    claim = get_object_or_404(selectors.visible_claims(user=request.user), pk=pk)
    if action == "submit":
        services.claim_submit(claim=claim, actor=request.user)
        return ("trips:claim_detail", pk), _("报销单已提交审批")
    if action == "withdraw":
        services.claim_withdraw(claim=claim, actor=request.user)
        return ("trips:claim_detail", pk), _("报销单已撤回，可修改后重新提交")
    if action in ("approve", "reject"):
        services.claim_decide(
            claim=claim, actor=request.user, action=action, comment=request.POST.get("comment", "")
        )
        return "approvals:inbox", _("已审批") if action == "approve" else _("已驳回")
    if action == "correct":
        correction = services.claim_correct(claim=claim, actor=request.user)
        return ("trips:claim_edit", correction.pk), _("已生成更正单，请修改后提交")
    if action == "settle":
        payment = PaymentForm(request.POST, receiving=claim.return_to_company > 0).payment()
        services.claim_settle(claim=claim, actor=request.user, **payment)
        return ("trips:claim_detail", pk), _("已登记结算")
    if action == "override":
        form = OverrideForm(request.POST)
        if not form.is_valid():
            raise ServiceError("；".join(e for errs in form.errors.values() for e in errs))
        services.claim_override(claim=claim, actor=request.user, **form.cleaned_data)
        return ("trips:claim_detail", pk), _("已调整该项金额（P9）")
    if action in ("note", "consent"):
        form = ReviewNoteForm(request.POST)
        if not form.is_valid():
            raise ServiceError("；".join(e for errs in form.errors.values() for e in errs))
        if action == "note":
            services.claim_note(claim=claim, actor=request.user, **form.cleaned_data)
            return ("trips:claim_detail", pk), _("已填写审核说明（P4.6）")
        services.claim_consent(claim=claim, actor=request.user, **form.cleaned_data)
        return ("trips:claim_detail", pk), _("已记录部门负责人同意（P4.6）")
    raise Http404


@login_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})
def receipt_file(request: HttpRequest, pk: int) -> FileResponse:
    """A receipt, only to those who may see its claim; shown inline (a PDF in the viewer)."""
    receipt = get_object_or_404(
        Receipt.objects.filter(claim__in=selectors.visible_claims(user=request.user)), pk=pk
    )
    return FileResponse(
        receipt.file.open("rb"), content_type=receipt.content_type, filename=receipt.original_name
    )


@login_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})
def receipt_draft_file(request: HttpRequest, token: str) -> FileResponse:
    """A receipt kept from a refused claim form: its owner's alone (anyone else: 404)."""
    drafts = selectors.receipt_drafts_of(owner=request.user, tokens=[token])
    if not drafts:
        raise Http404
    draft = drafts[0]
    return FileResponse(
        draft.file.open("rb"), content_type=draft.content_type, filename=draft.original_name
    )
