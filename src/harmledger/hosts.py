"""Which site a page comes from, read from its URL.

Archived copies (``web.archive.org/web/<time>/<original url>``) name the site of their
original, which is what the geocoder's home town, an incident's sources and the linker's
headline rules need.

>>> source_host("http://web.archive.org/web/20160921/http://www.idahopress.com/news/x")
'idahopress.com'
>>> site_label("https://m.wsmv.com/story/1")
'wsmv'
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

_ARCHIVE = "web.archive.org"


def source_host(url: str | None) -> str:
    """The lower-case host of the page ``url`` is (or is an archived copy of), without
    "www."; "" when there is none. A URL without a scheme ("www.dallasnews.com") is read as a
    host."""
    if not url:
        return ""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    if host.endswith(_ARCHIVE) and "/http" in url:
        return source_host(url[url.index("/http") + 1 :])
    return host.removeprefix("www.")


def site_label(url: str | None) -> str:
    """The name a site goes by in its domain ("wtvm" for wtvm.com, "abc7chicago" for
    abc7chicago.com); "" when the host has none of three letters or more."""
    labels = source_host(url).rstrip(".").split(".")
    label = labels[-2] if len(labels) >= 2 else ""
    return label if len(label) >= 3 else ""


def without_credentials(url: str) -> str:
    """``url`` with any ``user:password@`` removed, for messages, logs and stored origins.

    >>> without_credentials("https://ann:s3cret@example.org/feed.rss")
    'https://example.org/feed.rss'
    """
    if "@" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.rsplit("@", 1)[-1]  # unparsable: keep only what follows the last "@"
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
