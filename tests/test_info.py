"""`actplot info`: what it says of every entry, of breaks (jumps, kinks, Dirac terms) and of expressions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from rendered import squashed, text

import actplot
from actplot.activation import FACT_MEANINGS, NOT_KNOWN, Activation, number_text, range_text
from actplot.info import delta_argument, describe_break, info
from actplot.sampling import sample


@pytest.mark.parametrize(
    ("x0", "shown"), [(0.0, "(x)"), (1.0, "(x − 1)"), (-3.0, "(x + 3)"), (0.5, "(x − 0.5)")]
)
def test_delta_argument(x0: float, shown: str) -> None:
    assert delta_argument(x0) == shown


@pytest.mark.parametrize(
    ("spec", "x0", "kind", "effects"),
    [
        ("relu", 0.0, "kink", ["f′ jumps by 1 (from 0 to 1; we take f′(0) = 0)", "f″ has δ(x)"]),
        (
            "step",
            0.0,
            "jump",
            ["f jumps by 1 (from 0 to 1; we take f(0) = 0)", "f′ has δ(x)", "f″ has δ′(x)"],
        ),
        ("hard_tanh", 1.0, "kink", ["f′ jumps by −1 (from 1 to 0; we take f′(1) = 0)", "f″ has −δ(x − 1)"]),
        ("hard_tanh", -1.0, "kink", ["f′ jumps by 1 (from 0 to 1; we take f′(−1) = 0)", "f″ has δ(x + 1)"]),
        (
            "leaky_relu:negative_slope=0.2",
            0.0,
            "kink",
            ["f′ jumps by 0.8 (from 0.2 to 1; we take f′(0) = 0.2)", "f″ has 0.8δ(x)"],
        ),
        ("celu", 0.0, "curvature jump", ["f″ jumps by −1 (from 1 to 0; we take f″(0) = 1)"]),
        ("isrlu", 0.0, "higher-order break", ["f, f′ and f″ are continuous; a higher derivative jumps"]),
    ],
)
def test_describe_break(spec: str, x0: float, kind: str, effects: list[str]) -> None:
    activation = actplot.get(spec)
    (br,) = [b for b in activation.breaks if b.x == x0]
    report = describe_break(activation, br)
    assert (report.x, report.kind, list(report.effects)) == (x0, kind, effects)


def test_describe_break_of_a_value_jump_with_a_slope_jump_sums_the_delta_terms() -> None:
    activation = actplot.get("hard_shrink")
    report = describe_break(activation, activation.breaks[0])  # x = −λ: f from −λ to 0, f′ from 1 to 0
    assert report.effects == (
        "f jumps by 0.5 (from −0.5 to 0; we take f(−0.5) = 0)",
        "f′ jumps by −1 (from 1 to 0; we take f′(−0.5) = 0)",
        "f′ has 0.5δ(x + 0.5)",
        "f″ has 0.5δ′(x + 0.5) − δ(x + 0.5)",
    )


def test_break_weights_are_those_the_plots_draw(activation: Activation) -> None:
    """Every impulse the sampler gives the figures appears in info's words (signs: test_describe_break)."""
    sampled = sample([activation], (0, 1, 2), (-8.0, 8.0), 101)
    described = " ".join(e for br in activation.breaks for e in describe_break(activation, br).effects)
    for curve in sampled.curves:
        for impulse in curve.impulses:
            assert impulse.symbol.lstrip("−") + delta_argument(impulse.x) in described


def test_info_of_every_case(activation: Activation) -> None:
    shown = squashed(info(activation))
    entry = activation.entry
    for heading in ("Formulas", "Breaks", "Facts"):
        assert heading in shown
    for formula in entry.formulas.unicode:
        assert " ".join(formula.split()) in shown
    for param in entry.params:
        assert f"{param.name} " in shown
        assert " ".join(param.accepts.split()) in shown
    for br in activation.breaks:
        assert f"x = {number_text(br.x)}" in shown
    assert f"range {range_text(activation.output_range)}" in shown
    assert f"continuity {activation.continuity}" in shown
    for name in entry.frameworks:
        assert name in shown
    for part in (entry.differences, entry.notes, entry.reference):
        assert " ".join(part.split()) in shown


