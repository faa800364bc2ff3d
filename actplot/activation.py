"""The `Activation` record and everything needed to name one.

A catalogue `Entry` describes an activation family: its closed-form f, f′, f″,
parameters, breaks and facts.  An `Activation` is an entry with every parameter
bound, as resolved from a spec string such as ``"elu:alpha=0.5"``.
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from actplot.errors import SpecError

if TYPE_CHECKING:
    from actplot.sweep import Sweep

Array = NDArray[np.float64]
ParamValue = float | str | tuple[float, ...]
Order = Literal[0, 1, 2]
#: How f runs: strictly up, up with flat parts, the same two downwards, or neither.
Monotonic = Literal["increasing", "non-decreasing", "decreasing", "non-increasing", "no"]
T = TypeVar("T")
ORDERS: tuple[Order, ...] = (0, 1, 2)

#: Separator of list-valued parameters (``softmax:others=1/2``): no shell quoting needed.
LIST_SEPARATOR = "/"
#: Relative size under which two one-sided limits count as equal (no jump at a break).
JUMP_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Param:
    """One parameter of an activation family.

    Attributes:
        name: keyword, following PyTorch where it has the function, else JAX/Keras.
        default: the PyTorch default (a float, a choice string or a tuple of floats).
        doc: one line on what it does.
        domain: ``"real"``, ``"positive"`` (> 0) or ``"nonnegative"`` (≥ 0) for numbers.
        choices: the accepted words, for a string parameter.
    """

    name: str
    default: ParamValue
    doc: str
    domain: Literal["real", "positive", "nonnegative"] = "real"
    choices: tuple[str, ...] = ()

    @property
    def accepts(self) -> str:
        """What values are accepted, in words, for help and error messages."""
        if self.choices:
            return " | ".join(self.choices)
        bound = {"real": "any finite number", "positive": "a number > 0", "nonnegative": "a number ≥ 0"}
        if isinstance(self.default, tuple):
            return f"numbers separated by '{LIST_SEPARATOR}', each {bound[self.domain].removeprefix('a ')}"
        return bound[self.domain]

    def parse(self, text: str) -> ParamValue:
        """Turn the text of a spec into a checked value.

        Raises:
            SpecError: the text is not one of the accepted values.
        """
        if self.choices:
            if text in self.choices:
                return text
            raise SpecError(f"{self.name}={text!r} is not accepted; use {self.accepts}")
        if isinstance(self.default, tuple):
            return tuple(self._number(self._float(part)) for part in text.split(LIST_SEPARATOR))
        return self._number(self._float(text))

    def check(self, value: Any) -> ParamValue:
        """Validate a value given from Python rather than as text.

        Raises:
            SpecError: the value is not one of the accepted values.
        """
        if isinstance(value, str):
            return self.parse(value)
        if self.choices:
            raise SpecError(f"{self.name}={value!r} is not accepted; use {self.accepts}")
        if isinstance(self.default, tuple):
            items = value if isinstance(value, tuple | list) else (value,)
            return tuple(self._number(self._float(v)) for v in items)
        return self._number(self._float(value))

    def _float(self, value: Any) -> float:
        try:
            return float(value)
        except (TypeError, ValueError):
            raise SpecError(f"{self.name}={value!r} is not a number; use {self.accepts}") from None

    def _number(self, value: float) -> float:
        ok = math.isfinite(value) and (
            self.domain == "real"
            or (self.domain == "positive" and value > 0)
            or (self.domain == "nonnegative" and value >= 0)
        )
        if not ok:
            raise SpecError(f"{self.name}={value:g} is out of range; use {self.accepts}")
        return value


@dataclass(frozen=True)
class Break:
    """A point where the function or one of its derivatives is discontinuous.

    Attributes:
        x: where.
        order: the lowest order that jumps there: 0 the value (a jump), 1 the slope
            (a kink), 2 the curvature, 3 a higher derivative (only the
            continuity class shows it).
    """

    x: float
    order: int


def same_limit(a: float, b: float) -> bool:
    """Whether two one-sided limits agree (to JUMP_TOLERANCE, relative to their size or 1)."""
    return a == b or abs(a - b) <= JUMP_TOLERANCE * max(1.0, abs(a), abs(b))


@dataclass(frozen=True)
class Interval:
    """The output range of an activation, with open or closed ends."""

    lo: float
    hi: float
    lo_closed: bool = False
    hi_closed: bool = False

    def __str__(self) -> str:
        left = "[" if self.lo_closed else "("
        right = "]" if self.hi_closed else ")"
        return f"{left}{number_text(self.lo)}, {number_text(self.hi)}{right}"

    def contains(self, y: Array) -> NDArray[np.bool_]:
        """Whether each y lies in the interval (NaN never does)."""
        above = y >= self.lo if self.lo_closed else y > self.lo
        below = y <= self.hi if self.hi_closed else y < self.hi
        return above & below


#: The whole real line, open at both ends: the range of the unbounded activations.
REAL_LINE = Interval(-math.inf, math.inf)


def number_text(value: float) -> str:
    """A number for reading: six significant digits, a true minus sign, ∞ for infinity, no −0."""
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value + 0.0:.6g}".replace("-", "−")


@dataclass(frozen=True)
class Formulas:
    """f, f′, f″ as written for a reader: matplotlib mathtext for figures, Unicode for terminals.

    What ``actplot info``, the gallery index and the figure titles show (the functions'
    docstrings add how each is computed).  The notation is a textbook's: implicit products
    (``2x``, ``αeˣ``), functions applied without brackets (``tanh x``, ``sech² x``), ``|x|``,
    Iverson brackets ``[x > 0]`` (1 where the condition holds, else 0), cases ``A if C else B``
    (chained: ``A if C else B if D else E``), and ``a = b``, two ways of writing the same
    function.  σ is the logistic sigmoid, ς softplus, Φ and φ the standard normal distribution
    and density, H the step [x > 0], δ the Dirac delta (its terms sit at the breaks).  A test
    reads both forms as expressions and checks them against f, f′ and f″.

    Attributes:
        mathtext: f, f′, f″ in mathtext.
        unicode: f, f′, f″ in plain Unicode.
        symbols: what the other letters stand for: a parameter's name (``"α": "alpha"``), a
            constant, or a formula in the same notation (``"a": "(l + u)/2"``).
    """

    mathtext: tuple[str, str, str]
    unicode: tuple[str, str, str]
    symbols: Mapping[str, str] = field(default_factory=dict)


Scalar = Callable[..., Array]


def always(value: T) -> Callable[..., T]:
    """A function of any parameters that gives `value`: a fact that holds for every parameter value."""

    def constant(**_: ParamValue) -> T:
        return value

    return constant


#: The default `Entry.breaks`: smooth for every parameter value.
NO_BREAKS: Callable[..., tuple[Break, ...]] = always(())
#: The default `Entry.validate`: every combination of valid parameters is accepted.
NO_PROBLEM: Callable[..., str | None] = always(None)


#: The frameworks a variant can name, as ``NAME@FRAMEWORK``, and the versions checked against.
FRAMEWORKS = {
    "torch": "PyTorch 2.13",
    "jax": "JAX 0.10",
    "keras": "Keras 3.15",
    "keras2": "Keras 2 (tf.keras, TensorFlow ≤ 2.15)",
    "tf": "TensorFlow 2.21",
}
#: (x, order) → the value a framework's autodiff takes at a break, for bound parameters.
BreakValues = Mapping[tuple[float, int], float]


@dataclass(frozen=True)
class Variant:
    """One framework's own version of an entry, spelled ``NAME@FRAMEWORK`` (``gelu@jax``).

    Attributes:
        name: what the framework calls it (``jax.nn.gelu``).
        defaults: entry parameter → the framework's default for it.
        renames: entry parameter → the framework's keyword for it (Keras's ``threshold`` for λ).
        fixed: entry parameter → the value the framework fixes (not a parameter there).
        formula: an entry with the framework's own formula, used instead of the catalogue's
            (PyTorch's softplus switching to x above its threshold).
        at_breaks: the values its autodiff takes at breaks, as a function of the entry's parameters.
        note: how it differs from the bare entry, in one line.
    """

    name: str
    defaults: Mapping[str, ParamValue] = field(default_factory=dict)
    renames: Mapping[str, str] = field(default_factory=dict)
    fixed: Mapping[str, ParamValue] = field(default_factory=dict)
    formula: Entry | None = None
    at_breaks: Callable[..., BreakValues] = field(default_factory=lambda: always({}))
    note: str = ""

    def entry_of(self, entry: Entry, framework: str) -> Entry:
        """The entry ``NAME@FRAMEWORK``: the framework's keywords, defaults, formula and break values."""
        base = self.formula or entry
        names = {p.name: self.renames.get(p.name, p.name) for p in base.params if p.name not in self.fixed}
        params = tuple(
            replace(p, name=names[p.name], default=self.defaults.get(p.name, p.default))
            for p in base.params
            if p.name in names
        )

        def inner(values: Mapping[str, ParamValue]) -> dict[str, ParamValue]:
            return {**{old: values[new] for old, new in names.items()}, **self.fixed}

        def lifted(fact: Callable[..., T]) -> Callable[..., T]:
            return lambda **values: fact(**inner(values))

        def order(k: int) -> Scalar:
            function = (base.f, base.df, base.d2f)[k]

            def value(x: Array, **values: ParamValue) -> Array:
                bound = inner(values)
                y = np.asarray(function(x, **bound), dtype=np.float64)
                for (x0, taken_order), taken in self.at_breaks(**bound).items():
                    if taken_order == k:
                        y = np.where(x == x0, taken, y)
                return y

            return value

        return replace(
            base,
            name=f"{entry.name}@{framework}",
            summary=f"{self.name} ({FRAMEWORKS[framework]}): {self.note or base.summary}",
            params=params,
            aliases=(),
            f=order(0),
            df=order(1),
            d2f=order(2),
            jet=None,
            vector=None if self.formula else entry.vector,
            breaks=lifted(base.breaks),
            output_range=lifted(base.output_range),
            monotonic=lifted(base.monotonic),
            validate=lifted(base.validate),
            view=None if base.view is None else lifted(base.view),
            frameworks={FRAMEWORKS[framework]: self.name},
            differences="",
            variants={},
        )


@dataclass(frozen=True)
class Entry:
    """One family of the catalogue: closed-form f, f′, f″ and what is known of them.

    The functions take the x array and the parameters as keywords and return
    float64 arrays of the same shape.  At a break they return the value PyTorch
    returns (relu′(0) = 0); f″ takes the same side as f′ there.

    Attributes:
        name: canonical snake_case name.
        summary: one line.
        f, df, d2f: the function and its first and second derivatives.
        params: parameters, in order.
        aliases: other spellings (framework names); case, ``-`` and ``_`` are ignored anyway.
        breaks: the breaks as a function of the parameters.
        breaks_known: False where the breaks could not be derived (some expressions).
        output_range: the range of f, as a function of the parameters (None: not known).
        monotonic: how f runs (`Monotonic`), as a function of the parameters (None: not known).
        formulas: how f, f′, f″ are written.
        notes: what a learner should know (saturation, dying units, the δ in f″ …).
        reference: paper and year.
        frameworks: framework name → where it lives there.
        differences: where the frameworks' definitions or defaults differ.
        vector: the vector form along ``axis`` (softmax and friends), else None.
        validate: a check across parameters; returns an error message or None.
        jet: (f, f′, f″) in one call from shared sub-expressions, or None; it gives exactly
            the numbers of f, df and d2f (they are built from the same pieces), only faster.
        view: the x-interval that shows every feature, as a function of the parameters; None
            takes `default_view` of the breaks (right for most entries).
        variants: framework (a key of `FRAMEWORKS`) → its own version, ``NAME@FRAMEWORK``.
    """

    name: str
    summary: str
    f: Scalar
    df: Scalar
    d2f: Scalar
    output_range: Callable[..., Interval | None]
    monotonic: Callable[..., Monotonic | None]
    formulas: Formulas
    reference: str
    params: tuple[Param, ...] = ()
    aliases: tuple[str, ...] = ()
    breaks: Callable[..., tuple[Break, ...]] = NO_BREAKS
    breaks_known: bool = True
    notes: str = ""
    frameworks: Mapping[str, str] = field(default_factory=dict)
    differences: str = ""
    vector: Callable[..., Array] | None = None
    validate: Callable[..., str | None] = NO_PROBLEM
    jet: Callable[..., tuple[Array, Array, Array]] | None = None
    view: Callable[..., tuple[float, float]] | None = None
    variants: Mapping[str, Variant] = field(default_factory=dict)

    @property
    def defaults(self) -> dict[str, ParamValue]:
        """Every parameter at its default."""
        return {p.name: p.default for p in self.params}

    def param(self, name: str) -> Param:
        """The parameter called `name`.

        Raises:
            SpecError: there is none; the message lists the valid ones.
        """
        for p in self.params:
            if p.name == name:
                return p
        valid = ", ".join(p.name for p in self.params) or "none"
        raise SpecError(f"{self.name} has no parameter {name!r}; valid parameters: {valid}")

    def bind(self, **values: ParamValue) -> Activation:
        """The activation with these parameter values (others at their defaults)."""
        bound = self.defaults
        for name, value in values.items():
            bound[name] = self.param(name).check(value)
        problem = self.validate(**bound)
        if problem:
            raise SpecError(f"{self.name}: {problem}")
        return Activation(self, bound)


@dataclass(frozen=True)
class Activation:
    """A catalogue entry with all parameters bound: a function of x with f, f′, f″.

    `sweep` is set on the members of a family (``elu:alpha=0.5..2``): which sweep, which value.
    """

    entry: Entry
    params: Mapping[str, ParamValue]
    label: str = ""
    sweep: Sweep | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.spec)

    def __repr__(self) -> str:
        """``Activation('leaky_relu', negative_slope=0.2)``: the name and the non-default parameters."""
        changed = [
            f"{p.name}={self.params[p.name]!r}" for p in self.entry.params if self.params[p.name] != p.default
        ]
        label = [f"label={self.label!r}"] if self.label != self.spec else []
        return f"Activation({', '.join([repr(self.name), *changed, *label])})"

    @property
    def name(self) -> str:
        """The canonical name of the entry."""
        return self.entry.name

    @property
    def spec(self) -> str:
        """The shortest spec that gives this activation back (non-defaults only)."""
        changed = [
            f"{p.name}={param_text(self.params[p.name])}"
            for p in self.entry.params
            if self.params[p.name] != p.default
        ]
        return f"{self.name}:{','.join(changed)}" if changed else self.name

    def __call__(self, x: ArrayLike, order: int = 0) -> Array:
        """f (order 0), f′ (1) or f″ (2) at x, as float64 with the shape of x.

        Raises:
            TypeError: x is not real numbers, or the order is not an int (see `real_array`, `check_order`).
        """
        function = (self.entry.f, self.entry.df, self.entry.d2f)[check_order(order)]
        return np.asarray(function(real_array(x), **self.params), dtype=np.float64)

    def values(self, x: Array, orders: Sequence[int]) -> list[Array]:
        """f, f′ or f″ at float64 `x` for each of `orders`, from the entry's jet when all three are asked.

        The same numbers as one call per order: a jet is built from the same pieces as f, df, d2f.
        """
        if self.entry.jet is not None and set(orders) == set(ORDERS):
            jet = self.entry.jet(x, **self.params)
            return [np.asarray(jet[k], dtype=np.float64) for k in orders]
        return [self(x, k) for k in orders]

    @property
    def breaks(self) -> tuple[Break, ...]:
        """Where f, f′ or f″ (or a higher derivative) jumps, sorted by x."""
        return tuple(sorted(self.entry.breaks(**self.params), key=lambda b: b.x))

    @property
    def view(self) -> tuple[float, float]:
        """The x-interval a figure shows without a range: the entry's, or `default_view` of the breaks."""
        if self.entry.view is not None:
            return self.entry.view(**self.params)
        return default_view(self.breaks)

    @property
    def output_range(self) -> Interval | None:
        """The range of f, or None where it is not known."""
        return self.entry.output_range(**self.params)

    @property
    def monotonic(self) -> Monotonic | None:
        """How f runs (``increasing``, ``non-decreasing``, ``decreasing``, …; see `Monotonic`), or None."""
        return self.entry.monotonic(**self.params)

    @property
    def continuity(self) -> str:
        """The continuity class, from the breaks: C⁻¹ (jumps), C⁰, C¹, C² or C∞."""
        if not self.breaks:
            return "C∞"
        return ("C⁻¹", "C⁰", "C¹", "C²")[min(b.order for b in self.breaks)]

    @property
    def zero_centred(self) -> bool | None:
        """Whether f is odd, f(−x) = −f(x): then every input symmetric about 0 gives outputs of mean 0.

        Checked at 0 and at ±`ODD_CHECK_X` to `ODD_TOLERANCE`; None where the range is not
        known (expressions, whose facts are not derived).
        """
        if self.output_range is None:
            return None
        at_zero, y, mirrored = np.split(self(ODD_CHECK_POINTS), [1, 1 + ODD_CHECK_X.size])
        close = np.abs(y + mirrored) <= ODD_TOLERANCE * np.maximum(1.0, np.abs(y))
        return bool(at_zero[0] == 0.0) and bool(close.all())

    @property
    def facts(self) -> Facts:
        """Range, continuity, monotonicity, boundedness, f(0), f′(0) and zero-centredness.

        The continuity class comes from the breaks, so it is not known where they were not derived.
        """
        span = self.output_range
        return Facts(
            output_range=span,
            continuity=self.continuity if self.entry.breaks_known else NOT_KNOWN,
            monotonic=self.monotonic,
            bounded_below=None if span is None else math.isfinite(span.lo),
            bounded_above=None if span is None else math.isfinite(span.hi),
            zero_centred=self.zero_centred,
            f0=float(self(0.0)),
            df0=float(self(0.0, 1)),
        )


