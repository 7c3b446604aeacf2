from __future__ import annotations

import os
import sys

from django.core.asgi import get_asgi_application

from workbench.config import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

try:
    application = get_asgi_application()
except ConfigError as error:
    sys.exit(f"configuration error: {error}")
