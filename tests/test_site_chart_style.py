"""Charts: one style file, applied on importing analysis.viz, with a freely licensed CJK font.

A Chinese label (万元) must draw without matplotlib's missing-glyph warning or a findfont message,
either of which would print into a notebook's output on the site.
"""

from __future__ import annotations

import logging
import warnings

import matplotlib

matplotlib.use("Agg")


def test_importing_viz_applies_the_style_file():
    import matplotlib as mpl

    from analysis.viz import plots

    assert plots.STYLE_FILE.exists() and plots.STYLE_FILE.name == "analysis.mplstyle"
    style = matplotlib.rc_params_from_file(str(plots.STYLE_FILE), use_default_template=False)
    assert mpl.rcParams["font.size"] == style["font.size"] >= 12  # legible when a phone shrinks a chart


def test_chinese_label_draws_without_warning_or_font_fallback(caplog, tmp_path):
    import matplotlib.pyplot as plt

    from analysis.viz import plots  # noqa: F401

    with warnings.catch_warnings(), caplog.at_level(logging.INFO, logger="matplotlib.font_manager"):
        warnings.simplefilter("error")
        fig, ax = plt.subplots(figsize=(7, 3))
        ax.barh(["培训", "小额担保贷款"], [315, 1200])
        ax.set_title("再就业资金 (万元)")
        fig.suptitle("下岗职工")
        ax.set_xlabel("万元 (10,000 yuan)")
        fig.savefig(tmp_path / "chart.png")
        plt.close(fig)
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]


def test_cjk_font_is_noto_sans_cjk_not_simhei():
    from matplotlib import font_manager

    from analysis.viz import plots

    path = plots.cjk_font_path()
    assert path is not None and path.name == "NotoSansCJKsc-Regular.otf"
    registered = {f.name for f in font_manager.fontManager.ttflist if "mplfonts" in f.fname}
    assert "Noto Sans CJK SC" in registered
    assert not {n for n in registered if "SimHei" in n or "黑体" in n}
