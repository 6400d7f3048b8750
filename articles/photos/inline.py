"""
Library photos in article bodies. The Markdown form is

    ![alt text](photo:42 "Caption")

and renders as a <figure>: the <picture> of the photo's 4:3 crop, and a <figcaption> with
the caption and the library's credit line. Empty alt text takes the library's; the alt
text `decorative` gives alt="" for a picture that adds nothing the text does not say. An
empty caption takes the library's. The credit always comes from the library, so a credit
fixed there is fixed in every article (refresh_bodies()).
"""

import re
import xml.etree.ElementTree as etree

from markdown.treeprocessors import Treeprocessor

from .pictures import SLOTS, credit_text, picture

PHOTO_REFERENCE = re.compile(r"!\[[^\]]*\]\(\s*<?photo:(\d+)")
DECORATIVE = "decorative"


def referenced_photo_ids(markdown_text):
    return {int(number) for number in PHOTO_REFERENCE.findall(markdown_text or "")}


class LibraryFigures(Treeprocessor):
    """Replaces each photo:N image with its figure (before the sanitiser sees the HTML)."""

    def run(self, root):
        from ..models.photos import Photo

        found = [
            (parent, element)
            for parent in root.iter()
            for element in parent
            if element.tag == "img" and (element.get("src") or "").startswith("photo:")
        ]
        if not found:
            return
        ids = {_photo_id(element) for _, element in found} - {None}
        photos = Photo.objects.in_bulk(ids)
        for parent, element in found:
            photo = photos.get(_photo_id(element))
            figure = _figure(photo, element) if photo is not None else None
            _replace(root, parent, element, figure)


def _photo_id(element):
    number = element.get("src", "")[len("photo:") :]
    return int(number) if number.isdigit() else None


def _figure(photo, element):
    written_alt = (element.get("alt") or "").strip()
    decorative = written_alt.casefold() == DECORATIVE
    alt = "" if decorative else (written_alt or photo.alt_text)
    chosen = picture(photo, "inline")
    sizes = SLOTS["inline"].sizes
    figure = etree.Element("figure")
    picture_element = etree.SubElement(figure, "picture")
    for mime, srcset in chosen.sources:
        etree.SubElement(picture_element, "source", type=mime, srcset=srcset, sizes=sizes)
    image = etree.SubElement(
        picture_element,
        "img",
        src=chosen.src,
        width=str(chosen.width),
        height=str(chosen.height),
        alt=alt,
        loading="lazy",
        decoding="async",
    )
    if chosen.srcset:
        image.set("srcset", chosen.srcset)
        image.set("sizes", sizes)
    if decorative:
        image.set("data-decorative", "")
    caption = (element.get("title") or "").strip() or photo.caption
    credit = credit_text(photo)
    if caption or credit:
        figcaption = etree.SubElement(figure, "figcaption")
        figcaption.text = caption
        if credit:
            if caption:
                figcaption.text = f"{caption} "
            etree.SubElement(figcaption, "span", {"class": "credit"}).text = credit
    return figure


def _replace(root, parent, element, figure):
    """A picture alone in its paragraph takes the paragraph's place (a <figure> may not sit
    inside a <p>); inside running text it becomes a plain lazy <img>."""
    alone = parent.tag == "p" and len(parent) == 1 and not (parent.text or "").strip()
    alone = alone and not (element.tail or "").strip()
    if figure is None:
        parent.remove(element)
        return
    if alone:
        grandparent = next(node for node in root.iter() if parent in list(node))
        index = list(grandparent).index(parent)
        grandparent.remove(parent)
        grandparent.insert(index, figure)
        return
    img = figure.find("picture/img")
    img.tail = element.tail
    parent[list(parent).index(element)] = img


def record_uses(article):
    """Keep the article's PhotoUse rows equal to the photos its body shows."""
    from ..models.photos import Photo, PhotoUse

    referenced = referenced_photo_ids(article.body)
    uses = PhotoUse.objects.filter(article=article)
    if not referenced:  # most bodies: one query
        uses.delete()
        return
    wanted = set(Photo.objects.filter(pk__in=referenced).values_list("pk", flat=True))
    uses.exclude(photo_id__in=wanted).delete()
    PhotoUse.objects.bulk_create(
        (PhotoUse(article=article, photo_id=pk) for pk in wanted), ignore_conflicts=True
    )


def refresh_bodies(photo):
    """Re-render the bodies showing a photo whose caption, credit or renditions changed.
    Not a save: "Last updated" stays (nothing the newsroom wrote changed)."""
    from ..markdown import render_markdown
    from ..models import Article

    for article in Article.objects.filter(pk__in=photo.uses.values("article_id")).only(
        "pk", "body", "body_html"
    ):
        html = render_markdown(article.body)
        if html != article.body_html:
            Article.objects.filter(pk=article.pk).update(body_html=html)
