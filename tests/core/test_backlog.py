"""The backlog's placement (core/backlog.py): each placement rule on hand-made plans, and determinism."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from calendar_app.core.backlog import add_working_days, applied, fill, ideas_for_slot
from calendar_app.core.model import CalendarSettings, Channel, Idea, Owner, Plan, Post, Rule
from calendar_app.core.recurrence import expand

TODAY = date(2026, 11, 24)  # a Tuesday
FEED = Rule(id="feed", times=(time(18),), start=date(2026, 11, 2), every="week", days=("mon", "wed", "fri"),
            format="photo")
REEL = Rule(id="reel", times=(time(11),), start=date(2026, 11, 7), every="week", days=("sat",), format="reel")


def channel(*ideas: Idea, rules=(FEED,), cid="insta", **kw) -> Channel:
    ideas = tuple(Idea(**{"channels": (cid,), "source": f"{cid}.toml", "index": n, **vars_of(i)})
                  for n, i in enumerate(ideas))
    return Channel(id=cid, name=cid.title(), timezone="Europe/Paris", rules=tuple(rules), ideas=ideas, **kw)


def vars_of(idea: Idea) -> dict:
    return {k: getattr(idea, k) for k in Idea.__slots__ if k not in ("channels", "source", "index")}


def run(plan: Plan, today: date = TODAY, weeks: int = 4):
    slots = expand(plan, today, today + timedelta(weeks=weeks))
    return fill(plan, slots, today)


def starts(result) -> dict[str, datetime]:
    return {p.idea.title: p.slot.start.replace(tzinfo=None) for p in result.placements}


def reasons(result) -> dict[str, str]:
    return {u.idea.title: u.reason for u in result.unplaced}


def test_the_format_of_the_slot_must_match_the_idea():
    plan = Plan((channel(Idea("reel idea", (), format="reel"), Idea("video idea", (), format="video"),
                         Idea("any", ()), rules=(FEED, REEL)),))
    result = run(plan)
    # Wed 25 18:00 is the first open slot, a photo; the reel waits for Saturday 28 at 11:00.
    assert starts(result) == {"reel idea": datetime(2026, 11, 28, 11), "any": datetime(2026, 11, 25, 18)}
    assert reasons(result) == {"video idea": "format"}


def test_the_pillar_of_the_rotation_must_match_the_idea():
    rule = Rule(id="feed", times=(time(18),), start=date(2026, 11, 2), every="week", days=("mon", "wed", "fri"),
                pillars=("a", "b"))
    # Occurrences from Mon 2 Nov: 2 a, 4 b, 6 a, ... 23 b, 25 a, 27 b, 30 a.
    plan = Plan((channel(Idea("b one", (), pillar="b"), Idea("a one", (), pillar="a"),
                         Idea("c one", (), pillar="c"), rules=(rule,)),))
    result = run(plan)
    assert starts(result) == {"b one": datetime(2026, 11, 27, 18), "a one": datetime(2026, 11, 25, 18)}
    assert reasons(result) == {"c one": "pillar"}


def test_without_a_rotation_the_pillar_mix_targets_decide():
    ideas = (Idea("a first", (), pillar="a"), Idea("a second", (), pillar="a"), Idea("b first", (), pillar="b"),
             Idea("z", (), pillar="z"))
    plan = Plan((channel(*ideas, pillar_share={"a": 0.5, "b": 0.5}, pillar_tolerance=0.1),))
    result = run(plan)
    # a first: no pillar yet, placed. a second: a already holds 100% (not below 50% + 10%), refused.
    # b first: 0% of b, placed next. z has no target at all.
    assert starts(result) == {"a first": datetime(2026, 11, 25, 18), "b first": datetime(2026, 11, 27, 18)}
    assert reasons(result) == {"a second": "pillar", "z": "pillar"}


def test_the_slot_leaves_the_lead_time_plus_the_effort_in_working_days():
    ideas = (Idea("nine hours", (), effort=timedelta(hours=9)), Idea("no effort", ()))
    plan = Plan((channel(*ideas, lead_time=timedelta(days=2)),))
    result = run(plan)
    # 9 h = 2 working days: Thu 26, plus 2 days: Sat 28 00:00, so Mon 30 (Fri 27 18:00 is too soon).
    # Without effort: Tue 24 + 2 days = Thu 26 00:00, so Fri 27.
    assert starts(result) == {"nine hours": datetime(2026, 11, 30, 18), "no effort": datetime(2026, 11, 27, 18)}


def test_working_days_skip_the_weekend():
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Friday + 1 = Monday
    assert add_working_days(date(2026, 11, 28), 1) == date(2026, 11, 30)  # Saturday + 1 = Monday
    assert add_working_days(date(2026, 11, 24), 0) == date(2026, 11, 24)
    daily = Rule(id="day", times=(time(18),), start=date(2026, 11, 1), every="day")
    plan = Plan((channel(Idea("a day of work", (), effort=timedelta(hours=8)), rules=(daily,)),))
    assert starts(run(plan, today=date(2026, 11, 27))) == {"a day of work": datetime(2026, 11, 30, 18)}


def test_the_effort_of_the_format_comes_from_the_channel_then_the_calendar():
    ideas = (Idea("reel", (), format="reel"),)
    daily = Rule(id="day", times=(time(18),), start=date(2026, 11, 1), every="day", format="reel")
    calendar = CalendarSettings(effort={"reel": timedelta(hours=16)})
    on_calendar = Plan((channel(*ideas, rules=(daily,)),), calendar)
    assert starts(run(on_calendar)) == {"reel": datetime(2026, 11, 26, 18)}  # 2 working days: Thu 26
    on_channel = Plan((channel(*ideas, rules=(daily,), effort={"reel": timedelta(hours=1)}),), calendar)
    assert starts(run(on_channel)) == {"reel": datetime(2026, 11, 25, 18)}  # 1 working day: Wed 25


def test_higher_priority_first_then_the_order_written():
    first = channel(Idea("old", ()), Idea("urgent", (), priority=1), Idea("new", ()), cid="a-first")
    second = channel(Idea("other file", ()), cid="b-second")
    shared = (Idea("shared", ("a-first",), source="_ideas.toml", priority=2),
              Idea("shared low", ("a-first", "b-second"), source="_ideas.toml", index=1, priority=5))
    result = run(Plan((first, second), ideas=shared))
    assert starts(result) == {
        "urgent": datetime(2026, 11, 25, 18), "shared": datetime(2026, 11, 27, 18),
        "old": datetime(2026, 11, 30, 18), "new": datetime(2026, 12, 2, 18),
        "other file": datetime(2026, 11, 25, 18),
        # priority 5 comes last: a-first's next is Fri 4 Dec, b-second's Fri 27 Nov, the earlier wins.
        "shared low": datetime(2026, 11, 27, 18),
    }
    assert result.placements[-1].slot.channel == "a-first"  # sorted by start: 2 Dec is last


def test_an_expired_idea_is_never_placed_and_nothing_goes_before_not_before():
    ideas = (Idea("gone", (), expires=date(2026, 11, 20)), Idea("too late", (), expires=date(2026, 11, 24)),
             Idea("in time", (), expires=date(2026, 11, 25)), Idea("later", (), not_before=date(2026, 12, 1)),
             Idea("never", (), not_before=date(2027, 3, 1)))
    result = run(Plan((channel(*ideas),)))
    assert starts(result) == {"in time": datetime(2026, 11, 25, 18), "later": datetime(2026, 12, 2, 18)}
    assert reasons(result) == {"gone": "expired", "too late": "expires", "never": "not_before"}


def test_an_owner_is_never_placed_beyond_their_weekly_hours():
    calendar = CalendarSettings(effort={"photo": timedelta(hours=3)}, owners=(Owner("Camille", 5),))
    # A planned photo of Camille's on Mon 23 Nov is not in the window; one on Mon 30 Nov is (3 h of W49).
    posts = (Post(at=datetime(2026, 11, 30, 18), title="planned", status="draft"),)
    ideas = (Idea("one", ()), Idea("two", ()), Idea("three", ()), Idea("heavy", (), effort=timedelta(hours=6)))
    plan = Plan((channel(*ideas, owner="Camille", posts=posts),), calendar)
    result = run(plan, weeks=2)
    # W48: one on Wed 25 (3 h), Fri 27 would make 6 h. W49 holds 3 h already: Wed 2 and Fri 4 would
    # make 6 h. W50 (Mon 7 Dec only, in the window): two. Then three has no week left, heavy never fits 5 h.
    assert starts(result) == {"one": datetime(2026, 11, 25, 18), "two": datetime(2026, 12, 7, 18)}
    assert reasons(result) == {"three": "capacity", "heavy": "capacity"}
    roomy = Plan((channel(*ideas, owner="Camille", posts=posts),),
                 CalendarSettings(effort={"photo": timedelta(hours=3)}, owners=(Owner("Camille", 9),)))
    assert starts(run(roomy, weeks=2)) == {
        "one": datetime(2026, 11, 25, 18), "two": datetime(2026, 11, 27, 18), "three": datetime(2026, 12, 2, 18),
        "heavy": datetime(2026, 12, 7, 18),  # 6 h more than 6 h planned in W48 and W49 passes 9 h
    }


def test_a_slot_goes_to_one_idea_and_a_channel_without_slots_has_none():
    one = Rule(id="once", times=(time(9),), start=date(2026, 11, 26), every="day", count=1)
    plan = Plan((channel(Idea("first", ()), Idea("second", ()), rules=(one,)),
                 channel(Idea("nowhere", ()), rules=(), cid="posts-only")))
    result = run(plan)
    assert starts(result) == {"first": datetime(2026, 11, 26, 9)}
    assert reasons(result) == {"second": "taken", "nowhere": "no_slot"}


def test_the_same_input_gives_the_same_placement():
    ideas = [Idea(f"idée {n} ✨", (), priority=1 + n % 5, pillar=("a", "b", None)[n % 3]) for n in range(30)]
    plan = Plan((channel(*ideas, rules=(FEED, REEL), pillar_share={"a": 0.5, "b": 0.5}),))
    first, second = run(plan, weeks=8), run(plan, weeks=8)
    assert first == second
    stamps = [p.slot.start for p in first.placements]
    assert stamps == sorted(stamps) and len(first.placements) == 30  # 32 open slots in 8 weeks, 30 ideas
    assert len({p.slot.uid for p in first.placements}) == len(first.placements)


def test_applied_turns_placed_ideas_into_posts_and_takes_them_out_of_the_backlog():
    shared = (Idea("shared", ("insta",), source="_ideas.toml"), Idea("kept", ("insta",), source="_ideas.toml",
                                                                    index=1, not_before=date(2027, 6, 1)))
    plan = Plan((channel(Idea("own", (), pillar="p", notes="n", link="https://x.example", effort=timedelta(hours=1)),
                         Idea("stays", (), format="video")),), ideas=shared)
    result = run(plan)
    channels, left = applied(plan, result)
    new = channels["insta"]
    assert [(p.at, p.title, p.status) for p in new.posts] == [
        (datetime(2026, 11, 25, 18), "own", "idea"), (datetime(2026, 11, 27, 18), "shared", "idea")]
    assert (new.posts[0].pillar, new.posts[0].notes, new.posts[0].link, new.posts[0].effort) == (
        "p", "n", "https://x.example", timedelta(hours=1))
    assert [(i.title, i.index) for i in new.ideas] == [("stays", 0)]
    assert [(i.title, i.index) for i in left] == [("kept", 0)]


# --- ideas_for_slot: the ideas the editor offers for one open slot (f) ---------------------------------


def _slot(plan: Plan, when: datetime, weeks: int = 2):
    slots = expand(plan, TODAY, TODAY + timedelta(weeks=weeks))
    return next(s for s in slots if s.start.replace(tzinfo=None) == when), slots


def test_the_ideas_for_a_slot_follow_the_placement_rules_ranked_by_priority_then_as_written():
    ideas = (Idea("vidéo", (), format="video"), Idea("late ✨", (), priority=4), Idea("urgent", (), priority=1),
             Idea("gone", (), expires=date(2026, 11, 20)), Idea("after", (), not_before=date(2026, 12, 1)),
             Idea("heavy", (), effort=timedelta(hours=16)), Idea("plain", ()))
    shared = (Idea("shared", ("insta", "other"), source="_ideas.toml"), Idea("elsewhere", ("other",), source="_ideas.toml"))
    plan = Plan((channel(*ideas),), ideas=shared)
    slot, slots = _slot(plan, datetime(2026, 11, 25, 18))  # Wed 25 Nov 18:00, a photo slot
    # video: wrong format; gone: expired; after: before not_before; heavy: 2 working days from Tue 24 is Thu 26.
    assert [i.title for i in ideas_for_slot(plan, slot, slots, TODAY)] == ["urgent", "plain", "shared", "late ✨"]
    friday, slots = _slot(plan, datetime(2026, 11, 27, 18))
    assert [i.title for i in ideas_for_slot(plan, friday, slots, TODAY)] == [
        "urgent", "heavy", "plain", "shared", "late ✨"]


def test_the_first_idea_for_a_slot_is_the_one_fill_places_there():
    ideas = tuple(Idea(f"idée {n}", (), priority=1 + n % 3, pillar=("a", "b")[n % 2]) for n in range(6))
    plan = Plan((channel(*ideas, pillar_share={"a": 0.5, "b": 0.5}),))
    first = run(plan).placements[0]
    slot, slots = _slot(plan, first.slot.start.replace(tzinfo=None), weeks=4)
    assert ideas_for_slot(plan, slot, slots, TODAY)[0] == first.idea


def test_a_filled_slot_and_a_one_off_slot_get_no_idea():
    posts = (Post(at=datetime(2026, 11, 25, 18), title="déjà là", status="draft"),
             Post(at=datetime(2026, 11, 26, 9), title="one-off", status="draft"))
    plan = Plan((channel(Idea("plain", ()), posts=posts),))
    filled, slots = _slot(plan, datetime(2026, 11, 25, 18))
    one_off, _ = _slot(plan, datetime(2026, 11, 26, 9))
    assert ideas_for_slot(plan, filled, slots, TODAY) == []
    assert ideas_for_slot(plan, one_off, slots, TODAY) == []
    open_slot, _ = _slot(plan, datetime(2026, 11, 27, 18))
    assert [i.title for i in ideas_for_slot(plan, open_slot, slots, TODAY)] == ["plain"]
