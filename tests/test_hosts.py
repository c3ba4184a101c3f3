"""The site a page comes from, archived copies included."""

from __future__ import annotations

import pytest

from harmledger.hosts import site_label, source_host


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.dallasnews.com/news/1", "dallasnews.com"),
        ("www.dallasnews.com", "dallasnews.com"),
        ("http://web.archive.org/web/20160921055948/http://heavy.com:80/news/x", "heavy.com"),
        ("https://web.archive.org/web/2016/https://www.IdahoPress.com/a", "idahopress.com"),
        ("https://web.archive.org/web/2016/", "web.archive.org"),
        ("", ""),
        (None, ""),
    ],
)
def test_source_host(url: str | None, host: str) -> None:
    assert source_host(url) == host


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("https://m.wsmv.com/story/1", "wsmv"),
        ("http://web.archive.org/web/2016/http://www.wtvm.com/story/2", "wtvm"),
        ("https://bbc.co.uk/news", ""),  # "co" says nothing of the site
        ("localhost", ""),
        (None, ""),
    ],
)
def test_site_label(url: str | None, label: str) -> None:
    assert site_label(url) == label
