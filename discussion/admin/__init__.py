"""The moderation queue and its tools: every change goes through `services`, so it is logged."""

from . import comments, others  # noqa: F401  (importing registers each ModelAdmin)
