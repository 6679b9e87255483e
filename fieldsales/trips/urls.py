from django.urls import path

from fieldsales.trips import views

app_name = "trips"
urlpatterns = [
    path("trips/", views.trip_list, name="list"),
]
