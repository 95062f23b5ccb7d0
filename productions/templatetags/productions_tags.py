"""Template tags for seasons and episodes: the spoiler fold of a gated block or comment."""

from django import template

from ..positions import fold_for

register = template.Library()


@register.simple_tag
def spoiler_fold(episode, positions):
    """`{% spoiler_fold block.spoils_up_to watched as fold %}`: None when nothing is gated."""
    if episode is None:
        return None
    return fold_for(episode, positions)
