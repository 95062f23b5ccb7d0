from django.core.management.base import BaseCommand

from articles.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo newsroom: the Run Away explainer, its people, productions, quotes "
        "and an admin user. Safe to run again: what exists is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Put the demo values back on demo objects an editor has changed, "
            "including the admin password.",
        )

    def handle(self, *args, refresh=False, **options):
        report = load_demo(refresh=refresh)
        self.stdout.write(report.summary())
        self.stdout.write(self.style.SUCCESS(report.login_line()))
