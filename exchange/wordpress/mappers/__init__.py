"""How each WordPress construct becomes article blocks: a registry of mapper classes.

One class per construct (a quote with a cite, a heading, a gallery, a table, an embed,
prose). The first mapper in the registry that `matches` a node turns it into drafts; a
wrapper (columns, groups, covers) maps its children the same way, in order. A node no
mapper knows becomes sanitised rich text. Whatever is removed or changed on the way is said
in the mapping's `notes` and `counts`, so an editor knows what to check. Adding a construct
is one class with `@mapper` in the module of its family.

The modules are imported in the order their mappers are asked: what is removed first, then
embeds, galleries, the constructs with a block of their own, and prose and wrappers last.
"""

from . import removed, embeds, galleries, blocks, prose  # noqa: F401, I001  (order matters)
from .base import MAPPERS, Draft, Mapping, map_post, picture_draft

__all__ = ["MAPPERS", "Draft", "Mapping", "map_post", "picture_draft"]