#: Where `Activation.zero_centred` compares f(−x) with −f(x): 25 points from 1/16 to 64.
ODD_CHECK_X = np.geomspace(1 / 16, 64, 25)
#: 0, then `ODD_CHECK_X`, then its negatives: all in one call.
ODD_CHECK_POINTS = np.concatenate([[0.0], ODD_CHECK_X, -ODD_CHECK_X])
#: How close f(−x) + f(x) must be to 0, relative to |f(x)| (or 1).
ODD_TOLERANCE = 1e-12
NOT_KNOWN = "not known"
#: (bounded below, bounded above) → how the sides are said.
BOUNDED_SIDES = {(True, True): "both", (True, False): "below", (False, True): "above", (False, False): "no"}

#: Every fact `actplot info` and `actplot list` show, and what it means: the one definition of each.
FACT_MEANINGS = {
    "range": "the values f takes, as an interval (a square bracket: the end is reached)",
    "continuity": "the smoothness class: C∞ every derivative is continuous, C² up to f″, C¹ up to f′, "
    "C⁰ f only, C⁻¹ f jumps",
    "monotonic": "increasing: x < y gives f(x) < f(y); non-decreasing: f(x) ≤ f(y) (flat parts); "
    "decreasing and non-increasing the same downwards; no: f rises and falls",
    "bounded": "which ends of the range are finite: both, below, above or no",
    "f(0)": "the value at 0",
    "f′(0)": "the slope at 0 (at a kink, the value PyTorch returns)",
    "zero-centred": "f is odd, f(−x) = −f(x), so inputs symmetric about 0 give outputs with mean 0 "
    "(LeCun et al., Efficient BackProp, 1998): tanh yes, the ReLU family, GELU, SiLU and ELU no",
}


