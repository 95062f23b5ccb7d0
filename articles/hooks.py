"""Where apps above `articles` hear that an explainer went public for the first time, and
that tags were merged; and where they say which root addresses (/<slug>/) they hold.

A registry, not a Django signal: the publish service calls what is registered, on commit,
explicitly; `members` (follow mail) registers in its `AppConfig.ready()`. `articles` cannot
import those apps (they sit above it in the dependency order), and nothing runs as a side
effect of `save()`. A re-publish, an edit or an unpublish calls nothing. A tag merge calls
its hooks inside the merge's transaction, before the merged tags are deleted, so what points
at them (a reader's follow) can move to the kept tag first.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)

_first_publish_hooks = []
_tag_merge_hooks = []
_root_slug_holders = []


def register_first_publish(hook):
    """`hook(article_id=…)` runs after the commit of an article's first publish or schedule."""
    if hook not in _first_publish_hooks:
        _first_publish_hooks.append(hook)
    return hook


def first_published_on_commit(*, article_id):
    """Tell every registered hook, once the publish has committed; a failing hook is logged
    and never undoes the publish."""

    def run():
        for hook in list(_first_publish_hooks):
            try:
                hook(article_id=article_id)
            except Exception:
                logger.exception("First-publish hook %r failed for article %s", hook, article_id)

    transaction.on_commit(run)


def register_tag_merge(hook):
    """`hook(kept_id=…, merged_ids=[…])` runs inside a tag merge, before the merged tags go."""
    if hook not in _tag_merge_hooks:
        _tag_merge_hooks.append(hook)
    return hook


def tags_merging(*, kept_id, merged_ids):
    """Tell every registered hook; a failing hook fails the merge (nothing is half done)."""
    for hook in list(_tag_merge_hooks):
        hook(kept_id=kept_id, merged_ids=list(merged_ids))


def register_root_slug_holder(holder):
    """`holder(slug)` names what else answers at /<slug>/ (a standing page: "the page
    “About”"), or returns "" when nothing does; an article may not take such a slug."""
    if holder not in _root_slug_holders:
        _root_slug_holders.append(holder)
    return holder


def root_slug_holder(slug):
    """What besides an article holds /`slug`/, in words, or ""."""
    for holder in list(_root_slug_holders):
        found = holder(slug)
        if found:
            return found
    return ""
