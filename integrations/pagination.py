"""Pagination for every API list: cursor-based (no COUNT(*), constant time at any depth), bounded page size."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class WorkbenchCursorPagination(CursorPagination):
    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"
    ordering = "-id"
