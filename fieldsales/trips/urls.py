from django.urls import path

from fieldsales.trips import list_views, picker_views, print_views, views

app_name = "trips"
urlpatterns = [
    path("trips/", list_views.trip_list, name="list"),
    path("trips/export/", list_views.trip_list_export, name="list_export"),
    path("trips/new/", views.trip_form, name="new"),
    path("trips/estimate/", views.trip_estimate_preview, name="estimate"),
    path("trips/cities/", views.city_options, name="cities"),
    path("trips/pick/customers/", picker_views.pick_customers, name="pick_customers"),
    path("trips/pick/companions/", picker_views.pick_companions, name="pick_companions"),
    path("trips/<int:pk>/", views.trip_detail, name="detail"),
    path("trips/<int:pk>/edit/", views.trip_form, name="edit"),
    path("trips/<int:pk>/report/", views.report_form, name="report"),
    path("trips/<int:pk>/advance/", views.advance_form, name="advance_new"),
    path("trips/<int:trip_pk>/claim/", views.claim_form, name="claim_new"),
    path("trips/<int:pk>/print/", print_views.trip_print, name="trip_print"),
    path("trips/<int:pk>/report/print/", print_views.report_print, name="report_print"),
    path("advances/<int:pk>/print/", print_views.advance_print, name="advance_print"),
    path("claims/<int:pk>/print/", print_views.claim_print, name="claim_print"),
    path("feedbacks/<int:pk>/print/", print_views.feedback_print, name="feedback_print"),
    path("trips/<int:pk>/<str:action>/", views.trip_action, name="action"),
    path("advances/", list_views.advance_list, name="advance_list"),
    path("advances/export/", list_views.advance_list_export, name="advance_list_export"),
    path("finance/to-pay/", list_views.to_pay, name="to_pay"),
    path("advances/<int:pk>/", views.advance_detail, name="advance_detail"),
    path("advances/<int:pk>/<str:action>/", views.advance_action, name="advance_action"),
    path("claims/", list_views.claim_list, name="claim_list"),
    path("claims/export/", list_views.claim_list_export, name="claim_list_export"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/edit/", views.claim_form, name="claim_edit"),
    path("claims/<int:pk>/<str:action>/", views.claim_action, name="claim_action"),
    path("receipts/<int:pk>/", views.receipt_file, name="receipt"),
    path("receipts/drafts/<str:token>/", views.receipt_draft_file, name="receipt_draft"),
]
