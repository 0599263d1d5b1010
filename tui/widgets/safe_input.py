"""An Input that draws its value harmlessly: controls and bidi overrides made visible."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Input

from tui.core.text_fitting import safe_text

__all__ = ["SafeInput"]


class SafeInput(Input):
    """An Input whose value (typed, pasted or loaded from a file) is shown as the header shows it.

    A NUL, ESC or C1 control would reach the terminal and a bidi override (U+202E) would
    reverse the field on screen; they are drawn as ␀, ␛, � and ⟨U+202E⟩ instead. Each
    rendered piece is made safe inside its own segment, so the cursor's and the
    selection's styles stay on the characters they mark; the value is what was typed.
    """

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        texts = [safe_text(segment.text) for segment in segments]
        if all(text == segment.text for text, segment in zip(texts, segments, strict=True)):
            return strip
        safe = Strip(
            Segment(text, segment.style, segment.control)
            for text, segment in zip(texts, segments, strict=True)
        )
        return safe.crop_extend(0, strip.cell_length, self.rich_style)
