from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app may use: the names of what pages show, so edits refresh cached pages."""

    name = "core"
    verbose_name = "Core"
