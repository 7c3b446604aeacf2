from __future__ import annotations

from django.urls import URLPattern, path

from sources import views

app_name = "sources"
urlpatterns: list[URLPattern] = [
    path("", views.import_index, name="index"),
    path("jobs/", views.job_list_fragment, name="jobs"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/progress/", views.job_progress_fragment, name="job_progress"),
]
