"""``qualcode report``: one self-contained HTML page with the project's results.

* :mod:`~qualcode.exchange.report.build` gathers the sections from the
  library functions behind the other commands (tally, cooccur, quotes,
  survey tally, agreement, words, memos, the codebook): no second counting rule;
* :mod:`~qualcode.exchange.report.render` draws them with the Jinja2 templates
  in ``templates/`` (autoescaped: participant text is data, never markup),
  with the charts of :mod:`qualcode.exchange.charts` inline as SVG and the
  style sheet inline: the page fetches nothing (no scripts, fonts, images
  or styles from anywhere).

May import: every library package below ``exchange``; never ``cli``.
"""

from __future__ import annotations

from qualcode.exchange.report.build import Report, build_report
from qualcode.exchange.report.render import render_report

__all__ = ["Report", "build_report", "render_report"]
