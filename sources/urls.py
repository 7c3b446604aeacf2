from __future__ import annotations

from django.urls import URLPattern, path

from sources import views

app_name = "sources"
urlpatterns: list[URLPattern] = [
    path("", views.import_index, name="index"),
    path("jobs/", views.job_list_fragment, name="jobs"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/progress/", views.job_progress_fragment, name="job_progress"),
    path("feeds/", views.feed_list, name="feeds"),
    path("feeds/<int:pk>/edit/", views.feed_edit, name="feed_edit"),
    path("feeds/<int:pk>/pause/", views.feed_pause, name="feed_pause"),
    path("feeds/<int:pk>/resume/", views.feed_resume, name="feed_resume"),
    path("feeds/<int:pk>/poll/", views.feed_poll_now, name="feed_poll"),
]
