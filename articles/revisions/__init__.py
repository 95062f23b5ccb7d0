"""Revisions in words: what an article's revision kept (`snapshots`), the names it pointed at
(`names`, recorded beside each revision), and two states compared (`comparison`), whose
summary is also the history line of a save, so the two never disagree."""

from .comparison import (
    NO_CHANGES,
    BlockChange,
    Comparison,
    CorrectionChange,
    FieldChange,
    RelationChange,
    compare,
    count_of,
    describe_edit,
    previous_comparison,
    word_diff,
)
from .names import names_of_article, record_revision_names
from .snapshots import (
    COMPARED_FIELDS,
    RELATIONS,
    BlockState,
    Relation,
    Snapshot,
    field_label,
    readable_text,
    snapshot_of_article,
    snapshot_of_version,
    snapshots_of_versions,
)

__all__ = [
    "COMPARED_FIELDS",
    "NO_CHANGES",
    "RELATIONS",
    "BlockChange",
    "BlockState",
    "Comparison",
    "CorrectionChange",
    "FieldChange",
    "Relation",
    "RelationChange",
    "Snapshot",
    "compare",
    "count_of",
    "describe_edit",
    "field_label",
    "names_of_article",
    "previous_comparison",
    "readable_text",
    "record_revision_names",
    "snapshot_of_article",
    "snapshot_of_version",
    "snapshots_of_versions",
    "word_diff",
]
