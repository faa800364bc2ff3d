"""Sliders over the parameters of drawn activations: f, f′ and f″ redrawn live as one moves.

`explore` draws the figure `actplot.figure.draw` draws (one panel per order, an impulse
band under every panel of f′ and f″) with controls above it: a slider per number
parameter (one per number of a list parameter), radio buttons per choice parameter, and a
*fit y* button.  Moving a control binds that activation anew, samples it alone again,
re-plans each panel with its y-limits unchanged, and draws again only what changed: that
activation's lines take the new data in place, its jump markers and off-frame marks are drawn
anew (a curve whose style or number of pieces changed is drawn anew with the curves after it,
so the drawing order stays the plan's), and so are the impulses of a band whose impulses
moved.  Where the canvas can blit, those artists are drawn over a saved picture of the rest.

The y-limits stay those of the start (or of the last *fit y*), so the motion on screen is
the function's: a curve that leaves the frame is marked where it leaves, as in every figure.
The x-range stays that of the start.  A combination a family refuses (hard_tanh's
min_val ≥ max_val) is said in a line under the controls; the curves keep the last values
that work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import DrawEvent
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.widgets import Button, RadioButtons, Slider

from actplot.activation import Activation, Param, ParamValue, union_view
from actplot.api import Specs, activations_of
from actplot.errors import SpecError, UsageError
from actplot.figure import (
    CURVE_PARTS,
    SLACK,
    Fonts,
    Measure,
    curve_artists,
    draw,
    draw_curve,
    draw_curve_marks,
    draw_impulses,
    draw_off_frame,
    legend_label,
    panel_axes,
    panel_band,
    styled,
)
from actplot.options import FigureOptions, check_derivs
from actplot.plan import LAYOUT_FUNCTIONS, Panel, make_plan, plan_panel, y_limits
from actplot.sampling import Sampled, figure_resolution, sample
from actplot.theme import get_theme

#: Inches: the height of one row of controls, and the room above and below them.
ROW, MARGIN = 0.32, 0.15
#: A radio button's height, in inches; the width of a set of them, a share of the figure's.
CHOICE_ROW, CHOICES_WIDTH = 0.22, 0.2
#: Points between a control's name and the control; a slider's handle, across (inside its axes).
GAP, HANDLE = 8.0, 8.0


@dataclass(frozen=True)
class Control:
    """What one control sets: a parameter of an activation, or one number of a list parameter.

    Attributes:
        key: ``label:param`` (``elu:alpha``); ``label:param[i]`` for the i-th number of a list.
        label: the activation's label in the figure.
        param: the parameter.
        index: the number's place in a list parameter, else None.
    """

    key: str
    label: str
    param: Param
    index: int | None = None

    def value(self, activation: Activation) -> ParamValue:
        """The value the control shows for `activation`."""
        value = activation.params[self.param.name]
        return value[self.index] if isinstance(value, tuple) and self.index is not None else value

    def moved(self, activation: Activation, value: ParamValue) -> Activation:
        """`activation` with this control's value set to `value` (keeping its label).

        Raises:
            SpecError: the family refuses the value or the combination.
        """
        params = dict(activation.params)
        current = params[self.param.name]
        if isinstance(current, tuple) and self.index is not None:
            assert isinstance(value, float)
            value = (*current[: self.index], value, *current[self.index + 1 :])
        params[self.param.name] = value
        return replace(activation.entry.bind(**params), label=activation.label)


def slider_span(param: Param, value: float) -> tuple[float, float]:
    """The interval a slider over a number parameter covers: around its default, holding `value`.

    With r the default: r·[0.1, 4] for a positive parameter, [0, 4r] (or [0, 4] for r = 0) for a
    non-negative one, r ± max(2, 2|r|) for any real; where `value` lies outside, the same around `value`.
    """

    def around(r: float) -> tuple[float, float]:
        if param.domain == "positive":
            return 0.1 * r, 4.0 * r
        if param.domain == "nonnegative":
            return 0.0, 4.0 * r if r else 4.0
        reach = max(2.0, 2.0 * abs(r))
        return r - reach, r + reach

    default = param.default[0] if isinstance(param.default, tuple) else param.default
    assert isinstance(default, float)
    lo, hi = around(default)
    return (lo, hi) if lo <= value <= hi else around(value)


def controls(activations: Sequence[Activation]) -> list[Control]:
    """A control per number parameter, per number of a list parameter and per choice parameter."""
    found = []
    for activation in activations:
        for param in activation.entry.params:
            value = activation.params[param.name]
            if isinstance(value, tuple):
                found += [
                    Control(f"{activation.label}:{param.name}[{i}]", activation.label, param, i)
                    for i in range(len(value))
                ]
            else:
                found.append(Control(f"{activation.label}:{param.name}", activation.label, param))
    return found


def labelled(activations: Sequence[Activation]) -> list[Activation]:
    """The activations under the labels their controls are keyed by: the name, else the label.

    A catalogue activation is called by its name (its values are on its controls), an
    expression by its label; the second of one name is ``name#2``, the third ``name#3``.
    """
    seen: dict[str, int] = {}
    named = []
    for activation in activations:
        base = activation.name if activation.entry.params else activation.label
        seen[base] = seen.get(base, 0) + 1
        label = base if seen[base] == 1 else f"{base}#{seen[base]}"
        named.append(replace(activation, label=label))
    return named


class Explorer:
    """A figure of activations with a control per parameter, redrawn as the controls move.

    Attributes:
        figure: the figure.
        sliders: ``label:param`` → the matplotlib `Slider` of each number parameter.
        choices: ``label:param`` → the matplotlib `RadioButtons` of each choice parameter.
        fit: the button that fits the y-limits to the curves as they are.
        activations: label → the activation as drawn now.
        plan: the panel plan as drawn now.
    """

    def __init__(
        self,
        activations: Sequence[Activation],
        derivs: int,
        x_range: tuple[float, float],
        points: int,
        theme: str,
        pyplot: bool,
    ) -> None:
        self.activations = {a.label: a for a in activations}
        self._orders = tuple(range(derivs + 1))
        self._x_range = x_range
        self._points = points
        self._resolution = figure_resolution(None, None)
        self._colours = get_theme(theme)
        self._options = FigureOptions(theme=theme)
        self._controls = controls(activations)
        self._measure = Measure()
        self._fonts = Fonts(self._options.font_scale)
        self._parts = {label: self._sample(a) for label, a in self.activations.items()}
        self.plan = make_plan(self._sampled(), self._options)
        rows = sum(len(c.param.choices) * CHOICE_ROW / ROW if c.param.choices else 1 for c in self._controls)
        room = (rows + 1) * ROW + 2 * MARGIN
        self.figure = draw(self._sampled(), self._options, every_band=True)
        width, height = self.figure.get_size_inches()
        height += room  # the controls go above the panels, which keep their size
        self.figure.set_size_inches(width, height)
        engine = self.figure.get_layout_engine()
        assert isinstance(engine, ConstrainedLayoutEngine)
        engine.set(rect=(0.0, 0.0, 1.0, 1.0 - room / height))
        self._axes = panel_axes(self.figure, self.plan)
        self.sliders: dict[str, Slider] = {}
        self.choices: dict[str, RadioButtons] = {}
        with styled(self._colours, None):
            self._add_controls(height)  # on the figure's own canvas, which draws nothing as they are set
        if pyplot:  # the widgets' events and callbacks are the figure's: they follow it to the new canvas
            import matplotlib.pyplot as plt

            plt.figure(self.figure)
        self._blit = bool(self.figure.canvas.supports_blit)
        self._background: Any = None
        for slider in self.sliders.values():
            slider.drawon = not self._blit  # when it can blit, `_show` draws the slider with the curves
        for artist in self._moving():
            artist.set_animated(self._blit)
        self.figure.canvas.mpl_connect("draw_event", self._on_draw)

    def _add_controls(self, height: float) -> None:
        """The controls above the panels, a row each, the name on the left; the status line under them."""
        width = self.figure.get_figwidth()
        names = max(self._measure(c.key, 10.0) for c in self._controls)
        left = min(0.45, (names + GAP + 12.0) / 72 / width)
        top = height - MARGIN
        for control in self._controls:
            colour = self._colours.colour(self.plan.styles[control.label, self._orders[0]].colour)
            value = control.value(self.activations[control.label])
            if control.param.choices:
                rows = len(control.param.choices) * CHOICE_ROW
                top -= rows
                ax = self._control_axes((left, top / height, CHOICES_WIDTH, rows / height))
                gap = GAP / 72 / (CHOICES_WIDTH * width)  # in the axes' widths
                ax.text(-gap, 0.5, control.key, ha="right", va="center", transform=ax.transAxes)
                buttons = RadioButtons(
                    ax,
                    control.param.choices,
                    active=control.param.choices.index(str(value)),
                    activecolor=colour,
                    radio_props={"edgecolor": self._colours.foreground},
                )
                buttons.on_clicked(self._mover(control))
                self.choices[control.key] = buttons
                continue
            top -= ROW
            ax = self._control_axes((left, (top + 0.07) / height, 0.78 - left, (ROW - 0.14) / height))
            assert isinstance(value, float)
            lo, hi = slider_span(control.param, value)
            slider = Slider(
                ax,
                control.key,
                lo,
                hi,
                valinit=value,
                valfmt="%.4g",
                color=colour,
                initcolor=self._colours.axis,
                track_color=self._colours.grid,
                handle_style={"facecolor": self._colours.background, "edgecolor": colour, "size": HANDLE},
            )
            slider.on_changed(self._mover(control))
            self.sliders[control.key] = slider
        top -= ROW
        button_axes = self._control_axes((0.86, (top + 0.05) / height, 0.1, (ROW - 0.1) / height))
        self.fit = Button(button_axes, "fit y", color=self._colours.grid, hovercolor=self._colours.axis)
        self.fit.on_clicked(lambda _: self.fit_y())
        self._status = self.figure.text(left, (top + ROW / 2) / height, "", va="center", fontsize=9)

    def _control_axes(self, rect: tuple[float, float, float, float]) -> Axes:
        """An axes for a control, at `rect` (figure fractions), without a frame."""
        ax = self.figure.add_axes(rect)
        ax.set_facecolor(self._colours.background)
        for spine in ax.spines.values():
            spine.set_visible(False)
        return ax

    # --- sampling and planning ---------------------------------------------------------------

    def _sample(self, activation: Activation) -> Sampled:
        """One activation's curves at every order drawn."""
        return sample([activation], self._orders, self._x_range, self._points, self._resolution)

    def _sampled(self) -> Sampled:
        """Every activation's curves as they are now, in the figure's order."""
        parts = [self._parts[label] for label in self.activations]
        curves = tuple(c for part in parts for c in part.curves)
        breaks = tuple(sorted({x for part in parts for x in part.breaks}))
        return Sampled(self._x_range, tuple(self.activations), self._orders, curves, self._points, breaks)

    # --- moving ------------------------------------------------------------------------------

    def _mover(self, control: Control) -> Callable[[Any], None]:
        """What a control calls with its new value (a number from a slider, a word from radio buttons)."""

        def moved(value: Any) -> None:
            self._moved(control, str(value) if control.param.choices else float(value))

        return moved

    def _moved(self, control: Control, value: ParamValue) -> None:
        """A control moved: draw its activation at the new value, or say why it cannot be."""
        try:
            activation = control.moved(self.activations[control.label], value)
        except SpecError as error:
            self._show(full=self._say(f"{error}; the curves keep the last values that work"))
            return
        said = self._say("")
        self.activations[control.label] = activation
        self._parts[control.label] = self._sample(activation)
        full = self._replan(moved=control.label, limits=None)
        self._show(full=full or said)

    def fit_y(self) -> None:
        """Fit each panel's y-limits to its curves as they are now (as a new figure would)."""
        self._replan(moved=None, limits=[y_limits(p.curves) for p in self.plan.panels])
        self._show(full=True)

    def _say(self, message: str) -> bool:
        """Show `message` in the status line; whether it changed."""
        changed = self._status.get_text() != message
        self._status.set_text(message)
        return changed

    def _replan(self, moved: str | None, limits: list[tuple[float, float]] | None) -> bool:
        """Plan every panel again and draw what changed; whether the rest of the figure changed too.

        `moved` is the activation whose curves changed (None: every curve is drawn again);
        `limits` the new y-limits of each panel (None: unchanged).
        """
        contents = LAYOUT_FUNCTIONS[self._options.layout](self._sampled())
        old = self.plan
        panels = [
            plan_panel(place, limits[i] if limits else panel.y_limits)
            for i, (place, panel) in enumerate(zip(contents, old.panels, strict=True))
        ]
        self.plan = replace(old, panels=tuple(panels))
        full = limits is not None
        with styled(self._colours, None):
            for (ax, band_ax), before, panel in zip(self._axes, old.panels, panels, strict=True):
                if limits is not None:
                    ax.set_ylim(*panel.y_limits)
                self._redraw_curves(ax, before, panel, moved)
                if band_ax is not None and _impulses(before) != _impulses(panel):
                    self._redraw_band(band_ax, ax, panel)
        legend = self.figure.legends[0]
        for text, label in zip(legend.get_texts(), self.plan.labels, strict=True):
            wanted = legend_label(self.plan, label)
            if text.get_text() != wanted:
                text.set_text(wanted)
                full = True
        return full

    def _redraw_curves(self, ax: Axes, before: Panel, panel: Panel, moved: str | None) -> None:
        """Bring a panel's curve artists to the new plan, keeping the plan's drawing order.

        The moved activation's lines take their new data in place; jump markers, covered
        pieces and off-frame marks are drawn anew.  Where a curve's style changed (it now
        hides another) or its number of segments did, it is drawn anew with every curve after it.
        """
        rebuild = len(panel.curves)
        for i, curve in enumerate(panel.curves):
            key = (curve.label, curve.order)
            restyled = before.coincides.get(key) != panel.coincides.get(key)
            pieces = curve.label == moved and len(curve_artists(ax, *key, parts=("",))) != len(curve.segments)
            if moved is None or restyled or pieces:
                rebuild = i
                break
        for i, curve in enumerate(panel.curves):
            key = (curve.label, curve.order)
            marks = [m for m in panel.off_frame if (m.label, m.order) == key]
            if i >= rebuild:
                for artist in curve_artists(ax, *key):
                    artist.remove()
                draw_curve(ax, curve, panel, self.plan, self._colours)
                draw_off_frame(ax, marks, panel, self.plan, self._colours)
            elif curve.label == moved or key in before.covered or key in panel.covered:
                if curve.label == moved:
                    lines = curve_artists(ax, *key, parts=("",))
                    for line, segment in zip(lines, curve.segments, strict=True):
                        line.set_data(segment.x, segment.y)
                for artist in curve_artists(ax, *key, parts=CURVE_PARTS[1:]):
                    artist.remove()
                draw_curve_marks(ax, curve, panel, self.plan, self._colours)
                draw_off_frame(ax, marks, panel, self.plan, self._colours)
            else:
                continue
            for artist in curve_artists(ax, *key):
                artist.set_animated(self._blit)

    def _redraw_band(self, band_ax: Axes, ax: Axes, panel: Panel) -> None:
        """Draw a band's impulses again, from the baseline drawn at the start.

        The band keeps its height: impulses that need more lanes of labels than it has room
        for (rare: several at one x) reach past it.
        """
        for text in list(band_ax.texts):
            text.remove()
        width = ax.get_window_extent().width * 72 / self.figure.dpi
        band = panel_band(panel, self.plan, width, self._measure, self._fonts, always=True)
        assert band is not None  # always, for a panel of f′ or f″
        (baseline,) = band_ax.lines  # the only line of a band
        below = float(np.asarray(baseline.get_ydata())[0]) / SLACK
        draw_impulses(band_ax, replace(band, below=below), self.plan, self._colours, self._fonts)
        for text in band_ax.texts:
            text.set_animated(self._blit)

    # --- showing -----------------------------------------------------------------------------

    def _moving(self) -> list[Artist]:
        """What a control changes: curves, jump and off-frame marks, impulses, the sliders."""
        found = [artist for slider in self.sliders.values() for artist in _slider_moving(slider)]
        for (ax, band_ax), panel in zip(self._axes, self.plan.panels, strict=True):
            for curve in panel.curves:
                found += curve_artists(ax, curve.label, curve.order)
            if band_ax is not None:
                found += band_ax.texts
        return found

    def _on_draw(self, event: DrawEvent) -> None:
        """After a full draw (not a save): keep the picture without the moving artists, then draw them."""
        canvas: Any = self.figure.canvas  # an Agg-based canvas: it can blit
        if not self._blit or canvas.is_saving():
            return
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        for artist in self._moving():
            self.figure.draw_artist(artist)

    def _show(self, full: bool) -> None:
        """Show a change: the moving artists over the saved picture, or everything again.

        A figure that can blit but was never drawn (not shown yet, or headless) is left alone:
        its first draw shows every change.
        """
        canvas: Any = self.figure.canvas
        if self._blit and self._background is None:
            return
        if full or not self._blit:
            canvas.draw_idle()
            return
        canvas.restore_region(self._background)
        for artist in self._moving():
            self.figure.draw_artist(artist)
        canvas.blit(self.figure.bbox)


