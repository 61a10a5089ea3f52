"""`calendar-app validate`: every problem in the plan files, one per line, exit 2."""

from __future__ import annotations

from calendar_app.commands.common import load
from calendar_app.core.errors import PlanErrors
from calendar_app.i18n import _, ngettext
from calendar_app.storage.objectives import read_objectives_file


def run(args) -> int:
    plan = load(args.plans)
    _objectives, problems = read_objectives_file(args.plans, [c.id for c in plan.channels])
    if problems:
        raise PlanErrors(problems)
    rules = sum(len(c.rules) for c in plan.channels)
    posts = sum(len(c.posts) for c in plan.channels)
    ideas = len(plan.backlog())
    backlog = ngettext(", {count} idea", ", {count} ideas", ideas).format(count=ideas) if ideas else ""
    print(_("{plans}: {channels}, {rules}, {posts}{backlog}, {key_dates}: all valid.").format(
        plans=args.plans,
        channels=ngettext("{n} channel", "{n} channels", len(plan.channels)).format(n=len(plan.channels)),
        rules=ngettext("{n} rule", "{n} rules", rules).format(n=rules),
        posts=ngettext("{n} post", "{n} posts", posts).format(n=posts),
        backlog=backlog,
        key_dates=ngettext("{n} key date", "{n} key dates", len(plan.key_dates)).format(n=len(plan.key_dates)),
    ))
    return 0
