from html.parser import HTMLParser

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


class ShareLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside, self.links, self.buttons = False, {}, []
        self.href = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("class") == "share":
            self.inside = True
        elif self.inside and tag == "a":
            self.href = attrs["href"]
        elif self.inside and tag == "button":
            self.buttons.append(attrs)

    def handle_endtag(self, tag):
        if tag == "nav":
            self.inside = False

    def handle_data(self, data):
        if self.href:
            self.links[data] = self.href
            self.href = None


def test_the_article_page_links_to_share_endpoints_with_its_encoded_address(client):
    article = make_article(title="Rates & fares: up 5%?")
    parser = ShareLinks()
    parser.feed(client.get(article.get_absolute_url()).content.decode())
    url = "http%3A%2F%2Ftestserver" + article.get_absolute_url().replace("/", "%2F")
    title = "Rates%20%26%20fares%3A%20up%205%25%3F"
    assert parser.links == {
        "Email": f"mailto:?subject={title}&body={url}",
        "X": f"https://twitter.com/intent/tweet?url={url}&text={title}",
        "Facebook": f"https://www.facebook.com/sharer/sharer.php?u={url}",
        "LinkedIn": f"https://www.linkedin.com/sharing/share-offsite/?url={url}",
        "WhatsApp": f"https://wa.me/?text={title}%20{url}",
    }
    # Hidden until static/js/share.js finds the Web Share API.
    [button] = parser.buttons
    assert "hidden" in button
    assert button["data-url"] == "http://testserver" + article.get_absolute_url()
