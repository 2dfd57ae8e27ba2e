"""The dashboard in headless Chromium at desktop and phone width: log in by the one-time link,
open a group, sort, filter, open a member, export CSV; screenshots are saved (set
``TRAINER_SCREENSHOTS=folder`` to keep them)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from tests.server.cdp import CHROMIUM, Page
from tests.server.conftest import RunningServer
from tests.server.orgdata import seed
from trainer.server import org

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install chromium)"
)

HOSTILE = "<img src=x onerror=alert(1)>"
LAYOUT = {"第一学习小组": ["王组长", "李华", "张伟", "赵敏", HOSTILE], "第二学习小组": ["钱七"]}


@pytest.fixture
def running(tmp_path: Path) -> Any:
    server = RunningServer(str(tmp_path / "server.sqlite3"))
    seed(
        server.storage,
        LAYOUT,
        leaders={"第一学习小组": "王组长"},
        admins=["管理员"],
        now=time.time(),
    )
    yield server
    server.stop()


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("TRAINER_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def column(page: Page, index: int) -> list[str]:
    return await page.eval(  # type: ignore[no-any-return]
        f"[...document.querySelectorAll('#members tbody tr')].map(r => r.children[{index}].textContent)"
    )


@pytest.mark.parametrize(("width", "height", "mobile"), [(1280, 900, False), (390, 844, True)])
async def test_a_leader_uses_the_dashboard(
    running: RunningServer, tmp_path: Path, width: int, height: int, mobile: bool
) -> None:
    shots = shots_dir(tmp_path)
    tag = "phone" if mobile else "desktop"
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    page = Page(tmp_path)
    try:
        await page.open()
        await page.size(width, height, mobile=mobile)
        await page.call(
            "Browser.setDownloadBehavior", behavior="allow", downloadPath=str(downloads)
        )
        link = org.new_login_link(running.storage, "王组长")
        await page.goto(f"{running.url}/dashboard/login?t={link}")
        await page.wait("document.body && document.body.dataset.ready === 'org'")
        # the secret is gone from the address; the session cookie is not readable by scripts
        assert await page.eval("location.href") == f"{running.url}/dashboard/"
        assert await page.eval("document.cookie") == ""
        groups = await page.eval(
            "[...document.querySelectorAll('#org-groups tbody a')].map(a => a.textContent)"
        )
        assert groups == ["第一学习小组"]  # the leader's group only
        assert await page.eval("document.querySelector('h1').textContent") == "学习小组"
        await page.screenshot(shots / f"org-{tag}.png")

        # open the group
        await page.click("#org-groups tbody a")
        await page.wait(
            "document.body.dataset.ready && document.body.dataset.ready.startsWith('group/')"
        )
        await page.wait(
            "document.querySelectorAll('canvas').length >= 3"
        )  # heatmap, sections, trend
        names = await column(page, 1)
        assert sorted(names) == sorted(LAYOUT["第一学习小组"])
        # hostile names are text: no element came from the data
        assert HOSTILE in names
        assert await page.eval("document.querySelectorAll('main img').length") == 0
        assert "每列一周" in await page.eval("document.querySelector('main').textContent")
        await asyncio.sleep(0.3)  # charts drawn
        await page.screenshot(shots / f"group-{tag}.png")

        # sort by name (ascending), then again (descending)
        await page.click("#members th button[data-sort='name']")
        ascending = await column(page, 1)
        assert ascending == sorted(ascending)
        await page.click("#members th button[data-sort='name']")
        assert await column(page, 1) == sorted(ascending, reverse=True)
        # sort by reviews (largest first)
        await page.click("#members th button[data-sort='days_active']")
        days = [int(x) for x in await column(page, 5)]
        assert days == sorted(days, reverse=True)

        # filter by name: type as a user does
        await page.eval("document.getElementById('filter').focus()")
        await page.call("Input.insertText", text="华")
        await page.wait("document.querySelectorAll('#members tbody tr').length === 1")
        assert await column(page, 1) == ["李华"]
        assert "1" in await page.eval("document.getElementById('shown').textContent")
        await page.screenshot(shots / f"group-filtered-{tag}.png")

        # export CSV: the file the browser saves
        await page.click("#export")
        deadline = time.monotonic() + 30
        while not [p for p in downloads.iterdir() if p.suffix == ".csv"]:
            assert time.monotonic() < deadline, "no CSV downloaded"
            await asyncio.sleep(0.1)
        saved = next(p for p in downloads.iterdir() if p.suffix == ".csv")
        await asyncio.sleep(0.2)
        rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
        assert rows[0][1] == "name" and {r[1] for r in rows[1:]} == set(LAYOUT["第一学习小组"])

        # the printable page: no controls, the whole members' table within the paper's width
        await page.call("Emulation.setEmulatedMedia", media="print")
        assert (
            await page.eval("getComputedStyle(document.querySelector('.tools')).display") == "none"
        )
        assert await page.eval("getComputedStyle(document.querySelector('.top')).display") == "none"
        if not mobile:
            await page.screenshot(shots / f"group-print-{tag}.png")
            assert await page.eval(
                "document.querySelector('#members').getBoundingClientRect().right"
                " <= document.documentElement.clientWidth"
            )
        await page.call("Emulation.setEmulatedMedia", media="")
        await page.eval("document.getElementById('filter').value = ''")

        # open a member
        await page.click("#members tbody a")
        await page.wait(
            "document.body.dataset.ready && document.body.dataset.ready.startsWith('member/')"
        )
        assert await page.eval("document.querySelector('h1').textContent") == "李华"
        await page.wait("document.querySelectorAll('canvas').length >= 3")
        # every chart is drawn (some pixel painted) by the vendored library
        await page.wait(
            "[...document.querySelectorAll('canvas')].every(c => c.getContext('2d')"
            ".getImageData(0, 0, c.width, c.height).data.some(x => x))"
        )
        await asyncio.sleep(0.3)
        await page.screenshot(shots / f"member-{tag}.png")

        # English
        await page.click("#lang")
        await page.wait("document.documentElement.lang === 'en' && document.body.dataset.ready")
        assert "Reviews" in await page.eval("document.querySelector('main').textContent")
        # nothing overflows the phone's width but the scrolling tables
        overflow = await page.eval("document.documentElement.scrollWidth")
        assert overflow <= width + 1
        assert page.errors == [], json.dumps(page.errors)
    finally:
        await page.close()


async def fill(page: Page, form: str, values: dict[str, str]) -> None:
    for name, value in values.items():
        await page.eval(f"document.querySelector('#{form} [name={name}]').focus()")
        await page.call("Input.insertText", text=value)


async def test_an_admin_sets_up_a_group_in_the_dashboard(
    running: RunningServer, tmp_path: Path
) -> None:
    shots = shots_dir(tmp_path)
    page = Page(tmp_path)
    try:
        await page.open()
        await page.size(1280, 900)
        link = org.new_login_link(running.storage, "管理员")
        await page.goto(f"{running.url}/dashboard/login?t={link}")
        await page.wait("document.body && document.body.dataset.ready === 'org'")
        await fill(page, "new-group", {"name": "第三学习小组"})
        await page.click("#new-group button")
        await page.wait(
            "[...document.querySelectorAll('#org-groups tbody a')].some(a => a.textContent === '第三学习小组')"
        )
        await page.eval(
            "[...document.querySelectorAll('#org-groups tbody a')].find(a => a.textContent === '第三学习小组').click()"
        )
        await page.wait("!!document.querySelector('#add-member')")
        await fill(page, "add-member", {"user": "钱七"})
        await page.click("#add-member [name=leader]")
        await page.click("#add-member button")
        await page.wait("document.querySelectorAll('#members tbody tr').length === 1")
        assert await column(page, 1) == ["钱七"]
        assert await column(page, 2) == ["组长"]
        # a bank the server does not have: the reason, in the page's language
        await fill(page, "assign", {"bank_id": "no-such-bank"})
        await page.eval("document.querySelector('#assign [name=deadline]').value = '2031-05-01'")
        await page.click("#assign button")
        await page.wait("!!document.querySelector('#assign .bad')")
        assert "服务器上没有题库“no-such-bank”" in await page.eval(
            "document.querySelector('#assign .bad').textContent"
        )
        await page.eval("document.querySelector('#assign [name=bank_id]').value = 'org-bank'")
        await page.click("#assign button")
        await page.wait(
            "document.body.dataset.ready && document.querySelector('main').textContent.includes('2031-05-01')"
        )
        await page.screenshot(shots / "group-admin-desktop.png")
        # and takes both back: the assignment withdrawn, the member removed
        await fill(page, "unassign", {"bank_id": "org-bank"})
        await page.click("#unassign button")
        await page.wait(
            "document.body.dataset.ready && !document.querySelector('main').textContent.includes('2031-05-01')"
        )
        await fill(page, "remove-member", {"user": "钱七"})
        await page.click("#remove-member button")
        await page.wait(
            "document.body.dataset.ready && document.querySelectorAll('#members tbody tr').length === 0"
        )
        await page.screenshot(shots / "group-admin-removed-desktop.png")
        assert page.errors == [], json.dumps(page.errors)
    finally:
        await page.close()
