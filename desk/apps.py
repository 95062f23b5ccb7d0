"""The newsroom desk: the admin's front page, which gathers work from every editorial app."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class DeskConfig(AppConfig):
    default = True
    name = "desk"
    verbose_name = "Newsroom desk"


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the newsroom dashboard as its index (desk.sites.NewsroomAdminSite)."""

    # Named in INSTALLED_APPS explicitly; "desk" alone means DeskConfig.
    default = False
    default_site = "desk.sites.NewsroomAdminSite"
