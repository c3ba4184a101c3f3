"""The clean stage end to end: RawDocument -> Document."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from harmledger import registry
from harmledger.clean.pipeline import CLEANER_NAME, clean, make_cleaner, normalise_date
from harmledger.errors import CleanError
from harmledger.models import Document, RawDocument
from seedpage import FORM, NAV, RELATED, SEED, seed_page, seed_parts

EXAMPLES = Path(__file__).parents[1] / "examples"
PAGES = Path(__file__).parent / "fixtures" / "pages"


def _kept(document: Document, needle: str) -> list[int]:
    """Start offsets of ``needle`` in the text that no removed span covers."""
    starts, at = [], document.text.find(needle)
    while at >= 0:
        if not document.is_removed(at, at + len(needle)):
            starts.append(at)
        at = document.text.find(needle, at + 1)
    return starts


def test_seed_in_a_web_page() -> None:
    title, standfirst, body = seed_parts()
    page = seed_page(title, standfirst, body)
    raw = RawDocument("seed.html", page, "html", content_hash="ab" * 32)
    document = clean(raw)
    for paragraph in body:
        assert document.text.count(paragraph) == 1, paragraph[:40]
    for furniture in [*NAV[1:], *RELATED, "Related articles", *FORM]:
        assert _kept(document, furniture) == [], furniture
    assert [line for line in document.text.split("\n") if line.strip() in {"0", "35"}] == []
    # the standfirst is read once: its copy at the start of the first body paragraph is removed
    assert len(_kept(document, standfirst)) == 1
    assert [s.reason for s in document.removed_spans] == ["repeated_standfirst"]
    assert document.title == title
    assert document.title_span is not None and document.title_span.text == title
    assert document.published == "2025-03-09"
    assert document.author == "Jane Doe"
    assert document.canonical_url == "https://news.example.org/world/syria-coast"


def test_raw_title_and_published_win_over_the_page() -> None:
    title, standfirst, body = seed_parts()
    raw = RawDocument(
        "seed.html",
        seed_page(title, standfirst, body),
        "html",
        title="Feed headline",
        published="Mon, 10 Mar 2025 08:00:00 GMT",
    )
    document = clean(raw)
    assert (document.title, document.published) == ("Feed headline", "2025-03-10")
    assert document.title_span is None


def test_seed_as_plain_text_is_stored_unchanged() -> None:
    if not SEED.is_file():
        pytest.skip(f"../shared/seed/seed-article.txt not found: looked for {SEED}")
    body = SEED.read_text(encoding="utf-8")
    raw = RawDocument(
        "seed.txt",
        body,
        "text",
        external_id="seed-1",
        url="https://example.org/seed",
        published="2025-03-09T10:00:00Z",
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
    )
    document = clean(raw)
    assert document.text == body
    assert document.id == raw.content_hash
    assert (document.origin, document.format) == ("seed.txt", "text")
    assert (document.external_id, document.url) == ("seed-1", "https://example.org/seed")
    assert document.published == "2025-03-09"
    assert document.cleaner == CLEANER_NAME == "harmledger.clean.v1"
    assert document.title_span is not None
    assert document.title == document.title_span.text == body.split("\n", 1)[0]
    reasons = [s.reason for s in document.removed_spans]
    assert reasons == ["counter", "counter", "repeated_standfirst", "comment_prompt"]


def test_id_falls_back_to_the_body_hash() -> None:
    body = "Headline\n\nFive people were killed in the village, officials said.\n"
    document = clean(RawDocument("a.txt", body, "text"))
    assert document.id == hashlib.sha256(body.encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    "body",
    ["", "   \n\n", "0\n\n35\n\nLeave a Reply\n", "Share this:\nTweet\nEmail"],
    ids=["empty", "blank", "counters-and-prompt", "share-buttons"],
)
def test_nothing_but_furniture_raises(body: str) -> None:
    with pytest.raises(CleanError) as caught:
        clean(RawDocument("furniture.txt", body, "text"))
    assert "furniture.txt" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_html_without_article_raises() -> None:
    page = (PAGES / "navigation-only.html").read_text(encoding="utf-8")
    with pytest.raises(CleanError):
        clean(RawDocument("home.html", page, "html"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-09", "2025-03-09"),
        ("2025-03-09T10:00:00Z", "2025-03-09"),
        ("2025-03-09T23:30:00-05:00", "2025-03-09"),
        ("2025-03-09 10:00", "2025-03-09"),
        ("Sun, 09 Mar 2025 10:00:00 GMT", "2025-03-09"),
        ("Sun, 9 Mar 2025 10:00:00 +0200", "2025-03-09"),
        ("9 Mar 2025 10:00:00 -0000", "2025-03-09"),
        ("2025-02-30", None),
        ("yesterday", None),
        ("in recent days", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_date(value: str | None, expected: str | None) -> None:
    assert normalise_date(value) == expected


def test_unparseable_published_is_unknown_not_today() -> None:
    body = "Headline\n\nFive people were killed in the village, officials said.\n"
    document = clean(RawDocument("a.txt", body, "text", published="last Tuesday"))
    assert document.published is None


def test_registered_under_its_versioned_name() -> None:
    factory = registry.cleaners.get(CLEANER_NAME)
    assert factory is make_cleaner
    cleaner = factory()
    document = cleaner(RawDocument("a.txt", "Headline\n\nFive were killed there.\n", "text"))
    assert document.cleaner == CLEANER_NAME


def _all_inputs() -> list[RawDocument]:
    """Every example, fixture page and feed item as a RawDocument."""
    raws = [
        RawDocument(str(path), path.read_text(encoding="utf-8"), "text")
        for path in sorted(EXAMPLES.glob("*.txt"))
    ]
    for path in [*sorted(EXAMPLES.glob("*.html")), *sorted(PAGES.glob("*.html"))]:
        if path.name != "navigation-only.html":
            raws.append(RawDocument(str(path), path.read_text(encoding="utf-8"), "html"))
    for line in (EXAMPLES / "feed.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        raws.append(
            RawDocument(
                f"feed.jsonl#{item['id']}",
                item["text"],
                "text",
                external_id=item["id"],
                url=item["url"],
                published=item["published"],
                title=item["title"],
            )
        )
    return raws


@pytest.mark.parametrize("raw", _all_inputs(), ids=lambda raw: Path(raw.origin).name)
def test_every_removed_span_slices_the_stored_text(raw: RawDocument) -> None:
    document = clean(raw)
    assert document.text.strip()
    for span in document.removed_spans:
        assert document.text[span.start : span.end] == span.text
    if document.title_span is not None:
        span = document.title_span
        assert document.text[span.start : span.end] == span.text
    if raw.format == "text":
        assert document.text == raw.body


def test_feed_items_are_cleaned_with_their_metadata() -> None:
    feed = [raw for raw in _all_inputs() if raw.origin.startswith("feed.jsonl#")]
    documents = [clean(raw) for raw in feed]
    assert [d.published for d in documents] == ["2025-03-17", "2025-03-21"]
    assert all(d.title and d.url and d.url.startswith("https://") for d in documents)
    assert all(d.removed_spans == () for d in documents)


def test_example_corpus_shape() -> None:
    texts = sorted(EXAMPLES.glob("*.txt"))
    pages = sorted(EXAMPLES.glob("*.html"))
    assert (len(texts), len(pages)) == (3, 3)
    for path in [*texts, *pages]:
        kind = "html" if path.suffix == ".html" else "text"
        document = clean(RawDocument(str(path), path.read_text(encoding="utf-8"), kind))
        words = len(document.text.split())
        assert 150 <= words <= 400, (path.name, words)
    feed = [json.loads(line) for line in (EXAMPLES / "feed.jsonl").read_text().splitlines()]
    assert len(feed) == 2
    assert all(set(item) == {"id", "text", "url", "published", "title"} for item in feed)
    assert all(".example.org/" in item["url"] for item in feed)
    assert (
        "fiction" in (EXAMPLES.parent / "docs" / "EXAMPLES.md").read_text(encoding="utf-8").lower()
    )


def test_html_standfirst_repeat_is_marked_not_cut() -> None:
    page = (PAGES / "repeated-standfirst.html").read_text(encoding="utf-8")
    document = clean(RawDocument("mali.html", page, "html"))
    (span,) = document.removed_spans
    assert span.reason == "repeated_standfirst"
    assert span.text.startswith("Gunmen burned at least 30 homes")
    assert document.text[span.end :].startswith(" The attack began at dawn")
    assert document.published == "2025-06-03"


def test_plain_text_states_its_publication_date() -> None:
    body = "Shelling hits Tarvo market\n\nPublished 14 March 2025\n\nFour people were killed.\n"
    document = clean(RawDocument("a.txt", body, "text"))
    assert document.published == "2025-03-14"
    assert document.text == body  # the date line is kept as written
    assert not any("2025" in r.text for r in document.removed_spans)


def test_the_input_date_wins_over_the_text() -> None:
    body = "Shelling hits Tarvo market\n\nPublished 14 March 2025\n\nFour people were killed.\n"
    document = clean(RawDocument("a.txt", body, "text", published="2025-03-16"))
    assert document.published == "2025-03-16"


def test_kherson_example_gets_its_publication_date() -> None:
    path = EXAMPLES / "kherson-market-shelling.txt"
    document = clean(RawDocument(str(path), path.read_text(encoding="utf-8"), "text"))
    assert document.published == "2025-03-14"
