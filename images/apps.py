from django.apps import AppConfig


class ImagesConfig(AppConfig):
    """Uploaded pictures: their stored size and the smaller WebP/AVIF copies readers download."""

    name = "images"
    verbose_name = "Images"
