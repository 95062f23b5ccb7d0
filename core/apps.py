from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app may use: the names of what pages show, so edits refresh cached pages."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from core import edge

        # An edge cache named without what it needs would accept pages and drop every
        # purge: stop at start instead (manage.py, gunicorn and the worker alike).
        edge.backends()
