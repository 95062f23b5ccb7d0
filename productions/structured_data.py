"""schema.org JSON-LD for production pages, built as plain dicts (serialised by the template)."""

from django.conf import settings


def absolute_url(path):
    """`path` on the public site (MEDIA_URL may already be absolute, behind a CDN)."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def production_reference(production):
    """A short mention of a production, for `about` or `isBasedOn` elsewhere."""
    return {
        "@type": production.schema_type,
        "name": production.title,
        "url": absolute_url(production.get_absolute_url()),
    }


def production_jsonld(production, credits=()):
    """TVSeries, Movie or Book (by kind) with its people, so search engines can link them."""
    data = {
        "@context": "https://schema.org",
        "@type": production.schema_type,
        "@id": absolute_url(production.get_absolute_url()),
        "name": production.title,
        "url": absolute_url(production.get_absolute_url()),
    }
    if production.synopsis:
        data["description"] = production.synopsis
    if production.poster:
        data["image"] = absolute_url(production.poster.url)
    if production.release_date:
        key = "startDate" if production.schema_type == "TVSeries" else "datePublished"
        data[key] = production.release_date.isoformat()
    elif production.year:
        data["datePublished"] = str(production.year)
    if production.episode_count and production.schema_type == "TVSeries":
        data["numberOfEpisodes"] = production.episode_count
    if production.platform:
        key = "publisher" if production.schema_type == "Book" else "productionCompany"
        data[key] = {"@type": "Organization", "name": production.platform}
    if production.based_on_id:
        data["isBasedOn"] = production_reference(production.based_on)
    roles = {"actor": "actor", "director": "director", "author": "author", "creator": "creator"}
    for credit in credits:
        key = roles.get(credit.role)
        if key is None:
            continue
        person = {
            "@type": "Person",
            "name": credit.person.name,
            "url": absolute_url(credit.person.get_absolute_url()),
        }
        if key == "actor" and credit.character_name and production.schema_type != "Book":
            data.setdefault("character", []).append(
                {"@type": "Person", "name": credit.character_name}
            )
        data.setdefault(key, []).append(person)
    return data
