"""The feeds speak the plan's language ([calendar] lang), whoever exports them; in French their
generated text (summaries of open slots, descriptions, calendar names) has no English word."""

from __future__ import annotations

import re
from pathlib import Path

from calendar_app.storage.reader import load_plan_strict

#: English words the feeds' generated French text must not hold (issue 12's list and the feeds' own).
MARKERS = re.compile(r"\b(open|slots?|weeks?|channels?|errors?|press|save|must|should|expected|invalid|"
                     r"did you mean|status|owner|pillar|rule|one-off|planned|prepare|key dates?|blackout|"
                     r"publication slots|untitled|editorial calendar)\b", re.IGNORECASE)
GENERATED = ("NAME", "X-WR-CALNAME", "DESCRIPTION", "X-WR-CALDESC", "SUMMARY", "CATEGORIES")


def _french(plans: Path) -> Path:
    calendar = plans / "_calendar.toml"
    calendar.write_text(calendar.read_text(encoding="utf-8").replace("[calendar]\n", '[calendar]\nlang = "fr"\n', 1),
                        encoding="utf-8")
    return plans


def _plan_words(plans: Path) -> list[str]:
    """Every text of the plan that a feed copies: names, titles, labels, pillars, notes..."""
    plan = load_plan_strict(plans)
    words = [plan.calendar.name, *(kd.title for kd in plan.key_dates), *(kd.source or "" for kd in plan.key_dates)]
    for channel in plan.channels:
        words += [channel.id, channel.name, channel.owner or "", channel.description or ""]
        for rule in channel.rules:
            words += [rule.id, rule.label or "", rule.format or "", *rule.pillars]
        for post in channel.posts:
            words += [post.title or "", post.owner or "", post.pillar or "", post.format or "", post.notes or "",
                      post.link or "", post.status]
    return sorted({w for w in words if w}, key=len, reverse=True)


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _unstamped(path: Path) -> bytes:
    return re.sub(rb"(DTSTAMP|LAST-MODIFIED):\d{8}T\d{6}Z", rb"\1:-", path.read_bytes())


def _generated_values(ics, folder: Path) -> list[str]:
    values = []
    for path in sorted(folder.glob("*.ics")):
        for line in ics.unfold(path.read_bytes().decode("utf-8")):
            name = line.split(":", 1)[0].split(";", 1)[0]
            if name in GENERATED:
                values.append(_unescape(line.split(":", 1)[1]))
    return values


def test_french_feeds_have_no_english_outside_the_plan(bundled_plans: Path, tmp_path: Path, export, ics):
    plans = _french(bundled_plans)
    out = tmp_path / "feeds"
    export(plans, out, "--from", "2026-11-23", "--weeks", "8", "--lang", "en")  # --lang is for the output only
    values = _generated_values(ics, out)
    text = "\n".join(values)
    assert "créneau libre" in text and "Créneaux de publication" in text and "Statut : " in text
    assert "dates clés" in text and "Date clé" in text
    words = _plan_words(plans)
    left = {}
    for value in values:
        stripped = value
        for word in words:
            stripped = stripped.replace(word, " ")
        if found := MARKERS.findall(stripped):
            left[value] = found
    assert left == {}


def test_the_marker_scan_finds_the_english_feed_words():
    assert MARKERS.findall("Instagram · créneau libre (Post feed)") == []
    assert [w.lower() for w in MARKERS.findall("Instagram · open slot\nStatus: draft")] == ["open", "slot", "status"]


def test_an_english_plan_gives_the_same_bytes_whatever_the_locale_or_lang(example_plans: Path, tmp_path: Path, export):
    english, french_env = tmp_path / "en", tmp_path / "fr"
    export(example_plans, english, "--today", "2026-11-24")
    export(example_plans, french_env, "--today", "2026-11-24", "--lang", "fr", env={"LANG": "fr_FR.UTF-8"})
    names = sorted(p.name for p in english.glob("*.ics"))
    assert names and names == sorted(p.name for p in french_env.glob("*.ics"))
    for name in names:  # the revision stamps are the clock's; every other byte is the same
        assert _unstamped(english / name) == _unstamped(french_env / name), name
    assert b"open slot" in (english / "instagram.ics").read_bytes()


def test_switching_the_plan_language_rewrites_the_kept_feeds(bundled_plans: Path, tmp_path: Path, export):
    out = tmp_path / "feeds"  # the second export finds the first one's records beside the feeds
    args = ("--today", "2026-11-24")
    export(bundled_plans, out, *args)
    assert b"open slot" in (out / "instagram.ics").read_bytes()
    export(_french(bundled_plans), out, *args)
    feed = (out / "instagram.ics").read_bytes().decode("utf-8")
    assert "créneau libre" in feed and "open slot" not in feed
