"""Modal dialogs of the review app."""

from .confirm import ConfirmDialog
from .edit import EditDialog
from .filter import FilterDialog
from .lists import ListDialog, TextDialog
from .series import SeriesDialog
from .threshold import ThresholdDialog, parse_confidence

__all__ = ["ConfirmDialog", "EditDialog", "FilterDialog", "ListDialog", "SeriesDialog", "TextDialog", "ThresholdDialog", "parse_confidence"]
