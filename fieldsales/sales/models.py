"""The sales app's models, defined in its subpackages and gathered here under the app label
`sales`. Sources: the seed's 三、价格制度 and 产品报价、投标的流程; selling.md S1–S4."""

from __future__ import annotations

from fieldsales.sales.catalogue.models import (
    PriceList,
    PriceListLine,
    PriceListStatus,
    Product,
    ProductCategory,
)
from fieldsales.sales.inquiries.models import (
    InputRequest,
    Inquiry,
    InquiryAttachment,
    InquiryKind,
    InquiryStatus,
    RequestKind,
)
from fieldsales.sales.orders.models import (
    CollectedMonth,
    Collection,
    CollectionMethod,
    Delivery,
    DeliveryLine,
    Installment,
    Order,
    OrderLine,
    OrderReview,
    OrderStatus,
)
from fieldsales.sales.quotes.models import EXPIRED, Quote, QuoteLine, QuoteStatus
from fieldsales.sales.versions import SalesPolicyVersion

__all__ = [
    "CollectedMonth",
    "Collection",
    "CollectionMethod",
    "Delivery",
    "DeliveryLine",
    "Installment",
    "Order",
    "OrderLine",
    "OrderReview",
    "OrderStatus",
    "EXPIRED",
    "InputRequest",
    "Inquiry",
    "InquiryAttachment",
    "InquiryKind",
    "InquiryStatus",
    "PriceList",
    "PriceListLine",
    "PriceListStatus",
    "Product",
    "ProductCategory",
    "Quote",
    "QuoteLine",
    "QuoteStatus",
    "RequestKind",
    "SalesPolicyVersion",
]
