"""Sphinx extension: ``.. actplot::`` figures and ``.. actplot-info::`` tables, built with the docs.

``.. actplot-info:: relu`` shows the formulas (as math) and facts of ``actplot info``; see
`actplot.sphinxinfo`.

Add ``"actplot.sphinxext"`` to ``extensions`` in ``conf.py``, then::

    .. actplot:: sigmoid relu
       :derivs: 2
       :range: -5 5
       :theme: auto
       :alt: sigmoid and relu with their first and second derivatives
       :caption: Kinks become Dirac impulses.

Every option of ``actplot plot`` is an option here, checked by the same checks as
``actplot render`` (see `actplot.docfigures`); ``:theme: auto`` gives a light and a dark
figure, shown by the reader's colour scheme (``<picture>`` with ``prefers-color-scheme``).
Figures are drawn while pages are written, into the build's image folder under a name
hashed from their content, so an unchanged figure is never redrawn.  HTML builders get
SVG and LaTeX gets PDF unless ``actplot_formats`` says otherwise (``{"html": "png"}``);
``actplot_default_options`` (option name → text) sets a project's defaults.  A bad option
stops the build with ``file:line: actplot: error: …``.  Like matplotlib's ``plot_directive``.
"""

from __future__ import annotations

import html
import logging
from importlib.metadata import version
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging as sphinx_logging
from sphinx.util.docutils import SphinxDirective, SphinxTranslator

from actplot.docfigures import OPTIONS, DocFigure, ensure_file, figures
from actplot.errors import ActplotError

#: Figure format by builder format, unless ``actplot_formats`` in ``conf.py`` says otherwise.
DEFAULT_FORMATS = {"html": "svg", "latex": "pdf"}


logger = sphinx_logging.getLogger(__name__)
#: How every error of this extension starts, as the command line's errors do.
ERROR = "actplot: error: "


class Failures(logging.Handler):
    """Counts this extension's errors, also those replayed from parallel processes, to fail the build."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        """Count `record` if it is one of ours."""
        self.count += str(record.msg).startswith(ERROR)


class actplot_figure(nodes.General, nodes.Element):  # noqa: N801
    """A figure to draw at write time, from its option texts (checked when the page was read)."""


def _spell(name: str) -> str:
    return "" if name == "activations" else f":{name}:"


class ActplotDirective(SphinxDirective):
    """``.. actplot:: NAME [NAME …]`` with the options of ``actplot plot``, ``:alt:`` and ``:caption:``."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {name: directives.unchanged_required for name in OPTIONS} | {
        "alt": directives.unchanged,
        "caption": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        """Check the options now (a bad one stops the build here) and leave a node to draw later."""
        texts = {
            **self.config.actplot_default_options,
            **{k: v for k, v in self.options.items() if k in OPTIONS},
            "activations": self.arguments[0],
        }
        source, line = self.get_source_info()
        try:
            figures(texts, Path(source).parent, _spell)
        except ActplotError as error:
            logger.error(f"{ERROR}{error}", location=(self.env.docname, line))
            return []
        node = actplot_figure()
        node["texts"] = texts
        node["folder"] = str(Path(source).parent)
        node["alt"] = self.options.get("alt", " ".join(self.arguments[0].split()))
        node["caption"] = self.options.get("caption", "")
        self.set_source_info(node)
        return [node]


def _files(translator: SphinxTranslator, node: actplot_figure, builder: str, folder: Path) -> list[str]:
    """Each figure's file name in `folder` (drawn there if missing), light before dark.

    A figure matplotlib refuses to draw (a canvas too large, say) is logged as an error and left out.
    """
    fmt = {**DEFAULT_FORMATS, **translator.config.actplot_formats}.get(builder, "svg")
    try:
        checked: list[DocFigure] = figures(node["texts"], Path(node["folder"]), _spell)
        return [ensure_file(figure, fmt, folder).name for figure in checked]
    except ActplotError as error:
        logger.error(f"{ERROR}{error}", location=node)
        raise nodes.SkipNode from None


def visit_html(translator: Any, node: actplot_figure) -> None:
    """``<figure>`` with an ``<img>``, in a ``<picture>`` with a dark ``<source>`` for ``:theme: auto``."""
    builder = translator.builder
    names = _files(translator, node, "html", Path(builder.outdir) / builder.imagedir)
    uris = [f"{builder.imgpath}/{name}" for name in names]
    image = f'<img src="{html.escape(uris[0])}" alt="{html.escape(node["alt"])}" class="actplot" />'
    if len(uris) == 2:
        dark = f'<source srcset="{html.escape(uris[1])}" media="(prefers-color-scheme: dark)" />'
        image = f"<picture>{dark}{image}</picture>"
    caption = f"<figcaption><p>{html.escape(node['caption'])}</p></figcaption>" if node["caption"] else ""
    translator.body.append(f'<figure class="actplot">{image}{caption}</figure>\n')
    raise nodes.SkipNode


def visit_latex(translator: Any, node: actplot_figure) -> None:
    """A LaTeX ``figure`` with the (light) PDF, written beside the ``.tex`` file."""
    name = _files(translator, node, "latex", Path(translator.builder.outdir))[0]
    caption = f"\\caption{{{translator.encode(node['caption'])}}}" if node["caption"] else ""
    translator.body.append(
        f"\n\\begin{{figure}}[htbp]\n\\centering\n\\sphinxincludegraphics[width=\\linewidth]{{{name}}}\n"
        f"{caption}\n\\end{{figure}}\n"
    )
    raise nodes.SkipNode


def visit_text(translator: Any, node: actplot_figure) -> None:
    """Plain-text builders show the alt text."""
    translator.add_text(f"[{node['alt']}]")
    raise nodes.SkipNode


def skip(translator: Any, node: nodes.Node) -> None:
    """Other builders leave the figure out."""
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives, the figure node and the ``conf.py`` values."""
    from actplot.sphinxinfo import ActplotInfoDirective

    app.add_config_value("actplot_formats", {}, "env", types=[dict])
    app.add_config_value("actplot_default_options", {}, "env", types=[dict])
    app.add_node(
        actplot_figure,
        html=(visit_html, None),
        latex=(visit_latex, None),
        text=(visit_text, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_directive("actplot", ActplotDirective)
    app.add_directive("actplot-info", ActplotInfoDirective)
    failures = Failures()
    logging.getLogger("sphinx").addHandler(failures)
    app.connect("build-finished", lambda app, _: _finish(app, failures))
    return {"version": version("actplot"), "parallel_read_safe": True, "parallel_write_safe": True}


def _finish(app: Sphinx, failures: Failures) -> None:
    """A build with a bad figure fails (exit status 1) once every page is written."""
    logging.getLogger("sphinx").removeHandler(failures)
    if failures.count:
        app.statuscode = 1
