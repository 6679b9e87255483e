"""Login, password change and the inbox page (the apps fill it through core.inbox)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fieldsales.core.api import id_param
from fieldsales.core.bulk import MAX_BULK, approve_many, parse_items
from fieldsales.core.inbox import TABS, TODO, inbox, inbox_kinds, inbox_people
from fieldsales.core.redirects import safe_next
from fieldsales.core.registry import render_blocks

INBOX_PAGE_SIZE = 20


class LoginView(auth_views.LoginView):
    def get_redirect_url(self) -> str:
        # The site's one check for `next=` (Django's own is the same function, kept in one place).
        return safe_next(self.request) or ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_demo_hint"] = settings.DEBUG
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every user changes their own password; their other sessions and API tokens end
    (Django keeps only this session; the validators' password_changed hook drops the tokens)."""

    success_url = reverse_lazy(settings.LOGIN_REDIRECT_URL)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("密码已修改，其他设备上的登录和 API 令牌已失效。"))
        return response


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    """What waits for me, oldest first, with the money, the destination and the violations
    visible; the tabs (done by me, started by me, copied to me), search and filters; below
    it what the apps register for this page (trips: the team's overdue reports)."""
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else TODO
    q = request.GET.get("q", "").replace("\x00", "")[:100]
    kinds = inbox_kinds(user=request.user)
    kind = request.GET.get("kind", "") if request.GET.get("kind") in kinds else ""
    person = id_param(request.GET.get("person"))
    documents = inbox(user=request.user, tab=tab, q=q, kind=kind, person=person)
    page = Paginator(documents, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "approvals/inbox.html",
        {
            "page": page,
            "tab": tab,
            "tabs": list(TABS.items()),
            "q": q,
            "kind": kind,
            "kinds": list(kinds.items()),
            "person": person,
            "people": inbox_people(user=request.user, tab=tab),
            "selectable": tab == TODO and any(doc.decidable for doc in page.object_list),
            "blocks": render_blocks("inbox", request) if tab == TODO else [],
        },
    )


@login_required
@require_POST
def inbox_approve(request: HttpRequest) -> HttpResponse:
    """批量同意: each selected document through its own approval service, one by one; the
    message says how many passed and why the others did not."""
    items = parse_items(request.POST.getlist("doc"))
    # Back to the list as it was (its tab, search and filters), re-encoded: never a raw string.
    kept = QueryDict(request.POST.get("back", ""), mutable=True)
    for key in set(kept) - {"tab", "q", "kind", "person", "page"}:
        del kept[key]
    target = redirect(f"{reverse('approvals:inbox')}?{kept.urlencode()}")
    if not items:
        messages.error(request, _("请先勾选要同意的单据"))
        return target
    if len(items) > MAX_BULK:
        messages.error(request, _("一次最多同意 %(n)s 份单据") % {"n": MAX_BULK})
        return target
    result = approve_many(user=request.user, items=items, comment=request.POST.get("comment", ""))
    if result.approved:
        messages.success(request, _("已同意 %(n)s 份") % {"n": len(result.approved)})
    if result.already:
        numbers = "、".join(o.number for o in result.already)
        messages.info(request, _("此前已同意，未重复审批：%(numbers)s") % {"numbers": numbers})
    if result.failed:
        reasons = "；".join(f"{o.number}：{o.reason}" for o in result.failed)
        messages.error(
            request,
            _("%(n)s 份未能同意：%(reasons)s") % {"n": len(result.failed), "reasons": reasons},
        )
    return target
