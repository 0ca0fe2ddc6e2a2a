"""The site link checker finds missing pages and anchors."""

from analysis.site.linkcheck import broken_links


def _site(tmp_path, pages: dict[str, str]):
    for name, body in pages.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return tmp_path


def test_good_links_and_anchors_pass(tmp_path):
    site = _site(
        tmp_path,
        {
            "index.html": '<a href="speech/#p1">s</a><a href="https://example.org">x</a>',
            "speech/index.html": '<div id="p1"></div><a href="../">home</a>',
        },
    )
    assert broken_links(site) == []


def test_missing_page_is_reported(tmp_path):
    site = _site(tmp_path, {"index.html": '<a href="nowhere/">n</a>'})
    assert broken_links(site) == ["index.html: link to 'nowhere/' has no target"]


def test_missing_anchor_is_reported(tmp_path):
    site = _site(tmp_path, {"index.html": '<a href="#fig-99">n</a>'})
    assert "no element with id 'fig-99'" in broken_links(site)[0]