@dataclass(frozen=True)
class Facts:
    """What is known of one activation at its parameter values (None: not known); see `FACT_MEANINGS`."""

    output_range: Interval | None
    continuity: str
    monotonic: Monotonic | None
    bounded_below: bool | None
    bounded_above: bool | None
    zero_centred: bool | None
    f0: float
    df0: float

    @property
    def bounded(self) -> str:
        """``both``, ``below``, ``above``, ``no`` or ``not known``."""
        if self.bounded_below is None or self.bounded_above is None:
            return NOT_KNOWN
        return BOUNDED_SIDES[self.bounded_below, self.bounded_above]

    def rows(self) -> list[tuple[str, str]]:
        """(fact, value in words) for every fact of `FACT_MEANINGS`, in its order."""
        values = {
            "range": range_text(self.output_range),
            "continuity": self.continuity,
            "monotonic": NOT_KNOWN if self.monotonic is None else self.monotonic,
            "bounded": self.bounded,
            "f(0)": number_text(self.f0),
            "f′(0)": number_text(self.df0),
            "zero-centred": yes_no(self.zero_centred),
        }
        return [(name, values[name]) for name in FACT_MEANINGS]


def rising(slope: float) -> Monotonic:
    """How a function with slope 1 for x > 0 and `slope` for x < 0 runs: flat where the slope is 0."""
    return "increasing" if slope > 0 else "non-decreasing" if slope == 0 else "no"


