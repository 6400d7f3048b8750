import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.urls import reverse


class Command(BaseCommand):
    help = (
        "Print how to reach the admin. With no superuser yet, create one with a random "
        "password and print it once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--site", default="http://127.0.0.1:8000", help="where the site runs")

    def handle(self, *args, username, site, **options):
        User = get_user_model()  # noqa: N806 - Django's idiom
        url = site.rstrip("/") + reverse("admin:index")  # DJANGO_ADMIN_URL may move it
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                f"Admin: {url} (log in with your existing account; forgot the password? "
                "run: .venv/bin/python manage.py changepassword <username>)"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {url}\n  username: {username}\n  password: {password}\n"
                "  (shown once; change it in the admin under your user name)"
            )
        )
