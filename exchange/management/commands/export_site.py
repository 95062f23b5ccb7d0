"""`manage.py export_site site.json`: all content as JSON, for backups and moves."""

from django.core.management.base import BaseCommand

from exchange.services import site_export


class Command(BaseCommand):
    help = (
        "Write every article, person, production, comment, revision and account (without "
        "password hashes) as JSON; `import_site` reads it back into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the JSON file.")
        parser.add_argument("--media-dir", help="Also copy the uploaded files to this folder.")

    def handle(self, *args, path, media_dir=None, **options):
        count = site_export(path=path, media_dir=media_dir)
        self.stdout.write(f"Exported {count} rows to {path}.")
