"""Every message exists in Chinese and English; switching language switches the text."""

from __future__ import annotations

import re

from trainer.i18n import catalog, set_language, t


def test_every_message_has_chinese_and_english() -> None:
    missing = [k for k, (zh, en) in catalog().items() if not zh.strip() or not en.strip()]
    assert missing == []


def test_english_texts_have_no_chinese_left_over() -> None:
    han = re.compile(r"[\u4e00-\u9fff]")
    # Chinese inside quotes or brackets in English text is content (a formulation), not a leftover.
    leftovers = [
        k
        for k, (_, en) in catalog().items()
        if han.search(re.sub(r"“[^”]*”|「[^」]*」|\([^)]*\)|（[^）]*）|'[^']*'|\{[^}]*\}", "", en))
        and not k.endswith(".zh_only")
    ]
    assert leftovers == []


def test_placeholders_match_between_languages() -> None:
    field = re.compile(r"\{(\w+)[^}]*\}")
    mismatched = [
        k for k, (zh, en) in catalog().items() if set(field.findall(zh)) != set(field.findall(en))
    ]
    assert mismatched == []


def test_switching_language() -> None:
    set_language("en")
    assert t("cli.interrupted") == "interrupted."
    set_language("zh")
    assert t("cli.interrupted") == "已中断。"
    assert t("no.such.key") == "no.such.key"
