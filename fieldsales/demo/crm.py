"""The demo's CRM data for `fieldsales demo` (idempotent: get_or_create on natural keys)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fieldsales.core.regions import find_city, find_province
from fieldsales.crm import models as crm
from fieldsales.crm.surveys.selectors import quarter_of

# code: grade, latitude, longitude, address, (contact, title, phone), source, intent, products
PROFILES = {
    "C-0001": (
        crm.Grade.A,
        "30.274150",
        "120.155070",
        "西湖区文三路90号",
        ("赵建华", "采购经理", "13905710001"),
        crm.Source.REFERRAL,
        crm.Intent.HIGH,
        "单晶光伏组件",
        "年采购约 5MW",
    ),
    "C-0002": (
        crm.Grade.B,
        "29.306900",
        "120.075100",
        "稠城街道工人北路88号",
        ("钱丽", "总经理", "13805790002"),
        crm.Source.EXHIBITION,
        crm.Intent.MEDIUM,
        "光伏组件、逆变器",
        "年采购约 800 万元",
    ),
    "C-0003": (
        crm.Grade.C,
        "29.452000",
        "119.892500",
        "浦阳街道和平路12号",
        ("孙强", "厂长", "13705790003"),
        crm.Source.COLD_VISIT,
        crm.Intent.MEDIUM,
        "农光互补支架系统",
        "",
    ),
    "C-0004": (
        crm.Grade.B,
        "23.129100",
        "113.264400",
        "天河区体育西路100号",
        ("李明", "项目经理", "13602000004"),
        crm.Source.INTERNET,
        crm.Intent.LOW,
        "工商业屋顶电站",
        "",
    ),
    "C-0005": (
        crm.Grade.B,
        "31.230400",
        "121.473700",
        "黄浦区人民大道200号",
        ("周洁", "采购", "13601600005"),
        crm.Source.EXHIBITION,
        crm.Intent.MEDIUM,
        "光伏组件",
        "年采购约 300 万元",
    ),
    "C-0006": (
        crm.Grade.C,
        "29.079000",
        "119.647400",
        "婺城区八一南街66号",
        ("吴刚", "老板", "13905790006"),
        crm.Source.COLD_VISIT,
        crm.Intent.LOW,
        "厂房屋顶光伏",
        "",
    ),
}
OPPORTUNITIES = [
    ("C-0001", "杭州阳光 2MW 屋顶光伏组件", crm.Stage.CONTACTED, "1280000.00"),
    ("C-0003", "绿源农业 农光互补项目", crm.Stage.LEAD_FOUND, "350000.00"),
    ("C-0002", "恒达光电 年度经销协议", crm.Stage.NEEDS_UNDERSTOOD, "600000.00"),
]
STAGE_PATH = [crm.Stage.LEAD_FOUND, crm.Stage.CONTACTED, crm.Stage.NEEDS_UNDERSTOOD]


def _at(day: Any, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def load(users: dict[str, Any]) -> None:
    crm.CrmSettings.objects.get_or_create(pk=1)
    now = timezone.now()
    today = timezone.localdate()
    customers = {c.code: c for c in crm.Customer.objects.filter(code__in=PROFILES)}
    for code, profile in PROFILES.items():
        customer = customers.get(code)
        if customer is None:
            continue
        grade, lat, lng, address, contact, source, intent, products, demand = profile
        if customer.latitude is None:
            customer.grade, customer.source, customer.intent = grade, source, intent
            customer.latitude, customer.longitude = Decimal(lat), Decimal(lng)
            customer.address = customer.address or address
            customer.products_needed, customer.annual_demand = products, demand
            customer.last_activity_at = customer.last_activity_at or now
            if customer.contact_name in ("", "联系人"):
                customer.contact_name, customer.contact_phone = contact[0], contact[2]
            customer.save()
        crm.Contact.objects.get_or_create(
            customer=customer,
            name=contact[0],
            defaults={
                "title": contact[1],
                "phone": contact[2],
                "is_primary": True,
                "role": "决策人",
            },
        )

    province = find_province("浙江")
    pooled, created = crm.Customer.objects.get_or_create(
        code="C-0007",
        defaults={
            "name": "东阳市晨光照明有限公司",
            "kind": crm.CustomerKind.PROSPECT,
            "province_code": province.code,
            "province": province.name,
            "city_code": find_city(province, "东阳").code,
            "city": "东阳市",
            "address": "吴宁街道振兴路8号",
            "industry": "照明",
            "grade": crm.Grade.C,
            "source": crm.Source.MARKET_RESEARCH,
            "status": crm.CustomerStatus.POOL,
            "contact_name": "陈晨",
            "contact_phone": "13905790007",
            "pooled_at": now,
            "latitude": Decimal("29.289300"),
            "longitude": Decimal("120.241500"),
        },
    )
    if created:
        crm.Contact.objects.create(
            customer=pooled, name="陈晨", title="行政主管", phone="13905790007", is_primary=True
        )
        crm.CustomerTransfer.objects.create(
            customer=pooled, kind=crm.TransferKind.SWEEP, reason="演示：长期无跟进"
        )

    for code, title, stage, amount in OPPORTUNITIES:
        customer = customers.get(code)
        if customer is None or customer.owner is None:
            continue
        opportunity, created = crm.Opportunity.objects.get_or_create(
            customer=customer,
            title=title,
            defaults={
                "owner": customer.owner,
                "stage": stage,
                "amount": Decimal(amount),
                "next_follow_up": today + timedelta(days=3),
            },
        )
        if created:
            path = STAGE_PATH[: STAGE_PATH.index(stage) + 1]
            for old, new in zip([""] + path[:-1], path, strict=True):
                crm.StageChange.objects.create(
                    opportunity=opportunity, from_stage=old, to_stage=new, by=customer.owner
                )

    # Past visits (their revisit clocks) and next week's plan for the Saturday meeting.
    for code, days_ago, score in (("C-0004", 40, 3), ("C-0005", 35, 4), ("C-0002", 12, 2)):
        customer = customers.get(code)
        if customer is None or customer.owner is None:
            continue
        day = today - timedelta(days=days_ago)
        visit, created = crm.Visit.objects.get_or_create(
            customer=customer,
            salesperson=customer.owner,
            purpose="例行回访，了解使用情况",
            date=day,
            defaults={
                "status": crm.VisitStatus.CHECKED_OUT,
                "appointment_confirmed": True,
                "check_in_at": _at(day, 10),
                "check_out_at": _at(day, 11),
                "check_in_lat": customer.latitude,
                "check_in_lng": customer.longitude,
                "check_in_distance_m": 35,
                "content": "回访组件发电情况，客户反映运行正常。",
                "next_step": "下季度再回访",
                "recorded_at": _at(day, 12),
            },
        )
        if created:
            crm.SatisfactionSurvey.objects.create(
                customer=customer,
                kind=crm.SurveyKind.VISIT,
                visit=visit,
                quarter=quarter_of(day),
                score=score,
                respondent=customer.contact_name,
                salesperson=customer.owner,
                recorded_by=customer.owner,
            )
    first = customers.get("C-0001")
    if first is not None and first.owner is not None:
        crm.Visit.objects.get_or_create(
            customer=first,
            salesperson=first.owner,
            purpose="介绍新款组件，了解屋顶面积和用电量",
            defaults={
                "date": today + timedelta(days=7 - today.weekday()),
                "seq": 1,
                "materials": "产品手册、样品、报价单",
                "appointment_confirmed": True,
                "appointment_confirmed_at": now,
                "opportunity": crm.Opportunity.objects.filter(customer=first).first(),
            },
        )
    second = customers.get("C-0002")
    if second is not None and second.owner is not None:
        complaint, created = crm.ServiceRequest.objects.get_or_create(
            customer=second,
            title="部分组件边框划伤",
            defaults={
                "kind": crm.ServiceKind.COMPLAINT,
                "owner": second.owner,
                "opened_by": second.owner,
                "deadline": today + timedelta(days=3),
                "description": "上批到货 200 块组件中有 6 块边框划伤，客户要求更换。",
                "contact_name": second.contact_name,
                "contact_phone": second.contact_phone,
            },
        )
        if created:
            crm.ServiceStep.objects.create(
                request=complaint, action="open", note=complaint.description, by=second.owner
            )
