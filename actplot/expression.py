"""Custom activations typed as expressions in x, with exact f, f′ and f″.

``actplot.get("x*tanh(softplus(x))")`` or ``actplot.get("mymish=x*tanh(softplus(x))")``
(a label before ``=``) gives an `Activation` like any catalogue entry.

Grammar (Python syntax, walked with a whitelist; nothing else is accepted):
    numbers, the variable ``x``, the constants ``pi`` and ``e``; ``+ - * / **``, unary
    ``-`` and ``+``, parentheses; calls of ``exp log log1p expm1 sqrt abs sin cos tan tanh
    sinh cosh arctan erf`` (one argument), ``max`` and ``min`` (two), and of every catalogue
    entry by any alias, with its parameters as keywords: ``elu(x, alpha=0.5)``.  A keyword
    value is a constant expression or a string (``gelu(x, approximate='tanh')``).  A
    framework's own version of an entry is called as ``NAME@FRAMEWORK``, with that
    framework's keywords and defaults: ``2*gelu@jax(x) - x``, ``leaky_relu@keras(x,
    negative_slope=0.1)``.  Any other ``@`` (a matrix product) is refused.

Safety: the text is checked before Python parses it (at most `MAX_LENGTH` characters, only
`ALLOWED` characters, brackets nested at most `MAX_NESTING` deep); each ``NAME@FRAMEWORK`` is
spelt ``NAME_FRAMEWORK`` for Python's parser (the same length, so every column stays the
user's; the compiler knows the variants by column); then `ast.parse` builds the tree and a
walker accepts only the nodes above; nothing is ever run by ``eval``, ``exec`` or ``compile``.
Numbers are float64 from the start and every constant part is computed once, in float64, and
must be finite, so ``9**9**9**9`` is refused at once (as ∞) instead of being folded into a
huge integer.  Every refusal is a `SpecError` that shows
the offending part and its column.

Derivatives: second-order forward mode.  Each operation maps the `Jet` (u, u′, u″) of its
arguments to its own by the chain rule, e.g. g(u) ↦ (g(u), g′(u)u′, g″(u)u′² + g′(u)u″);
catalogue entries bring their closed-form f, f′, f″.  A term with an exact-zero factor is
0 even if the other factor is ±∞ (the term is absent, as in a symbolic derivative), and
f′, f″ are NaN wherever f is.  Poles and domain edges (1/x or log x at 0) are not breaks.

Breaks: where a catalogue entry with breaks, ``abs``, ``max`` or ``min`` gets an affine
argument a·x + b (or max/min two of them), each break t of the inner function maps to
x = (t − b)/a.  The order of the `Break` there is measured, not copied: the lowest order
among f, f′, f″ of the whole expression whose one-sided limits differ, or 3 if only f‴
jumps (relu(x)**3 is C² at 0); where none does, the kinks cancel and there is no break
(relu(x) + relu(-x) - abs(x)).  Each order that does not jump takes its limit at the
break, so log1p(exp(-abs(x))) + max(x, 0) is softplus there too, f′(0) = 1/2.  A non-smooth
function of a non-affine argument (``relu(x**2 - 1)``) makes ``breaks_known`` False; the
breaks that were derived are still listed.
"""

from __future__ import annotations

import ast
import difflib
import math
import re
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from actplot.activation import Activation, Array, Break, Entry, Formulas, ParamValue, same_limit
from actplot.catalogue import CATALOGUE, _stable
from actplot.errors import SpecError

#: Longest spec accepted (label included).
MAX_LENGTH = 1000
#: Deepest bracket nesting accepted, checked before Python's parser sees the text.
MAX_NESTING = 50
#: Deepest syntax tree accepted (operator chains such as ``x**x**…`` count too).
MAX_DEPTH = 100
#: The characters an expression can be written with.
ALLOWED = frozenset(string.ascii_letters + string.digits + " _.+-*/(),='\"@")
#: ``NAME@FRAMEWORK``, a variant's name inside an expression (not part of a longer word or attribute).
VARIANT_NAME = re.compile(r"(?<![\w.])([A-Za-z_]\w*)@([A-Za-z_]\w*)")
#: Points evaluated at a time (128 KiB of float64 per array): bounds the memory of a deep tree.
EVALUATION_BLOCK = 2**14
#: How far either side of a break (in units in the last place) its one-sided limits are taken.
SIDE_ULPS = 16
#: Relative difference above which the one-sided f‴ quotients at a break count as a jump.
THIRD_TOLERANCE = 1e-4

