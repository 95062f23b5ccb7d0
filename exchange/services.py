"""Moving content in and out: each entry point is one function, the commands call them."""

from .wordpress.importer import WordPressImporter


def wordpress_import(*, path, media_dir=None, kind="news", progress=None):
    """Editors find a WordPress site's posts as articles, its comments under them, and old
    addresses redirecting; a second run updates what changed and adds nothing twice.

    Each post is written in its own transaction (with its comments), so an interrupted run
    keeps what it finished and the next run carries on.
    """
    importer = WordPressImporter(path=path, media_dir=media_dir, kind=kind, progress=progress)
    return importer.run()
