"""Page furniture in plain text: line rules, the repeated standfirst, the headline."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harmledger.clean.furniture import (
    MAX_FURNITURE_CHARS,
    find_furniture,
    find_line_furniture,
    find_title,
)

SEED = Path(__file__).parents[1].parent / "shared" / "seed" / "seed-article.txt"
EXAMPLES = Path(__file__).parents[1] / "examples"

BEFORE = (
    "Shells struck the central market on Saturday morning, killing at least 12 civilians and "
    "wounding dozens more, the regional governor said."
)
AFTER = (
    '"There was no warning," said Olena, 52, a stallholder who was treated for shrapnel wounds '
    "at the city hospital."
)


def _with_line(line: str) -> str:
    return f"A headline about the market\n\n{BEFORE}\n\n{line}\n\n{AFTER}\n"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("0", "counter"),
        ("35", "counter"),
        ("1.2K", "counter"),
        ("12 comments", "counter"),
        ("1,204 shares", "counter"),
        ("Leave a Reply", "comment_prompt"),
        ("Leave a comment", "comment_prompt"),
        ("Post a comment", "comment_prompt"),
        ("Comments", "comment_prompt"),
        ("Comments (4)", "comment_prompt"),
        ("Cancel reply", "comment_prompt"),
        ("Your email address will not be published.", "comment_prompt"),
        (
            "Your email address will not be published. Required fields are marked *",
            "comment_prompt",
        ),
        ("You must be logged in to post a comment.", "comment_prompt"),
        ("Share this:", "share_prompt"),
        ("Share on Facebook", "share_prompt"),
        ("Tweet", "share_prompt"),
        ("Click to share on Twitter (Opens in new window)", "share_prompt"),
        ("Share", "share_prompt"),
        ("Print", "share_prompt"),
        ("Email", "share_prompt"),
        ("WhatsApp", "share_prompt"),
        ("Subscribe to our newsletter", "subscribe_prompt"),
        ("Sign up for the Morning Briefing newsletter", "subscribe_prompt"),
        ("Get the day's top stories delivered to your inbox.", "subscribe_prompt"),
        ("Follow us on Twitter and Instagram", "subscribe_prompt"),
        ("Newsletter", "subscribe_prompt"),
        ("Advertisement", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("Related:", "related_links"),
        ("Related articles", "related_links"),
        ("Related: Aid convoy turned back at the border", "related_links"),
        ("Read more", "related_links"),
        ("Read more: Ceasefire talks stall", "related_links"),
        ("You may also like", "related_links"),
        ("Most read", "related_links"),
        ("We use cookies to improve your experience.", "cookie_notice"),
        ("© 2025 Example News. All rights reserved.", "copyright"),
        ("Copyright 2025 Example Asia Wire", "copyright"),
    ],
)
def test_furniture_line_is_found(line: str, reason: str) -> None:
    text = _with_line(line)
    spans = find_furniture(text)
    assert [(s.reason, s.text) for s in spans] == [(reason, line)]
    assert text[spans[0].start : spans[0].end] == line


@pytest.mark.parametrize(
    "line",
    [
        "Comments by the defence minister on Tuesday drew sharp criticism from rights groups.",
        "He declined to comment.",
        "Share prices in Kyiv fell after the attack.",
        "Print shops in the old city were burned.",
        "Email records show that the order came from the regional command.",
        "Read more than 500 pages of testimony before you decide, the judge told the panel.",
        "Related fighting in the north killed 3 people.",
        "35 people were killed.",
        "Follow-up visits found two more graves.",
        "Tweets from the area showed columns of smoke over the market.",
        "Subscribers to the local radio station said they heard the shelling.",
        "Advertisements for the rally were torn down overnight.",
        "Leave a reply was all the message said, according to the family, who had written to the "
        "regional governor three times asking for news of their son.",
        "Residents said they would leave a comment book at the memorial so that visitors could "
        "share their memories of the 12 people killed, and that the newsletter of the parish "
        "would print the names.",
    ],
)
def test_prose_line_is_kept(line: str) -> None:
    assert find_furniture(_with_line(line)) == ()


def test_long_line_is_never_furniture() -> None:
    line = "Leave a Reply " + "x" * MAX_FURNITURE_CHARS
    assert find_line_furniture(line) == ()


def test_seed_article_furniture() -> None:
    if not SEED.is_file():
        pytest.skip(f"../shared/seed/seed-article.txt not found: looked for {SEED}")
    text = SEED.read_text(encoding="utf-8")
    spans = find_furniture(text)
    assert all(text[s.start : s.end] == s.text for s in spans)
    found = [(s.reason, s.text) for s in spans if s.reason != "repeated_standfirst"]
    assert found == [("counter", "0"), ("counter", "35"), ("comment_prompt", "Leave a Reply")]
    repeats = [s for s in spans if s.reason == "repeated_standfirst"]
    assert len(repeats) == 1
    paragraphs = [p.strip() for p in text.split("\n\n")]
    standfirst = paragraphs[1]
    assert repeats[0].text == standfirst
    assert repeats[0].start > text.index(standfirst), "the first copy must stay"
    # the rest of the repeating paragraph ("According to ...") stays in the body
    assert text[repeats[0].end :].lstrip().startswith("According to the Syrian Observatory")


def test_seed_article_title() -> None:
    if not SEED.is_file():
        pytest.skip(f"../shared/seed/seed-article.txt not found: looked for {SEED}")
    text = SEED.read_text(encoding="utf-8")
    bounds = find_title(text)
    assert bounds is not None
    assert text[bounds[0] : bounds[1]] == text.split("\n", 1)[0].strip()


STANDFIRST = (
    "Gunmen burned at least 30 homes in a village in central Mali on Monday, officials said."
)


def test_repeated_standfirst_removes_only_the_repeated_prefix() -> None:
    rest = " The attack began at dawn, a councillor said."
    text = f"Village raid\n\n{STANDFIRST}\n\n0\n\n{STANDFIRST}{rest}\n\nMore text here.\n"
    spans = [s for s in find_furniture(text) if s.reason == "repeated_standfirst"]
    assert len(spans) == 1
    assert spans[0].text == STANDFIRST
    assert spans[0].start == text.index(STANDFIRST, text.index("0\n\n"))
    assert text[spans[0].end :].startswith(rest)


def test_whole_repeated_paragraph_is_removed() -> None:
    text = f"{STANDFIRST}\n\n{STANDFIRST}\n\nThe rest of the report follows.\n"
    spans = find_furniture(text)
    assert [(s.reason, s.start) for s in spans] == [("repeated_standfirst", len(STANDFIRST) + 2)]


@pytest.mark.parametrize(
    "text",
    [
        # the later paragraph goes on mid-word: not a verbatim repeat of the whole standfirst
        "Headline\n\nFive people were killed in the attack on the village, officials said\n\n"
        "Five people were killed in the attack on the village, officials saidx and more.\n",
        # too short to be a standfirst
        "Headline\n\nTwo were killed.\n\nTwo were killed. Three more were hurt later.\n",
        # no sentence-final punctuation
        "Headline\n\nFive people were killed in the attack on the village on Monday night\n\n"
        "Five people were killed in the attack on the village on Monday night and more.\n",
        # the repeat comes long after the opening: quoted text, not a standfirst
        f"Headline\n\n{STANDFIRST}\n\nA.\n\nB.\n\nC.\n\nD.\n\n{STANDFIRST} And so on.\n",
    ],
)
def test_no_repeated_standfirst(text: str) -> None:
    assert [s for s in find_furniture(text) if s.reason == "repeated_standfirst"] == []


def test_bullets_after_related_header_go_with_it() -> None:
    text = (
        f"{BEFORE}\n\nRelated articles\n- Aid convoy turned back\n- Talks stall\n\n"
        "Don't miss\n\nCeasefire talks stall in the capital\nCholera spreads in camps\n\n"
        f"{AFTER}\n"
    )
    spans = find_furniture(text)
    assert [s.text for s in spans] == [
        "Related articles",
        "- Aid convoy turned back",
        "- Talks stall",
        "Don't miss",
        "Ceasefire talks stall in the capital",
        "Cholera spreads in camps",
    ]
    assert {s.reason for s in spans} == {"related_links"}


def test_related_line_with_its_own_link_does_not_take_the_next_paragraph() -> None:
    text = f"{BEFORE}\n\nRelated: Talks stall in the capital\n\nA subheading\n\n{AFTER}\n"
    assert [s.text for s in find_furniture(text)] == ["Related: Talks stall in the capital"]


def test_title_is_never_removed() -> None:
    text = f"Read more\n\n{BEFORE}\n\nRead more\n"
    assert find_furniture(text, title="Read more") == ()
    assert len(find_furniture(text)) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shelling kills 12 in Kherson\n\nBody text.", "Shelling kills 12 in Kherson"),
        ("\n  Who fired the shells?  \n\nBody text.", "Who fired the shells?"),
        ("Shelling kills 12 in Kherson\r\n\r\nBody text.", "Shelling kills 12 in Kherson"),
        ("Twelve people were killed on Saturday.\n\nBody text.", None),
        ("Shelling kills 12 in Kherson\nBody text right after it.", None),
        ("Shelling kills 12 in Kherson", None),
        ("12\n\nBody text.", None),
        ("Share this:\n\nBody text.", None),
        ("A" * 250 + "\n\nBody text.", None),
        ("", None),
    ],
)
def test_find_title(text: str, expected: str | None) -> None:
    bounds = find_title(text)
    assert (text[bounds[0] : bounds[1]] if bounds else None) == expected


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_example_text_furniture_slices_exactly(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    spans = find_furniture(text)
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert all(a.end <= b.start for a, b in pairwise(spans))


def test_example_furniture_is_what_the_readme_says() -> None:
    found = {
        path.name: sorted({s.reason for s in find_furniture(path.read_text(encoding="utf-8"))})
        for path in EXAMPLES.glob("*.txt")
    }
    assert found == {
        "kherson-market-shelling.txt": ["comment_prompt", "counter", "share_prompt"],
        "gwoza-village-raid.txt": ["repeated_standfirst"],
        "sake-displacement.txt": [],
    }


_LINES = st.sampled_from(
    [
        "0",
        " 35 ",
        "Leave a Reply",
        "Share",
        "Related:",
        "- a link",
        BEFORE,
        AFTER,
        "",
        "  ",
        STANDFIRST,
    ]
)


@given(st.lists(_LINES, max_size=12), st.sampled_from(["\n", "\n\n", "\r\n"]))
def test_every_span_slices_the_text(lines: list[str], sep: str) -> None:
    text = sep.join(lines)
    spans = find_furniture(text)
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.text == span.text.strip() and span.text
    assert all(a.end <= b.start for a, b in pairwise(spans))


def test_repeated_standfirst_after_a_counter_line_does_not_overlap_it() -> None:
    lead = "Shells struck the market on Saturday, killing at least 12 civilians, the governor said."
    text = "\n".join(["0", lead, "", "0", lead])
    spans = find_furniture(text)
    assert all(a.end <= b.start for a, b in pairwise(spans))
    assert [s.reason for s in spans] == ["counter", "counter", "repeated_standfirst"]
    assert spans[-1].text == lead
