"""Types shared by tests that build analyses by hand (importable, unlike a conftest)."""

from __future__ import annotations

from collections.abc import Callable

from empathica.domain import Analysis

#: A factory of hand-built analyses: ``make(text, sentiment=..., cause=..., needs=...)``.
MakeAnalysis = Callable[..., Analysis]
