"""Admin pages for the organisation."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fieldsales.core.admin import NoBulkDelete
from fieldsales.org.accounts import tokens_revoke
from fieldsales.org.models import (
    AlternateApprover,
    Company,
    Department,
    Employee,
    RoleGrant,
    Team,
)
from fieldsales.org.services import (
    alternate_approver_save,
    department_save,
    employee_save,
    role_grant,
    role_revoke,
)

# What nobody edits on their own employee record (issue 8: admin made itself finance).
OWN_LOCKED = ("role", "department")

admin.site.site_header = _("诚兴外勤管理")
admin.site.site_title = _("fieldsales 管理")
admin.site.index_title = _("组织与制度设置")


class EmployeeInline(admin.StackedInline):
    model = Employee
    can_delete = False
    fk_name = "user"
    verbose_name_plural = _("员工信息")

    def get_readonly_fields(self, request, obj=None):
        # `obj` is the user whose page this is.
        if obj is not None and obj.pk == request.user.pk:
            return OWN_LOCKED
        return ()

    def has_add_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.pk == request.user.pk:
            return False
        return super().has_add_permission(request, obj)


admin.site.unregister(User)


@admin.register(User)
class FieldsalesUserAdmin(NoBulkDelete, UserAdmin):
    inlines = [EmployeeInline]
    list_display = ("username", "last_name", "first_name", "employee_role", "is_active")
    list_select_related = ("employee",)
    actions = ["revoke_api_tokens"]

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Employee:
            super().save_formset(request, form, formset, change)
            return
        for employee in formset.save(commit=False):
            employee_save(employee=employee, actor=request.user)
        formset.save_m2m()

    @admin.action(description=_("撤销所选用户的 API 令牌"))
    def revoke_api_tokens(self, request, queryset) -> None:
        count = sum(
            tokens_revoke(user=user, actor=request.user, reason=gettext("管理员撤销"))
            for user in queryset
        )
        self.message_user(
            request, gettext("已撤销 %(count)d 个 API 令牌。") % {"count": count}, messages.SUCCESS
        )

    @admin.display(description=_("角色"))
    def employee_role(self, obj: User) -> str:
        employee = getattr(obj, "employee", None)
        return employee.get_role_display() if employee else "-"


@admin.register(Company)
class CompanyAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = ("name", "phone")


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Department)
class DepartmentAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = ("name", "company", "head", "manager")
    inlines = [TeamInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in {"head", "manager"}:  # the head approves: not a role to give oneself
            kwargs["queryset"] = User.objects.exclude(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        department_save(department=obj, actor=request.user)


@admin.register(Team)
class TeamAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = ("name", "kind", "department", "leader")
    list_filter = ("kind",)


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0


@admin.register(Employee)
class EmployeeAdmin(NoBulkDelete, admin.ModelAdmin):
    inlines = [RoleGrantInline]
    list_display = ("__str__", "role", "department", "team", "title", "reports_to")
    list_filter = ("role", "department", "team")
    list_select_related = ("user", "department", "team", "reports_to__user")
    search_fields = ("user__username", "user__first_name", "user__last_name")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        # An employee record stays with its login; one's own role and department are locked.
        return ("user", *OWN_LOCKED) if obj.user_id == request.user.pk else ("user",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = User.objects.exclude(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        employee_save(employee=obj, actor=request.user)

    def save_formset(self, request, form, formset, change) -> None:
        """Granted roles go through the audited services (never one's own)."""
        if formset.model is not RoleGrant:
            super().save_formset(request, form, formset, change)
            return
        for grant in formset.save(commit=False):
            role_grant(employee=form.instance, role=grant.role, actor=request.user)
        for grant in formset.deleted_objects:
            role_revoke(grant=grant, actor=request.user)


@admin.register(AlternateApprover)
class AlternateApproverAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = ("role", "user")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":  # naming oneself would be giving oneself the role
            kwargs["queryset"] = User.objects.exclude(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        alternate_approver_save(alternate=obj, actor=request.user)
