"""Where each ratio's crop sits in the original."""

from ..models.photos import RATIOS


def fitted_box(width, height, ratio, centre_x=0.5, centre_y=0.5):
    """The largest box of `ratio` inside width x height, as near (centre_x, centre_y) as fits."""
    shape = RATIOS[ratio]
    box_width, box_height = width, round(width / shape)
    if box_height > height:
        box_width, box_height = round(height * shape), height
    left = round(centre_x * width - box_width / 2)
    top = round(centre_y * height - box_height / 2)
    left = min(max(left, 0), width - box_width)
    top = min(max(top, 0), height - box_height)
    return (left, top, box_width, box_height)


def crop_box(photo, ratio):
    override = (photo.crops or {}).get(ratio)
    if override:
        left, top, width, height = override
        # The override's own box, trimmed to the exact ratio around its centre.
        inner = fitted_box(width, height, ratio)
        return (left + inner[0], top + inner[1], inner[2], inner[3])
    return fitted_box(photo.width, photo.height, ratio, photo.focal_x, photo.focal_y)


def parse_crop(text, ratio, photo_width, photo_height):
    """An editor's "left, top, width, height" in pixels -> a list, or raise ValueError."""
    parts = [part for part in text.replace(",", " ").split() if part]
    if len(parts) != 4:
        raise ValueError(f"{ratio}: give four numbers, left, top, width and height in pixels.")
    try:
        left, top, width, height = (int(round(float(part))) for part in parts)
    except ValueError:
        raise ValueError(f"{ratio}: give four numbers, e.g. 0, 120, 1600, 900.") from None
    if left < 0 or top < 0 or width < 16 or height < 16:
        raise ValueError(f"{ratio}: the box must start inside the picture and be 16 px or more.")
    if left + width > photo_width or top + height > photo_height:
        raise ValueError(
            f"{ratio}: the box goes past the picture's edge ({photo_width} × {photo_height} px)."
        )
    return [left, top, width, height]
