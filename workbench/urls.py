from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from integrations.throttling import ThrottledLoginView
from workbench import views

# JSON for /api/ paths, Django's pages elsewhere.
handler400 = "integrations.api_errors.handler400"
handler403 = "integrations.api_errors.handler403"
handler404 = "integrations.api_errors.handler404"
handler500 = "integrations.api_errors.handler500"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("workbench.api_urls")),
    path("imports/", include("sources.urls")),
    path("reports/", include("reports.urls")),
    path("", include("claims.urls")),
]
