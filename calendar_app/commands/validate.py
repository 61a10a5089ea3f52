"""`calendar-app validate`: every problem in the plan files, one per line, exit 2."""

from __future__ import annotations

from calendar_app.commands.common import load
from calendar_app.core.errors import PlanErrors
from calendar_app.i18n import _, ngettext
from calendar_app.storage.objectives import read_objectives_file


def run(args) -> int:
    plan = load(args.plans)
    objectives, problems = read_objectives_file(args.plans, [c.id for c in plan.channels])
    if problems:
        raise PlanErrors(problems)
    rules = sum(len(c.rules) for c in plan.channels)
    posts = sum(len(c.posts) for c in plan.channels)
    counts = [
        ngettext("{n} channel", "{n} channels", len(plan.channels)).format(n=len(plan.channels)),
        ngettext("{n} rule", "{n} rules", rules).format(n=rules),
        ngettext("{n} post", "{n} posts", posts).format(n=posts),
    ]
    # what a plan may leave out is counted only when it is there
    ideas = len(plan.backlog())
    optional = [
        (ideas, ngettext("{n} idea", "{n} ideas", ideas)),
        (len(plan.campaigns), ngettext("{n} campaign", "{n} campaigns", len(plan.campaigns))),
        (len(objectives), ngettext("{n} objective", "{n} objectives", len(objectives))),
    ]
    counts += [text.format(n=n) for n, text in optional if n]
    counts.append(ngettext("{n} key date", "{n} key dates", len(plan.key_dates)).format(n=len(plan.key_dates)))
    reviews = len(plan.calendar.reviews)
    if reviews:
        counts.append(ngettext("{n} review meeting series", "{n} review meeting series", reviews).format(n=reviews))
    print(_("{plans}: {counts}: all valid.").format(plans=args.plans, counts=", ".join(counts)))
    return 0
