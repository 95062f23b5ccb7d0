"""The rules of a ranked list's entries, shared by the admin form and anything else saving them.

Entries are blocks of a `ranked` kind (articles.blocks.kinds.Entry); the article numbers them
(`articles.models.ranking.Ranked`). The database holds "one entry per production" as a
constraint; these words say the same to an editor before a save is tried, for the whole
posted body at once (two new entries of one production included).
"""

from .models import Article


def entry_problems(article, blocks):
    """What is wrong with the entries among `blocks` (the body about to be saved) for
    `article`, as sentences an editor reads; [] when nothing is."""
    entries = [block for block in blocks if block.kind and block.spec.ranked]
    if not entries:
        return []
    if article.kind != Article.Kind.LIST:
        return [
            f"Ranked entries belong to a ranked list: set the kind to “{Article.Kind.LIST.label}”"
            " or remove the entries."
        ]
    seen, problems = set(), []
    for block in entries:
        if block.production_id is None:
            continue
        if block.production_id in seen:
            problems.append(f"“{block.production}” is in the list twice: keep one entry for it.")
        seen.add(block.production_id)
    return problems