def _slider_moving(slider: Slider) -> list[Artist]:
    """What moves with a slider: its bar, its handle (its axes' line but the start value's), its value."""
    handles = [line for line in slider.ax.lines if line is not slider.vline]
    return [slider.poly, *handles, slider.valtext]


def _impulses(panel: Panel) -> list[tuple[str, int, Any]]:
    """A panel's impulses, comparable between plans."""
    return [(curve.label, curve.order, impulse) for curve, impulse in panel.impulses]


def explorable(specs: Specs) -> list[Activation]:
    """The activations of `specs`, labelled as `labelled` does, if at least one has a parameter.

    Raises:
        TypeError: specs of the wrong type.
        UsageError: a bad spec, no spec, a sweep, or nothing to slide.
    """
    activations = labelled(activations_of(specs))
    swept = next((a for a in activations if a.sweep is not None), None)
    if swept is not None and swept.sweep is not None:
        raise UsageError(
            f"{swept.sweep.spec!r} is a sweep, a family of activations; explore slides one activation's "
            f"parameters: give one value, e.g. {swept.sweep.spec.partition(':')[0]}"
        )
    if not controls(activations):
        names = ", ".join(a.label for a in activations)
        raise UsageError(
            f"nothing to slide: {names} {'has' if len(activations) == 1 else 'have'} no parameter; "
            "explore activations with parameters, e.g. elu, leaky_relu or softplus (actplot list shows them)"
        )
    return activations


