from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from fieldsales.core import health
from fieldsales.core import views as core_views
from fieldsales.reports import views as reports_views

urlpatterns = [
    path("", reports_views.home, name="home"),
    # For a load balancer: no trailing slash, no login (fieldsales/core/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("login/", core_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", core_views.PasswordChangeView.as_view(), name="password_change"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The docs need a login (to the login page, not a 401); Swagger UI's start script is a
    # file of its own (SplitView), so the Content-Security-Policy needs no inline script.
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
    path("api/", include("fieldsales.api_urls")),
    path("", include("fieldsales.trips.urls")),
    path("", include("fieldsales.crm.urls")),
    path("", include("fieldsales.sales.urls")),
    path("", include("fieldsales.department.urls")),
    path("", include("fieldsales.core.inbox_urls")),
    path("", include("fieldsales.notifications.urls")),
]
