"""The crm app's models, defined in its subdomain packages and gathered here under the app
label `crm` (migrations, `crm.Customer` references and the API's enums name them here).

Sources: the seed's 五、客户开发与维护 (the five development steps, old-customer maintenance),
上门走访客户管理制度 (visit plan, appointment, record), 上门销售行为规范制度 (complaints,
revisits) and 拜访新客户与回访老客户流程 (weekly plan for the Saturday meeting, the target
customer sheet).
"""

from __future__ import annotations

from fieldsales.crm.customers.models import (
    COORD,
    Contact,
    CrmSettings,
    Customer,
    CustomerKind,
    CustomerStatus,
    CustomerTransfer,
    Grade,
    Intent,
    Source,
    TransferKind,
)
from fieldsales.crm.pipeline.models import (
    BOARD_STAGES,
    CLOSED_STAGES,
    Opportunity,
    Stage,
    StageChange,
)
from fieldsales.crm.service.models import (
    ServiceKind,
    ServiceRequest,
    ServiceRequestPhoto,
    ServiceStatus,
    ServiceStep,
)
from fieldsales.crm.surveys.models import Satisfaction, SatisfactionSurvey, SurveyKind
from fieldsales.crm.visits.models import (
    LastCheckIn,
    SealStatus,
    Visit,
    VisitPhoto,
    VisitSignature,
    VisitStatus,
)

__all__ = [
    "BOARD_STAGES",
    "CLOSED_STAGES",
    "COORD",
    "Contact",
    "LastCheckIn",
    "CrmSettings",
    "Customer",
    "CustomerKind",
    "CustomerStatus",
    "CustomerTransfer",
    "Grade",
    "Intent",
    "Opportunity",
    "Satisfaction",
    "SatisfactionSurvey",
    "SealStatus",
    "ServiceKind",
    "ServiceRequest",
    "ServiceRequestPhoto",
    "ServiceStatus",
    "ServiceStep",
    "Source",
    "Stage",
    "StageChange",
    "SurveyKind",
    "TransferKind",
    "Visit",
    "VisitPhoto",
    "VisitSignature",
    "VisitStatus",
]
