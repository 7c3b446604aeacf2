from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from claims.models import Claim
from claims.selectors import review_queues
from sources.models import Article, ImportJob
from workbench.roles import is_reviewer


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The reviewer's queues (people without a review role see the article list only)."""
    context: dict[str, object] = {
        "articles": Article.objects.select_related("publisher", "assignee").annotate(claim_count=Count("claims"))[:20],
        "jobs": ImportJob.objects.all()[:10],
        "queues": review_queues(user=request.user) if is_reviewer(request.user) else None,
        "unverified_count": Claim.objects.unverified().count(),
    }
    return render(request, "home.html", context)
