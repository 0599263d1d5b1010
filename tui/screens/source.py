"""The source screen: one article, its quoted passages highlighted, n/p between them.

A sentence cursor (. and ,; shift+↑↓ or a mouse drag to select more) picks the passage a
new event quotes (N); e and D edit and delete the event of the current passage, U lists the
dates no event quotes yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tui.core.article_text import Passage, passages_in, prepare_article
from tui.core.names import actor_names
from tui.core.scripts import SCRIPT_NAMES
from tui.core.sentences import sentence_at, sentences
from tui.core.text_fitting import safe_text
from tui.screens.host import CorpusRevision, host
from tui.screens.sizes import NARROW_WIDTH, SHORT_SOURCE
from tui.widgets.article import ArticleView
from tui.widgets.detail import EventDetail, event_content
from tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    # Drafting, the forms and the date engine load on first use, not for the first paint.
    from tui.core.temporal import Mention

__all__ = ["SourceScreen"]


PASSAGE_KEYS = Binding.Group("Passage")
"""`n` and `p` share one entry of the footer."""
SENTENCE_KEYS = Binding.Group("Sentence")
"""`.` and `,` share one entry of the footer."""


class SourceScreen(Screen[None]):
    """An article with the passage of the chosen event in view."""

    # The footer lists these in this order and cuts what does not fit; the help lists all.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("question_mark", "app.help", "Help"),
        Binding("n", "next_passage", "Next passage", group=PASSAGE_KEYS),
        Binding("p", "previous_passage", "Prev passage", group=PASSAGE_KEYS),
        Binding("full_stop", "next_sentence", "Next sentence", group=SENTENCE_KEYS),
        Binding("comma", "previous_sentence", "Prev sentence", group=SENTENCE_KEYS),
        Binding("N", "new_event", "New event"),
        Binding("e", "edit_event", "Edit"),
        Binding("D", "delete_event", "Delete"),
        Binding("U", "uncovered", "Undated"),
        Binding("i", "toggle_detail", "Detail"),
        Binding("ctrl+p", "app.command_palette", "Palette", priority=True),
        Binding("s", "app.cycle_script", "Script"),
        Binding("l", "app.toggle_language", "EN/中"),
        Binding("u", "app.undo", "Undo"),
        Binding("I", "published_note", "Date note", show=False),
        Binding("shift+down", "extend_selection(1)", "Select more", show=False),
        Binding("shift+up", "extend_selection(-1)", "Select less", show=False),
        Binding("y", "copy_quote", "Copy quote", show=False),
        Binding("A", "add_quote", "Add quote", show=False),
    ]

    def __init__(self, source_id: str, passages: list[Passage], current: int | None) -> None:
        super().__init__()
        self.source_id = source_id
        """The article shown."""
        self.passages = passages
        """Passages of the article quoted by events, offsets into the article as loaded."""
        self.current = current
        """Index of the passage under the cursor, or None."""
        self._sentence_spans: list[tuple[int, int]] | None = None
        self.sentence_anchor: int | None = None
        """Sentence where the selection began, or None before the cursor is used."""
        self.sentence_cursor: int | None = None
        """Sentence under the cursor, or None before the cursor is used."""
        self.selection: tuple[int, int] | None = None
        """The selected text's (start, end): whole sentences, or a range dragged with the mouse."""
        self.mentions: list[Mention] | None = None
        """The article's dated mentions, found on first use."""
        self._passage_ids: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="source-header"):
            yield Static(id="source-title", markup=False)
            yield Static(id="source-meta", markup=False)
        with Horizontal(id="body"):
            yield ArticleView(id="article")
            yield EventDetail(id="detail")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.watch(self.app, "script", self._script_changed, init=False)
        self.watch(self.app, "language", self._language_changed, init=False)
        self.watch(self.app, "corpus_revision", self._corpus_changed, init=False)
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
        self._sentence_spans = None
        self._passage_ids = [app.corpus.events[passage.position].id for passage in self.passages]
        view.set_selection(self.selection, scroll=False)
        view.set_convert(app.converter.converter_for(app.script, source.language))
        view.set_current(self.current, scroll=False)
        # Scroll once the layout has given the view its width (the wrap depends on it).
        self.call_after_refresh(view.scroll_to_current)
        self._update_header()
        self._update_detail()

    @property
    def sentence_spans(self) -> list[tuple[int, int]]:
        """The article's sentences, (start, end) offsets.

        Found on first use, not when the article opens: cutting a 50 MB article into
        sentences takes seconds, and the first screen should not wait for it.
        """
        if self._sentence_spans is None:
            self._sentence_spans = sentences(host(self).corpus.sources[self.source_id].text)
        return self._sentence_spans

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
        # Two lines: the title, then what the reader needs while moving (the passage
        # counter first, so a narrow terminal cuts the publisher and not the counter).
        app = host(self)
        source = app.corpus.sources[self.source_id]
        convert = app.converter.converter_for(app.script, source.language)
        published = f"{source.published.day} {source.published:%b %Y}"
        if self.current is not None and self.passages:
            where = f"passage {self.current + 1} of {len(self.passages)}"
        else:
            where = "no quoted passages" if not self.passages else f"{len(self.passages)} passages"
        meta: list[str | tuple[str, str]] = [
            (where, "bold $text-accent"),
            ("  ·  ", "$text-muted"),
            f"published {published}",
        ]
        if source.published_note:
            meta += [" (inferred; ", ("I", "bold"), " shows why)"]
        meta += [
            ("  ·  ", "$text-muted"),
            (safe_text(source.publisher), "$text-secondary"),
            ("  ·  ", "$text-muted"),
            SCRIPT_NAMES[app.script],
        ]
        self.query_one("#source-title", Static).update(
            Content.styled(convert(safe_text(source.title)), "bold")
        )
        self.query_one("#source-meta", Static).update(Content.assemble(*meta))

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

    # -- the sentence cursor and selection ---------------------------------------------

    def _start_sentence(self) -> int | None:
        """Where the cursor starts: the current passage, else the top of the view."""
        view = self.query_one(ArticleView)
        if view.current is not None:
            offset = view.current.start
        else:
            offset = view.offset_at(0, 0) or 0
        return sentence_at(self.sentence_spans, offset)

    def select_sentences(self, anchor: int, cursor: int) -> None:
        """Select the sentences from `anchor` to `cursor` (either order) and show them."""
        if not self.sentence_spans:
            return
        last = len(self.sentence_spans) - 1
        self.sentence_anchor = max(0, min(anchor, last))
        self.sentence_cursor = max(0, min(cursor, last))
        low, high = sorted((self.sentence_anchor, self.sentence_cursor))
        self.set_selection((self.sentence_spans[low][0], self.sentence_spans[high][1]))

    def set_selection(self, selection: tuple[int, int] | None) -> None:
        """Select text[start:end] and bring it into view."""
        self.selection = selection
        self.query_one(ArticleView).set_selection(selection)

    def action_next_sentence(self) -> None:
        if self.sentence_cursor is None:
            start = self._start_sentence()
            if start is not None:
                self.select_sentences(start, start)
        else:
            self.select_sentences(self.sentence_cursor + 1, self.sentence_cursor + 1)

    def action_previous_sentence(self) -> None:
        if self.sentence_cursor is None:
            start = self._start_sentence()
            if start is not None:
                self.select_sentences(start, start)
        else:
            self.select_sentences(self.sentence_cursor - 1, self.sentence_cursor - 1)

    def action_extend_selection(self, step: int) -> None:
        if self.sentence_cursor is None or self.sentence_anchor is None:
            self.action_next_sentence()
            return
        self.select_sentences(self.sentence_anchor, self.sentence_cursor + step)

    @on(ArticleView.TextClicked)
    def _text_clicked(self, message: ArticleView.TextClicked) -> None:
        index = sentence_at(self.sentence_spans, message.offset)
        if index is not None:
            self.select_sentences(index, index)

    @on(ArticleView.Dragged)
    def _dragged(self, message: ArticleView.Dragged) -> None:
        length = len(host(self).corpus.sources[self.source_id].text)
        self.sentence_cursor = self.sentence_anchor = sentence_at(
            self.sentence_spans, message.end - 1
        )
        self.selection = (message.start, min(message.end, length))
        self.query_one(ArticleView).set_selection(self.selection, scroll=False)

    # -- curation ------------------------------------------------------------------------

    def action_new_event(self) -> None:
        if self.selection is None:
            self.action_next_sentence()
        if self.selection is not None:
            from tui.screens.curation import new_event

            new_event(self.app, self.source_id, *self.selection)

    def _current_event_id(self) -> str | None:
        if self.current is None or not self.passages:
            self.notify("No quoted passage here: n / p move to one.", severity="warning")
            return None
        return host(self).corpus.events[self.passages[self.current].position].id

    def action_add_quote(self) -> None:
        """Add the selected sentences as one more quote of the current passage's event."""
        if self.selection is None:
            self.notify(
                "Select a passage first (. and , move by sentence, shift+arrows extend).",
                severity="warning",
            )
            return
        event_id = self._current_event_id()
        if event_id is not None:
            from tui.screens.curation import add_quote

            add_quote(self.app, event_id, self.source_id, *self.selection)

    def action_copy_quote(self) -> None:
        """Copy the current passage's quote with its citation."""
        from tui.screens.clipboard import copy_quote

        if self.current is None or not self.passages:
            self.notify("No quoted passage here: nothing to copy.", severity="warning")
            return
        passage = self.passages[self.current]
        quotes = host(self).corpus.events[passage.position].quotes
        for index, quote in enumerate(quotes):
            if quote.source == self.source_id and quote.start == passage.start:
                copy_quote(self.app, passage.position, index)
                return

    def action_edit_event(self) -> None:
        event_id = self._current_event_id()
        if event_id is not None:
            from tui.screens.curation import edit_event

            edit_event(self.app, event_id)

    def action_delete_event(self) -> None:
        event_id = self._current_event_id()
        if event_id is not None:
            from tui.screens.curation import delete_event

            delete_event(self.app, event_id)

    def uncovered_mentions(self) -> list[Mention]:
        """The article's dated mentions that no event's quote contains."""
        source = host(self).corpus.sources[self.source_id]
        if self.mentions is None:
            from tui.core.temporal import extract_all

            self.mentions = extract_all(source.text, source.published)
        from tui.core.drafting import uncovered

        return uncovered(self.mentions, [(passage.start, passage.end) for passage in self.passages])

    def action_uncovered(self) -> None:
        mentions = self.uncovered_mentions()

        def chosen(index: int | None) -> None:
            if index is not None:
                mention = mentions[index]
                sentence = sentence_at(self.sentence_spans, mention.start)
                if sentence is not None:
                    self.select_sentences(sentence, sentence)

        from tui.screens.uncovered import UncoveredScreen

        self.app.push_screen(UncoveredScreen(mentions), chosen)

    def _corpus_changed(self, revision: CorpusRevision) -> None:
        """Show the app's new corpus: passages again, the current one kept by its event."""
        corpus = host(self).corpus
        if self.source_id not in corpus.sources:
            self.dismiss()
            return
        keep_id = revision.select
        if keep_id is None and self.current is not None and self.current < len(self._passage_ids):
            keep_id = self._passage_ids[self.current]
        view = self.query_one(ArticleView)
        self.passages = passages_in(corpus.events, self.source_id)
        self.current = None
        for index, passage in enumerate(self.passages):
            if corpus.events[passage.position].id == keep_id:
                self.current = index
                break
        if self.current is None and self.passages:
            self.current = 0
        scroll_y = view.scroll_y
        self._load_article()
        view.scroll_to(y=scroll_y, animate=False, immediate=True)

    def action_published_note(self) -> None:
        note = host(self).corpus.sources[self.source_id].published_note
        if not note:
            self.notify("This article prints its date; there is no note.")
            return
        from tui.screens.note import NoteScreen

        self.app.push_screen(NoteScreen("How the published date was inferred", note))

    def action_back(self) -> None:
        self.dismiss()

    def action_toggle_detail(self) -> None:
        self.toggle_class("-detail-toggled")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        self.set_class(event.size.height < SHORT_SOURCE, "-short")
