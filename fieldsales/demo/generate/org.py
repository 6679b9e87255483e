"""The generator's org part: departments with heads and teams, and the salespeople.

The demo's 销售部 (head, sales1, sales2) is the first department; the others are 销售二部,
销售三部, ... each with a head (`head2`, `head3`, ...) and salespeople `s0001`, `s0002`, ...
spread evenly. Every generated login has the demo password.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from fieldsales.demo.generate import Context
from fieldsales.org.models import Company, Department, Employee, Role, Team, TeamKind

PASSWORD = "demo-pass-2026"
FAMILY = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏建红辉宁燕飞鑫波斌宇浩凯健俊帆帅旭琳晨阳"
NUMERALS = "一二三四五六七八九十"


def person_name(ctx: Context) -> str:
    given = ctx.pick(GIVEN) + (ctx.pick(GIVEN) if ctx.rng.random() < 0.6 else "")
    return ctx.pick(FAMILY) + given


def department_name(index: int) -> str:
    """销售部, 销售二部, ..., 销售十部, 销售11部."""
    if index == 0:
        return "销售部"
    return f"销售{NUMERALS[index] if index < len(NUMERALS) else index + 1}部"


def generate(ctx: Context) -> None:
    User = get_user_model()
    ctx.users = {u.username: u for u in User.objects.filter(employee__isnull=False)}
    ctx.company = Company.objects.order_by("pk").first()
    first = Department.objects.get(company=ctx.company, name="销售部")
    password = make_password(PASSWORD)

    wanted = ctx.count("departments")
    heads = [ctx.users["head"]] + ctx.bulk(
        User,
        (
            User(username=f"head{i + 1}", first_name=person_name(ctx), password=password)
            for i in range(1, wanted)
        ),
    )
    departments = [first] + ctx.bulk(
        Department,
        (
            Department(
                company=ctx.company, name=department_name(i), head=heads[i], manager=heads[i]
            )
            for i in range(1, wanted)
        ),
    )
    teams = {t.department_id: t for t in Team.objects.filter(kind=TeamKind.SALES)}
    teams.update(
        {
            t.department_id: t
            for t in ctx.bulk(
                Team,
                (
                    Team(
                        department=d,
                        kind=TeamKind.SALES,
                        name=TeamKind.SALES.label,
                        leader=heads[i],
                    )
                    for i, d in enumerate(departments)
                    if d.pk not in teams
                ),
            )
        }
    )
    gm = ctx.users["gm"].employee
    head_employees = [ctx.users["head"].employee] + ctx.bulk(
        Employee,
        (
            Employee(
                user=heads[i],
                role=Role.DEPT_HEAD,
                title="销售部部长",
                department=departments[i],
                team=teams[departments[i].pk],
                reports_to=gm,
            )
            for i in range(1, wanted)
        ),
    )

    demo_sales = [ctx.users["sales1"], ctx.users["sales2"]]
    generated = ctx.count("salespeople") - len(demo_sales)
    people = ctx.bulk(
        User,
        (
            User(username=f"s{i + 1:04d}", first_name=person_name(ctx), password=password)
            for i in range(max(0, generated))
        ),
    )
    # Department i gets every wanted-th person; the first department already has sales1/2.
    ctx.bulk(
        Employee,
        (
            Employee(
                user=user,
                role=Role.SALESPERSON,
                title="销售员",
                department=departments[(i + 1) % wanted],
                team=teams[departments[(i + 1) % wanted].pk],
                reports_to=head_employees[(i + 1) % wanted],
                phone=f"1{ctx.rng.randint(3, 9)}{ctx.rng.randrange(10**9):09d}",
            )
            for i, user in enumerate(people)
        ),
    )
    ctx.departments = departments
    ctx.heads = {d.pk: heads[i] for i, d in enumerate(departments)}
    ctx.salespeople = demo_sales + people
    ctx.department_of = {u.pk: first.pk for u in demo_sales}
    ctx.department_of.update({u.pk: departments[(i + 1) % wanted].pk for i, u in enumerate(people)})
    ctx.log(f"    {len(departments)} departments, {len(ctx.salespeople)} salespeople")
