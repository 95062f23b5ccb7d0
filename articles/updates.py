"""What counts as an update: the one rule for when an edit moves an explainer's "Updated"
date (the page's "Updated", the sitemap's `lastmod`, the feeds' and JSON-LD's
`dateModified`).

An edit to what a reader reads is an update. SEO wording, the slug, planning (assignee, due
and review dates), tags, links to the catalogue, comment settings and notes are not: moving
the date for them would announce to readers and to Google News an update no reader can find.
"""

#: Field names, and the inlines ("blocks", "corrections") by their relation's name, whose
#: change readers see.
CONTENT_FIELDS = frozenset(
    {
        "title",
        "standfirst",
        "kind",
        "hero_image",
        "hero_alt",
        "hero_credit",
        "verdict",
        "verdict_summary",
        "verdict_sources",
        "blocks",
        "corrections",
    }
)


def is_update(changed):
    """Whether an edit that changed `changed` (field and inline names) changed what
    readers read."""
    return not CONTENT_FIELDS.isdisjoint(changed)
