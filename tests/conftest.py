import hashlib
import os
import re
import shutil

from django.conf import settings

import pytest

from tests.factories import (
    ArticleFactory,
    CreditFactory,
    PersonFactory,
    ProductionFactory,
    QuoteBlockFactory,
    QuoteFactory,
    UserFactory,
)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _redis_database_per_worker():
    """Under pytest-xdist (`-n 2`), give each test process a Redis database of its own, as
    pytest-django gives it a test database of its own: every test empties the cache
    (`clear_cache`, a FLUSHDB), and one process must not empty the other's mid-test."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    location = settings.CACHES["default"].get("LOCATION", "")
    found = re.fullmatch(r"(redis://[^/]+)/(\d+)", str(location))
    if not worker.startswith("gw") or not found:
        return
    database = int(found.group(2)) + 1 + int(worker[2:])
    settings.CACHES["default"]["LOCATION"] = f"{found.group(1)}/{database}"


_redis_database_per_worker()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a temporary folder, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords cheaply: PBKDF2's million rounds would dominate the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def renditions_encoded_once():
    """A picture's WebP/AVIF copies are a pure function of its pixels; the demo's pictures
    are the same in every test that loads it, so each is encoded once per test process
    (encoding is half of what loading the demo costs)."""
    from images import renditions

    encode, made = renditions._encode, {}

    def remembered(image, extension):
        pixels = hashlib.blake2b(image.tobytes(), digest_size=16).digest()
        found = (pixels, image.size, image.mode, extension)
        if found not in made:
            made[found] = encode(image, extension)
        return made[found]

    renditions._encode = remembered
    yield
    renditions._encode = encode


@pytest.fixture(autouse=True)
def clear_cache():
    """Each test starts with an empty cache (rate limits, cached fragments)."""
    from django.core.cache import cache

    from core.pagecache import forget_process_state

    cache.clear()
    forget_process_state()
    yield
    cache.clear()
    forget_process_state()


@pytest.fixture(autouse=True)
def page_cache_off_where_marked(request, settings):
    """Every test runs with the page cache on, as readers get it, but those marked
    `page_cache_off`: they change rows straight through factories or save() between two
    requests (no service, so no purge), and a stored copy would answer in their place."""
    if request.node.get_closest_marker("page_cache_off"):
        settings.PAGE_CACHE_TIMEOUT = 0


@pytest.fixture
def article(db):
    """A published explainer to comment on (modules that need another shape define their own)."""
    return ArticleFactory(published=True, title="Is Run Away a true story?")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def reader(db):
    return UserFactory(username="reader")


@pytest.fixture
def editorial_roles(db):
    """The Writer, Editor and Moderator groups, exactly as the roles migration makes them.

    A live-server (transactional) test flushes the tables the data migration
    filled; this puts the roles back with the migration's own code.
    """
    from articles.roles import ensure_editorial_roles

    return ensure_editorial_roles()


@pytest.fixture
def role_user(editorial_roles):
    """role_user("Editor", username=…) -> a staff user in that group."""

    def make(group_name, **kwargs):
        kwargs.setdefault("username", group_name.lower())
        user = UserFactory(is_staff=True, **kwargs)
        user.groups.add(editorial_roles[group_name])
        return user

    return make


@pytest.fixture
def editor(role_user):
    return role_user("Editor")


@pytest.fixture
def writer(role_user):
    return role_user("Writer")


@pytest.fixture
def ann(role_user):
    """A named editor, for tests where colleagues' names show (mentions, assignments)."""
    return role_user("Editor", username="ann", first_name="Ann", last_name="Lee")


@pytest.fixture
def wes(role_user):
    """A named writer, for tests where colleagues' names show (mentions, assignments)."""
    return role_user("Writer", username="wes", first_name="Wes", last_name="Cole")


@pytest.fixture
def moderator(role_user):
    """A staff user in the real "Moderator" group: read-only on articles (the roles
    migration) and every discussion permission (the discussion migration), with the outbox's
    (the mail log the discussion's mail goes through) and readers' addresses in the admin.

    Transactional tests flush the migrations' rows, so these grants are ensured here.
    """
    from django.contrib.auth.models import Permission

    user = role_user("Moderator")
    user.groups.get().permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["discussion", "outbox"]),
        # Readers' addresses in the admin (members' migration 0003).
        *Permission.objects.filter(content_type__app_label="core", codename="view_reader_email"),
    )
    return user


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    skip_browser = pytest.mark.skip(reason="chromium is not installed (apt-get install chromium)")
    skip_postgres = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
        if "browser" in item.keywords and not CHROMIUM:
            item.add_marker(skip_browser)
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(skip_postgres)


# == Page cache fixtures ================================================================


@pytest.fixture
def explainer(db):
    """A published explainer without a comment form, its people, production, quote and tag."""
    production = ProductionFactory(slug="run-away", title="Run Away")
    person = PersonFactory(slug="harlan-coben", name="Harlan Coben")
    quote = QuoteFactory(speaker=person, text="I wanted the ending to surprise me too.")
    quote.productions.add(production)
    explainer = ArticleFactory(published=True, allow_comments=False, slug="is-run-away-true")
    explainer.productions.add(production)
    explainer.people.add(person)
    explainer.tags.add("thrillers")
    QuoteBlockFactory(article=explainer, quote=quote)
    CreditFactory(person=person, production=production)
    return explainer


# == Discussion fixtures ==================================================================


@pytest.fixture
def guest_client(client):
    """An anonymous browser (the Django test client, nothing logged in)."""
    return client


@pytest.fixture
def discussion_settings(settings):
    """No minimum fill time and generous rate limits, unless a test asks for them."""
    settings.DISCUSSION_MIN_FILL_SECONDS = 0
    settings.DISCUSSION_RATE_LIMITS = {
        "comment": "1000/m",
        "vote": "1000/m",
        "rating": "1000/m",
        "subscribe": "1000/h",
    }
    return settings


# == End of discussion fixtures ============================================================


@pytest.fixture
def theme_media(tmp_path):
    """The pictures WordPress.com's theme unit test export names, laid out as its media
    export is (YYYY/MM/name): small ones written for the test."""
    from tests.wordpress_exports import THEME, write_pictures

    folder = tmp_path / "uploads"
    assert write_pictures(THEME, folder) > 20
    return folder


@pytest.fixture
def theme(theme_media):
    """That export imported with its pictures; the command's report."""
    from tests.wordpress_exports import THEME, run_import

    return run_import(THEME, media_dir=str(theme_media))
