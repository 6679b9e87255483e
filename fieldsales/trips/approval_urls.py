from django.urls import path

from fieldsales.trips import views

app_name = "approvals"
urlpatterns = [path("approvals/", views.inbox, name="inbox")]
