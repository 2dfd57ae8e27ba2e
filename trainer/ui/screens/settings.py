"""Settings: UI language, desired retention, new per day, theme, and the learner's profile."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from trainer.i18n import describe, get_language, t
from trainer.ui.widgets.common import TInput, TSelect
from trainer.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from trainer.ui.app import TrainerApp


class SettingsScreen(Screen[None]):
    """设置; ctrl+s saves, Esc goes back without saving."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "app.settings.key.save"),
        Binding("escape", "back", "app.key.back"),
        # Priority bindings move the focus while the App handles the key, before the keys that
        # follow it are handed on: typed fast ("0.85<Tab>30"), every key lands in its field
        # (through the focused box the move came after the burst had gone into that box).
        Binding("tab", "move_focus(1)", show=False, priority=True),
        Binding("shift+tab", "move_focus(-1)", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()

    @property
    def trainer(self) -> TrainerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        app = self.trainer
        settings = app.learner_settings()
        profiles: list[str] = []
        if app.store is not None:
            try:
                profiles = [p.name for p in app.store.list_profiles()]
            except Exception:  # noqa: BLE001
                profiles = []
        if app.profile_name and app.profile_name not in profiles:
            profiles.append(app.profile_name)
        yield Static(Text(t("app.settings.title"), style="bold"), classes="screen-title")
        with VerticalScroll(id="settings-body"):
            yield from _row(
                "app.settings.language",
                TSelect(
                    [("中文", "zh"), ("English", "en")],
                    value=get_language(),
                    allow_blank=False,
                    id="set-language",
                    compact=True,
                ),
            )
            yield from _row(
                "app.settings.retention",
                TInput(
                    str(settings.desired_retention),
                    id="set-retention",
                    type="number",
                    compact=True,
                ),
                "app.settings.retention_help",
            )
            yield from _row(
                "app.settings.new_per_day",
                TInput(str(settings.new_per_day), id="set-new", type="integer", compact=True),
                "app.settings.new_help",
            )
            theme = settings.theme
            yield from _row(
                "app.settings.theme",
                TSelect(
                    [(t("app.settings.dark"), "dark"), (t("app.settings.light"), "light")],
                    value=theme if theme in ("dark", "light") else "dark",
                    allow_blank=False,
                    id="set-theme",
                    compact=True,
                ),
            )
            yield from _row(
                "app.settings.profile",
                TSelect(
                    [(name, name) for name in profiles],
                    value=app.profile_name,
                    allow_blank=False,
                    id="set-profile",
                    compact=True,
                ),
            )
            yield from _row(
                "app.settings.new_profile",
                TInput(
                    placeholder=t("app.settings.new_profile_help"),
                    id="set-new-profile",
                    compact=True,
                    max_length=40,
                ),
            )
            yield Static("", id="settings-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("app.settings.save"), id="settings-save", variant="primary")
                yield Button(t("app.key.back"), id="settings-cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#set-language", Select).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "settings-save":
            self.action_save()
        else:
            self.action_back()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def _error(self, message: str) -> None:
        self.query_one("#settings-error", Static).update(Text(message, style="bold red"))

    def action_save(self) -> None:
        app = self.trainer
        if app.store is None:
            self._error(app.store_problem or "")
            return
        try:
            retention = float(self.query_one("#set-retention", Input).value)
        except ValueError:
            retention = -1.0
        if not 0.70 <= retention <= 0.97:
            self._error(t("app.settings.bad_retention"))
            return
        try:
            new_per_day = int(self.query_one("#set-new", Input).value)
        except ValueError:
            new_per_day = -1
        if not 0 <= new_per_day <= 10000:
            self._error(t("app.settings.bad_new"))
            return
        language = str(self.query_one("#set-language", Select).value)
        theme = str(self.query_one("#set-theme", Select).value)
        profile = str(self.query_one("#set-profile", Select).value)
        new_profile = self.query_one("#set-new-profile", Input).value.strip()
        if new_profile:
            profile = new_profile
        values = {
            "desired_retention": retention,
            "new_per_day": new_per_day,
            "theme": theme,
            "language": language,
        }
        try:
            if profile != app.profile_name:
                # Another learner: their own settings apply; a new one starts with these.
                existed = app.store.get_profile(profile) is not None
                app.store.ensure_profile(profile)
                app.store.set_setting("default_profile", profile)
                app.profile_name = profile
                if existed:
                    values = {}
            for key, value in values.items():
                app.store.set_setting(key, value, profile=app.profile_name)
        except Exception as error:  # noqa: BLE001 - a bad name or a store that can't be written
            self._error(describe(error))
            return
        from trainer.ui.app import THEMES

        theme = str(app.setting("theme", theme))
        language = str(app.setting("language", language))
        app.theme = THEMES.get(theme, "textual-dark")
        app.switch_language(language)
        app.notify(t("app.settings.saved", profile=app.profile_name))

    def action_back(self) -> None:
        self.dismiss()

    def action_move_focus(self, step: int) -> None:
        # Screen.focus_next/previous set the focus at once (Widget.focus() is deferred)
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()


def _row(label_key: str, widget: Any, help_key: str | None = None) -> ComposeResult:
    with Horizontal(classes="form-row"):
        yield Label(t(label_key), classes="form-label")
        yield widget
    if help_key:
        yield Static(t(help_key), classes="form-help")
