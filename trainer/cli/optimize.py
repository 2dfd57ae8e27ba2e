"""``trainer optimize``: fit FSRS parameters to the learner's own history (or go back)."""

from __future__ import annotations

import argparse

from trainer.cli import CliError, open_store
from trainer.i18n import t


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "optimize",
        parents=[common],
        help=t("optimize.help"),
        description=t("optimize.description"),
    )
    parser.add_argument("--reset", action="store_true", help=t("optimize.opt.reset"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from trainer.core.clock import to_epoch, utc_now
    from trainer.core.scheduling.fitting import (
        MIN_REVIEWS_TO_FIT,
        OPTIMISER_PACKAGE,
        NotEnoughHistory,
        OptimiserMissing,
    )
    from trainer.core.store.planning import optimize_profile, reset_fit

    with open_store() as store:
        name = getattr(args, "profile", None) or store.default_profile_name()
        if store.get_profile(name) is None:
            known = ", ".join(p.name for p in store.list_profiles()) or "-"
            raise CliError(t("optimize.no_profile", name=name, known=known))
        if args.reset:
            had = reset_fit(store, name)
            print(t("optimize.reset" if had else "optimize.reset_none", profile=name))
            return 0
        try:
            report = optimize_profile(store, name, to_epoch(utc_now()))
        except OptimiserMissing:
            raise CliError(t("optimize.missing", package=OPTIMISER_PACKAGE), code=1) from None
        except NotEnoughHistory:
            reviews = store.review_count(name)
            raise CliError(
                t("optimize.too_few", profile=name, reviews=reviews, needed=MIN_REVIEWS_TO_FIT),
                code=1,
            ) from None
        assert report is not None
        print(t("optimize.fitted", profile=name, reviews=report.reviews, items=report.items))
        print(t("optimize.loss_default", loss=f"{report.log_loss_default:.4f}"))
        print(t("optimize.loss_fitted", loss=f"{report.log_loss_fitted:.4f}"))
        print(t("optimize.adopted" if report.adopted else "optimize.kept"))
    return 0
