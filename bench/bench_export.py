"""Benchmark: `calendar-app export` of the agency-scale plan set, cold and after a one-channel edit.

Run ``python bench/bench_export.py`` (optional: ``--channels N --weeks W --repeat R``). Measured
in the same run, interleaved, each in a fresh Python process (so nothing stays warm in memory
from one measurement to the next: the re-export only has what the cold export left on disk),
CPU time (``time.process_time``) and wall time, median of the repeats; imports are done before
the clock starts, the same for every kind:

- load + expand: reading the plan files and expanding every slot of the window (the floor of
  any export);
- naive: the same load + expand, then one icalendar ``Event`` per slot built with
  ``Event.add()`` per property, one ``Calendar`` per channel plus ``all.ics`` and
  ``key-dates.ics`` (``add_missing_timezones``), ``to_ical()`` and written;
- cold: ``calendar-app export`` (its ``main``) into an empty folder: load, expand, render every
  feed, write the files and the state (``.state.json`` and its pack);
- re-export: ``calendar-app export`` again into that folder after one plan file was edited on
  disk (a post title changed).

Targets (issue 3): cold at least 3x faster than naive; re-export under 10% of cold.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
START = date(2026, 9, 7)  # agency.START, a Monday
EDITED = "blog-003.toml"


def export_argv(plans: Path, out: Path, weeks: int) -> list[str]:
    """The window [START, START + weeks): today = START, no past days."""
    return ["export", "--plans", str(plans), "--out", str(out), "--today", START.isoformat(),
            "--past-days", "0", "--weeks", str(weeks)]


# --- the measured work, run in a child process ----------------------------------------------


def child(kind: str, plans: Path, out: Path, weeks: int) -> dict:
    import icalendar  # noqa: F401  (imported before the clock for every kind alike)

    from calendar_app import cli
    from calendar_app.commands import export  # noqa: F401
    from calendar_app.core.recurrence import expand
    from calendar_app.storage.reader import load_plan_strict

    end = START + timedelta(weeks=weeks)
    message = ""
    t0, w0 = time.process_time(), time.perf_counter()
    if kind == "expand":
        plan = load_plan_strict(plans)
        message = f"{len(expand(plan, START, end))} slots"
    elif kind == "naive":
        message = naive_export(load_plan_strict(plans), out, START, end)
    else:
        stdout = io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.suppress(SystemExit):
            cli.main(export_argv(plans, out, weeks))
        message = stdout.getvalue().strip()
    return {"cpu": time.process_time() - t0, "wall": time.perf_counter() - w0, "message": message}


def naive_export(plan, out: Path, start: date, end: date) -> str:
    """The straightforward way: icalendar objects, ``Event.add()`` per property, one per slot."""
    from icalendar import Alarm, Calendar, Event

    from calendar_app.core.recurrence import expand
    from calendar_app.feeds.colors import nearest_css3_name
    from calendar_app.feeds.events import TENTATIVE, key_dates_in, slot_summary
    from calendar_app.feeds.filter import LEFT_OUT
    from calendar_app.feeds.render import default_zone

    now = datetime.now(timezone.utc).replace(microsecond=0)
    out.mkdir(parents=True, exist_ok=True)

    def calendar(name: str, zone: str, color: str | None) -> Calendar:
        cal = Calendar()
        cal.add("prodid", "-//calendar-app//naive//EN")
        cal.add("version", "2.0")
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        cal.add("x-wr-caldesc", f"Publication slots ({name})")
        cal.add("x-wr-timezone", zone)
        if color:
            cal.add("color", nearest_css3_name(color))
            cal.add("x-apple-calendar-color", color)
        cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT1H")
        return cal

    channels = {c.id: c for c in plan.channels}
    labels = {(c.id, r.id): (r.label or r.id) for c in plan.channels for r in c.rules}
    feeds = {cid: calendar(c.name, c.timezone, c.color) for cid, c in channels.items()}
    everything = calendar(plan.calendar.name, default_zone(plan), None)
    count = 0
    for slot in expand(plan, start, end):
        if slot.status == LEFT_OUT:
            continue
        channel = channels[slot.channel]
        label = labels.get((slot.channel, slot.rule))
        summary = slot_summary(slot, channel, label)
        event = Event()
        event.add("uid", slot.uid)
        event.add("dtstamp", now)
        event.add("last-modified", now)
        event.add("sequence", 0)
        event.add("dtstart", slot.start)
        event.add("duration", slot.end.astimezone(timezone.utc) - slot.start.astimezone(timezone.utc))
        event.add("summary", summary)
        event.add("status", "TENTATIVE" if slot.status in TENTATIVE else "CONFIRMED")
        event.add("categories", [v for v in (channel.name, slot.format, slot.pillar) if v])
        details = [f"Status: {slot.status}", f"Owner: {slot.owner}", f"Format: {slot.format}",
                   f"Pillar: {slot.pillar}", f"Rule: {label}" if slot.rule else "One-off post"]
        if slot.post and slot.post.notes:
            details.append(slot.post.notes)
        event.add("description", "\n".join(details))
        if slot.post and slot.post.link:
            event.add("url", slot.post.link)
        if channel.color:
            event.add("color", nearest_css3_name(channel.color))
        event.add("transp", "TRANSPARENT")
        if channel.remind:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Prepare: {summary}")
            alarm.add("trigger", -channel.remind)
            event.add_component(alarm)
        feeds[slot.channel].add_component(event)
        everything.add_component(event)
        count += 1
    key_dates = calendar(f"{plan.calendar.name} · key dates", default_zone(plan), None)
    for uid, kd in key_dates_in(plan, start, end):
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", now)
        event.add("dtstart", kd.date)
        event.add("dtend", kd.last + timedelta(days=1))
        event.add("summary", kd.title)
        key_dates.add_component(event)
    years = {"first_date": date(start.year, 1, 1), "last_date": date(end.year + 1, 1, 1)}
    files = {**{f"{cid}.ics": cal for cid, cal in feeds.items()}, "all.ics": everything, "key-dates.ics": key_dates}
    for name, cal in files.items():
        cal.add_missing_timezones(**years)
        (out / name).write_bytes(cal.to_ical())
    return f"{count} events, {len(files)} files"


# --- the parent: set-up, interleaved runs, the table ------------------------------------------


def run_child(kind: str, plans: Path, out: Path, weeks: int) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--plans", str(plans), "--out", str(out), "--weeks", str(weeks)],
        capture_output=True, text=True, encoding="utf-8", check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{result.stderr}")
    return json.loads(result.stdout)


def edit_one_channel(plans: Path) -> Path:
    """A copy of the plans with one post title of one channel changed by a text edit."""
    edited = plans.parent / "plans-edited"
    shutil.rmtree(edited, ignore_errors=True)
    shutil.copytree(plans, edited)
    path = edited / EDITED
    text = path.read_text(encoding="utf-8")
    marker = 'title = "Post '
    assert marker in text, f"no post title in {path}"
    path.write_text(text.replace(marker, 'title = "Post (revu) ', 1), encoding="utf-8")
    return edited


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=["expand", "naive", "cold", "re-export"])
    parser.add_argument("--plans", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.plans, args.out, args.weeks)))
        return
    sys.path.insert(0, str(HERE))
    from agency import generate

    runs: dict[str, list[dict]] = {k: [] for k in ("expand", "naive", "cold", "re-export")}
    with tempfile.TemporaryDirectory() as tmp:
        plans = generate(Path(tmp) / "plans", channels=args.channels)
        edited = edit_one_channel(plans)
        for r in range(args.repeat):
            out = Path(tmp) / f"feeds-{r}"
            runs["expand"].append(run_child("expand", plans, out, args.weeks))
            runs["naive"].append(run_child("naive", plans, Path(tmp) / f"naive-{r}", args.weeks))
            runs["cold"].append(run_child("cold", plans, out, args.weeks))
            runs["re-export"].append(run_child("re-export", edited, out, args.weeks))
            shutil.rmtree(Path(tmp) / f"naive-{r}")
            print(f"  run {r + 1}/{args.repeat}: " + ", ".join(f"{k} {v[-1]['cpu']:.3f}s" for k, v in runs.items()),
                  file=sys.stderr)
    med = {k: (statistics.median(x["cpu"] for x in v), statistics.median(x["wall"] for x in v)) for k, v in runs.items()}
    print(f"{args.channels} channels, {args.weeks} weeks from {START}: {runs['expand'][0]['message']}; "
          f"fresh process per run, median of {args.repeat}, seconds")
    print(f"{'':34} {'CPU':>8} {'wall':>8}")
    names = {"expand": "load + expand (raw expansion)", "naive": "naive icalendar export",
             "cold": "cold export", "re-export": "re-export after a 1-channel edit"}
    for kind, (cpu, wall) in med.items():
        print(f"{names[kind]:34} {cpu:8.3f} {wall:8.3f}")
    print(f"naive:     {runs['naive'][0]['message']}")
    print(f"cold:      {runs['cold'][0]['message']}")
    print(f"re-export: {runs['re-export'][0]['message']}")
    speedup = med["naive"][0] / med["cold"][0]
    share = med["re-export"][0] / med["cold"][0]
    print(f"cold vs naive:      {speedup:6.1f}x faster  (target: at least 3x)   {'OK' if speedup >= 3 else 'MISSED'}")
    print(f"re-export vs cold:  {share:6.1%}         (target: under 10%)     {'OK' if share < 0.10 else 'MISSED'}")
    shares = sorted(r["cpu"] / c["cpu"] for r, c in zip(runs["re-export"], runs["cold"]))
    print(f"  per run (the same run's cold): {', '.join(f'{x:.1%}' for x in shares)}")
    print(f"cold vs expansion:  {med['cold'][0] / med['expand'][0]:6.2f}x the load + expand time")


if __name__ == "__main__":
    main()
