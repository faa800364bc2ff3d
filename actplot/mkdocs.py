"""MkDocs plugin: a fenced ``actplot`` block becomes the figure its arguments draw.

Add ``- actplot`` under ``plugins:`` in ``mkdocs.yml``, then write in a page::

    ```actplot
    sigmoid relu --derivs 2 --range -5 5 --theme auto --alt "sigmoid and relu"
    ```

The block holds the arguments of ``actplot plot`` (long options, or ``-d -r -n``), plus
``--alt`` and ``--caption``; they are checked by the same checks as ``actplot render``
(see `actplot.docfigures`).  Each SVG is drawn once into a cache folder (``cache_dir``,
relative to ``mkdocs.yml``) under a name hashed from its content, then copied into the
site under ``assets/actplot/``; ``--theme auto`` shows a light and a dark figure by the
reader's colour scheme.  ``default_options`` (option name → text) sets a site's defaults.
A bad block stops the build with ``page.md:LINE: actplot: error: …``.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

from mkdocs.config import base, config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from actplot.docfigures import ensure_file, figures, parse_arguments
from actplot.errors import ActplotError
from actplot.files import write_atomic

#: A fenced block whose info string is ``actplot``: its fence, then its text.
BLOCK = re.compile(
    r"^(?P<fence>`{3,}|~{3,})[ \t]*actplot[ \t]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.M | re.S,
)
#: Where the figures go in the built site.
ASSETS = "assets/actplot"


class ActplotConfig(base.Config):
    """``cache_dir``: where drawn figures are kept between builds; ``default_options``: site defaults."""

    cache_dir = config_options.Type(str, default=".cache/actplot")
    default_options = config_options.Type(dict, default={})


class ActplotPlugin(BasePlugin[ActplotConfig]):
    """Replaces each fenced ``actplot`` block with its figure."""

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The page with each block replaced by a ``<figure>`` (raw HTML, which Markdown passes on).

        Raises:
            PluginError: a bad block; the message names the page, the line and what is wrong.
        """
        return BLOCK.sub(lambda match: self._figure(match, markdown, page, config), markdown)

    def _figure(self, match: re.Match[str], markdown: str, page: Page, config: MkDocsConfig) -> str:
        line = markdown.count("\n", 0, match.start()) + 2  # the line after the fence
        source = Path(config.docs_dir) / page.file.src_path
        try:
            texts = parse_arguments(match["body"], extra=("alt", "caption"))
            alt = texts.pop("alt", texts["activations"])
            caption = texts.pop("caption", "")
            checked = figures({**self.config.default_options, **texts}, source.parent, _spell)
            cache = Path(config.config_file_path or ".").parent / self.config.cache_dir
            names = [ensure_file(figure, "svg", cache).name for figure in checked]
            for name in names:
                _copy(cache / name, Path(config.site_dir) / ASSETS / name)
        except ActplotError as error:
            raise PluginError(f"{page.file.src_uri}:{line}: actplot: error: {error}") from None
        here = posixpath.dirname(page.file.dest_uri)
        uris = [html.escape(posixpath.relpath(f"{ASSETS}/{name}", here or ".")) for name in names]
        image = f'<img src="{uris[0]}" alt="{html.escape(alt)}" class="actplot" />'
        if len(uris) == 2:
            dark = f'<source srcset="{uris[1]}" media="(prefers-color-scheme: dark)" />'
            image = f"<picture>{dark}{image}</picture>"
        shown = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
        return f'<figure class="actplot">{image}{shown}</figure>'


def _spell(name: str) -> str:
    return "" if name == "activations" else f"--{name}"


def _copy(cached: Path, target: Path) -> None:
    """Copy a cached figure into the site, unless the same bytes are there already."""
    data = cached.read_bytes()
    if not (target.is_file() and target.read_bytes() == data):
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
