"""Pilot tests of the study app: full sessions, asserting what is on screen and in the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, Select

from tests.ui.conftest import screen_text
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.study import StudyScreen
from trainer.ui.screens.summary import SummaryScreen

SIZE = (100, 32)


def reviews(store: Any, profile: str = "default") -> list[Any]:
    return list(store.iter_reviews(profile))


async def start(app: Any, pilot: Any, mode: str = "study", **options: Any) -> StudyScreen:
    app.start_session(mode, **options)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, StudyScreen)
    return screen


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*text)


# --------------------------------------------------------------------------- home


async def test_home_shows_bank_profile_and_today(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "测试题库" in text
        assert "学习者：default" in text
        # what `s` will ask: q-list repeats q-short's answer and waits until tomorrow
        assert "新题 6" in text and "待复习 0" in text and "连续 0 天" in text
        assert "今日目标 0/20" in text and "错题本 0 道" in text
        sections = app.screen.query_one("#home-sections")
        assert sections.option_count == 2
        assert "五年工作主要体会" in str(sections.get_option_at_index(0).prompt)


# --------------------------------------------------------------------------- verdicts


async def test_correct_answer_is_recorded_before_feedback(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, question_ids=["q-short"])
        await type_text(pilot, "必须切实加强党的全面领导")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.phase == "feedback"
        text = screen_text(app)
        assert "✓ 正确" in text and "得分 100%" in text
        assert "原文：一是必须切实加强党的全面领导。" in text
        assert "[3 良好 " in text
        [review] = reviews(store)
        assert (review.question_id, review.verdict, review.rating) == ("q-short", "correct", 3)
        assert review.answer == "必须切实加强党的全面领导"


async def test_wrong_answer_shows_diff_and_again(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot, question_ids=["q-short"])
        await type_text(pilot, "加强政府的监督管理")
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "✗ 错误" in text
        assert "标准答案：必须切实加强党的全面领导" in text
        assert "[1 重来 " in text
        assert reviews(store)[0].verdict == "wrong"
        assert reviews(store)[0].rating == 1


async def test_partial_list_answer_shows_matched_and_missed(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, question_ids=["q-list"])
        await type_text(pilot, "必须切实加强党的全面领导")
        await pilot.press("enter")
        await type_text(pilot, "必须践行全过程人民民主")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert screen.phase == "feedback"
        text = screen_text(app)
        assert "◐ 部分正确" in text
        assert "答出 2/3 项" in text
        assert "未答出" in text
        review = reviews(store)[0]
        assert review.verdict == "partial"
        assert review.rating == 2


async def test_close_answer_with_homophone(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot, question_ids=["q-short"])
        await type_text(pilot, "必须切实加强党的全面领到")
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "≈ 基本正确" in text
        assert "你的答案：必须切实加强党的全面领到" in text
        assert "同音字" in text  # the legend names the homophone mark
        assert reviews(store)[0].verdict == "close"


async def test_override_rating_is_stored(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot, question_ids=["q-short"])
        await type_text(pilot, "必须切实加强党的全面领导")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert "[1 重来 " in screen_text(app)
        review = reviews(store)[0]
        assert review.rating == 1
        assert review.suggested_rating == 3
        await pilot.press("4")
        await pilot.pause()
        assert reviews(store)[0].rating == 4
        assert "[4 简单 " in screen_text(app)


async def test_hint_shows_first_character_and_caps_rating(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot, question_ids=["q-short"])
        await pilot.press("ctrl+t")
        await pilot.pause()
        # 必须 starts many answers: the hint names the character after it
        assert "「必须」之后首字「切」，共 12 字" in screen_text(app)
        await type_text(pilot, "必须切实加强党的全面领导")
        await pilot.press("enter")
        await pilot.pause()
        review = reviews(store)[0]
        assert review.hint_used is True
        assert review.rating == 2
        assert "[2 困难 " in screen_text(app)


# --------------------------------------------------------------------------- each input type


async def test_every_question_type_can_be_answered_by_keyboard(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # cloze: Tab / Enter move between blanks
        await start(app, pilot, question_ids=["q-cloze"])
        await type_text(pilot, "中心")
        await pilot.press("tab")
        await type_text(pilot, "大局")
        boxes = app.screen.query(".cloze-box")
        assert [box.value for box in boxes] == ["中心", "大局"]  # boxes inside the sentence
        assert "必须坚持围绕" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "填对 2/2 空" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        # choice: a letter then Enter
        await start(app, pilot, question_ids=["q-choice"])
        await pilot.press("c", "a", "enter")
        await pilot.pause()
        assert "✓ 正确" in screen_text(app)
        await pilot.press("escape", "escape")
        await pilot.pause()
        # truefalse: 2 then 1 then Enter
        await start(app, pilot, question_ids=["q-truefalse"])
        await pilot.press("2", "1", "enter")
        await pilot.pause()
        assert "✓ 正确" in screen_text(app)
        await pilot.press("escape", "escape")
        await pilot.pause()
        # number: the figure without its unit
        await start(app, pilot, question_ids=["q-number"])
        await type_text(pilot, "98")
        await pilot.press("enter")
        await pilot.pause()
        assert "✓ 正确" in screen_text(app)
        await pilot.press("escape", "escape")
        await pilot.pause()
        # order: move items until they are right
        screen = await start(app, pilot, question_ids=["q-order"])
        widget = screen.query_one("#study-answer")
        target = ["加强党的全面领导", "围绕中心、服务大局", "践行全过程人民民主"]
        for position, item in enumerate(target):
            index = widget.order.index(item)
            widget.cursor = index
            for _ in range(index - position):
                await pilot.press("u")
        assert widget.order == target
        await pilot.press("enter")
        await pilot.pause()
        assert "✓ 正确" in screen_text(app)
    verdicts = {r.question_id: r.verdict for r in reviews(store)}
    assert verdicts == {
        "q-cloze": "correct",
        "q-choice": "correct",
        "q-truefalse": "correct",
        "q-number": "correct",
        "q-order": "correct",
    }
    assert next(r for r in reviews(store) if r.question_id == "q-choice").answer == "A"


async def test_list_paste_box_takes_the_whole_list(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, question_ids=["q-list"])
        await pilot.pause()
        paste = screen.query_one("#item-paste", Input)
        paste.focus()
        # (the Pilot cannot type a full-width ；, so the box is filled as a paste would)
        paste.insert_text_at_cursor(
            "必须切实加强党的全面领导；必须坚持围绕中心、服务大局；必须践行全过程人民民主"
        )
        await pilot.press("enter")
        await pilot.pause()
        assert "答出 3/3 项" in screen_text(app)
    assert reviews(store)[0].verdict == "correct"


# --------------------------------------------------------------------------- sessions


async def test_quit_mid_session_and_resume(make_app: Any, store: Any) -> None:
    # the wrong answer comes back within the day as a learning step (not the default)
    store.set_setting("learning_steps", "on")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        first = screen.session.current
        screen.query_one("#study-answer").submit()  # any answer will do: a blank one
        await pilot.pause()
        assert screen.phase == "feedback"
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert len(reviews(store)) == 1
    assert reviews(store)[0].question_id == first.id

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "今日已答 1" in screen_text(again)
        # the home screen says what the session holds
        assert "新题 5" in screen_text(again) and "待复习 1" in screen_text(again)
        assert "错题本 1 道" in screen_text(again) and "今日目标 1/20" in screen_text(again)
        await pilot.press("s")
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, StudyScreen)
        assert screen.session.current.id != first.id
        # the new questions left (less the first one's siblings, buried until tomorrow), and
        # the one answered wrong coming back as a learning step
        buried = len(screen.session.buried)
        assert buried >= 1
        assert f"新 {6 - buried} 学习中 1 复习 0" in screen_text(again)


async def test_exam_mode_to_its_summary(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        size = app.screen.query_one("#exam-size", Input)
        size.value = "3"
        app.screen.query_one("#exam-minutes", Input).value = "10"
        await pilot.click("#exam-start")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert "模拟考试" in screen_text(app)
        assert "剩余 10:00" in screen_text(app)
        for _ in range(3):
            assert screen.phase == "question"
            screen.query_one("#study-answer").submit()  # a blank answer skips the question
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "考试成绩" in text
        assert "总分 0 分（共 3 题）" in text and "未作答 3 道（按答错计分）" in text
        assert text.count("未作答") >= 4  # and each one is listed as such in 答题详情
    assert reviews(store) == []
    [exam] = store.exams("default")
    assert exam.size == 3 and exam.finished_at is not None


async def test_empty_queue_says_all_done(make_app: Any, store: Any) -> None:
    store.set_setting("new_per_day", 0, profile="default")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        text = screen_text(app)
        assert "今天的任务已完成" in text
        assert "按 n 再学 7 道新题" in text
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.phase == "question"
        # q-list repeats q-short's answer: it waits until tomorrow (buried sibling)
        assert app.screen.session.buried == ["q-list"]
        assert "新 6 学习中 0 复习 0" in screen_text(app)


# --------------------------------------------------------------------------- other screens


async def test_browse_search_filter_and_open(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 7
        await pilot.press("slash")
        await type_text(pilot, "专门协商")
        await pilot.pause()
        assert table.row_count == 1
        assert "显示 1/7 题" in screen_text(app)
        await pilot.press("enter", "enter")  # to the table, open the row
        await pilot.pause()
        text = screen_text(app)
        assert "答案：A. 专门协商机构" in text
        assert "还没有答过这道题" in text
        await pilot.press("escape")
        await pilot.pause()
        app.screen.query_one("#browse-search", Input).value = ""
        app.screen.query_one("#filter-type", Select).value = "cloze"
        await pilot.pause()
        assert table.row_count == 1
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.session.current.id == "q-cloze"


async def test_read_highlights_the_question_passage(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot, question_ids=["q-number"])
        await pilot.press("ctrl+o")
        await pilot.pause()
        from trainer.ui.screens.read import ReadScreen

        screen = app.screen
        assert isinstance(screen, ReadScreen)
        assert screen.found
        passage = screen.query(".-passage").first()
        assert "市县两级政协共发布读书主题98个" in passage.content.plain
        text = screen_text(app)
        assert "一是必须切实加强党的全面领导。" in text  # newspaper line breaks joined
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)


async def test_switch_language_in_settings(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        assert "界面语言" in screen_text(app)
        app.screen.query_one("#set-language", Select).value = "en"
        app.screen.query_one("#set-new", Input).value = "5"
        app.screen.query_one("#set-theme", Select).value = "light"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.theme == "textual-light"
        text = screen_text(app)
        assert "Learner: default" in text and "New 5" in text
        assert "学习者" not in text
        await pilot.press("s")
        await pilot.pause()
        assert "answered 0" in screen_text(app)
    assert store.get_setting("language", profile="default") == "en"
    assert store.get_setting("new_per_day", profile="default") == 5
    assert store.get_setting("theme", profile="default") == "light"


async def test_language_setting_is_used_at_start(make_app: Any, store: Any) -> None:
    store.set_setting("language", "en", profile="default")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Due 0" in screen_text(app)


async def test_help_lists_keys(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "按键一览" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


# --------------------------------------------------------------------------- bad situations


async def test_bank_with_errors_is_shown_not_raised(tmp_path: Path, make_app: Any) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("bank: {id: x, title: X}\nquestions:\n  - {id: a, type: shortt}\n", "utf-8")
    app = make_app(bank_path=broken)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "无法开始" in text
        assert "broken.yaml:3" in text


async def test_no_bank_found(tmp_path: Path, make_app: Any) -> None:
    app = make_app(bank_path=tmp_path / "missing.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "找不到题库文件" in screen_text(app)
        assert "missing.yaml" in screen_text(app)


async def test_store_that_cannot_be_opened(tmp_path: Path, bank_path: Path, clock: Any) -> None:
    from trainer import paths
    from trainer.ui.app import create_app

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", "utf-8")
    paths.set_data_dir(blocker / "data")
    app = create_app(bank_path=bank_path, clock=clock, cursor_blink=False, warm_up=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "学习记录无法保存" in text
        assert "not-a-dir" in text


def test_messages_complete_in_both_languages() -> None:
    import re

    from trainer.i18n.app import MESSAGES

    cjk = re.compile(r"[\u3400-\u9fff]")
    for key, (zh, en) in MESSAGES.items():
        assert key.startswith("app.")
        assert zh.strip() and en.strip(), key
        assert not cjk.search(en), f"Chinese left in the English of {key}: {en}"
        assert re.findall(r"\{(\w+)\}", zh) == re.findall(r"\{(\w+)\}", zh) and set(
            re.findall(r"\{(\w+)\}", zh)
        ) == set(re.findall(r"\{(\w+)\}", en)), key


async def test_builtin_bank_opens_and_studies(clock: Any, store: Any) -> None:
    from trainer.ui.app import create_app

    app = create_app(clock=clock, store=store, cursor_blink=False, warm_up=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "政协郑州市第十四届委员会常务委员会工作报告（摘编）" in text
        assert "新题 20" in text
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert "新 20 学习中 0 复习 0" in screen_text(app)
        screen.query_one("#study-answer").submit()
        await pilot.pause()
        assert screen.phase == "feedback"
    assert len(reviews(store)) == 1


async def test_stats_screen_selection_starts_a_session(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        from trainer.ui.screens.stats import StatsScreen

        assert isinstance(app.screen, StatsScreen)
        app.screen.dismiss(["q-number", "q-choice"])
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert screen.session.current.id in {"q-number", "q-choice"}
        assert "新 2 学习中 0 复习 0" in screen_text(app)


async def test_a_store_that_cannot_be_written_is_reported(make_app: Any, store: Any) -> None:
    from trainer.core.store import StoreError

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise StoreError(f"cannot write the store {store.path}: disk I/O error")

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, question_ids=["q-number"])
        store.record_review = fail
        await type_text(pilot, "98")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.phase == "question"  # no feedback for an answer that was not saved
        messages = [str(n.message) for n in app._notifications]
        assert any("学习记录无法保存" in m and "disk I/O error" in m for m in messages)
        del store.record_review  # the disk is back: Enter again saves the same answer
        await pilot.press("enter")
        await pilot.pause()
        assert screen.phase == "feedback"
    assert [r.answer for r in reviews(store)] == ["98"]


async def test_new_profile_from_settings(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        app.screen.query_one("#set-new-profile", Input).value = "李四"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "学习者：李四" in screen_text(app)
        await start(app, pilot, question_ids=["q-number"])
        await type_text(pilot, "98")
        await pilot.press("enter")
        await pilot.pause()
    assert [p.name for p in store.list_profiles()] == ["default", "李四"]
    assert store.default_profile_name() == "李四"
    assert [r.question_id for r in reviews(store, "李四")] == ["q-number"]
    assert reviews(store, "default") == []


async def test_no_builtin_bank(monkeypatch: Any, clock: Any, store: Any) -> None:
    from trainer import paths
    from trainer.ui.app import create_app

    monkeypatch.setattr(paths, "default_bank_path", lambda: None)
    app = create_app(clock=clock, store=store, cursor_blink=False, warm_up=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "没有找到题库" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0


async def test_mouse_opens_browse_and_picks_a_choice(make_app: Any, store: Any) -> None:
    from trainer.ui.screens.browse import BrowseScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#home-actions", offset=(4, 5))  # the fifth action: 浏览题库
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("escape")
        await pilot.pause()
        screen = await start(app, pilot, question_ids=["q-choice"])
        await pilot.click("#option-0")
        await pilot.pause()
        assert screen.query_one("#study-answer").selected == {0}
        await pilot.press("enter")
        await pilot.pause()
    assert reviews(store)[0].verdict == "correct"


async def test_lang_environment_wins_over_the_default(make_app: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("TRAINER_LANG", "en")
    from trainer.i18n import language_from_env

    language_from_env()  # what the command line does before it builds the app
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Learner: default" in screen_text(app)


async def test_bad_profile_name_is_explained(make_app: Any) -> None:
    app = make_app(profile="x" * 200)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "无法使用这个学习者名字" in screen_text(app)


# --------------------------------------------------------------------------- sessions that teach


def capture_notes(app: Any) -> list[str]:
    """The notifications the app shows from now on (toasts are not in the screen's text)."""
    notes: list[str] = []
    original = app.notify

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        notes.append(str(message))
        original(message, *args, **kwargs)

    app.notify = notify
    return notes


async def test_ctrl_z_takes_the_last_answer_back(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, question_ids=["q-short", "q-number"])
        await type_text(pilot, "必须切实加强党的全面领导")
        await pilot.press("enter")
        await pilot.pause()
        assert len(reviews(store)) == 1 and "^z 撤销" in screen_text(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert reviews(store) == [] and store.card_states("default", "test-bank") == {}
        assert screen.phase == "question" and screen.session.current.id == "q-short"
        assert "已答 0" in screen_text(app)
        # after moving on, u (in the feedback) takes it back too
        await type_text(pilot, "必须切实加强党的全面领导")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # next question
        await pilot.pause()
        await type_text(pilot, "98")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert [r.question_id for r in reviews(store)] == ["q-short"]
        assert screen.session.current.id == "q-number" and screen.phase == "question"


async def test_rating_keys_show_their_intervals(make_app: Any, store: Any) -> None:
    for steps, expected in (
        ("off", ("1 重来 1天", "[3 良好 2天]", "4 简单 8天")),  # the default: no same-day steps
        ("on", ("1 重来 1分钟", "[3 良好 10分钟]", "4 简单 8天")),
    ):
        store.set_setting("learning_steps", steps)
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await start(app, pilot, question_ids=["q-short"])
            await type_text(pilot, "必须切实加强党的全面领导")
            await pilot.press("enter")
            await pilot.pause()
            text = screen_text(app)
            assert all(shown in text for shown in expected), (steps, text)
            await pilot.press("ctrl+z")  # undone: the next round starts from a new question
            await pilot.pause()


async def test_first_esc_keeps_the_typed_answer(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, question_ids=["q-short"])
        notes = capture_notes(app)
        await type_text(pilot, "必须")
        await pilot.press("escape")  # e.g. closing the IME's candidate list
        await pilot.pause()
        assert app.screen is screen and screen.phase == "question"
        assert screen.query_one("#answer-text", Input).value == "必须"
        assert any("再按 Esc" in note for note in notes)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert reviews(store) == []


async def test_choice_with_nothing_selected_asks_to_choose(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, question_ids=["q-choice"])
        notes = capture_notes(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "请先选择" in notes and screen.phase == "question"
        assert reviews(store) == []
        shown = screen.session.current.options
        await pilot.press("abcd"[shown.index("专门协商机构")], "enter")
        await pilot.pause()
        assert screen.phase == "feedback"
        assert [r.answer for r in reviews(store)] == ["A"]  # the option's identity


async def test_pinyin_with_the_ime_off_is_not_graded(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, question_ids=["q-short"])
        notes = capture_notes(app)
        await type_text(pilot, "xi jin ping")
        await pilot.press("enter")
        await pilot.pause()
        assert "看起来是拼音，请切换输入法" in notes
        assert screen.phase == "question" and reviews(store) == []


async def test_peeking_at_the_report_caps_the_rating(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot, question_ids=["q-number"])
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await type_text(pilot, "98")
        await pilot.press("enter")
        await pilot.pause()
        [review] = reviews(store)
        assert review.hint_used and review.rating <= 2
        assert "[2 困难 " in screen_text(app)


async def test_the_list_hint_skips_the_shared_filler_and_is_in_view(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(app, pilot, question_ids=["q-list"])
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "「必须」之后首字「切」" in text and "「必须」之后首字「践」" in text
        hint = screen.query_one("#answer-hint")
        body = screen.query_one("#study-body")
        assert hint.region.y >= body.region.y
        assert hint.region.y + 1 <= body.region.bottom  # on screen, not below the fold


async def start_exam(app: Any, pilot: Any, size: int = 3, minutes: int = 10) -> StudyScreen:
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    app.screen.query_one("#exam-size", Input).value = str(size)
    app.screen.query_one("#exam-minutes", Input).value = str(minutes)
    await pilot.click("#exam-start")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, StudyScreen)
    return screen


async def test_an_exam_shows_nothing_until_handed_in(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_exam(app, pilot)
        await pilot.press("ctrl+t")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen is screen and "提示：" not in screen_text(app)
        assert "剩余 10:00" in screen_text(app) and "交卷" in screen_text(app)
        # Esc never hands in, not even twice
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.screen is screen and screen.phase == "question"
        # F10 asks first; n goes back to the paper
        await pilot.press("f10")
        await pilot.pause()
        assert "确定交卷？" in screen_text(app) and "还有 3 道题未作答" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")  # the focused 交卷 button
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "答题详情" in text and text.count("未作答") >= 4 and "正确答案：" in text
        # review the wrong ones now: exactly the exam's questions
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        asked = set(app.screen.session.options.question_ids)
        assert asked == {q for q in screen.session._drawn}
    assert reviews(store) == []


async def test_time_up_grades_the_typed_answer(make_app: Any, store: Any, clock: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(
            app, pilot, "exam", question_ids=["q-number"], exam_size=1, exam_seconds=60
        )
        await type_text(pilot, "98")  # typed, not submitted
        clock.advance(seconds=61)
        screen._tick()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "总分 100 分" in screen_text(app)
    [review] = reviews(store)
    assert (review.question_id, review.verdict, review.mode) == ("q-number", "correct", "exam")


async def test_the_wrong_book_keeps_a_question_until_right_twice(make_app: Any, store: Any) -> None:
    from trainer.core.store.marks import wrong_book

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot, question_ids=["q-number"])
        await type_text(pilot, "12")
        await pilot.press("enter")
        await pilot.pause()
        app.go_home()
        await pilot.pause()
        await pilot.pause()
        assert "错题本 1 道" in screen_text(app)
        for _ in range(2):
            await pilot.press("w")  # a session of the 错题本 in one key
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StudyScreen)
            assert screen.session.options.question_ids == ["q-number"]
            assert wrong_book(store, "default", "test-bank") == ["q-number"]
            await type_text(pilot, "98")
            await pilot.press("enter")
            await pilot.pause()
            app.go_home()
            await pilot.pause()
        assert wrong_book(store, "default", "test-bank") == []


async def test_flag_and_suspend_from_the_feedback(make_app: Any, store: Any) -> None:
    from trainer.core.session import SessionOptions, StudySession
    from trainer.core.store.marks import marked

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot, question_ids=["q-number"])
        await type_text(pilot, "98")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("m", "x")
        await pilot.pause()
    assert marked(store, "default", "test-bank", "flagged") == {"q-number"}
    assert marked(store, "default", "test-bank", "suspended") == {"q-number"}
    session = StudySession(app.bank, store, "default", SessionOptions(), app.clock)
    assert "q-number" not in [session.current.id, *session.upcoming]


async def test_browse_filters_flagged_suspended_and_mistakes(make_app: Any, store: Any) -> None:
    from trainer.core.store.marks import set_mark

    set_mark(store, "default", "test-bank", "q-choice", "flagged", True)
    set_mark(store, "default", "test-bank", "q-order", "suspended", True)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        state = screen.query_one("#filter-state", Select)
        state.value = "flagged"
        await pilot.pause()
        assert screen.shown == ["q-choice"]
        state.value = "suspended"
        await pilot.pause()
        assert screen.shown == ["q-order"]
        # x in the question's detail restores it
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("x", "escape")
        await pilot.pause()
        assert screen.shown == []
        state.value = "wrong"
        await pilot.pause()
        assert screen.shown == []


async def test_fast_typing_in_settings_lands_in_the_right_field(make_app: Any) -> None:
    from tests.ui.test_widgets import burst
    from trainer.ui.screens.settings import SettingsScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(SettingsScreen())
        await pilot.pause()
        retention = app.screen.query_one("#set-retention", Input)
        retention.value = ""
        retention.focus()
        await pilot.pause()
        burst(app, [*"0.85", "tab", *"30"])
        await pilot.pause()
        assert retention.value == "0.85"
        assert app.screen.query_one("#set-new", Input).value.endswith("30")
        assert not app.screen.query_one("#set-new", Input).value.startswith("0.85")


async def test_cloze_boxes_are_as_wide_as_their_answer(make_app: Any, tmp_path: Path) -> None:
    long_answer = "全面发展协商民主的新论述新要求"
    bank = tmp_path / "wide.yaml"
    bank.write_text(
        "bank: {id: wide, title: 宽}\nquestions:\n"
        f'  - {{id: w1, type: cloze, text: "重点把握好关于{{{{{long_answer}}}}}和{{{{人民}}}}"}}\n',
        encoding="utf-8",
    )
    app = make_app(bank_path=bank)
    async with app.run_test(size=(100, 32)) as pilot:
        await start(app, pilot, question_ids=["w1"])
        first, second = app.screen.query(".cloze-box").results(Input)
        assert first.size.width >= 2 * len(long_answer)  # the whole answer is seen as typed
        assert second.size.width < first.size.width
        assert "____" in first.placeholder  # an underline before anything is typed


async def test_an_untouched_order_question_stays_unanswered_at_time_up(
    make_app: Any, store: Any, clock: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(
            app, pilot, "exam", question_ids=["q-order"], exam_size=1, exam_seconds=60
        )
        clock.advance(seconds=61)
        screen._tick()  # the shuffled start was never touched: no answer to grade
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "未作答 1 道" in screen_text(app)
    assert reviews(store) == []
