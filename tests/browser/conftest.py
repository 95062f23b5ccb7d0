"""Playwright driving Debian's chromium (never a downloaded browser)."""

from pathlib import Path

import pytest

from tests.conftest import CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def screenshot_dir(pytestconfig):
    """Screenshots land in test-artifacts/ for a person to look at."""
    path = pytestconfig.rootpath / "test-artifacts" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


#: Where browser tests leave screenshots for a person to look at (not committed).
SHOTS_ROOT = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(autouse=True)
def pages_closed_before_the_database_is_emptied(request):
    """A page left open keeps talking to the live server (the admin's presence heartbeat):
    a request during the end-of-test flush can deadlock PostgreSQL's TRUNCATE. Every page
    is closed first (this teardown runs before the database fixture's)."""
    if "live_server" in request.fixturenames:
        request.getfixturevalue("live_server")
    uses_pages = "context" in request.fixturenames or "page" in request.fixturenames
    if uses_pages:
        request.getfixturevalue("context")
    # Tests that open contexts of their own (two people signed in) use `browser` directly.
    browser = (
        request.getfixturevalue("browser")
        if uses_pages or "browser" in request.fixturenames
        else None
    )
    yield
    for context in list(browser.contexts) if browser is not None else []:
        for page in list(context.pages):
            page.close()
