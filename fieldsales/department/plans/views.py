"""Pages of plans (D2), phone first: the list (by kind and status, paged), a sales plan's form
with the month's target beside it, a work plan's items kept up to date, a plan with its
approvals and versions."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core.actions import action_view
from fieldsales.core.audit import audit_trail
from fieldsales.core.errors import ServiceError
from fieldsales.core.people import display_name
from fieldsales.crm.customers.selectors import visible_customers
from fieldsales.department.plans import forms, rules, selectors, services
from fieldsales.department.plans.api import with_parts
from fieldsales.department.plans.models import Plan, PlanKind, PlanStatus
from fieldsales.department.plans.periods import period_label, period_of
from fieldsales.org.models import Employee

PAGE_SIZE = 20


def _reader(request: HttpRequest) -> None:
    if not rules.reads_plans(request.user):
        raise Http404


def _visible(request: HttpRequest, pk: int) -> Plan:
    _reader(request)
    plan = with_parts(selectors.visible_plans(user=request.user)).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def _this_month_plan(user: Any) -> Plan | None:
    start, _end = period_of(PlanKind.SALES, timezone.localdate())
    return (
        Plan.objects.filter(kind=PlanKind.SALES, owner=user, period_start=start)
        .exclude(status=PlanStatus.CANCELLED)
        .first()
    )


@login_required
def plans_page(request: HttpRequest) -> HttpResponse:
    """The plans the user may see, newest period first; chips by kind, a status filter."""
    _reader(request)
    user = request.user
    kind = request.GET.get("kind", "")
    state = request.GET.get("status", "")
    plans = selectors.visible_plans(user=user)
    if kind in PlanKind.values:
        plans = plans.filter(kind=kind)
    if state in PlanStatus.values:
        plans = plans.filter(status=state)
    plans = plans.order_by("-period_start", "kind", "owner_id", "-version", "-pk")
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"plan": p, "period": period_label(p.kind, p.period_start)} for p in page]
    writes_sales = rules.writes_sales_plan(user)
    return render(
        request,
        "department/plans/list.html",
        {
            "page": page,
            "rows": rows,
            "kind": kind,
            "status": state,
            "kinds": PlanKind.choices,
            "statuses": PlanStatus.choices,
            "writes_sales": writes_sales,
            "this_month": _this_month_plan(user) if writes_sales else None,
            "keeps": bool(rules.managed_departments(user)),
            "waiting": selectors.plans_waiting(user).count(),
        },
    )


plans_page.admits = rules.reads_plans  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the forms


def _sales_form(request: HttpRequest, owner: Any, plan: Plan | None) -> forms.SalesPlanForm:
    # The owner's own customers are listed first; the rest (the pool) are found by a search.
    customers = visible_customers(user=owner).order_by(
        ExpressionWrapper(~Q(owner_id=owner.pk), output_field=BooleanField()), "name", "pk"
    )
    if request.method == "POST":
        return forms.SalesPlanForm(request.POST, customers=customers)
    day = plan.period_start if plan else _month(request.GET.get("period"))
    initial: dict[str, Any] = {"period": day}
    if plan is not None:
        initial |= {
            "goal": plan.goal,
            "strategy": plan.strategy,
            "action_plan": plan.action_plan,
            "visit_plan": plan.visit_plan,
            "customers": [c.pk for c in plan.customers.all()],
        }
    return forms.SalesPlanForm(initial=initial, customers=customers)


def _month(text: str | None) -> Any:
    field = forms.SalesPlanForm.base_fields["period"]
    try:
        return field.clean(text) if text else timezone.localdate()
    except django_forms.ValidationError:  # a bad ?period= falls back to this month
        return timezone.localdate()


def _sales_data(form: forms.SalesPlanForm) -> dict[str, Any]:
    data = {
        name: form.cleaned_data[name] for name in ("goal", "strategy", "action_plan", "visit_plan")
    }
    data["customers"] = [c.pk for c in form.cleaned_data["customers"]]
    return data


def _render_form(
    request: HttpRequest, template: str, context: dict[str, Any], errors: list[str]
) -> HttpResponse:
    return render(request, template, {**context, "errors": errors}, status=400 if errors else 200)


def _sales_edit(request: HttpRequest, plan: Plan | None) -> HttpResponse:
    owner = plan.owner if plan else request.user
    form = _sales_form(request, owner, plan)
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            data = _sales_data(form)
            try:
                if plan is None:
                    data |= {"kind": PlanKind.SALES, "period_start": form.cleaned_data["period"]}
                    saved = services.plan_create(actor=request.user, data=data)
                else:
                    saved = services.plan_update(plan=plan, actor=request.user, data=data)
            except ServiceError as error:
                errors.append(error.message)
            else:
                messages.success(request, _("计划已保存"))
                return redirect("department:plan_detail", pk=saved.pk)
        else:
            errors.append(_("请检查填写的内容"))
    month = (
        plan.period_start
        if plan
        else period_of(
            PlanKind.SALES, _month(request.POST.get("period") or request.GET.get("period"))
        )[0]
    )
    return _render_form(
        request,
        "department/plans/sales_form.html",
        {
            "plan": plan,
            "form": form,
            "month_label": period_label(PlanKind.SALES, month),
            "figures": selectors.month_target(owner=owner, month_start=month),
        },
        errors,
    )


def _work_new(request: HttpRequest) -> HttpResponse:
    initial = {
        "kind": request.GET.get("kind") if request.GET.get("kind") in PlanKind.values else "weekly",
        "period": timezone.localdate(),
    }
    form = forms.WorkPlanForm(request.POST or None, initial=initial)
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.plan_create(
                    actor=request.user,
                    data={
                        "kind": form.cleaned_data["kind"],
                        "period_start": form.cleaned_data["period"],
                        "note": form.cleaned_data["note"],
                        "department": _department_choice(request),
                    },
                )
            except ServiceError as error:
                errors.append(error.message)
            else:
                messages.success(request, _("计划已创建，请添加事项"))
                return redirect("department:plan_detail", pk=saved.pk)
        else:
            errors.append(_("请检查填写的内容"))
    return _render_form(
        request, "department/plans/work_form.html", {"form": form, "plan": None}, errors
    )


def _department_choice(request: HttpRequest) -> int | None:
    managed = rules.managed_departments(request.user)
    text = request.POST.get("department", "")
    if text.isascii() and text.isdigit() and int(text) in managed:
        return int(text)
    return managed[0] if managed else None


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    """A sales plan (?kind=sales, a salesperson) or a work plan (a head or manager)."""
    _reader(request)
    kind = request.GET.get("kind") or ("sales" if rules.writes_sales_plan(request.user) else "")
    if kind == PlanKind.SALES:
        if not rules.writes_sales_plan(request.user):
            raise PermissionDenied(_("月度销售计划由销售员本人制定（D2）"))
        return _sales_edit(request, None)
    if not rules.managed_departments(request.user):
        raise PermissionDenied(_("工作计划由本部门负责人或部门经理制定（D2）"))
    return _work_new(request)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _visible(request, pk)
    verdict = rules.can_edit(request.user, plan)
    if not verdict:
        messages.error(request, verdict.reason)
        return redirect("department:plan_detail", pk=pk)
    if plan.is_sales:
        return _sales_edit(request, plan)
    form = forms.WorkPlanForm(
        initial={"kind": plan.kind, "period": plan.period_start, "note": plan.note}
    )
    errors: list[str] = []
    reason = request.POST.get("reason", plan.reason)
    if request.method == "POST":
        data = {"note": request.POST.get("note", "")[:4000]}
        if plan.version > 1:
            data["reason"] = reason
        try:
            services.plan_update(plan=plan, actor=request.user, data=data)
        except ServiceError as error:
            errors.append(error.message)
        else:
            messages.success(request, _("计划已保存"))
            return redirect("department:plan_detail", pk=pk)
    return _render_form(
        request,
        "department/plans/work_form.html",
        {"form": form, "plan": plan, "reason": reason},
        errors,
    )


# ---------------------------------------------------------------- the plan


def _people(plan: Plan) -> list[tuple[int, str]]:
    members = Employee.objects.filter(
        department_id=plan.department_id, user__is_active=True
    ).select_related("user")
    return [(e.user_id, display_name(e.user)) for e in members.order_by("pk")]


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _visible(request, pk)
    user = request.user
    visible = selectors.visible_plans(user=user).values("pk")
    can_items = bool(rules.can_edit_items(user, plan))
    return render(
        request,
        "department/plans/detail.html",
        {
            "plan": plan,
            "audit": audit_trail(plan),
            "period": period_label(plan.kind, plan.period_start),
            "items": list(plan.items.all()),
            "figures": (
                selectors.month_target(owner=plan.owner, month_start=plan.period_start)
                if plan.is_sales
                else []
            ),
            "versions": selectors.versions_of(plan).filter(pk__in=visible),
            "can_edit": bool(rules.can_edit(user, plan)),
            "can_items": can_items,
            "can_progress": bool(rules.can_report_progress(user, plan)),
            "item_form": forms.ItemForm(people=_people(plan), initial={"due": plan.period_end})
            if can_items
            else None,
            "item_statuses": forms.ProgressForm.base_fields["status"].choices,
            "can_submit": bool(rules.can_take(user, plan, "submit")),
            "can_withdraw": bool(rules.can_take(user, plan, "withdraw")),
            "can_cancel": bool(rules.can_take(user, plan, "cancel")),
            "can_decide": bool(rules.can_decide(user, plan)),
            "can_change": bool(rules.can_propose_change(user, plan)),
        },
    )


ACTIONS = {
    "submit": gettext_lazy("计划已提交审批"),
    "approve": gettext_lazy("计划已批准"),
    "reject": gettext_lazy("计划已退回"),
    "withdraw": gettext_lazy("已撤回"),
    "cancel": gettext_lazy("已作废"),
    "change": gettext_lazy("已提出计划变更：请修改新版本后提交总经理审批"),
}


@action_view(fallback="department:plans")
def plan_action(request: HttpRequest, pk: int, action: str) -> tuple[Any, str]:
    plan = _visible(request, pk)
    if action not in ACTIONS:
        raise Http404
    actor = request.user
    if action == "submit":
        services.plan_submit(plan=plan, actor=actor)
    elif action == "withdraw":
        services.plan_withdraw(plan=plan, actor=actor)
    elif action == "cancel":
        services.plan_cancel(plan=plan, actor=actor)
    elif action == "change":
        changed = services.plan_propose_change(
            plan=plan, actor=actor, reason=request.POST.get("reason", "")
        )
        return ("department:plan_detail", changed.pk), str(ACTIONS[action])
    else:
        services.plan_decide(
            plan=plan, actor=actor, action=action, comment=request.POST.get("comment", "")[:2000]
        )
    return ("department:plan_detail", pk), str(ACTIONS[action])


@action_view(fallback="department:plans")
def item_add(request: HttpRequest, pk: int) -> tuple[Any, str]:
    plan = _visible(request, pk)
    form = forms.ItemForm(request.POST, people=_people(plan))
    if not form.is_valid():
        raise ServiceError(
            "；".join(f"{form.fields[k].label}：{e[0]}" for k, e in form.errors.items())
        )
    services.item_add(plan=plan, actor=request.user, data=form.cleaned_data)
    return ("department:plan_detail", pk), _("事项已添加")


def _found_item(request: HttpRequest, pk: int, item: int) -> Any:
    plan = _visible(request, pk)
    found = plan.items.filter(pk=item).select_related("plan").first()
    if found is None:
        raise Http404
    return found


@action_view(fallback="department:plans")
def item_update(request: HttpRequest, pk: int, item: int) -> tuple[Any, str]:
    found = _found_item(request, pk, item)
    form = forms.ProgressForm(request.POST)
    if not form.is_valid():
        raise ServiceError(_("请选择状态"))
    services.item_update(item=found, actor=request.user, data=form.cleaned_data)
    return ("department:plan_detail", pk), _("事项已更新")


@action_view(fallback="department:plans")
def item_delete(request: HttpRequest, pk: int, item: int) -> tuple[Any, str]:
    found = _found_item(request, pk, item)
    services.item_delete(item=found, actor=request.user)
    return ("department:plan_detail", pk), _("事项已删除")
