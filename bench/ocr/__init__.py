"""OCR benchmark: typeset clean Chinese text, degrade it, OCR it with real engines, and score the corrector."""
