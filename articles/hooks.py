"""Where apps above `articles` hear that an explainer went public for the first time.

A registry, not a Django signal: the publish service calls what is registered, on commit,
explicitly; `members` (follow mail) registers in its `AppConfig.ready()`. `articles` cannot
import those apps (they sit above it in the dependency order), and nothing runs as a side
effect of `save()`. A re-publish, an edit or an unpublish calls nothing.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)

_first_publish_hooks = []


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