Unary = Callable[[Array], Array]
Kind = Literal["constant", "affine", "other"]


@dataclass(frozen=True)
class Jet:
    """A function and its first two derivatives at every x: what forward mode carries."""

    value: Array
    d1: Array
    d2: Array


def _times(a: Array, b: Array) -> Array:
    """a·b, but 0 where either factor is exactly 0 (a missing term, even beside ±∞)."""
    return np.where((a == 0) | (b == 0), 0.0, a * b)


def _chain(u: Jet, g: Array, g1: Array, g2: Array) -> Jet:
    """The jet of g(u) from g, g′, g″ at u: (g, g′u′, g″u′² + g′u″)."""
    return Jet(g, _times(g1, u.d1), _times(g2, u.d1 * u.d1) + _times(g1, u.d2))


def _add(u: Jet, v: Jet) -> Jet:
    return Jet(u.value + v.value, u.d1 + v.d1, u.d2 + v.d2)


def _sub(u: Jet, v: Jet) -> Jet:
    return Jet(u.value - v.value, u.d1 - v.d1, u.d2 - v.d2)


def _neg(u: Jet) -> Jet:
    return Jet(-u.value, -u.d1, -u.d2)


def _mul(u: Jet, v: Jet) -> Jet:
    """(uv)′ = u′v + uv′, (uv)″ = u″v + 2u′v′ + uv″."""
    d1 = _times(u.d1, v.value) + _times(u.value, v.d1)
    d2 = _times(u.d2, v.value) + 2.0 * _times(u.d1, v.d1) + _times(u.value, v.d2)
    return Jet(u.value * v.value, d1, d2)


def _div(u: Jet, v: Jet) -> Jet:
    """q = u/v: q′ = (u′ − qv′)/v, q″ = (u″ − 2q′v′ − qv″)/v."""
    q = u.value / v.value
    q1 = (u.d1 - _times(q, v.d1)) / v.value
    q2 = (u.d2 - 2.0 * _times(q1, v.d1) - _times(q, v.d2)) / v.value
    return Jet(q, q1, q2)


def _power_constant(u: Jet, c: float) -> Jet:
    """u^c for a constant c: g′ = c·u^{c−1}, g″ = c(c − 1)·u^{c−2} (0 where the coefficient is)."""
    return _chain(
        u,
        np.power(u.value, c),
        _times(np.full_like(u.value, c), np.power(u.value, c - 1.0)),
        _times(np.full_like(u.value, c * (c - 1.0)), np.power(u.value, c - 2.0)),
    )


def _power(u: Jet, v: Jet) -> Jet:
    """u^v = e^w with w = v·log u: (p, p·w′, p·(w″ + w′²)), p = u^v computed directly."""
    w = _mul(v, _chain(u, np.log(u.value), 1.0 / u.value, -1.0 / (u.value * u.value)))
    p = np.power(u.value, v.value)
    return Jet(p, _times(p, w.d1), _times(p, w.d2 + w.d1 * w.d1))


def _abs(u: Jet) -> Jet:
    """|u|, with |u|′ = sign(u)·u′ (0 at 0, as PyTorch) and |u|″ = sign(u)·u″ (the δ is a break)."""
    sign = np.sign(u.value)
    return Jet(np.abs(u.value), _times(sign, u.d1), _times(sign, u.d2))


def _max(u: Jet, v: Jet) -> Jet:
    """max(u, v); at a tie the derivatives are v's, so max(x, 0) is relu with relu′(0) = 0."""
    pick = u.value > v.value
    return Jet(np.maximum(u.value, v.value), np.where(pick, u.d1, v.d1), np.where(pick, u.d2, v.d2))


def _min(u: Jet, v: Jet) -> Jet:
    """min(u, v); at a tie the derivatives are v's."""
    pick = u.value < v.value
    return Jet(np.minimum(u.value, v.value), np.where(pick, u.d1, v.d1), np.where(pick, u.d2, v.d2))


