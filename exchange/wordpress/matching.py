"""Rows an import reuses when they exist and creates when not: bylines, people, sources, quotes.

Each is matched the way an editor would recognise it (a user by login, a person by name, a
source by its address, a quote by its speaker and words), so a second import finds the
rows the first one made instead of adding them again.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.core.files import File
from django.utils.text import slugify

from taggit.models import Tag

from articles import workflow
from articles.bylines import byline_append, contributor_slug
from articles.models import Contributor
from articles.tags import existing_tag
from images import uploads
from images.models import Image
from people.models import Person, Quote, Source


def byline_user(login, author=None):
    """The account on the byline: an existing one with this login, else a new one that cannot
    sign in (no usable password) and is not staff until an administrator says so."""
    User = get_user_model()
    user = User.objects.filter(username=login).first()
    if user is not None:
        return user
    user = User(
        username=login,
        email=getattr(author, "email", ""),
        first_name=getattr(author, "first_name", "")[:150],
        last_name=getattr(author, "last_name", "")[:150],
        is_staff=False,
    )
    if not (user.first_name or user.last_name) and getattr(author, "display_name", ""):
        user.first_name = author.display_name[:150]
    user.set_unusable_password()
    user.save()
    return user


def byline_contributor(login, author, user):
    """The contributor a WordPress author is on bylines as: the one of their account, else
    the one at the address made from their login, else a new one (their display name)."""
    found = Contributor.objects.filter(user=user).first()
    slug = slugify(login)
    found = found or (slug and Contributor.objects.filter(slug=slug).first())
    if found:
        return found
    name = getattr(author, "display_name", "") or workflow.staff_name(user) or login
    contributor = Contributor(name=name[:120], user=user)
    contributor.slug = contributor_slug(contributor, login, fallback=f"contributor-{user.pk}")
    contributor.save()
    return contributor


def byline_set(article, login, author=None):
    """A post's wp:author on the article: its account gets desk access (it alone, as in
    WordPress), and its contributor is on the byline, beside any name an editor added."""
    user = byline_user(login, author)
    article.authors.set([user])
    byline_append(article=article, contributor=byline_contributor(login, author, user))


def _free_slug(model, base, field="slug"):
    base = (slugify(base) or "item")[:200]
    slug, number = base, 1
    while model.objects.filter(**{field: slug}).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def tag_named(name, known):
    """The tag a WordPress category or tag means here (its name in any case, or its slug),
    else a new one; `known` keeps them by lower-cased name for the run."""
    key = name.casefold()
    if key not in known:
        known[key] = existing_tag(name) or Tag.objects.create(name=name)
    return known[key]


def person_named(name):
    """The person with this name (any case), or a new one."""
    person = Person.objects.filter(name__iexact=name).order_by("pk").first()
    if person is None:
        person = Person.objects.create(name=name[:200], slug=_free_slug(Person, name))
    return person


def source_for(*, url, outlet, link_text, fallback_title):
    """The source at `url` (one row per address), or None when the cite links nowhere."""
    if not url.startswith(("http://", "https://")):
        return None
    source = Source.objects.filter(url=url).first()
    if source is None:
        source = Source.objects.create(
            url=url,
            outlet=(outlet or urlsplit(url).netloc or "Unknown outlet")[:200],
            title=(link_text or fallback_title or url)[:300],
        )
    return source


def quote_for(*, text, speaker, source):
    """The quote with these words by this speaker, or a new one; a found quote gains a source."""
    quote = Quote.objects.filter(speaker=speaker, text=text).order_by("pk").first()
    if quote is None:
        return Quote.objects.create(text=text, speaker=speaker, source=source)
    if quote.source_id is None and source is not None:
        quote.source = source
        quote.save(update_fields=["source", "modified_at"])
    return quote


#: The folders WordPress serves uploads from: self-hosted, multisite, WordPress.com's old
#: `files/` addresses.
_UPLOAD_ROOTS = ("/wp-content/uploads/", "/files/")
#: The copies WordPress makes of a picture: `-300x200`, `-scaled`, `-rotated`, `-e1700000000`.
_COPY_SUFFIX = re.compile(r"(-\d+x\d+|-scaled|-rotated|-e\d{10,13})+(?=\.\w+$)")


def upload_path(url):
    """Where in the uploads folder the file at `url` lives, whatever the host: a self-hosted
    site, WordPress.com (`example.files.wordpress.com/2024/05/x.jpg`), Photon
    (`i0.wp.com/example.com/wp-content/uploads/…`) or a CDN."""
    path = unquote(urlsplit(url or "").path)
    for root in _UPLOAD_ROOTS:
        if root in path:
            return path.split(root, 1)[1].strip("/")
    parts = [part for part in path.split("/") if part]
    if parts and "." in parts[0] and len(parts) > 1:
        # A proxy's path starts with the host it copies from.
        return upload_path("https://" + "/".join(parts))
    return "/".join(parts)


def picture_key(url):
    """The same for every copy WordPress made of one upload (its sizes, its "-scaled")."""
    return _COPY_SUFFIX.sub("", upload_path(url)).lower()


def media_file(url, media_dir):
    """The local copy of an uploaded file named by `url`, if `media_dir` holds it: looked up by
    its path in the uploads folder, then by shorter tails of it (a folder copied from one level
    further down), then as the original of a resized copy."""
    if not url or not media_dir:
        return None
    root = Path(media_dir).resolve()
    relative = upload_path(url)
    parts = [part for part in relative.split("/") if part not in ("", ".", "..")]
    original = _COPY_SUFFIX.sub("", parts[-1]) if parts else ""
    for name in (parts[-1:] if parts else []) + ([original] if original else []):
        for start in range(len(parts)):
            candidate = (root.joinpath(*parts[start:-1], name)).resolve()
            if root in candidate.parents and candidate.is_file():
                return candidate
    return None


def holds_picture(image, path):
    """Whether the library image already holds the file at `path`: stored under its name, or
    its name plus the "_" and seven characters storage adds when the name was taken."""
    if image is None or not image.file:
        return False
    # The stored extension is the format the picture really is (.jpeg may come back as .jpg).
    stored, wanted = Path(image.file.name), Path(path)
    return (
        stored.stem == wanted.stem
        or re.fullmatch(re.escape(wanted.stem) + r"_[A-Za-z0-9]{7}", stored.stem) is not None
    )


def store_picture(path, *, alt, credit="", caption=""):
    """A library image of the picture at `path` (the only place an import stores one), through
    the same gate as an editor's upload; ValidationError if it is not a picture."""
    with open(path, "rb") as handle:
        picture = uploads.clean(File(handle, name=Path(path).name), keep_name=True)
        return Image.objects.create(
            file=picture, alt=alt[:250], credit=credit[:200], caption=caption[:300]
        )
