"""`Store` is a thin front (issue #16, finding 3): besides its plumbing (opening, closing, the
read helper) every operation is the owning module's function, bound as a method, so that a
signature is written once and a new operation cannot drift from the front."""

from __future__ import annotations

import inspect

from trainer.core.store import Store

PLUMBING = {"open", "close", "query", "__init__", "__enter__", "__exit__"}


def test_every_operation_of_the_store_is_its_modules_function() -> None:
    repeated = [
        name
        for name, member in vars(Store).items()
        if inspect.isfunction(member)
        and name not in PLUMBING
        and not name.startswith("_")
        and member.__module__ == "trainer.core.store"
    ]
    assert repeated == []
    assert Store.ensure_profile.__module__ == "trainer.core.store.profiles"
    assert Store.record_review.__doc__  # the module's documentation, seen through the front
