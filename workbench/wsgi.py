from __future__ import annotations

import os
import sys

from django.core.wsgi import get_wsgi_application

from workbench.config import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

try:
    application = get_wsgi_application()
except ConfigError as error:
    sys.exit(f"configuration error: {error}")