_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def _gaussian(u: Array) -> Array:
    """e^{−u²} (0 beyond |u| ≈ 27, where u² may overflow to ∞)."""
    return np.exp(-u * u)


#: name → (g, g′, g″) of the elementary functions that are not catalogue entries
#: (exp, sin, tanh and arctan are: exponential, sinusoid, tanh, arctan).
ELEMENTARY: dict[str, tuple[Unary, Unary, Unary]] = {
    "log": (np.log, lambda u: 1.0 / u, lambda u: -1.0 / (u * u)),
    "log1p": (np.log1p, lambda u: 1.0 / (1.0 + u), lambda u: -1.0 / ((1.0 + u) * (1.0 + u))),
    "expm1": (np.expm1, np.exp, np.exp),
    "sqrt": (np.sqrt, lambda u: 0.5 / np.sqrt(u), lambda u: -0.25 / (u * np.sqrt(u))),
    "cos": (np.cos, lambda u: -np.sin(u), lambda u: -np.cos(u)),
    "tan": (np.tan, lambda u: 1.0 / np.cos(u) ** 2, lambda u: 2.0 * np.tan(u) / np.cos(u) ** 2),
    "sinh": (np.sinh, np.cosh, np.sinh),
    "cosh": (np.cosh, np.sinh, np.cosh),
    "erf": (
        _stable.erf,
        lambda u: _TWO_OVER_SQRT_PI * _gaussian(u),
        lambda u: -2.0 * _TWO_OVER_SQRT_PI * u * _gaussian(u),
    ),
}
#: The elementary functions the catalogue provides (with their closed forms), named beside the others.
ELEMENTARY_IN_CATALOGUE = ("exp", "sin", "tanh", "arctan")
#: Functions whose corners the expression knows: |u| at u = 0, max and min where u = v.
NON_SMOOTH = ("abs", "max", "min")
CONSTANTS = {"pi": math.pi, "e": math.e}

Run = Callable[[Jet], Jet]


@dataclass(frozen=True)
class _Node:
    """A compiled piece of the expression.

    Attributes:
        run: its jet from the jet of x.
        kind: ``constant`` (no x), ``affine`` (a·x + b, from x, constants, ± and × or ÷ by
            constants) or ``other``.
        breaks: x of the breaks derived inside it (candidates: their order is measured later).
        known: False if some non-smooth function inside it has a non-affine argument.
    """

    run: Run
    kind: Kind
    breaks: tuple[float, ...] = ()
    known: bool = True


def is_expression(spec: str) -> bool:
    """Whether `spec` is an expression rather than a catalogue spec.

    It is an expression if it starts with a label (an identifier, then ``=``).  Otherwise a
    catalogue spec is a name (``gelu@jax`` too) followed by ``:`` (``elu:alpha=0.5``), or words only (letters,
    digits, ``_``, ``-``, spaces: ``leaky-relu``, ``hard tanh``) unless the only names among
    them are ``x``, ``pi`` and ``e`` (``x``, ``1-x``).  Anything else, an operator or a
    bracket (``x*sigmoid(x)``), is an expression.  An unknown word thus still gets the
    catalogue's did-you-mean.
    """
    head, equals, _ = spec.partition("=")
    if equals and head.strip().isidentifier():
        return True
    name, colon, _ = spec.partition(":")
    words = re.fullmatch(r"[\w\s-]*(@\s*\w+)?\s*", name)
    if colon:
        return not words
    return not words or set(re.findall(r"[^\W\d]\w*", spec)) <= {"x", *CONSTANTS}


def check_length(spec: str) -> None:
    """Refuse a spec longer than `MAX_LENGTH` characters, before anything reads it.

    Raises:
        SpecError: it is too long.
    """
    if len(spec) > MAX_LENGTH:
        raise SpecError(f"the spec is {len(spec):,} characters long; the limit is {MAX_LENGTH:,}")


