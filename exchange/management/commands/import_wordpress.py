"""`manage.py import_wordpress export.xml`: a WordPress site's posts and comments, as articles."""

from xml.etree.ElementTree import ParseError

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from exchange.services import wordpress_import


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR) file: posts become articles, comments come across "
        "threaded, old addresses redirect. Run it again to update; nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .xml file from Tools → Export in WordPress.")
        parser.add_argument(
            "--media-dir",
            help="A local copy of wp-content/uploads; images found there are imported.",
        )
        parser.add_argument(
            "--kind",
            default=Article.Kind.NEWS,
            choices=Article.Kind.values,
            help="The kind new articles get (default: news).",
        )

    def handle(self, *args, path, media_dir=None, kind=Article.Kind.NEWS, **options):
        try:
            report = wordpress_import(
                path=path,
                media_dir=media_dir,
                kind=kind,
                progress=lambda line: self.stdout.write(line) if options["verbosity"] else None,
            )
        except (OSError, ValueError, ParseError) as error:
            raise CommandError(f"Could not import {path}: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
