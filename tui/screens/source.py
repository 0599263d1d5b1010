"""The source screen: one article, its quoted passages highlighted, n/p between them."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.display import SCRIPT_NAMES, Passage, actor_names, prepare_article
from tui.screens.host import host
from tui.screens.sizes import NARROW_WIDTH, SHORT_SOURCE
from tui.textwidth import safe_text
from tui.widgets.article import ArticleView
from tui.widgets.detail import EventDetail, event_content

__all__ = ["SourceScreen"]


class SourceScreen(Screen[None]):
    """An article with the passage of the chosen event in view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "app.help", "Help"),
        Binding("escape", "back", "Back"),
        Binding("n", "next_passage", "Next passage"),
        Binding("p", "previous_passage", "Prev passage"),
        Binding("i", "toggle_detail", "Detail"),
    ]

    def __init__(self, source_id: str, passages: list[Passage], current: int | None) -> None:
        super().__init__()
        self.source_id = source_id
        """The article shown."""
        self.passages = passages
        """Passages of the article quoted by events, offsets into the article as loaded."""
        self.current = current
        """Index of the passage under the cursor, or None."""

    def compose(self) -> ComposeResult:
        yield Static(id="source-header", markup=False)
        with Horizontal(id="body"):
            yield ArticleView(id="article")
            yield EventDetail(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "script", self._script_changed, init=False)
        self.watch(self.app, "language", self._language_changed, init=False)
        self._load_article()
        self.query_one(ArticleView).focus()

    def _load_article(self) -> None:
        app = host(self)
        source = app.corpus.sources[self.source_id]
        simplified = app.converter.converter_for("hans")
        names = actor_names(app.corpus.actors.values(), simplified)
        article = prepare_article(source.text, self.passages, names)
        view = self.query_one(ArticleView)
        view.set_article(article)
        view.set_convert(app.converter.converter_for(app.script, source.language))
        view.set_current(self.current, scroll=False)
        # Scroll once the layout has given the view its width (the wrap depends on it).
        self.call_after_refresh(view.scroll_to_current)
        self._update_header()
        self._update_detail()

    def _script_changed(self) -> None:
        app = host(self)
        source = app.corpus.sources[self.source_id]
        self.query_one(ArticleView).set_convert(
            app.converter.converter_for(app.script, source.language)
        )
        self._update_header()
        self._update_detail()

    def _language_changed(self) -> None:
        self._update_header()
        self._update_detail()

    def _update_header(self) -> None:
        app = host(self)
        source = app.corpus.sources[self.source_id]
        convert = app.converter.converter_for(app.script, source.language)
        published = f"{source.published.day} {source.published:%b %Y}"
        if source.published_note:
            published += f" (inferred: {safe_text(source.published_note)})"
        if self.current is not None and self.passages:
            where = f"passage {self.current + 1} of {len(self.passages)}"
        else:
            where = "no quoted passages" if not self.passages else f"{len(self.passages)} passages"
        header = Content.assemble(
            (convert(safe_text(source.title)), "bold"),
            "\n",
            (safe_text(source.publisher), "$text-secondary"),
            ("  ·  ", "$text-muted"),
            f"published {published}",
            ("  ·  ", "$text-muted"),
            (where, "$text-accent"),
            ("  ·  ", "$text-muted"),
            SCRIPT_NAMES[app.script],
        )
        self.query_one("#source-header", Static).update(header)

    def _update_detail(self) -> None:
        app = host(self)
        detail = self.query_one(EventDetail)
        if self.current is None or not self.passages:
            detail.show(Content("No event quotes this article."))
            return
        event = app.corpus.events[self.passages[self.current].position]
        detail.show(event_content(event, app.corpus, app.language, app.converter, app.script))

    def move_to(self, index: int) -> None:
        """Make passage `index` the current one: highlight it, scroll to it, show its event."""
        if not self.passages:
            return
        self.current = index % len(self.passages)
        self.query_one(ArticleView).set_current(self.current)
        self._update_header()
        self._update_detail()

    def action_next_passage(self) -> None:
        if self.passages:
            self.move_to(0 if self.current is None else self.current + 1)

    def action_previous_passage(self) -> None:
        if self.passages:
            self.move_to(len(self.passages) - 1 if self.current is None else self.current - 1)

    @on(ArticleView.PassageClicked)
    def _clicked(self, message: ArticleView.PassageClicked) -> None:
        self.move_to(message.index)

    def action_back(self) -> None:
        self.dismiss()

    def action_toggle_detail(self) -> None:
        self.toggle_class("-detail-toggled")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        self.set_class(event.size.height < SHORT_SOURCE, "-short")
