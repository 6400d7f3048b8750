"""
Pictures drawn on this machine for demo content and the benchmark seeder: a harbour, a
skyline or hills under a sky, different for every seed. Nothing is downloaded.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

SCENES = ("harbour", "skyline", "hills")


def _sky(draw, width, height, rng):
    top = (rng.randint(40, 120), rng.randint(90, 160), rng.randint(170, 235))
    bottom = (rng.randint(200, 255), rng.randint(170, 220), rng.randint(140, 200))
    for y in range(height):
        share = y / max(height - 1, 1)
        colour = tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)


def draw_scene(seed, size=(1600, 1000)):
    """A JPEG of a made-up news scene (bytes)."""
    rng = random.Random(seed)  # noqa: S311 - pictures, not secrets
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    horizon = round(height * rng.uniform(0.5, 0.65))
    _sky(draw, width, horizon, rng)
    sun_x, sun_r = rng.uniform(0.1, 0.9) * width, rng.uniform(0.04, 0.08) * width
    sun_y = horizon * rng.uniform(0.2, 0.6)
    draw.ellipse((sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r), fill=(255, 236, 170))
    scene = SCENES[seed % len(SCENES)]
    ground = (rng.randint(40, 90), rng.randint(90, 140), rng.randint(50, 90))
    if scene == "harbour":
        draw.rectangle((0, horizon, width, height), fill=(30, 80, 130))
        for y in range(horizon, height, 9):
            draw.line([(0, y), (width, y)], fill=(60, 110, 160), width=2)
        for _ in range(rng.randint(2, 4)):  # boats
            x, w = rng.uniform(0, 0.8) * width, rng.uniform(0.08, 0.18) * width
            y = rng.uniform(horizon + 0.05 * height, height * 0.9)
            hull = (x, y, x + w, y + 0.05 * height)
            draw.polygon([(hull[0], hull[1]), (hull[2], hull[1]), (hull[2] - w * 0.1, hull[3]),
                          (hull[0] + w * 0.1, hull[3])], fill=(240, 240, 235))  # fmt: skip
            draw.rectangle((x + w * 0.3, y - 0.05 * height, x + w * 0.7, y), fill=(200, 60, 50))
        draw.rectangle((0, horizon - 0.02 * height, width * 0.35, horizon + 0.03 * height),
                       fill=(120, 120, 115))  # fmt: skip
    elif scene == "skyline":
        draw.rectangle((0, horizon, width, height), fill=(70, 70, 75))
        x = 0
        while x < width:
            w = rng.uniform(0.04, 0.1) * width
            top = horizon - rng.uniform(0.1, 0.45) * height
            shade = rng.randint(50, 110)
            draw.rectangle((x, top, x + w, horizon), fill=(shade, shade, shade + 15))
            for wy in range(int(top) + 12, horizon - 10, 24):
                for wx in range(int(x) + 8, int(x + w) - 10, 18):
                    if rng.random() < 0.5:
                        draw.rectangle((wx, wy, wx + 8, wy + 10), fill=(250, 220, 120))
            x += w + rng.uniform(0, 0.01) * width
    else:
        for layer in range(3):
            points = [(0, height)]
            for step in range(9):
                y = horizon - rng.uniform(0, 0.25) * height + layer * 0.1 * height
                points.append((step * width / 8, y))
            points.append((width, height))
            shade = tuple(max(0, c - 15 * layer) for c in ground)
            draw.polygon(points, fill=shade)
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=88)
    return output.getvalue()


def demo_photo(seed, size=(1600, 1000), **fields):
    """A library photo of a drawn scene (the same seed finds the same photo again)."""
    from .library import add_photo

    photo, _ = add_photo(draw_scene(seed, size), "jpg", **fields)
    return photo
