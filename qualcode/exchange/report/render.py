"""Draw a :class:`~qualcode.exchange.report.build.Report` as one HTML page (Jinja2, autoescaped)."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from qualcode.exchange.charts import safe_color

if TYPE_CHECKING:
    import jinja2

    from qualcode.exchange.report.build import Report


def paragraphs(text: str) -> list[list[str]]:
    """Split text into paragraphs (at blank lines), each a list of its lines."""
    blocks = re.split(r"\n[ \t]*\n", text.strip("\n"))
    return [block.split("\n") for block in blocks if block.strip()]


def anchor(path: str, prefix: str = "code") -> str:
    """Return an HTML id for a code path (``trust/distrust`` -> ``code-trust--distrust``)."""
    return prefix + "-" + re.sub(r"[^\w-]+", "-", path.replace("/", "--"), flags=re.UNICODE)


@cache
def environment() -> jinja2.Environment:
    """Return the Jinja2 environment: the package's templates, autoescaping every value."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("qualcode.exchange.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["paragraphs"] = paragraphs
    env.filters["anchor"] = anchor
    env.filters["color"] = safe_color
    return env


def render_report(report: Report) -> str:
    """Return the report as one HTML page.

    Every value is escaped by the template engine; only the charts, which
    :mod:`qualcode.exchange.charts` builds with every text escaped, go in as
    markup. The page has no scripts and loads nothing.
    """
    from markupsafe import Markup

    template = environment().get_template("report.html.j2")
    return template.render(r=report, svg=Markup)
