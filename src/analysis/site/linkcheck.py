"""Check that every internal link and anchor of the built site resolves.

Run by :func:`analysis.site.build.build_site` on the freshly built folder before it
replaces ``site/``: a broken link fails the build like a broken page.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

__all__ = ["broken_links"]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"] or "")
        for attr in ("href", "src"):
            if tag in ("a", "img", "script", "link") and a.get(attr):
                self.links.append(a[attr] or "")


def _parse(page: Path) -> _Collector:
    c = _Collector()
    c.feed(page.read_text(encoding="utf-8", errors="replace"))
    return c


def _target(page: Path, url: str, site: Path) -> Path | None:
    path = unquote(urlsplit(url).path)
    if not path:
        return page
    target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = target.resolve()
    if target.is_dir():
        target = target / "index.html"
    return target


def broken_links(site: Path) -> list[str]:
    """Every internal link (file or ``#anchor``) in ``site`` that does not resolve, as readable lines."""
    site = site.resolve()
    pages = {p.resolve(): None for p in site.rglob("*.html")}
    parsed: dict[Path, _Collector] = {}
    problems: list[str] = []
    for page in sorted(pages):
        col = parsed.setdefault(page, _parse(page))
        for url in col.links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith(("//", "mailto:", "javascript:", "data:")):
                continue  # external links are not ours to check offline
            base, fragment = urldefrag(url)
            target = _target(page, base, site)
            rel = page.relative_to(site)
            if target is None or not target.exists():
                problems.append(f"{rel}: link to {url!r} has no target")
                continue
            if fragment and target.suffix == ".html":
                ids = parsed.setdefault(target, _parse(target)).ids
                if unquote(fragment) not in ids:
                    problems.append(f"{rel}: link to {url!r}: no element with id {fragment!r}")
    return problems
