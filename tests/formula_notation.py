"""Read the catalogue's written formulas (mathtext and Unicode) as expressions actplot can parse.

The notation (documented on `actplot.activation.Formulas`) is what a textbook writes:
implicit products (``2x``, ``αeˣ``, ``σ(x)(1 − σ(x))``), functions applied without brackets
(``tanh x``, ``sech² x``, ``log σ(x)``), superscript powers, ``|x|``, Iverson brackets
``[x > 0]``, cases ``A if C else B`` (chained as in Python), definitions ``a = b = c`` (every
side is the same function) and the symbols of `FUNCTIONS` and of the entry's
`Formulas.symbols`.  `to_expression` turns one side into the grammar of `actplot.expression`:
a comparison A > B becomes the step (1 + (A − B)/|A − B|)/2, which is exact wherever A ≠ B, so
the test evaluates away from the breaks.  Dirac terms (δ, δ′) are 0 there and become 0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from actplot.activation import ParamValue

#: Functions of the notation: name → parser syntax with ``{0}``, ``{1}``, … for the arguments.
FUNCTIONS = {
    "σ": "sigmoid({0})",
    "σ′": "(sigmoid({0})*(1 - sigmoid({0})))",
    "ς": "softplus({0})",
    "Φ": "((1 + erf(({0})/sqrt(2)))/2)",
    "φ": "(exp(-({0})**2/2)/sqrt(2*pi))",
    "H": "((1 + ({0})/abs({0}))/2)",
    "δ": "(0*({0}))",
    "δ′": "(0*({0}))",
    "sign": "(({0})/abs({0}))",
    "sech": "(1/cosh({0}))",
    "clip": "min(max({0}, {1}), {2})",
    "max": "max({0}, {1})",
    "min": "min({0}, {1})",
    "relu6": "relu6({0})",
    "softplus": "softplus({0})",
    "sqrt": "sqrt({0})",
    "exp": "exp({0})",
    "log": "log({0})",
    "erf": "erf({0})",
    "tanh": "tanh({0})",
    "sin": "sin({0})",
    "cos": "cos({0})",
    "cosh": "cosh({0})",
    "arctan": "arctan({0})",
}
#: Functions that, written alone (``σ·sech² ς``), mean their value at x.
OF_X = ("σ′", "σ", "ς", "Φ", "φ")
RELATIONS = {">": ">", "<": "<", "≥": ">", "≤": "<", "≠": "≠"}
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻ˣ", "0123456789-x")
GREEK = {
    "alpha": "α",
    "beta": "β",
    "lambda": "λ",
    "theta": "θ",
    "sigma": "σ",
    "varsigma": "ς",
    "varphi": "φ",
    "Phi": "Φ",
    "delta": "δ",
    "pi": "π",
}


def from_mathtext(text: str) -> str:
    """Matplotlib mathtext as the same linear notation as the Unicode form."""
    text = text.replace("$", "")
    text = re.sub(r"\\sum_j e\^\{(-?)o_j\}", lambda m: f"Σⱼ e^({m[1]}oⱼ)", text)
    for _ in range(4):  # nested fractions and roots
        text = re.sub(r"\\d?frac\{([^{}]*)\}\{([^{}]*)\}", r"((\1)/(\2))", text)
        text = re.sub(r"\\sqrt\{([^{}]*)\}", r"√(\1)", text)
        text = re.sub(r"\\mathrm\{([^{}]*)\}", r"\1", text)
        text = re.sub(r"\^\{([^{}]*)\}", r"^(\1)", text)
    text = text.replace(r"\left", "").replace(r"\right", "")
    text = text.replace(r"\leq", "≤").replace(r"\geq", "≥").replace(r"\neq", "≠")
    text = re.sub(r"\\(" + "|".join(GREEK) + r")(?![a-z])", lambda m: GREEK[m[1]], text)
    text = re.sub(r"\\[,;! ]", " ", text).replace(r"\cdot", "·")
    text = re.sub(r"\\(tanh|log|sin|cos|arctan|max|min|exp)", r"\1 ", text)
    text = text.replace("'", "′").replace(r"\[", "[").replace(r"\]", "]")
    if "\\" in text or "{" in text:
        raise ValueError(f"mathtext not understood: {text!r}")
    return text


TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<keyword>if|else)(?![a-z])|(?P<sum>Σⱼ e\^\((-?)oⱼ\))"
    r"|(?P<name>" + "|".join(sorted(map(re.escape, FUNCTIONS), key=len, reverse=True)) + r")"
    r"|(?P<symbol>[a-zA-Zα-ωΑ-Ω])|(?P<op>[-+*/^()\[\]|,=<>≤≥≠√]))"
)


class Reader:
    """A recursive-descent reader of one side of a written formula."""

    def __init__(self, text: str, symbols: Mapping[str, str], params: Mapping[str, ParamValue]) -> None:
        text = text.replace("−", "-").replace("·", "*").replace("{", "(").replace("}", ")")
        text = re.sub(r"([⁰¹²³⁴⁵⁶⁷⁸⁹⁻ˣ]+)", lambda m: "^(" + m[1].translate(SUPERSCRIPTS) + ")", text)
        self.tokens = self._tokens(text)
        self.at = 0
        self.symbols = symbols
        self.params = params

    @staticmethod
    def _tokens(text: str) -> list[tuple[str, str]]:
        tokens, at = [], 0
        while at < len(text.rstrip()):
            match = TOKEN.match(text, at)
            if not match or match.end() == at:
                raise ValueError(f"cannot read {text[at:]!r} in {text!r}")
            kind = match.lastgroup
            assert kind is not None
            tokens.append((kind, match[kind]))
            at = match.end()
        return tokens

    def peek(self, offset: int = 0) -> tuple[str, str]:
        at = self.at + offset
        return self.tokens[at] if at < len(self.tokens) else ("end", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if value is not None and token[1] != value:
            raise ValueError(f"expected {value!r}, got {token[1]!r} in {self.tokens}")
        self.at += 1
        return token

    def read(self) -> str:
        """The whole side, which must be used up."""
        text = self.cases()
        if self.peek()[0] != "end":
            raise ValueError(f"left over: {self.tokens[self.at :]}")
        return text

    def cases(self) -> str:
        """``A if C else B``, B again possibly cases."""
        value = self.sum()
        if self.peek() != ("keyword", "if"):
            return value
        self.take()
        condition = self.condition()
        self.take("else")
        other = self.cases()
        return f"({condition}*({value}) + (1 - {condition})*({other}))"

    def condition(self) -> str:
        """A chain of relations, ``a < x < b``, as a product of steps."""
        parts, left = [], self.sum()
        while self.peek()[1] in RELATIONS:
            relation = RELATIONS[self.take()[1]]
            right = self.sum()
            difference = f"(({left}) - ({right}))"
            if relation == "≠":
                parts.append(f"(abs{difference}/abs{difference})")
            else:
                sign = "" if relation == ">" else "-"
                parts.append(f"((1 + {sign}{difference}/abs{difference})/2)")
            left = right
        if not parts:
            raise ValueError(f"no relation in a condition: {self.tokens}")
        return "(" + "*".join(parts) + ")"

    def sum(self) -> str:
        text = self.product()
        while self.peek()[1] in "+-" and self.peek()[0] == "op":
            text += f" {self.take()[1]} {self.product()}"
        return text

    def starts_factor(self) -> bool:
        kind, value = self.peek()
        return (
            kind in ("number", "name", "symbol", "sum")
            or value in ("(", "[", "√")
            or (value == "|" and not self.in_abs)
        )

    in_abs = False

    def product(self) -> str:
        text = self.unary()
        while True:
            if self.peek()[1] in ("*", "/"):
                text += f" {self.take()[1]} {self.unary()}"
            elif self.starts_factor():
                text += f" * {self.power()}"
            else:
                return text

    def unary(self) -> str:
        if self.peek()[1] in ("-", "+"):
            sign = self.take()[1]
            return f"({sign}{self.product()})"
        return self.power()

    def power(self) -> str:
        base = self.primary()
        if self.peek()[1] == "^":
            self.take()
            return f"({base})**({self.exponent()})"
        return base

    def exponent(self) -> str:
        if self.peek()[1] == "-":
            self.take()
            return f"-{self.primary()}"
        return self.primary()

    def primary(self) -> str:
        kind, value = self.take()
        if kind == "number":
            return value
        if kind == "sum":
            others = self.params["others"]
            assert isinstance(others, tuple)
            sign = -1.0 if "-" in value else 1.0
            return repr(sum(math.exp(sign * o) for o in others))
        if value == "(":
            inner = self.cases()
            self.take(")")
            return f"({inner})"
        if value == "[":
            inner = self.condition()
            self.take("]")
            return inner
        if value == "|":
            self.in_abs = True
            inner = self.sum()
            self.take("|")
            self.in_abs = False
            return f"abs({inner})"
        if value == "√":
            return f"sqrt({self.primary()})"
        if kind == "name":
            return self.call(value)
        if kind == "symbol":
            return self.symbol(value)
        raise ValueError(f"unexpected {value!r} in {self.tokens}")

    def call(self, name: str) -> str:
        """``f(a, b)``, ``f² x`` (the square of f(x)), ``f x`` or, for `OF_X`, ``f`` alone: f(x)."""
        power = None
        if self.peek()[1] == "^":
            self.take()
            power = self.primary()
        if self.peek()[1] == "(":
            self.take()
            arguments = [self.cases()]
            while self.peek()[1] == ",":
                self.take()
                arguments.append(self.cases())
            self.take(")")
        elif name in OF_X:
            arguments = ["x"]
        else:
            arguments = [self.power()]
        text = FUNCTIONS[name].format(*arguments)
        return f"({text})**({power})" if power else text

    def symbol(self, name: str) -> str:
        if name == "x":
            return "x"
        if name == "π":
            return "pi"
        if name == "e":
            if self.peek()[1] == "^":
                self.take()
                return f"exp({self.exponent()})"
            return "e"
        if name in self.symbols:
            meaning = self.symbols[name]
            if meaning in self.params:
                value = self.params[meaning]
                assert isinstance(value, float)
                return f"({value!r})"
            if meaning in FUNCTIONS:
                return self.call(meaning)
            return "(" + Reader(meaning, self.symbols, self.params).read() + ")"
        raise ValueError(f"symbol {name!r} is not defined")


def sides(text: str) -> list[str]:
    """The sides of ``a = b = c`` (a formula written as equal forms)."""
    return [side.strip() for side in text.split("=")]


def to_expression(text: str, symbols: Mapping[str, str], params: Mapping[str, ParamValue]) -> str:
    """One side of a written formula in `actplot.expression` syntax, at these parameter values."""
    return f"{Reader(text, symbols, params).read()} + 0*x"  # the parser refuses a constant alone
