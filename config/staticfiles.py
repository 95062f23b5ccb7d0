"""Which files of the installed packages' static folders the site publishes."""

from fnmatch import fnmatch
from pathlib import PurePosixPath

from django.contrib.staticfiles.finders import AppDirectoriesFinder

#: CKEditor 4 ships sample, manual-test and dialog pages (.html). Served from our origin,
#: any script flaw in them would run with the site's cookies; the editor, with Marquee's
#: toolbar, loads none of them.
THIRD_PARTY_IGNORE_PATTERNS = ["*.html", "*.htm", "samples", "tests", "bender-runner.config.json"]


def _ignored(path):
    return any(
        fnmatch(part, pattern)
        for part in PurePosixPath(path).parts
        for pattern in THIRD_PARTY_IGNORE_PATTERNS
    )


class PackageStaticFinder(AppDirectoriesFinder):
    """Installed apps' static files minus third-party HTML: `collectstatic` never ships it."""

    def list(self, ignore_patterns):
        yield from super().list([*(ignore_patterns or []), *THIRD_PARTY_IGNORE_PATTERNS])

    def find_in_app(self, app, path):
        # Also refused when served straight from the packages (DEBUG, the tests' live server).
        return None if _ignored(path) else super().find_in_app(app, path)
