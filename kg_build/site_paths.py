"""Where each node's page lives in the site, and how one page links to another.

A page's path is its IRI's path below ids.BASE plus `.html` (plan/gd-hk/2019.html), so a reader
can guess a URL from an IRI. Chinese segments stay as they are (browsers handle UTF-8 file
names); a segment a file system or URL would mangle gets a short content hash instead.
Plan items and sections are anchors on their plan's page, not pages of their own.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from urllib.parse import quote, unquote

from .ids import BASE

# Characters a file name on common systems (or a URL path segment left unescaped) cannot carry.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|%#]')
# A segment is at most this many characters: 60 CJK characters are 180 bytes, under the 255-byte limit.
MAX_SEGMENT = 60


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def file_segment(segment: str) -> str:
    """One IRI path segment as a file-name segment: as is when safe, else a readable prefix and a hash."""
    text = unquote(segment)
    if text and not _UNSAFE.search(text) and not text.startswith(".") and len(text) <= MAX_SEGMENT:
        return text
    readable = _UNSAFE.sub("", text).lstrip(".")[:20]
    return f"{readable}-{_digest(text)}" if readable else _digest(text)


def page_path(iri: str) -> str:
    """The page of a node, relative to the site root."""
    if not iri.startswith(BASE):
        return f"other/{_digest(iri)}.html"
    segments = [file_segment(s) for s in iri[len(BASE):].split("/") if s]
    return "/".join(segments or ["root"]) + ".html"


def anchor(iri: str, kind: str) -> str:
    """The fragment of an item or section on its plan's page: item-10, section-3.1."""
    return f"{kind}-{quote(iri.rstrip('/').rsplit('/', 1)[-1], safe='')}"


def relative(from_page: str, target: str) -> str:
    """An href from one page to another (target may carry a #fragment), percent-encoded."""
    path, _, fragment = target.partition("#")
    rel = _relpath(path, posixpath.dirname(from_page)) if path else ""
    href = quote(rel, safe="/-._~()")
    return f"{href}#{fragment}" if fragment else href


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for site-relative paths, without its calls to os.getcwd (thousands per page)."""
    target, base = path.split("/"), [p for p in start.split("/") if p]
    common = 0
    while common < min(len(base), len(target) - 1) and base[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:])


def resolve(from_page: str, href: str) -> str:
    """The site-relative file an href on a page points at (the inverse of `relative`, for tests and serving)."""
    path = unquote(href.partition("#")[0])
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_page), path)) if path else from_page
