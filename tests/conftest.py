import shutil

import pytest

from tests.factories import UserFactory

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a temporary folder, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords cheaply: PBKDF2's million rounds would dominate the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def clear_cache():
    """Each test starts with an empty cache (rate limits, cached fragments)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def reader(db):
    return UserFactory(username="reader")


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


# == Discussion fixtures ==================================================================


@pytest.fixture
def moderator(db):
    """A staff user in the real "Moderator" group (created by the discussion data migration).

    Transactional tests flush the migration's rows, so the group and its grants are ensured here.
    """
    from django.contrib.auth.models import Group, Permission

    user = UserFactory(username="moderator", is_staff=True)
    group, _ = Group.objects.get_or_create(name="Moderator")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="discussion"))
    user.groups.add(group)
    return user


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
