"""Article text for the baselines: Markdown of a given size, the same for every baseline."""

import random

WORDS_TEXT = (
    "council budget residents harbour flood defences university orchestra festival ticket "
    "prices consultation police night bus routes the of and to in a that is for on with as "
    "was at by from this have not are but had they which said will would their been more "
    "city plans new year after public school hospital water street market week report"
)
WORDS = WORDS_TEXT.split()


def sentence(rng, low=8, high=20):
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def markdown_body(rng, size=6000):
    """Paragraphs, a subheading, emphasis, a link and a list: about `size` characters."""
    parts = []
    while sum(len(p) for p in parts) < size:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        if len(parts) % 4 == 1:
            paragraph = paragraph.replace(" the ", " **the** ", 1).replace(
                " city ", " [city](https://example.org/city) ", 1
            )
        parts.append(paragraph)
        if len(parts) == 3:
            parts.append("## " + sentence(rng, 3, 6).rstrip("."))
        if len(parts) == 6:
            parts.append("\n".join(f"- {sentence(rng, 4, 8)}" for _ in range(3)))
    return "\n\n".join(parts)


def articles(count, seed=19):
    """(title, slug, standfirst, markdown) for `count` articles."""
    rng = random.Random(seed)  # noqa: S311 - filler text, the same every run
    for number in range(1, count + 1):
        title = sentence(rng, 5, 10).rstrip(".")
        yield title, f"story-{number}", sentence(rng, 15, 25), markdown_body(rng)
