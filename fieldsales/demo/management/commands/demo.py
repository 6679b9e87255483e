"""`fieldsales demo`: the demo company, its users and customers, idempotently."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from fieldsales.core.regions import find_city, find_province
from fieldsales.crm.models import Customer, CustomerKind
from fieldsales.demo import (
    department_attendance,
    department_duty,
    department_history,
    department_meetings,
    department_plans,
    department_reports,
    department_scorecards,
    department_targets,
    department_training,
    department_vehicles,
    department_worklogs,
    sales_catalogue,
    sales_inquiries,
    sales_orders,
    sales_quotes,
)
from fieldsales.demo.crm import load as load_crm
from fieldsales.org.models import Company, Department, Employee, Role, Team, TeamKind
from fieldsales.policy.params import DEFAULT_POLICY
from fieldsales.trips.models import PolicyVersion

PASSWORD = "demo-pass-2026"
# A year of orders and visits first: the logs list them, the dashboards chart them.
DEPARTMENT = (
    department_history,
    department_targets,
    department_plans,
    department_meetings,  # adds the visits of the last weeks, which the logs then list
    department_duty,
    department_training,
    department_worklogs,
    department_reports,
    department_attendance,  # the clock file of the last two months, 工号 1001–1003
    department_vehicles,
    department_scorecards,  # the last quarter's scorecards, after the documents they gather
)
USERS = [
    # username, family name, given name, role, title
    ("sales1", "张", "伟", Role.SALESPERSON, "销售员"),
    ("sales2", "李", "娜", Role.SALESPERSON, "销售员"),
    ("head", "王", "强", Role.DEPT_HEAD, "销售部部长"),
    ("gm", "陈", "建国", Role.GM, "总经理"),
    ("finance", "刘", "芳", Role.FINANCE, "会计"),
    ("admin", "系统", "管理员", Role.ADMIN, "系统管理员"),
    ("tech", "周", "明", Role.TECHNICAL, "技术部工程师"),
    ("buyer", "吴", "静", Role.PURCHASING, "采购员"),
]
CUSTOMERS = [
    ("C-0001", "杭州阳光新能源科技有限公司", "浙江", "杭州", CustomerKind.END_CUSTOMER, "光伏电站"),
    ("C-0002", "义乌市恒达光电有限公司", "浙江", "义乌", CustomerKind.DISTRIBUTOR, "光伏组件"),
    ("C-0003", "浦江县绿源农业开发有限公司", "浙江", "浦江", CustomerKind.END_CUSTOMER, "农业"),
    ("C-0004", "广州南粤能源工程有限公司", "广东", "广州", CustomerKind.END_CUSTOMER, "工程"),
    ("C-0005", "上海申能光伏贸易有限公司", "上海", "上海", CustomerKind.DISTRIBUTOR, "贸易"),
    ("C-0006", "金华市婺城区兴旺五金厂", "浙江", "金华", CustomerKind.PROSPECT, "五金制造"),
]


class Command(BaseCommand):
    help = (
        "Load the demo company (idempotent). With --if-empty, only into a database without users."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--if-empty", action="store_true")
        parser.add_argument(
            "--without-selling-documents",
            action="store_true",
            help=(
                "Load the catalogue and its price list but no inquiries, quotes, orders or "
                "department history (tests)."
            ),
        )

    def handle(
        self,
        *args,
        if_empty: bool = False,
        without_selling_documents: bool = False,
        **options,
    ) -> None:
        User = get_user_model()
        if if_empty and User.objects.exists():
            self.stdout.write("数据库已有用户，跳过演示数据。")
            return
        with transaction.atomic():
            self._load(User, selling_documents=not without_selling_documents)
        self.stdout.write(
            self.style.SUCCESS("演示公司已就绪。登录账号（密码均为 demo-pass-2026）：")
        )
        for username, family, given, role, _title in USERS:
            self.stdout.write(f"  {username:<8} {family}{given}（{role.label}）")

    def _load(self, User, *, selling_documents: bool = True) -> None:
        company, _ = Company.objects.get_or_create(
            name="浙江诚兴光伏公司", defaults={"address": "浙江省金华市", "phone": "0579-8000000"}
        )
        department, _ = Department.objects.get_or_create(company=company, name="销售部")
        teams = {
            kind: Team.objects.get_or_create(
                department=department, kind=kind, defaults={"name": kind.label}
            )[0]
            for kind in TeamKind
        }
        users = {}
        for username, family, given, role, title in USERS:
            # Chinese order: the whole name in first_name so get_full_name() reads 张伟.
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": f"{family}{given}", "last_name": ""}
            )
            if created:
                user.set_password(PASSWORD)
            user.is_staff = user.is_superuser = role == Role.ADMIN
            user.save()
            in_sales = role in {Role.SALESPERSON, Role.DEPT_HEAD}
            Employee.objects.update_or_create(
                user=user,
                defaults={
                    "role": role,
                    "title": title,
                    "department": department if in_sales else None,
                    "team": teams[TeamKind.SALES] if in_sales else None,
                },
            )
            users[username] = user
        department.head = department.manager = users["head"]
        department.save(update_fields=["head", "manager"])
        teams[TeamKind.SALES].leader = users["head"]
        teams[TeamKind.SALES].save(update_fields=["leader"])
        head = users["head"].employee
        for name in ("sales1", "sales2"):
            Employee.objects.filter(user=users[name]).update(reports_to=head)
        Employee.objects.filter(user=users["head"]).update(reports_to=users["gm"].employee)
        PolicyVersion.objects.get_or_create(
            effective_from=DEFAULT_POLICY.effective_from,
            defaults={
                "name": DEFAULT_POLICY.name,
                "note": "销售部上门开展业务管理制度（2012年3月31日）",
            },
        )
        for index, (code, name, province, city, kind, industry) in enumerate(CUSTOMERS):
            p = find_province(province)
            c = find_city(p, city)
            Customer.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "kind": kind,
                    "province_code": p.code,
                    "province": p.name,
                    "city_code": c.code,
                    "city": c.name,
                    "industry": industry,
                    "owner": users["sales1" if index % 2 == 0 else "sales2"],
                    "contact_name": "联系人",
                },
            )
        load_crm(users)
        # Selling: the catalogue and its price list first, then an inquiry, then quotes.
        sales_catalogue.load(users)
        if selling_documents:
            for part in (sales_inquiries, sales_quotes, sales_orders):
                part.load(users)
            # Running the department (D1–D5): a year of targets, plans, logs, reports, meetings.
            for part in DEPARTMENT:
                part.load(users)
