"""`manage.py make_renditions`: give library images uploaded before copies existed their copies."""

from django.core.management.base import BaseCommand

from images import renditions
from images.models import Image


class Command(BaseCommand):
    help = (
        "Store the size and make the WebP/AVIF copies (and the link-preview crop) of every "
        "library image that lacks them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Make every picture's copies again."
        )

    def handle(self, *args, force=False, **options):
        made = lost = 0
        for image in Image.objects.exclude(file="").iterator():
            if not force and renditions.is_current(image.file_renditions, image.file):
                if image.file_renditions.get("widths"):
                    image.share_name()
                continue
            image.refresh_renditions()
            if image.file_renditions.get("widths"):
                made += 1
            else:
                lost += 1
        self.stdout.write(f"Made copies of {made} pictures; {lost} files were missing.")
