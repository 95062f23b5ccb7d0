"""`manage.py make_renditions`: give pictures uploaded before copies existed their copies."""

from django.apps import apps
from django.core.management.base import BaseCommand

from images import renditions
from images.fields import PictureField, refresh


class Command(BaseCommand):
    help = "Store the size and make the WebP/AVIF copies of every picture that lacks them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Make every picture's copies again."
        )

    def handle(self, *args, force=False, **options):
        made = lost = 0
        # Every model with a picture, whichever app declares it: this app sits below them all.
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, PictureField):
                    continue
                rows = model._default_manager.exclude(**{field.attname: ""})
                for row in rows.iterator():
                    record = getattr(row, field.renditions_field) or {}
                    if not force and renditions.is_current(record, getattr(row, field.attname)):
                        continue
                    if refresh(row, field.attname).get("widths"):
                        made += 1
                    else:
                        lost += 1
        self.stdout.write(f"Made copies of {made} pictures; {lost} files were missing.")
