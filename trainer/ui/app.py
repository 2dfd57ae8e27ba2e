"""The Textual study app and :func:`create_app`, its factory.

The command line, the tests and the start-up benchmark all build the app through
:func:`create_app`, which takes every dependency (bank, store, clock, language) as an argument
so that tests can inject a fixed clock and a temporary store. Only Textual and the bank model
are imported at start; screens, the scheduler and the grader are imported when first needed,
and the grader's heavy dependencies (pypinyin, cn2an) are warmed up in a background thread once
the first screen is on display.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType

from trainer.i18n import ENV_LANG, describe, get_language, set_language, t
from trainer.ui.collector import resume_after_start_up

if TYPE_CHECKING:
    from trainer.core.bank import Bank
    from trainer.core.overview import Overview, OverviewSource
    from trainer.core.settings import Settings

STYLES = Path(__file__).resolve().parent / "styles"
THEMES = {"dark": "textual-dark", "light": "textual-light"}
WARM_UP_DELAY_S = 0.5
"""From the first screen on display to the grader's warm-up (the screen settles meanwhile)."""


class TrainerApp(App[int]):
    """学习训练器: home, study, browse, read, settings, help."""

    TITLE = "学习训练器"
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        STYLES / "app.tcss",
        STYLES / "widgets.tcss",
    ]
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "app.key.quit", priority=True, show=False),
        Binding("f1", "help", "app.key.help"),
        Binding("question_mark", "help", "app.key.help", show=False),
        Binding("q", "quit_key", "app.key.quit"),
    ]

    def __init__(
        self,
        *,
        bank_path: str | Path | None = None,
        bank: Bank | None = None,
        profile: str | None = None,
        language: str | None = None,
        clock: Callable[[], datetime] | None = None,
        store: Any = None,
        theme: str | None = None,
        cursor_blink: bool = True,
        autostart: str | None = None,
        session_options: dict[str, Any] | None = None,
        warm_up: bool = True,
        on_first_question: Callable[[], None] | None = None,
        on_first_screen: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.bank_path = Path(bank_path) if bank_path else None
        self.bank: Bank | None = bank
        self.bank_problem: str | None = None
        self.profile_arg = profile
        self.profile_name = profile or ""
        self.language_arg = language
        self.clock: Callable[[], datetime] = clock or _utc_now
        self.store: Any = store
        self.store_problem: str | None = None
        self.theme_arg = theme
        self.cursor_blink_enabled = cursor_blink
        self.autostart = autostart
        self.session_options = dict(session_options or {})
        self.warm_up_grader = warm_up
        self._warm_up_started = False
        self.on_first_question = on_first_question
        self.on_first_screen = on_first_screen
        self.animation_level = "none"
        self._overview_source: OverviewSource = _overview_source()
        if language:
            set_language(language)

    # ------------------------------------------------------------------ start-up

    def on_mount(self) -> None:
        self._open_store()
        self._load_bank()
        self._apply_theme()
        if self.bank_problem is not None or self.store_problem is not None:
            from trainer.ui.screens.problem import ProblemScreen

            self.push_screen(ProblemScreen())
            self.call_after_refresh(resume_after_start_up)
            return
        if self.autostart:
            # Straight into a session; the home screen is built when the learner leaves it.
            self.start_session(self.autostart, **self.session_options)
        else:
            from trainer.ui.screens.home import HomeScreen

            self.push_screen(HomeScreen())
        self.set_timer(1.0, self.sync_in_background)
        # The first screen resumes the collector once drawn; this is for any other screen.
        self.set_timer(2.0, resume_after_start_up)

    def _open_store(self) -> None:
        if self.store is None:
            try:
                from trainer.core.store import Store

                self.store = Store.open()
            except Exception as error:  # noqa: BLE001 - StoreError or OSError, shown in the UI
                from trainer import paths

                self.store_problem = t(
                    "app.problem.store", path=paths.db_path(), error=describe(error)
                )
                return
        try:
            name = self.profile_arg or self.store.default_profile_name()
            self.store.ensure_profile(name)
            self.profile_name = name
        except Exception as error:  # noqa: BLE001
            from trainer.core.store import ProfileError

            key = "app.problem.profile" if isinstance(error, ProfileError) else "app.problem.store"
            self.store_problem = t(key, path=_store_path(self.store), error=describe(error))
            return
        # --lang and TRAINER_LANG say what this run wants; otherwise the learner's setting.
        if not self.language_arg and not os.environ.get(ENV_LANG):
            language = self.setting("language", "")  # "" when the learner never chose one
            if language:
                set_language(str(language))

    def _load_bank(self) -> None:
        if self.bank is not None:
            return
        from trainer import paths
        from trainer.core.bank import BankError
        from trainer.core.bank.cache import load_bank_cached as load_bank

        path = self.bank_path or self._assigned_bank() or paths.default_bank_path()
        if path is None:
            self.bank_problem = t("app.problem.no_bank", folder=paths.builtin_questions_dir())
            return
        self.bank_path = path
        if not Path(path).exists():
            self.bank_problem = t("app.problem.no_bank_file", path=path)
            return
        try:
            self.bank = load_bank(path)
        except BankError as error:
            from trainer.i18n.bank import bank_error_text

            self.bank_problem = t("app.problem.bank", path=path) + "\n\n" + bank_error_text(error)

    def _assigned_bank(self) -> Path | None:
        """Without --bank: the bank of the learner's nearest study-group assignment among those
        this device pulled from the sync server (else the built-in bank, as before)."""
        if self.store is None:
            return None
        import datetime as dt

        from trainer import paths
        from trainer.server.assignments import SETTING_KEY, assigned_banks

        try:
            assigned = self.store.get_setting(SETTING_KEY, None, self.profile_name or None)
        except Exception:  # noqa: BLE001 - a setting never keeps the app from opening
            return None
        for bank_id in assigned_banks(assigned, dt.date.today()):
            path = paths.pulled_bank_path(bank_id)
            if path is not None:
                return path
        return None

    def _apply_theme(self) -> None:
        name = self.theme_arg or self.learner_settings().theme
        self.theme = THEMES.get(str(name), "textual-dark")

    def sync_in_background(self) -> None:
        """Start `trainer sync` in its own process if set up (app start, end of a session)."""
        from trainer.server.background import start_background_sync

        start_background_sync()

    def _warm_up_after_first_screen(self) -> None:
        """The grader's imports (~0.7 s of CPU) start once the first screen is drawn and had
        time to settle: started at a fixed time after mounting, on a slow or busy machine they
        competed with the first screen's last paints."""
        if self.warm_up_grader and not self._warm_up_started:
            self._warm_up_started = True
            self.set_timer(WARM_UP_DELAY_S, self._warm_up)

    def _warm_up(self) -> None:
        self.run_worker(_warm_up_grader, thread=True, exclusive=True, group="warm-up")

    # ------------------------------------------------------------------ shared services

    def setting(self, key: str, default: Any) -> Any:
        """A setting of the current profile, or ``default`` (also when the store fails)."""
        if self.store is None:
            return default
        try:
            return self.store.get_setting(key, default, profile=self.profile_name)
        except Exception:  # noqa: BLE001 - a broken setting must not break the UI
            return default

    def save_setting(self, key: str, value: Any) -> bool:
        """Store a setting of the current profile; shows a notification when it fails."""
        try:
            self.store.set_setting(key, value, profile=self.profile_name)
        except Exception as error:  # noqa: BLE001
            self.notify(
                t("app.problem.store", path=_store_path(self.store), error=error),
                severity="error",
            )
            return False
        return True

    def learner_settings(self) -> Settings:
        """The current profile's settings (the defaults when the store cannot be read)."""
        from trainer.core.settings import Settings

        if self.store is None:
            return Settings.defaults()
        try:
            return Settings.load(self.store, self.profile_name)
        except Exception:  # noqa: BLE001 - a broken setting must not break the UI
            return Settings.defaults()

    def new_per_day(self) -> int:
        """The profile's daily limit of new questions."""
        return self.learner_settings().new_per_day

    def zone(self) -> Any:
        """The learner's time zone."""
        from trainer.core.clock import get_zone

        if self.store is not None:
            try:
                return self.store.time_zone(self.profile_name)
            except Exception:  # noqa: BLE001
                pass
        return get_zone(None)

    def format_time(self, moment: datetime) -> str:
        """An instant in the learner's time zone: ``今天 14:05``, ``明天 09:00``, ``2026-12-01 09:00``."""
        from trainer.core.clock import as_utc

        zone = self.zone()
        local = as_utc(moment).astimezone(zone)
        today = as_utc(self.clock()).astimezone(zone).date()
        delta = (local.date() - today).days
        if delta <= 0:
            return t("app.time.today", time=local.strftime("%H:%M"))
        if delta == 1:
            return t("app.time.tomorrow", time=local.strftime("%H:%M"))
        return local.strftime("%Y-%m-%d %H:%M")

    def overview(self) -> Overview:
        """Today's numbers and per-section progress for the home screen (computed by
        :mod:`trainer.core.overview`, kept while nothing they depend on changed)."""
        from trainer.core.overview import Overview, empty_overview

        bank, store = self.bank, self.store
        if bank is None or store is None:
            return empty_overview(bank)
        try:
            return self._overview_source.get(
                bank, store, self.profile_name, self.clock, self.zone(), self.learner_settings()
            )
        except Exception as error:  # noqa: BLE001 - the home screen must open regardless
            self.notify(
                t("app.problem.store", path=_store_path(store), error=error), severity="error"
            )
            return Overview()

    def start_session(self, mode: str = "study", **options: Any) -> None:
        """Open the study screen on a new session (mode study, review or exam)."""
        from trainer.ui.screens.study import StudyScreen

        self.push_screen(StudyScreen(mode=mode, **options))

    def open_stats(self) -> None:
        """The statistics screen (another module); studying its selection starts a session."""
        from trainer.ui.screens.stats import stats_screen

        def study_these(ids: list[str] | None) -> None:
            if ids:
                self.start_session("study", question_ids=list(ids))

        # The screen shown last is kept and brought up to date (drawn again only where needed).
        self.push_screen(stats_screen(self, self.store, self.profile_name, self.bank), study_these)

    def switch_language(self, language: str) -> None:
        """Change the UI language and rebuild the screens in it."""
        set_language(language)
        self.save_setting("language", get_language())
        self.reset_to_home()

    def go_home(self) -> None:
        """Close the current screen, back to the home screen (built if it is not below) or to
        the screen below that asks for it (``RETURN_HERE``)."""
        from trainer.ui.screens.home import HomeScreen

        below = self.screen_stack[-2] if len(self.screen_stack) > 1 else None
        # A screen that started the session and wants it back (browse: search, filters and
        # marks kept) counts as home here.
        if isinstance(below, HomeScreen) or getattr(below, "RETURN_HERE", False):
            self.pop_screen()
        else:
            self.switch_screen(HomeScreen())

    def reset_to_home(self) -> None:
        """Drop every screen and show a fresh home screen (after a profile/language change)."""
        from trainer.ui.screens.home import HomeScreen

        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(HomeScreen())

    def get_key_display(self, binding: Binding) -> str:
        if binding.key == "space":
            return t("app.keyname.space")
        return super().get_key_display(binding)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit_key":
            from textual.widgets import Input

            return not isinstance(self.focused, Input)
        return True

    async def action_quit_key(self) -> None:
        await self.action_quit()

    # Keys typed after `q` (q e, q b) still reach the screens while the app closes: a screen
    # pushed then is mounted into a closing app and its on_mount fails. None opens after exit.
    exit_started = False

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self.exit_started = True
        super().exit(*args, **kwargs)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        return (
            AwaitComplete.nothing() if self.exit_started else super().push_screen(*args, **kwargs)
        )

    def switch_screen(self, *args: Any, **kwargs: Any) -> Any:
        return (
            AwaitComplete.nothing() if self.exit_started else super().switch_screen(*args, **kwargs)
        )

    def action_help(self) -> None:
        from trainer.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def first_screen_shown(self) -> None:
        """Called by the home screen once it is on display (for the benchmark)."""
        resume_after_start_up()
        self._warm_up_after_first_screen()
        if self.on_first_screen is not None:
            callback, self.on_first_screen = self.on_first_screen, None
            callback()

    def first_question_shown(self) -> None:
        """Called by the study screen once a question is on display (for the benchmark)."""
        resume_after_start_up()
        self._warm_up_after_first_screen()
        if self.on_first_question is not None:
            callback, self.on_first_question = self.on_first_question, None
            callback()


def _utc_now() -> datetime:
    from trainer.core.clock import utc_now

    return utc_now()


def _overview_source() -> OverviewSource:
    from trainer.core.overview import OverviewSource

    return OverviewSource()


def _store_path(store: Any) -> Any:
    from trainer import paths

    return getattr(store, "path", None) or paths.db_path()


def _warm_up_grader() -> None:
    from trainer.core.grading import warm_up

    warm_up()


def create_app(
    *,
    bank_path: str | Path | None = None,
    bank: Bank | None = None,
    profile: str | None = None,
    language: str | None = None,
    data_dir: str | Path | None = None,
    clock: Callable[[], datetime] | None = None,
    store: Any = None,
    theme: str | None = None,
    cursor_blink: bool | None = None,
    autostart: str | None = None,
    session_options: dict[str, Any] | None = None,
    warm_up: bool = True,
    on_first_question: Callable[[], None] | None = None,
    on_first_screen: Callable[[], None] | None = None,
) -> TrainerApp:
    """Build the study app.

    Args:
        bank_path: the bank file (default: the built-in bank).
        bank: an already loaded bank (instead of ``bank_path``).
        profile: the learner's profile (default: the store's default profile).
        language: ``zh`` or ``en`` (default: the profile's setting, else the current language).
        data_dir: the data directory (else ``--data-dir``/TRAINER_HOME/platform default).
        clock: returns the current UTC instant; tests pass a fixed clock.
        store: an open :class:`trainer.core.store.Store` (default: the data directory's).
        theme: ``dark`` or ``light`` (default: the profile's setting).
        cursor_blink: False in snapshot tests (also when ``TRAINER_NO_BLINK`` is set).
        autostart: start a session of this mode (study, review or exam) at once, as
            ``trainer study`` does; the benchmark uses it too.
        session_options: the session's options for ``autostart`` (section, tag, new_limit,
            exam_size, exam_seconds, seed, question_ids: see SessionOptions).
        warm_up: import the grader's dependencies in a background thread after start.
        on_first_question: called once when the first question is on screen.
        on_first_screen: called once when the home screen is on screen.

    Returns:
        The app; call ``run()`` or ``run_test()``.
    """
    if data_dir is not None:
        from trainer import paths

        paths.set_data_dir(data_dir)
    if cursor_blink is None:
        cursor_blink = not os.environ.get("TRAINER_NO_BLINK")
    return TrainerApp(
        bank_path=bank_path,
        bank=bank,
        profile=profile,
        language=language,
        clock=clock,
        store=store,
        theme=theme,
        cursor_blink=cursor_blink,
        autostart=autostart,
        session_options=session_options,
        warm_up=warm_up,
        on_first_question=on_first_question,
        on_first_screen=on_first_screen,
    )
