"""Errors raised by the model runtime.

A missing or damaged model file is an installation problem the user can fix, so the message
names the file and what is wrong with it instead of surfacing an ONNX Runtime stack trace.
"""

from __future__ import annotations


class ModelError(RuntimeError):
    """A model file is missing, unreadable or does not match what the runtime expects."""