def range_text(span: Interval | None) -> str:
    """The range as an interval, ``[0, ∞)``, or ``not known``."""
    return NOT_KNOWN if span is None else str(span)


def yes_no(value: bool | None) -> str:
    """``yes``, ``no`` or ``not known``."""
    return NOT_KNOWN if value is None else "yes" if value else "no"


#: The x-interval shown when nothing wider is needed.
BASE_VIEW = (-5.0, 5.0)
#: Room kept beyond the outermost breaks, as a share of the view's span.
VIEW_MARGIN = 0.15


def default_view(breaks: Sequence[Break]) -> tuple[float, float]:
    """BASE_VIEW, widened to whole numbers so every break is inside with VIEW_MARGIN of room.

    [a, b] = BASE_VIEW ∪ [min break, max break]; each end moves out by VIEW_MARGIN·(b − a)
    where a break lies within that of it (relu6's cap at 6 gives [−5, 8]).
    """
    lo, hi = BASE_VIEW
    if not breaks:
        return lo, hi
    first, last = min(b.x for b in breaks), max(b.x for b in breaks)
    a, b = min(lo, first), max(hi, last)
    room = VIEW_MARGIN * (b - a)
    return float(min(lo, math.floor(first - room))), float(max(hi, math.ceil(last + room)))