def parse(spec: str) -> Activation:
    """The activation of an expression in x, optionally labelled ``label=expression``.

    `actplot.get`, the one caller, has refused a spec longer than `MAX_LENGTH` first.

    Raises:
        SpecError: the text is nested too deep, not in the grammar, free of x, or a
            constant part of it is not finite; the message shows the offending part.
    """
    label, text = _split_label(spec)
    tree, variants = _parse_tree(text)
    node = _Compiler(text, variants).compile(tree.body, 0)
    if node.kind == "constant":
        raise SpecError(f"{_short(text)!r} does not depend on x; an activation is a formula in x")
    settled = [_settle(node.run, x) for x in sorted(set(node.breaks))]
    breaks = tuple(s.declared for s in settled if s.declared is not None)

    def jet(x: ArrayLike) -> tuple[Array, Array, Array]:
        return _at_breaks(_evaluate(node.run, x), np.asarray(x, dtype=np.float64), settled)

    def order(k: int) -> Callable[[Array], Array]:
        return lambda x: jet(x)[k]

    entry = Entry(
        name=text,
        summary=f"The expression {text}.",
        f=order(0),
        df=order(1),
        d2f=order(2),
        jet=jet,
        breaks=lambda: breaks,
        breaks_known=node.known,
        output_range=lambda: None,
        monotonic=lambda: None,
        formulas=Formulas(  # plain text: ALLOWED has no '$', so mathtext shows it as typed
            mathtext=(text, f"d/dx of {text}", f"d²/dx² of {text}"),
            unicode=(text, f"d/dx of {text}", f"d²/dx² of {text}"),
        ),
        notes="A custom expression: f′ and f″ are exact, by second-order forward mode (the chain rule "
        "applied to every operation, catalogue functions bringing their closed forms), as accurate "
        "as the formula as written allows."
        + (
            ""
            if node.known
            else " Its breaks were not all derived: a non-smooth function has a non-affine argument."
        ),
        reference="custom expression",
    )
    return Activation(entry, {}, label=label)


def _split_label(spec: str) -> tuple[str, str]:
    """(label, expression) of ``label=expression``, or ("", expression)."""
    text = spec.strip()
    head, equals, rest = text.partition("=")
    if not (equals and head.strip().isidentifier()):
        return "", text
    label = head.strip()
    if label.startswith("_") or not label.isascii():
        raise SpecError(f"label {label!r}: use ASCII letters, digits and '_', starting with a letter")
    return label, rest.strip()


#: Column (from 0) of each ``NAME@FRAMEWORK`` in an expression → (NAME, FRAMEWORK).
Variants = dict[int, tuple[str, str]]


def _parse_tree(text: str) -> tuple[ast.Expression, Variants]:
    """Python's syntax tree of `text`, after the checks that keep the parser safe, and its variants."""
    if not text:
        raise SpecError("the expression is empty; write a formula in x, e.g. x*sigmoid(x)")
    for column, char in enumerate(text, 1):
        if char not in ALLOWED:
            hint = "; write powers as **" if char == "^" else ""
            raise _error(
                f"character {char!r} at column {column} of {_short(text)!r} is not allowed{hint}",
                text,
                column,
            )
    depth = 0
    for column, char in enumerate(text, 1):
        depth += (char == "(") - (char == ")")
        if depth > MAX_NESTING:
            raise _error(
                f"brackets nest deeper than {MAX_NESTING} at column {column} of {_short(text)!r}",
                text,
                column,
            )
    spelt, variants = _spell_variants(text)
    try:
        tree = ast.parse(spelt, mode="eval")
    except SyntaxError as error:
        # Python counts columns from 1, and gives 0 when the text ends before the expression does.
        column = error.offset if error.offset and error.offset <= len(text) else len(text) + 1
        where = f"column {column}" if column <= len(text) else f"the end (column {column})"
        raise _error(
            f"not a valid expression: {error.msg} at {where} of {_short(text)!r}", text, column
        ) from None
    names = {node.col_offset for node in ast.walk(tree) if isinstance(node, ast.Name)}
    for start, (name, framework) in variants.items():
        if start not in names:  # inside a string, or a keyword's name
            raise _error(
                f"{name}@{framework} at column {start + 1} of {_short(text)!r} is not a function here; "
                f"a framework's own function is called as NAME@FRAMEWORK(x), e.g. gelu@jax(x)",
                text,
                start + 1,
            )
    return tree, variants


