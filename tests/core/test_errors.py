"""The one place error messages are made safe to print: control characters shown escaped."""

from __future__ import annotations

from calendar_app.core.errors import PlanError, UsageError, printable


def test_printable_escapes_control_characters_and_line_separators():
    assert printable("a\x1b]0;pwned\x07\x1b[2J") == "a\\x1b]0;pwned\\x07\\x1b[2J"
    assert printable("deux\nlignes\r\tet\u2028\u2029\x7f\x9b") == "deux\\nlignes\\r\\tet\\u2028\\u2029\\x7f\\x9b"


def test_printable_keeps_accents_emoji_and_quotes():
    text = "« Émaux d'hiver ❄️ » — Noël 🎄 \u00a0"
    assert printable(text) == text


def test_plan_and_usage_errors_print_escaped():
    error = PlanError("plans/a\nb.toml", "channel.per_week", 'got "\x1b[2J"')
    assert str(error) == 'plans/a\\nb.toml: channel.per_week: got "\\x1b[2J"'
    assert str(UsageError('--channel "\x1b[31m" is not a channel')) == '--channel "\\x1b[31m" is not a channel'
