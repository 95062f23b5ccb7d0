"""What each public page shows, as surrogate keys (core/pagecache.py): a change to any of
them drops the page. Read from objects the views have already loaded (ids only), so naming
them costs no query. The article's own list is `Article.page_keys()` (the API uses it too).
"""

from core.pagecache import LISTING, key
from images.models import Image
from people.models import Person
from productions.models import Production, Season


def person_page(person, context):
    """The person and their photo, the productions they are credited on, their quotes,
    explainers about them."""
    found = [key(person), LISTING]
    if person.photo_id:
        found.append(key(Image, person.photo_id))
    found += [key(group["production"]) for group in context["credit_groups"]]
    for quote in context["quotes"]:
        found += quote.card_keys()
    return found


def production_page(production, context):
    """The production and its poster, its source and adaptations, cast and crew, quotes,
    explainers about it."""
    found = [*production.cache_keys(), LISTING]
    if production.poster_id:
        found.append(key(Image, production.poster_id))
    found += [key(item) for item in context["adaptations"]]
    found += [key(Person, credit.person_id) for credit in [*context["cast"], *context["crew"]]]
    for quote in context["quotes_page"]:
        found += quote.card_keys()
    return found


def episode_page(episode, context):
    """The episode, its season and series, its credited people, quotes, explainers about it."""
    found = [*episode.cache_keys(), key(Season, episode.season_id), LISTING]
    if episode.adapts_id:
        found.append(key(Production, episode.adapts_id))
    found += [key(Person, credit.person_id) for credit in context["credits"]]
    found += [key(n) for n in (context["previous_episode"], context["next_episode"]) if n]
    for quote in context["quotes_page"]:
        found += quote.card_keys()
    return found


def quote_page(quote):
    """The quote, its speaker, source and productions, the explainers using it."""
    return [*quote.page_keys(), LISTING]