def _spell_variants(text: str) -> tuple[str, Variants]:
    """`text` with each ``NAME@FRAMEWORK`` spelt ``NAME_FRAMEWORK``, and where each one starts.

    The spelling keeps every column, so Python's columns are the user's.

    Raises:
        SpecError: an ``@`` that is not between two names, as in a matrix product ``a @ b``.
    """
    chars = list(text)
    variants: Variants = {}
    for match in VARIANT_NAME.finditer(text):
        variants[match.start()] = (match[1], match[2])
        chars[match.end(1)] = "_"
    for column, char in enumerate(chars, 1):
        if char == "@":
            raise _error(
                f"'@' at column {column} of {_short(text)!r} is not allowed: an expression has no "
                "matrix product; a framework's own function is called as NAME@FRAMEWORK(x), e.g. gelu@jax(x)",
                text,
                column,
            )
    return "".join(chars), variants


def _error(message: str, text: str, column: int) -> SpecError:
    """A `SpecError` pointing at the 1-based `column` of the expression `text`."""
    return SpecError(message, text=text, column=column)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: What the refused node types are called in messages.
_REFUSED = {
    ast.Attribute: "attribute access is",
    ast.Subscript: "subscripts are",
    ast.Lambda: "lambda is",
    ast.ListComp: "comprehensions are",
    ast.GeneratorExp: "comprehensions are",
    ast.Compare: "comparisons are",
    ast.BoolOp: "and/or are",
    ast.IfExp: "if-else is",
    ast.Tuple: "tuples are",
    ast.Starred: "* unpacking is",
}