def explore(
    specs: Specs,
    derivs: int = 0,
    xrange: tuple[float, float] | None = None,
    points: int = 1000,
    theme: str = "light",
    *,
    pyplot: bool = True,
) -> Explorer:
    """Draw activations with a slider per parameter; moving one redraws f, f′, f″ live.

    In a notebook with the widget backend (``%matplotlib widget``, from ipympl) the figure
    is live in the page; in a script, ``matplotlib.pyplot.show()`` opens it in a window.
    Headless, ``explorer.sliders["elu:alpha"].set_val(2.0)`` moves a slider.

    Args:
        specs: names or specs (``"elu:alpha=0.5"``), or activations; at least one with a parameter.
        derivs: highest derivative drawn: 0, 1 or 2.
        xrange: the x-interval (a, b); if None, the union of the activations' views at the start.
        points: evenly spaced samples (breaks are added exactly).
        theme: ``light`` or ``dark``.
        pyplot: hand the figure to pyplot, so that the backend in use shows it live (ipympl's
            widget, a window on ``plt.show()`` or ``explorer.figure.show()``); False keeps it
            off pyplot, for saving only.

    Raises:
        TypeError: specs, range or point count of the wrong type.
        UsageError: a bad spec, order, range, point count or theme, or no activation with a parameter.
    """
    activations = explorable(specs)
    check_derivs(derivs)
    x_range = union_view(activations) if xrange is None else xrange
    return Explorer(activations, derivs, x_range, points, theme, pyplot)
