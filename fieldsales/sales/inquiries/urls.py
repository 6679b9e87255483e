"""The inquiries pages under /sales/ (gathered by fieldsales.sales.urls)."""

from django.urls import path

from fieldsales.sales.inquiries import views

urlpatterns = [
    path("sales/inquiries/", views.inquiry_list, name="inquiry_list"),
    path("sales/inquiries/new/", views.inquiry_new, name="inquiry_new"),
    path("sales/inquiries/<int:pk>/", views.inquiry_detail, name="inquiry_detail"),
    path("sales/inquiries/<int:pk>/<str:action>/", views.inquiry_action, name="inquiry_action"),
    path("sales/inquiry-files/<int:pk>/", views.inquiry_file, name="inquiry_file"),
]