class _Compiler:
    """Walks the tree of one expression, node by node, into `_Node` closures.

    Attributes:
        text: the expression as the user wrote it (messages quote it).
        variants: where a name in the tree is ``NAME@FRAMEWORK`` (see `_spell_variants`).
    """

    def __init__(self, text: str, variants: Variants) -> None:
        self.text = text
        self.variants = variants

    def fail(self, node: ast.AST, problem: str) -> SpecError:
        """An error naming the offending part of the text and its column."""
        part = ast.get_source_segment(self.text, node) or ""
        column = getattr(node, "col_offset", 0) + 1  # ast counts from 0 (in bytes; the text is ASCII)
        where = "" if part == self.text else f" of {_short(self.text)!r}"
        return _error(f"{problem}: {_short(part, 40)!r} at column {column}{where}", self.text, column)

    def compile(self, node: ast.AST, depth: int) -> _Node:
        """The compiled `node`; constant parts are computed once here and must be finite."""
        if depth > MAX_DEPTH:
            raise self.fail(node, f"the expression nests deeper than {MAX_DEPTH} operations")
        compiled = self._compile(node, depth + 1)
        if compiled.kind != "constant" or isinstance(node, ast.Constant | ast.Name):
            return compiled
        value = _value_of(compiled)
        if not math.isfinite(value):
            raise self.fail(node, f"this constant is {value} in float64; use a finite number")
        return _constant(value)

    def _compile(self, node: ast.AST, depth: int) -> _Node:
        if isinstance(node, ast.Constant):
            return _constant(self.number(node))
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = self.compile(node.operand, depth)
            if isinstance(node.op, ast.UAdd):
                return operand
            run = operand.run
            return _Node(lambda x: _neg(run(x)), operand.kind, operand.breaks, operand.known)
        if isinstance(node, ast.BinOp):
            return self.binary(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        what = _REFUSED.get(type(node), f"{type(node).__name__} syntax is")
        raise self.fail(node, f"{what} not allowed in an expression")

    def number(self, node: ast.Constant) -> float:
        """A number literal as a float64."""
        literal = node.value
        if isinstance(literal, bool) or not isinstance(literal, int | float):
            raise self.fail(node, "only numbers are allowed here")
        try:
            value = float(literal)
        except OverflowError:
            value = math.inf
        if not math.isfinite(value):
            raise self.fail(node, "this number is too large for float64")
        return value

    def name(self, node: ast.Name) -> _Node:
        """x or a constant."""
        if node.col_offset in self.variants:
            spelt = "@".join(self.variants[node.col_offset])
            raise self.fail(node, f"{spelt} is a function: call it, e.g. {spelt}(x)")
        if node.id == "x":
            return _Node(lambda x: x, "affine")
        if node.id in CONSTANTS:
            return _constant(CONSTANTS[node.id])
        if node.id.lower() in ELEMENTARY or node.id.lower() in NON_SMOOTH or self.entry(node.id):
            raise self.fail(node, f"{node.id} is a function: call it, e.g. {node.id}(x)")
        raise self.fail(node, f"unknown name {node.id!r}; the variable is x, the constants pi and e")

    def binary(self, node: ast.BinOp, depth: int) -> _Node:
        """u + v, u − v, u·v, u/v and u**v."""
        u, v = self.compile(node.left, depth), self.compile(node.right, depth)
        both = _sum_kind(u, v)
        operations: dict[type[ast.operator], tuple[Callable[[Jet, Jet], Jet], Kind]] = {
            ast.Add: (_add, both),
            ast.Sub: (_sub, both),
            ast.Mult: (_mul, _kind_of(u, v, both if "constant" in (u.kind, v.kind) else "other")),
            ast.Div: (_div, _kind_of(u, v, u.kind if v.kind == "constant" else "other")),
            ast.Pow: (_power, _kind_of(u, v, "other")),
        }
        if type(node.op) not in operations:
            raise self.fail(node, "this operator is not allowed; use + - * / **")
        operation, kind = operations[type(node.op)]
        if isinstance(node.op, ast.Pow) and v.kind == "constant":
            c = _value_of(v)
            return _combine(lambda x: _power_constant(u.run(x), c), kind, u, v)
        return _combine(lambda x: operation(u.run(x), v.run(x)), kind, u, v)

    def call(self, node: ast.Call, depth: int) -> _Node:
        """An elementary function, abs/max/min, or a catalogue entry with keyword parameters.

        Function names are case-insensitive, as catalogue names are.
        """
        if not isinstance(node.func, ast.Name):
            raise self.fail(node.func, "only named functions can be called")
        entry: Entry | None
        if node.func.col_offset in self.variants:
            variant = self.variant(node.func)
            entry, name = variant, variant.name
        else:
            name = node.func.id.lower()
            entry = None if name in ELEMENTARY or name in NON_SMOOTH else self.entry(name)
        if entry is None and name not in ELEMENTARY and name not in NON_SMOOTH:
            raise self.fail(node.func, self.unknown_function(name))
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            raise self.fail(node, "* and ** unpacking are not allowed")
        if entry is None and node.keywords:
            raise self.fail(node.keywords[0], f"{name} takes no keyword arguments")
        count = 2 if name in ("max", "min") else 1
        if len(node.args) != count:
            plural = "s" if count > 1 else ""
            raise self.fail(node, f"{name} takes {count} argument{plural} before any keywords")
        args = [self.compile(a, depth) for a in node.args]
        if name in ("max", "min"):
            u, v = args
            pair = _max if name == "max" else _min
            both = _combine(lambda x: pair(u.run(x), v.run(x)), _kind_of(u, v, "other"), u, v)
            return _with_breaks(both, _difference(u, v), (0.0,), True)
        (u,) = args
        kind: Kind = "constant" if u.kind == "constant" else "other"
        if name == "abs":
            return _with_breaks(_combine(lambda x: _abs(u.run(x)), kind, u), u, (0.0,), True)
        if entry is None:
            g, g1, g2 = ELEMENTARY[name]
            return _combine(lambda x: _unary(u.run(x), g, g1, g2), kind, u)
        activation = self.bind(entry, node, depth)

        def run(x: Jet) -> Jet:
            inner = u.run(x)
            return _chain(inner, *(activation(inner.value, order) for order in range(3)))

        breaks = tuple(b.x for b in activation.breaks)
        return _with_breaks(_combine(run, kind, u), u, breaks, entry.breaks_known)

    def entry(self, name: str) -> Entry | None:
        """The catalogue entry spelt `name`, or None."""
        try:
            return CATALOGUE.resolve(name)
        except SpecError:
            return None

    def variant(self, func: ast.Name) -> Entry:
        """The entry ``NAME@FRAMEWORK`` the called name spells; messages come from `Registry.variant`."""
        name, framework = self.variants[func.col_offset]
        if name.lower() in ELEMENTARY or name.lower() in NON_SMOOTH:
            raise self.fail(func, f"{name} is built into expressions; only catalogue entries have variants")
        try:
            return CATALOGUE.variant(name, framework)
        except SpecError as error:
            raise self.fail(func, str(error)) from None

    def unknown_function(self, name: str) -> str:
        """The message for an unknown function, with the closest known names."""
        known = dict.fromkeys([*ELEMENTARY, *NON_SMOOTH, *CATALOGUE.spellings()])
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        elementary = " ".join(sorted({*ELEMENTARY, *NON_SMOOTH, *ELEMENTARY_IN_CATALOGUE}))
        return f"unknown function {name!r}{hint} (use catalogue names or {elementary})"

    def bind(self, entry: Entry, node: ast.Call, depth: int) -> Activation:
        """The entry with the call's keyword parameters; messages come from `Entry.bind`."""
        values: dict[str, ParamValue] = {}
        for keyword in node.keywords:
            assert keyword.arg is not None  # ** was refused above
            if keyword.arg in values:
                raise self.fail(keyword, f"{keyword.arg} is given twice; give each parameter once")
            values[keyword.arg] = self.keyword_value(keyword.value, depth)
        try:
            return entry.bind(**values)
        except SpecError as error:
            raise self.fail(node, str(error)) from None

    def keyword_value(self, node: ast.expr, depth: int) -> ParamValue:
        """A string, a tuple of constants, or a constant expression, as a parameter value."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Tuple):
            return tuple(self.constant(item, depth) for item in node.elts)
        return self.constant(node, depth)

    def constant(self, node: ast.expr, depth: int) -> float:
        """The value of a constant expression (one without x)."""
        compiled = self.compile(node, depth)
        if compiled.kind != "constant":
            raise self.fail(node, "a parameter value must be a constant, not depend on x")
        return _value_of(compiled)


def _constant(value: float) -> _Node:
    def run(x: Jet) -> Jet:
        zero = np.zeros_like(x.value)
        return Jet(zero + value, zero, zero)

    return _Node(run, "constant")


def _kind_of(u: _Node, v: _Node, otherwise: Kind) -> Kind:
    """Constant if both parts are, else `otherwise`."""
    return "constant" if u.kind == v.kind == "constant" else otherwise


def _combine(run: Run, kind: Kind, *parts: _Node) -> _Node:
    """A node made of `parts`: their breaks and knowledge carried up."""
    breaks = tuple(b for p in parts for b in p.breaks)
    return _Node(run, kind, breaks, all(p.known for p in parts))


def _unary(u: Jet, g: Unary, g1: Unary, g2: Unary) -> Jet:
    """The jet of g(u) from the functions g, g′, g″."""
    return _chain(u, g(u.value), g1(u.value), g2(u.value))


def _difference(u: _Node, v: _Node) -> _Node:
    """u − v, whose zeros are where max(u, v) and min(u, v) switch."""
    return _Node(lambda x: _sub(u.run(x), v.run(x)), _sum_kind(u, v))


def _sum_kind(u: _Node, v: _Node) -> Kind:
    """The kind of u ± v: affine if neither part is `other`."""
    return _kind_of(u, v, "other" if "other" in (u.kind, v.kind) else "affine")


def _value_of(constant: _Node) -> float:
    """The value of a constant node."""
    return float(_evaluate(constant.run, np.zeros(1))[0][0])


def _with_breaks(node: _Node, argument: _Node, roots: Sequence[float], known: bool) -> _Node:
    """`node`, a non-smooth function of `argument` jumping where it equals one of `roots`.

    An affine argument a·x + b puts the breaks at x = (t − b)/a; a constant one puts none;
    any other makes the breaks unknown.
    """
    if argument.kind == "constant" or not roots:
        return _Node(node.run, node.kind, node.breaks, node.known and known)
    if argument.kind == "other":
        return _Node(node.run, node.kind, node.breaks, False)
    b, a = (float(v[0]) for v in _evaluate(argument.run, np.zeros(1))[:2])
    if a == 0:
        return _Node(node.run, node.kind, node.breaks, node.known and known)
    with np.errstate(all="ignore"):
        xs = [(t - b) / a for t in roots]
    finite = tuple(x for x in xs if math.isfinite(x))
    return _Node(node.run, node.kind, node.breaks + finite, node.known and known and len(finite) == len(xs))


def _evaluate(run: Run, x: ArrayLike) -> tuple[Array, Array, Array]:
    """f, f′, f″ at x (float64, the shape of x); NaN in all three wherever f or x is NaN.

    Evaluated `EVALUATION_BLOCK` points at a time: every node of the tree holds its jet
    while the rest is evaluated, so memory grows as depth × block, not depth × len(x).
    Overflow, division by zero and invalid operations are silent here: they are the user's
    formula meeting its domain (1/x at 0 is ∞, log of a negative is NaN).
    """
    x = np.asarray(x, dtype=np.float64)
    out = np.empty((3, *x.shape), dtype=np.float64)
    flat, rows = x.reshape(-1), out.reshape(3, -1)
    for start in range(0, flat.size, EVALUATION_BLOCK):
        stop = start + EVALUATION_BLOCK
        rows[:, start:stop] = _evaluate_block(run, flat[start:stop])
    return out[0, ...], out[1, ...], out[2, ...]


def _evaluate_block(run: Run, x: Array) -> tuple[Array, Array, Array]:
    """`_evaluate` on a flat block of x."""
    with np.errstate(all="ignore"):
        jet = run(Jet(x, np.ones_like(x), np.zeros_like(x)))
    value, d1, d2 = (np.broadcast_to(a, x.shape) for a in (jet.value, jet.d1, jet.d2))
    undefined = np.isnan(x) | np.isnan(value)
    return np.where(np.isnan(x), x, value), np.where(undefined, np.nan, d1), np.where(undefined, np.nan, d2)


@dataclass(frozen=True)
class _Settled:
    """A candidate break: the `Break` it is (None where nothing jumps) and the limits it takes.

    Attributes:
        x: where.
        declared: the break, or None where no order up to f‴ jumps (the kinks cancel).
        limits: the common one-sided limit of each order below the break's (all three if none).
    """

    x: float
    declared: Break | None
    limits: tuple[float, ...]


def _settle(run: Run, x0: float) -> _Settled:
    """Measure a candidate break: the lowest order among f, f′, f″ (then f‴) whose one-sided limits differ.

    A side where the value is NaN (outside the domain) counts as no jump.  f‴ is not carried by
    the jets, so its limits are one-sided difference quotients of f″ (steps of 2⁻²⁰·max(1, |x0|)),
    compared to `THIRD_TOLERANCE`: relu(x)**3 keeps a break of order 3 at 0, while
    relu(x) + relu(-x) - abs(x) has none.
    """
    h = SIDE_ULPS * float(np.spacing(abs(x0)))
    sides = _evaluate(run, np.array([x0 - h, x0 + h]))
    limits: list[float] = []
    for order, (left, right) in enumerate(sides):
        if not (np.isnan(left) or np.isnan(right) or same_limit(left, right)):
            return _Settled(x0, Break(x0, order), tuple(limits))
        known = [float(v) for v in (left, right) if not np.isnan(v)]
        limits.append(sum(known) / len(known) if known else math.nan)
    step = 2.0**-20 * max(1.0, abs(x0))
    d2 = _evaluate(run, x0 + step * np.array([-2.0, -1.0, 1.0, 2.0]))[2]
    with np.errstate(all="ignore"):  # ∞ − ∞ near a pole: no finite quotient, no jump claimed
        left, right = (d2[1] - d2[0]) / step, (d2[3] - d2[2]) / step
        bound = THIRD_TOLERANCE * max(1.0, abs(left), abs(right))
    jumps = bool(np.isfinite(left) and np.isfinite(right) and abs(right - left) > bound)
    return _Settled(x0, Break(x0, 3) if jumps else None, tuple(limits))


def _at_breaks(
    values: tuple[Array, Array, Array], x: Array, settled: Sequence[_Settled]
) -> tuple[Array, Array, Array]:
    """f, f′, f″ with each order that does not jump at a break set to its limit there (where known).

    Forward mode takes one piece of abs, max, min or a catalogue entry at its break, which is
    wrong where the kinks cancel: log1p(exp(-abs(x))) + max(x, 0) is softplus, whose f′(0) is 1/2.
    """
    out = [v.copy() for v in values]
    for point in settled:
        at = x == point.x
        if not at.any():
            continue
        for k, limit in enumerate(point.limits):
            if not (math.isnan(limit) or same_limit(float(out[k][at].reshape(-1)[0]), limit)):
                out[k][at] = limit
    return out[0], out[1], out[2]
