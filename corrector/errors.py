"""Errors the command line turns into one clear line and exit status 2."""

from __future__ import annotations


class CorrectorError(Exception):
    """Bad input or a refused operation; ``str(err)`` is the one line shown to the user."""


class InputError(CorrectorError):
    """A path that cannot be read as text: missing, binary, undecodable or empty."""
