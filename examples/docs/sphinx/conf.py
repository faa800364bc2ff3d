"""A minimal Sphinx project drawing activation figures with ``actplot.sphinxext``."""

project = "Activations"
extensions = ["actplot.sphinxext"]
# Figures of this project default to 400 samples (directive options override it).
actplot_default_options = {"points": "400"}
# SVG for HTML and PDF for LaTeX are the defaults; {"html": "png"} would give PNG pages.
actplot_formats = {"html": "svg", "latex": "pdf"}
html_theme = "alabaster"
