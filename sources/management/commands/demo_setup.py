"""Create the demo editor and reviewer and queue the demo article's import (once)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from sources.jobs import import_job_create
from sources.models import Article, ImportJob, ImportKind, content_hash

DEMO_USERS = [
    # username, password, groups, staff
    ("editor", "editor-demo-password", ["editor", "reviewer"], True),
    ("reviewer", "reviewer-demo-password", ["reviewer"], False),
]
DEMO_METADATA = {
    "title": "Russia to keep 7,600 troops in Abkhazia and South Ossetia",
    "publisher": "Civil Georgia",
    "published": dt.date(2008, 9, 9).isoformat(),
}


class Command(BaseCommand):
    help = "Create demo users and import the demo article through Celery (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        for username, password, groups, staff in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username, defaults={"is_staff": staff})
            if created:
                user.set_password(password)
                user.save()
            user.groups.set(Group.objects.filter(name__in=groups))
            self.stdout.write(f"demo {username}: username {username!r}, password {password!r}")

        text = settings.DEMO_ARTICLE_PATH.read_text(encoding="utf-8")
        if Article.objects.filter(content_hash=content_hash(text)).exists():
            self.stdout.write("demo article already imported")
            return
        if ImportJob.objects.unfinished().filter(payload__demo=True).exists():
            self.stdout.write("demo article import already queued")
            return
        editor = User.objects.get(username="editor")
        job = import_job_create(
            kind=ImportKind.TEXT, payload={"text": text, "demo": True, **DEMO_METADATA}, created_by=editor
        )
        self.stdout.write(f"demo article queued as import job #{job.pk}")
