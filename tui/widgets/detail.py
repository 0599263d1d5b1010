"""The detail pane: everything known about one event, text from the data shown literally."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.visual import Visual

from tui.core.dates import days_text, display
from tui.core.model import Corpus, Event
from tui.core.scripts import Script, ScriptConverter
from tui.core.text_fitting import cell_width, note_gist, safe_text
from tui.core.wrapping import wrap

__all__ = ["NOTE_GIST", "EventDetail", "event_content", "quote_paragraphs"]

NOTE_GIST = 60
"""Cells of an article's published-date note shown under "Why" (the article's I shows all)."""

_LABEL = "bold $text-muted"
_LABEL_WIDTH = 9

_ZH_WORDS = {
    "When": "日期",
    "Why": "依據",
    "Status": "狀態",
    "Actors": "參與者",
    "Themes": "主題",
    "Quote": "引文",
    "Quotes": "引文",
    "planned": "計劃中",
    "happened": "已發生",
}
"""The pane's own words in Chinese (Traditional; shown through the script's converter)."""


def event_content(
    event: Event, corpus: Corpus, language: str, converter: ScriptConverter, script: Script
) -> Content:
    """Describe `event` as styled content: titles, date and why, status, names, quotes.

    Args:
        event: the event to describe.
        corpus: for sources, actors and themes.
        language: "en" or "zh", the language shown first.
        converter: converts Chinese text to `script`.
        script: the script chosen with `s`.

    Returns:
        Content built from plain strings, so markup in the data shows literally.
    """
    convert = converter.converter_for(script)
    other = "zh" if language == "en" else "en"

    def text(value: str) -> str:
        return convert(safe_text(value))

    def word(english: str) -> str:
        """One of the pane's own words, in the language shown first."""
        return convert(_ZH_WORDS[english]) if language == "zh" else english

    parts: list[str | tuple[str, str] | Content] = []
    parts.append((text(event.title.pick(language)), "bold"))
    second = getattr(event.title, other)
    if second and second != event.title.pick(language):
        parts += ["\n", (text(second), "$text-muted")]
    parts.append("\n\n")

    def field(label: str, *values: str | tuple[str, str]) -> None:
        shown = word(label)
        # Padded by cells: a Chinese label's characters take two each.
        parts.append((shown + " " * max(1, _LABEL_WIDTH - cell_width(shown)), _LABEL))
        parts.extend(values)
        parts.append("\n")

    date_zh = display(event.date, "zh")
    days = days_text(event.date)
    field(
        "When",
        (display(event.date, "en"), "bold"),
        "  ",
        (convert(date_zh), "$text-muted"),
        (f"  ({days})", "$text-muted"),
    )
    field("Why", *_why(event, corpus, text, language))
    status = (
        (word("planned"), "bold $text-warning")
        if event.status == "planned"
        else (word("happened"), "")
    )
    field("Status", status)
    actor_names = []
    for actor_id in event.actors:
        actor = corpus.actors.get(actor_id)
        actor_names.append(text(actor.name.pick(language)) if actor else actor_id)
    field("Actors", (" · ".join(actor_names), "$text-secondary"))
    theme_names = []
    for theme_id in event.themes:
        theme = corpus.themes.get(theme_id)
        theme_names.append(text(theme.name.pick(language)) if theme else theme_id)
    field("Themes", " · ".join(theme_names))
    if event.summary is not None:
        parts += ["\n", text(event.summary.pick(language))]
        second_summary = getattr(event.summary, other)
        if second_summary and second_summary != event.summary.pick(language):
            parts += ["\n", (text(second_summary), "$text-muted")]
        parts.append("\n")
    parts.append("\n")
    parts.append((word("Quotes" if len(event.quotes) > 1 else "Quote"), _LABEL))
    for quote in event.quotes:
        source = corpus.sources.get(quote.source)
        quote_convert = converter.converter_for(script, source.language if source else None)
        # A quote that runs across a paragraph break shows each paragraph on a line of its own.
        for paragraph in quote_paragraphs(quote.text):
            parts += ["\n", ("▌ ", "$accent"), (quote_convert(safe_text(paragraph)), "italic")]
        if source is not None:
            published = f"{source.published.day} {source.published:%b %Y}"
            parts += [
                "\n",
                ("  — ", "$text-muted"),
                (quote_convert(safe_text(source.title)), "$text-muted bold"),
                (f" · {safe_text(source.publisher)} · {published}", "$text-muted"),
            ]
    parts.append(("\n\n" + f"id {event.id}", "$text-muted"))
    return Content.assemble(*parts)


def quote_paragraphs(quote: str) -> list[str]:
    """The paragraphs of `quote`: its lines, blank ones (between paragraphs) left out."""
    return [line for line in quote.split("\n") if line.strip()] or [quote]


