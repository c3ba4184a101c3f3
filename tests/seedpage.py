"""The seed report, read from ../shared, and a realistic web page built around it in tests.

Nothing of the seed is copied into the project: tests read it at run time and skip with a clear
message when ../shared is absent.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

SEED = Path(__file__).parents[1].parent / "shared" / "seed" / "seed-article.txt"

NAV = ["Home", "World", "Middle East", "Opinion"]
RELATED = [
    "Ceasefire talks stall as fighting spreads in the north",
    "Aid convoys wait at the border crossing for a third day",
]
FORM = [
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Post Comment",
    "Privacy policy",
    "All rights reserved",
]


def seed_parts() -> tuple[str, str, list[str]]:
    """The seed's headline, standfirst and body paragraphs (furniture left out)."""
    if not SEED.is_file():
        pytest.skip(f"../shared/seed/seed-article.txt not found: looked for {SEED}")
    paragraphs = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    furniture = {"0", "35", "0\n35", "Leave a Reply"}
    return paragraphs[0], paragraphs[1], [p for p in paragraphs[2:] if p not in furniture]


def seed_page(title: str, standfirst: str, body: list[str]) -> str:
    """A realistic news page around the seed text, built here so nothing is copied."""
    e = html.escape
    nav = "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in NAV)
    related = "".join(f'<li><a href="/r{i}">{e(r)}</a></li>' for i, r in enumerate(RELATED))
    paragraphs = "\n".join(f"<p>{e(p)}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(title)} | Example News</title>
<meta property="og:title" content="{e(title)}">
<meta property="og:site_name" content="Example News">
<meta property="og:type" content="article">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2025-03-09T10:00:00Z">
<link rel="canonical" href="https://news.example.org/world/syria-coast">
</head><body>
<header><nav><ul>{nav}</ul></nav></header>
<main><article>
<h1>{e(title)}</h1>
<p class="standfirst">{e(standfirst)}</p>
<div class="share"><span class="count">0</span> <span class="count">35</span></div>
{paragraphs}
</article>
<aside class="related"><h3>Related articles</h3><ul>{related}</ul></aside>
<section id="comments"><h3 id="reply-title">{FORM[0]}</h3>
<form action="/comment" method="post"><p>{FORM[1]}</p>
<textarea name="comment"></textarea><input type="submit" value="{FORM[2]}"></form></section>
</main>
<footer><a href="/privacy">{FORM[3]}</a><p>© 2025 Example News. {FORM[4]}.</p></footer>
</body></html>"""


def seed_text() -> str:
    """The seed report's text, or skip the test."""
    if not SEED.is_file():
        pytest.skip(f"../shared/seed/seed-article.txt not found: looked for {SEED}")
    return SEED.read_text(encoding="utf-8")


def seed_html() -> str:
    """The seed report wrapped in a news page with navigation, counters and a comment form."""
    return seed_page(*seed_parts())
