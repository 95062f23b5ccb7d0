"""The episodes an article is about, as readers' spoiler marks count them."""

from productions.models import Episode


def spoiler_episodes(article):
    """The episodes a comment under `article` may say it spoils up to: those of the series the
    article covers (its productions, and the series of its covered episodes), in order."""
    # A film or a book has no episodes: no query for them.
    series = {p.pk for p in article.productions.all() if p.schema_type == "TVSeries"}
    series |= {episode.season.production_id for episode in article.episodes.all()}
    if not series:
        return Episode.objects.none()
    return Episode.objects.of_series(series).in_order()