def view_around(centre: float) -> tuple[float, float]:
    """BASE_VIEW widened to whole numbers so that [centre − 5, centre + 5] is inside (a moved transition)."""
    lo, hi = BASE_VIEW
    return float(min(lo, math.floor(centre) + lo)), float(max(hi, math.ceil(centre) + hi))


def union_view(activations: Sequence[Activation]) -> tuple[float, float]:
    """The smallest interval holding every activation's view."""
    views = [a.view for a in activations]
    return min(v[0] for v in views), max(v[1] for v in views)


def check_order(order: int) -> Order:
    """`order` if it is 0, 1 or 2 (an int: not a float, not a bool).

    Raises:
        TypeError: not an int.
        SpecError: any other number.
    """
    if isinstance(order, bool | np.bool_) or not isinstance(order, int | np.integer):
        raise TypeError(f"a derivative order is an int, 0, 1 or 2; got {_described(order)}")
    if order not in ORDERS:
        raise SpecError(f"derivative order {order!r} is not available; use 0, 1 or 2")
    return ORDERS[int(order)]


def real_array(x: ArrayLike) -> Array:
    """`x` as a float64 array, if it holds real numbers: ints or floats, alone or in lists, tuples, arrays.

    Raises:
        TypeError: None, booleans, complex numbers, strings, ragged lists or other objects;
            the message says what was given.
        SpecError: an integer too large for float64.
    """
    if isinstance(x, np.ndarray) and x.dtype.kind in "iuf":
        return np.asarray(x, dtype=np.float64)
    try:
        array = np.asarray(x)
    except (TypeError, ValueError):
        raise TypeError(f"x must be real numbers in a regular shape; got {_described(x)}") from None
    if array.dtype.kind in "iuf":
        return np.asarray(array, dtype=np.float64)
    if array.dtype.kind == "O":
        flat = array.reshape(-1)
        bad = [v for v in flat if isinstance(v, bool) or not isinstance(v, numbers.Real)]
        if not bad:
            try:
                return np.asarray(array, dtype=np.float64)
            except OverflowError:
                raise SpecError("x holds an integer too large for float64") from None
        array = np.asarray(bad[:1])
    raise TypeError(f"x must be real numbers (ints or floats); got {_described(x, array)}")


