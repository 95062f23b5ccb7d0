"""`manage.py import_site site.json`: an `export_site` file into a new, empty database."""

from django.core.management.base import BaseCommand, CommandError

from exchange.services import site_import
from exchange.site import SiteImportRefused


class Command(BaseCommand):
    help = (
        "Load an export_site file into an empty database (run migrate first). Accounts come "
        "back without passwords: their owners reset them."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON file export_site wrote.")
        parser.add_argument("--media-dir", help="A folder of uploaded files export_site copied.")

    def handle(self, *args, path, media_dir=None, **options):
        try:
            count = site_import(path=path, media_dir=media_dir)
        except (SiteImportRefused, ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Imported {count} rows from {path}.")
