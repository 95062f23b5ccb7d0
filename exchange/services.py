"""Moving content in and out: each entry point is one function, the commands call them."""

from .site import load_export, site_export_data, write_export
from .wordpress.importer import WordPressImporter


def wordpress_import(
    *, path, media_dir=None, kind="news", site="", people=(), dry_run=False, progress=None
):
    """Editors find a WordPress site's posts as articles, its pictures in the library, its
    comments under them, and old addresses redirecting; a second run updates what changed
    and adds nothing twice. Nothing readers could not read in WordPress becomes public.

    The whole file is read first: a damaged one raises `WXRError` before anything is
    written. Then each post is written in its own transaction (with its comments), so an
    interrupted run keeps what it finished and the next run carries on. `dry_run` does it
    all and rolls it back. Returns the report.
    """
    importer = WordPressImporter(
        path=path,
        media_dir=media_dir,
        kind=kind,
        site=site,
        people=people,
        dry_run=dry_run,
        progress=progress,
    )
    return importer.run()


def site_export(*, path, media_dir=None):
    """A backup editors can move: all content (no password hashes, sessions or login
    attempts) as one JSON file at `path`, the uploaded files copied to `media_dir` if given."""
    data = site_export_data()
    write_export(data, path, media_dir)
    return len(data["objects"])


def site_import(*, path, media_dir=None):
    """The site from an export, in a new empty database: every article, comment and revision
    as it was, with the same ids; accounts come back unable to sign in until reset."""
    return load_export(path, media_dir)