def _described(value: object, array: NDArray[Any] | None = None) -> str:
    """What a wrong argument is, in a few words."""
    kinds = {"b": "booleans", "c": "complex numbers (take .real first)", "U": "strings", "S": "bytes"}
    if array is not None and array.dtype.kind in kinds:
        return kinds[array.dtype.kind]
    if array is not None and array.size:
        value = array.reshape(-1)[0]
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:39] + '…'}"


def param_text(value: ParamValue) -> str:
    """A parameter value exactly as a spec takes it: ``0.01``, ``1``, ``none``, ``1/2``."""
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(param_text(v) for v in value)
    if isinstance(value, float):
        return repr(value).removesuffix(".0")
    return value


def name_key(name: str) -> str:
    """How names are compared: case, ``-``, ``_`` and spaces are ignored."""
    return "".join(ch for ch in name.lower() if ch not in "-_ ")


class Registry(Mapping[str, Entry]):
    """Catalogue entries by canonical name, resolvable by any alias."""

    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}
        self._keys: dict[str, str] = {}
        self._variants: dict[str, Entry] = {}

    def add(self, entry: Entry) -> Entry:
        """Register `entry` under its name and aliases; spellings must be unique."""
        for spelling in (entry.name, *entry.aliases):
            key = name_key(spelling)
            if key in self._keys:
                raise ValueError(f"{spelling!r} of {entry.name} is taken by {self._keys[key]}")
            self._keys[key] = entry.name
        self._entries[entry.name] = entry
        return entry

    def __getitem__(self, name: str) -> Entry:
        return self._entries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def has(self, name: str) -> bool:
        """Whether `name` is the name or an alias of an entry (any case)."""
        return name_key(name) in self._keys

    def spellings(self) -> list[str]:
        """Every canonical name and alias, for completion."""
        return [s for e in self._entries.values() for s in (e.name, *e.aliases)]

    def resolve(self, name: str) -> Entry:
        """The entry called `name` (any alias, any case).

        Raises:
            SpecError: no entry; the message suggests the closest names.
        """
        key = name_key(name)
        if key in self._keys:
            return self._entries[self._keys[key]]
        close = difflib.get_close_matches(key, self._keys, n=3, cutoff=0.6)
        hint = {self._keys[k]: None for k in close}
        suggestion = f"; did you mean {' or '.join(hint)}?" if hint else ""
        raise SpecError(f"unknown activation {name!r}{suggestion} (`actplot list` shows all)")

    def variant(self, name: str, framework: str) -> Entry:
        """The entry ``name@framework``: that framework's own version of the entry called `name`.

        Raises:
            SpecError: unknown name or framework, or a framework without this function; the
                message names the frameworks that have it.
        """
        entry = self.resolve(name)
        key = framework.strip().lower()
        have = ", ".join(f"{entry.name}@{fw}" for fw in entry.variants)
        its = f"its variants: {have}" if have else "actplot describes no framework's version of it"
        if key not in FRAMEWORKS:
            known = ", ".join(FRAMEWORKS)
            raise SpecError(f"unknown framework {framework!r} in {name}@{framework} (use {known}); {its}")
        if key not in entry.variants:
            raise SpecError(f"{entry.name} has no {key} variant ({FRAMEWORKS[key]}); {its}")
        full = f"{entry.name}@{key}"
        if full not in self._variants:
            self._variants[full] = entry.variants[key].entry_of(entry, key)
        return self._variants[full]

    def parse(self, spec: str) -> Activation:
        """Resolve ``name``, ``name@framework`` or either with ``:key=value,key=value`` to an activation.

        Raises:
            SpecError: unknown name or framework, unknown parameter or bad value.
        """
        head, _, arguments = spec.strip().partition(":")
        name, at, framework = head.partition("@")
        entry = self.variant(name, framework) if at else self.resolve(name)
        values: dict[str, ParamValue] = {}
        param: Param | None = None
        for item in filter(None, (a.strip() for a in arguments.split(","))):
            key, equals, text = item.partition("=")
            if not equals or not text.strip():
                if param is not None and isinstance(param.default, tuple) and not equals:
                    raise SpecError(
                        f"{spec!r}: ',' separates parameters; the numbers of {param.name} are "
                        f"separated by '{LIST_SEPARATOR}', e.g. {param.name}=1{LIST_SEPARATOR}2"
                    )
                raise SpecError(f"{spec!r}: expected key=value after ':', got {item!r}")
            param = entry.param(key.strip())
            if param.name in values:
                raise SpecError(f"{spec!r}: {param.name} is given twice; give each parameter once")
            values[param.name] = param.parse(text.strip())
        return entry.bind(**values)
