from django.apps import AppConfig


class ImagesConfig(AppConfig):
    """Uploaded pictures: their stored size and the smaller WebP/AVIF copies readers download."""

    name = "images"
    verbose_name = "Images"

    def ready(self):
        # Pillow refuses pictures over the pixel cap wherever it opens them, not only here.
        from . import uploads

        uploads.limit_pillow()
