from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from claims.models import Claim
from sources.models import Article, ImportJob


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "articles": Article.objects.all()[:20],
        "jobs": ImportJob.objects.all()[:10],
        "unverified_count": Claim.objects.unverified().count(),
    }
    return render(request, "home.html", context)
