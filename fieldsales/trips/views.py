from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def trip_list(request):
    return render(request, "trips/trip_list.html", {})
