from django.urls import path

from fieldsales.core import views

app_name = "approvals"
urlpatterns = [
    path("approvals/", views.inbox_page, name="inbox"),
    path("approvals/approve/", views.inbox_approve, name="approve"),
]
