from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Standing pages"

    def ready(self):
        from articles.demo.extras import register_demo_section
        from articles.hooks import register_root_slug_holder
        from articles.roles import register_role_change

        from .demo import load_demo_pages
        from .models import page_holding

        # An article may not take a standing page's address (and the page refuses an
        # article's: `StandingPage.clean`).
        register_root_slug_holder(page_holding)
        # Editors' rights on pages come back with the roles after a flush, as articles' do.
        register_role_change("pages.migrations.0002_editor_permissions", "grant_page_permissions")
        register_demo_section(load_demo_pages)