def test_at_80_columns_no_formula_is_broken_across_lines(
    catalogue_cases: dict[str, list[Activation]],
) -> None:
    """Each formula that fits beside its label (f(x), 2 spaces in) is printed whole, on one line."""
    entries = actplot.catalogue.CATALOGUE.values()
    variants = [actplot.get(f"{e.name}@{fw}") for e in entries for fw in e.variants]
    broken = []
    for activation in [case for cases in catalogue_cases.values() for case in cases] + variants:
        lines = text(info(activation), width=80).splitlines()
        for formula in activation.entry.formulas.unicode:
            if len(formula) <= 80 - len("  f″(x)  ") and not any(formula in line for line in lines):
                broken.append(f"{activation.label}: {formula}")
    assert not broken


def test_info_shows_parameter_values_and_defaults() -> None:
    shown = squashed(info(actplot.get("elu:alpha=0.5")))
    assert "name value default accepts meaning alpha 0.5 1 a number > 0 value −alpha approached" in shown


def test_info_of_a_smooth_entry_says_it_has_no_breaks() -> None:
    assert "Breaks none: f, f′ and f″ are continuous everywhere" in squashed(info(actplot.get("tanh")))


def test_info_keeps_brackets_literal() -> None:
    """Formulas such as [x > 0] must not be read as rich markup."""
    assert "[x > 0]" in squashed(info(actplot.get("relu")))


def test_info_of_an_expression_says_what_is_not_known() -> None:
    shown = squashed(info(actplot.get("x*tanh(softplus(x))")))
    assert "range not known" in shown
    assert "monotonic not known" in shown
    assert "bounded not known" in shown
    assert "zero-centred not known" in shown
    assert "f′(0) 0.6" in shown


def test_info_of_the_difference_of_two_frameworks_functions() -> None:
    """Nearly 0 under the normal density (PyTorch's softplus is x itself above 20): the gain is ∞."""
    shown = squashed(info(actplot.get("softplus@torch(x) - softplus(x)")))
    assert "gain ∞ = 1/√E[f(z)²]" in shown


def test_info_of_an_expression_whose_breaks_were_not_derived() -> None:
    activation = actplot.get("x*tanh(softplus(x))")
    underived = Activation(replace(activation.entry, breaks_known=False), activation.params, activation.label)
    shown = squashed(info(underived))
    assert "Breaks not derived for this expression" in shown
    assert "continuity not known" in shown


def test_facts_of_an_expression_with_a_derived_kink() -> None:
    known = actplot.get("max(x, 0.1*x)").facts
    assert known.continuity == "C⁰"
    assert known.output_range is None and known.bounded_below is None
    assert known.bounded == NOT_KNOWN


def test_info_says_what_every_fact_means() -> None:
    shown = squashed(info(actplot.get("tanh")))
    for name, meaning in FACT_MEANINGS.items():
        assert f"{name} " in shown
        assert " ".join(meaning.split()) in shown
    assert "zero-centred yes" in shown
    assert "zero-centred no" in squashed(info(actplot.get("gelu")))


def test_info_says_what_the_letters_of_the_formulas_stand_for() -> None:
    assert "where α = 0.5 (alpha)" in squashed(info(actplot.get("elu:alpha=0.5")))
    assert "where a = (l + u)/2, l = 0.125 (lower)" in squashed(info(actplot.get("rrelu")))


def test_the_readme_defines_every_fact_as_info_does() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for name, meaning in FACT_MEANINGS.items():
        assert f"| {name} | {meaning} |" in readme


def test_info_shows_the_default_view() -> None:
    shown = text(info(actplot.get("relu6")))
    assert "[−5, 8]: the x-range a figure shows without --range" in shown
