"""`calendar-app validate`: every problem in the plan files, one per line, exit 2."""

from __future__ import annotations

from calendar_app.commands.common import load
from calendar_app.i18n import ngettext


def run(args) -> int:
    plan = load(args.plans)
    rules = sum(len(c.rules) for c in plan.channels)
    posts = sum(len(c.posts) for c in plan.channels)
    ideas = len(plan.backlog())
    backlog = ngettext(", {count} idea", ", {count} ideas", ideas).format(count=ideas) if ideas else ""
    print(
        f"{args.plans}: {len(plan.channels)} channels, {rules} rules, {posts} posts{backlog}, "
        f"{len(plan.key_dates)} key dates: all valid."
    )
    return 0
