"""Check that every internal link and anchor of the built site resolves.

Run by :func:`analysis.site.build.build_site` on the freshly built folder before it
replaces ``site/``: a broken link fails the build like a broken page.

Proportionate: tags are found with one regular expression over each page (script
bodies and comments left out) instead of a full HTML parse, and with ``cache`` the
links and ids of a page are remembered by the page's sha256, so a rebuild re-reads
only the pages whose bytes changed.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

__all__ = ["broken_links", "links_and_ids"]

_HIDDEN = re.compile(
    r"<!--.*?-->|(<script\b[^>]*>).*?</script\s*>|(<style\b[^>]*>).*?</style\s*>", re.DOTALL | re.IGNORECASE
)
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>")
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_LINK_TAGS = {"a", "img", "script", "link"}


def links_and_ids(text: str) -> tuple[list[str], list[str]]:
    """The ``href``/``src`` of links, images, scripts and stylesheets, and the element ids, of one page."""
    text = _HIDDEN.sub(lambda m: m.group(1) or m.group(2) or "", text)
    links: list[str] = []
    ids: list[str] = []
    for m in _TAG.finditer(text):
        tag = m.group(1).lower()
        attrs = m.group(2)
        if not attrs or "=" not in attrs:
            continue
        for a in _ATTR.finditer(attrs):
            name = a.group(1).lower()
            raw = (
                a.group(2) if a.group(2) is not None else a.group(3) if a.group(3) is not None else a.group(4)
            )
            val = html.unescape(raw)
            if name == "id" or (name == "name" and tag == "a"):
                if val:
                    ids.append(val)
            elif name in ("href", "src") and tag in _LINK_TAGS and val:
                links.append(val)
    return links, ids


def _target(page: Path, url: str, site: Path) -> Path:
    path = unquote(urlsplit(url).path)
    if not path:
        return page
    target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = target.resolve()
    if target.is_dir():
        target = target / "index.html"
    return target


def _scan(site: Path, cache: Path | None) -> dict[Path, tuple[list[str], set[str]]]:
    old: dict = {}
    if cache is not None and cache.exists():
        try:
            old = json.loads(cache.read_text(encoding="utf-8"))
        except ValueError:
            old = {}
    new: dict = {}
    pages: dict[Path, tuple[list[str], set[str]]] = {}
    for page in sorted(site.rglob("*.html")):
        data = page.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        hit = old.get(digest)
        if hit is None:
            hit = list(links_and_ids(data.decode("utf-8", errors="replace")))
        new[digest] = hit
        pages[page.resolve()] = (hit[0], set(hit[1]))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(new), encoding="utf-8")
    return pages


def broken_links(site: Path, cache: Path | None = None) -> list[str]:
    """Every internal link (file or ``#anchor``) in ``site`` that does not resolve, as readable lines.

    ``cache`` (a JSON file) keeps each page's links and ids by content hash between runs.
    """
    site = site.resolve()
    pages = _scan(site, cache)
    problems: list[str] = []
    exists: dict[Path, bool] = {}
    for page, (links, _) in pages.items():
        rel = page.relative_to(site)
        for url in links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith(("//", "mailto:", "javascript:", "data:")):
                continue  # external links are not ours to check offline
            base, fragment = urldefrag(url)
            target = _target(page, base, site)
            if target not in exists:
                exists[target] = target in pages or target.exists()
            if not exists[target]:
                problems.append(f"{rel}: link to {url!r} has no target")
                continue
            if fragment and target.suffix == ".html":
                ids = (
                    pages[target][1]
                    if target in pages
                    else set(links_and_ids(target.read_text(errors="replace"))[1])
                )
                if unquote(fragment) not in ids:
                    problems.append(f"{rel}: link to {url!r}: no element with id {fragment!r}")
    return sorted(problems)
