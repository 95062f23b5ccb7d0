"""Article block kinds as a registry: one class per kind, one template per kind.

How to add a kind: docs/block-kinds.md.
"""

from . import kinds  # noqa: F401  (registers every kind, in order)
from .base import BlockKind, register, registry

__all__ = ["BlockKind", "register", "registry"]