def _why(
    event: Event, corpus: Corpus, text: Callable[[str], str], language: str
) -> list[str | tuple[str, str]]:
    """Where the date comes from: the words in the quote and the date they resolve against,
    said in `language`."""
    quote = None
    if event.date_text is not None:
        quote = next((q for q in event.quotes if event.date_text in q.text), None)
    if quote is None and event.quotes:
        quote = event.quotes[0]
    source = corpus.sources.get(quote.source) if quote is not None else None
    zh = language == "zh"
    published = ""
    if source is not None:
        published = (
            f"（{source.published.isoformat()} {text('發佈')}"
            if zh
            else f" (published {source.published.isoformat()}"
        )
        if source.published_note:
            # The whole note runs to a dozen lines; the article's I shows it.
            gist = note_gist(safe_text(source.published_note), NOTE_GIST)
            published += f"{text('；推斷：')}{gist}" if zh else f", inferred: {gist}"
        published += "）" if zh else ")"
    if event.date_text is not None:
        if zh:
            title = f"《{text(source.title)}》" if source is not None else text("其文章")
            return [
                ("「", "$text-muted"),
                (text(event.date_text), "bold $text-accent"),
                ("」", "$text-muted"),
                f"{text('見於')}{title}{text('，按文章日期推算')}{published}",
            ]
        title = text(source.title) if source is not None else "its article"
        return [
            ("“", "$text-muted"),
            (text(event.date_text), "bold $text-accent"),
            ("”", "$text-muted"),
            f" in {title}, resolved against the article's date{published}",
        ]
    if zh:
        title = f"《{text(source.title)}》" if source is not None else text("文章")
        return [f"{text('編者據')}{title}{text('定出')}{published}"]
    title = text(source.title) if source is not None else "the article"
    return [f"stated by the curator from {title}{published}"]


def wrap_content(content: Content, width: int) -> Content:
    """Wrap `content` to `width` cells, breaking CJK text between any two characters.

    Textual wraps at spaces only, so a long run of Chinese would jump to a line of its
    own; the shared `display.wrap` breaks it where a reader expects.
    """
    lines = wrap(content.plain, width)
    return Content("\n").join(content[start:end] for start, end in lines)


class EventDetail(ScrollView):
    """A scrollable pane showing one event (or a hint when none is selected).

    Drawn with the Line API from lines wrapped once per event and width.
    """

    DEFAULT_CSS = """
    EventDetail {
        padding: 0 1;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        background: $panel;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.can_focus = False
        self._content = Content("No event selected.")
        self._wrapped_width = 0
        self._wrapped = Content("")
        self._lines: list[Strip] = []
        self._selected: tuple[Selection, list[Strip]] | None = None

    @property
    def text(self) -> Content:
        """What the pane shows, before wrapping."""
        return self._content

    def show(self, content: Content) -> None:
        """Replace what the pane shows and scroll back to its top."""
        self._content = content
        self._wrapped_width = 0
        self._rewrap()
        self.scroll_to(y=0, animate=False, immediate=True)

    def on_resize(self) -> None:
        self._rewrap()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._wrapped_width = 0
        self._rewrap()

    def _rewrap(self) -> None:
        # The scrollbar's column is always kept (scrollbar-gutter: stable), so the text width
        # does not change when a long event brings the scrollbar in.
        width = self.scrollable_content_region.width
        if width == self._wrapped_width or width <= 0 or not self.is_mounted:
            return
        self._wrapped_width = width
        self._wrapped = wrap_content(self._content, max(width, 10))
        self._lines = Visual.to_strips(
            self, self._wrapped, width, None, self.visual_style, apply_selection=False, pad=True
        )
        self._selected = None
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        lines = self._lines_selected() if self.text_selection is not None else self._lines
        if not 0 <= row < len(lines):
            return Strip.blank(width, self.rich_style)
        line = lines[row]
        # Lines are padded to the width they were wrapped at, which is this one but between a
        # resize and its rewrap.
        if line.cell_length != width:
            line = line.crop_extend(0, width, None)
        return line

    def _lines_selected(self) -> list[Strip]:
        """The lines with the mouse's selection drawn, made again only when it changes."""
        selection = self.text_selection
        assert selection is not None
        if self._selected is None or self._selected[0] != selection:
            width = self._wrapped_width
            lines = Visual.to_strips(self, self._wrapped, width, None, self.visual_style, pad=True)
            self._selected = (selection, lines)
        return self._selected[1]

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        # The text as wrapped on screen: the selection's offsets are lines and columns of it.
        return selection.extract(self._wrapped.plain), "\n"
