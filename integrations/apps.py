from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = "API tokens and webhooks"

    def ready(self) -> None:
        # Registers the OpenAPI extensions (bearer token scheme) with drf-spectacular.
        from integrations import schema  # noqa: F401
