"""`manage.py scrub_images`: pictures stored before uploads dropped colour profiles and other
metadata are encoded anew, in sRGB, with their copies (run once after upgrading)."""

from collections import Counter

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from images import stash
from images.models import Image
from images.services import folder_listing, image_scrub


class Command(BaseCommand):
    help = (
        "Encode anew, in sRGB and without metadata (colour profile, EXIF, XMP, comments, "
        "text), every library picture whose file or copies still carry any, under a new name, "
        "with new copies; refresh the pages showing it and delete the old files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            dest="everything",
            help="Encode every picture anew, also those that carry no metadata.",
        )

    def handle(self, *args, everything=False, **options):
        outcomes = Counter()
        files_in = folder_listing(default_storage)
        for image in Image.objects.exclude(file="").order_by("pk").iterator():
            outcome = image_scrub(image=image, everything=everything, files_in=files_in)
            if outcome not in ("scrubbed", "clean", "lost"):
                self.stderr.write(f"Image {image.pk} ({image.file.name}) was kept: {outcome}")
                outcome = "kept"
            outcomes[outcome] += 1
        stashed = stash.scrub()
        self.stdout.write(
            f"Encoded {outcomes['scrubbed']} pictures anew; {outcomes['clean']} carried no "
            f"metadata; {outcomes['lost']} files were missing; {outcomes['kept']} could not be "
            f"encoded. {stashed} pictures waiting in refused forms were encoded anew."
        )
