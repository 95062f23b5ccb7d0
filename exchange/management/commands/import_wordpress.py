"""`manage.py import_wordpress export.xml`: a WordPress site's posts, pictures and comments."""

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from exchange.services import wordpress_import
from exchange.wordpress.report import check_report_path
from exchange.wordpress.wxr import WXRError

#: Exit codes: 1 when the file is refused (nothing written), 2 when some posts failed.
SOME_FAILED = 2


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0-1.2, self-hosted or WordPress.com): posts become "
        "articles, pictures go to the image library, comments come across threaded, old "
        "addresses redirect. Run it again to update; nothing is duplicated. The report says, "
        "post by post, what was lost or changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .xml file from Tools → Export in WordPress.")
        parser.add_argument(
            "--media-dir",
            help="A local copy of the uploads folder (wp-content/uploads, or the media export "
            "of WordPress.com); pictures are found there by their path, whatever the host.",
        )
        parser.add_argument(
            "--kind",
            default=Article.Kind.NEWS,
            choices=Article.Kind.values,
            help="The kind new articles get (default: news).",
        )
        parser.add_argument(
            "--site",
            default="",
            help="Import under this site name instead of the address the export claims "
            "(for a second site that claims the same address).",
        )
        parser.add_argument(
            "--person",
            action="append",
            default=[],
            metavar="NAME",
            help="A name quotes are cited to that is a person: its quotes become quote cards "
            "(repeat for several). Cites that name an existing person need no flag.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read everything and print the report, writing nothing.",
        )
        parser.add_argument(
            "--report",
            metavar="FILE",
            help="Also write the report to FILE (.csv: one row per post and note; .json).",
        )

    def handle(self, *args, path, **options):
        if options["report"]:
            try:
                check_report_path(options["report"])
            except ValueError as error:
                raise CommandError(str(error)) from error
        try:
            report = wordpress_import(
                path=path,
                media_dir=options["media_dir"],
                kind=options["kind"],
                site=options["site"],
                people=options["person"],
                dry_run=options["dry_run"],
                progress=lambda line: self.stdout.write(line) if options["verbosity"] > 1 else None,
            )
        except (WXRError, OSError) as error:
            raise CommandError(f"Could not import {path}: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        if options["report"]:
            report.write(options["report"])
            self.stdout.write(f"Report written to {options['report']}")
        if report.failed:
            raise CommandError(
                "Some posts could not be imported (listed above).", returncode=SOME_FAILED
            )
