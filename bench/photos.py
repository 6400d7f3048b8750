"""
`make bench` rows for the photo desk (also `python -m bench.photos`):

- the whole rendition set (4 ratios x the named widths x AVIF/WebP/JPEG) made from one
  24-megapixel JPEG, p50/p95 over rounds, in one process as the worker runs it;
- the image bytes a phone (390 px wide, DPR 3) downloads for an article with a lead image
  and two inline images, against sending the original each time;
- the admin's photo library list at 100,000 photos (PostgreSQL; skipped without it).
"""

import argparse
import io
import os
import statistics
import sys
import time

import django


def _setup(database_url):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 40)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    django.setup()


def rendition_set(rounds):
    from PIL import Image

    from articles.models.photos import Photo
    from articles.photos.drawings import draw_scene
    from articles.photos.renditions import encode, planned, sized
    from desk.uploads import reencode_image

    original = draw_scene(7, size=(6000, 4000))  # 24 MP
    clean, _ = reencode_image(original)
    photo = Photo(width=6000, height=4000, content_hash="0" * 64, focal_x=0.5, focal_y=0.5)
    plan = planned(photo)
    timings, made = [], {}
    for _ in range(rounds):
        started = time.perf_counter()
        source = Image.open(io.BytesIO(clean))
        source.load()
        cache = {}
        for _key, ratio, width, height, format_name in sorted(plan, key=lambda p: (p[1], -p[2])):
            picture = sized(source, photo.crop_box(ratio), width, height, cache)
            made[(ratio, width, format_name)] = len(encode(picture, format_name))
        timings.append((time.perf_counter() - started) * 1000)
    return timings, len(plan), made, len(clean)


def phone_bytes(made, original_bytes):
    """Lead (16:9) and two inline (4:3) pictures, each 390 px - 2 rem wide at DPR 3: the
    browser takes the smallest candidate at least 1074 px wide, in AVIF."""
    from articles.models.photos import WIDTHS

    needed = (390 - 32) * 3
    width = min((w for w in WIDTHS.values() if w >= needed), default=max(WIDTHS.values()))
    chosen = made[("16:9", width, "avif")] + 2 * made[("4:3", width, "avif")]
    return chosen, 3 * original_bytes, width


def library_list(count):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    from articles.models import Photo

    if connection.vendor != "postgresql":
        return None
    setup_test_environment()
    have = Photo.objects.count()
    if have < count:
        now = django.utils.timezone.now()
        Photo.objects.bulk_create(
            (
                Photo(
                    image=f"photos/bench/{number}.jpg",
                    width=1600,
                    height=1000,
                    content_hash=f"{number:064x}",
                    perceptual_hash=number * 7919 % (1 << 62),
                    caption=f"Bench picture {number} of the harbour",
                    credit_line=f"Agency {number % 50}",
                    uploaded_at=now - django.utils.timezone.timedelta(minutes=number),
                )
                for number in range(have, count)
            ),
            batch_size=5000,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    user = get_user_model().objects.filter(username="bench-admin").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-admin", "b@example.org", "x" * 20)
    client = Client()
    client.force_login(user)
    timings = {}
    # The admin's own stylesheets without a collectstatic manifest.
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}).enable()
    for label, params in (("list", {}), ("search by credit", {"q": "agency 7"})):
        runs = []
        for _ in range(7):
            started = time.perf_counter()
            response = client.get("/admin/articles/photo/", params)
            runs.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        timings[label] = statistics.median(runs)
    return timings


def markdown(rounds, library_count):
    timings, renditions, made, original = rendition_set(rounds)
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    chosen, sent_originals, width = phone_bytes(made, original)
    lines = [
        "## Photos",
        "",
        "| row | result |",
        "| --- | --- |",
        f"| rendition set from a 24 MP JPEG ({renditions} files, {rounds} rounds) | "
        f"p50 {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms |",
        f"| phone (390 px, DPR 3): lead + 2 inline images | {chosen / 1024:.0f} kB "
        f"({width}w AVIF) vs {sent_originals / 1024:.0f} kB as originals "
        f"({100 * chosen / sent_originals:.1f} %) |",
    ]
    library = library_list(library_count) if library_count else None
    if library is None:
        lines.append("| admin photo library list | skipped (needs PostgreSQL) |")
    else:
        for label, ms in library.items():
            verdict = "ok" if ms <= 300 else "over 0.3 s"
            lines.append(
                f"| admin library {label} at {library_count:,} photos | {ms:.0f} ms ({verdict}) |"
            )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--library", type=int, default=100_000, help="photos (0: skip)")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    _setup(args.database_url)
    if args.library and args.database_url:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    print(markdown(args.rounds, args.library if args.database_url else 0), flush=True)


if __name__ == "__main__":
    sys.exit(main())
