"""Command line: argparse, the clock, and turning project errors into exit code 2."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable
from datetime import date

from calendar_app import __version__
from calendar_app.core.errors import PlanErrors, UsageError, did_you_mean
from calendar_app.core.model import FREQUENCIES, Status
from calendar_app.core.regularity import DEFAULT_PAST_DAYS, DEFAULT_WEEKS
from calendar_app.i18n import LANGUAGES, N_, _, argparse_words, choose_language, ngettext, set_language
from calendar_app.i18n.parse import parse_date


def date_type(today: Callable[[], date]) -> Callable[[str], date]:
    """An argparse type: a date as people type it (``2026-12-24``, ``24/12``, ``demain``, ``lundi``,
    ``+2s``...; :mod:`calendar_app.i18n.parse`), relative to ``today()``."""

    def parse(text: str) -> date:
        try:
            return parse_date(text, today())
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


#: ``--today`` itself: relative forms (``demain``) count from the clock.
clock_date = date_type(date.today)
#: Every other date: relative forms count from ``--today`` when given (see :func:`main`).
_anchor: date | None = None
user_date = date_type(lambda: _anchor or date.today())


def whole_number(low: int, high: int | None = None, too_big: str = ""):
    """An argparse type: a whole number from ``low`` to ``high``; ``too_big`` (marked with N_, with
    ``{text}``) says why not more."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if value < low:
            raise argparse.ArgumentTypeError(_('"{text}" is not a whole number of {low} or more').format(text=text, low=low))
        if high is not None and value > high:
            raise argparse.ArgumentTypeError(_(too_big).format(text=text))
        return value

    return parse


positive_int = whole_number(1)
#: 2000 weeks is about 38 years: with --from at most 2200, a window stays inside the calendar.
weeks_count = whole_number(1, 2000, N_('"{text}" weeks is too many; use at most 2000 (about 38 years)'))
#: 460 months: about as long as the longest window in weeks.
months_count = whole_number(1, 460, N_('"{text}" months is too many; use at most 460 (about 38 years)'))
days_back = whole_number(0, 3660, N_('"{text}" days is too many; use at most 3660 (ten years)'))
port_number = whole_number(0, 65535, N_('"{text}" is not a port; use 1 to 65535, or 0 for any free port'))


#: The options every command takes, before or after its name (`--plans DIR agenda` = `agenda --plans DIR`).
COMMON_OPTIONS = ("--plans", "--today", "--lang")


def _plans(p: argparse.ArgumentParser, default=argparse.SUPPRESS) -> None:
    # On a command the default is SUPPRESS: a value given before the command name (on the root
    # parser, which holds the real default) is not overwritten by the command's own default.
    p.add_argument("--plans", default=default, metavar="DIR", help=_("folder of channel plans (default: ./plans)"))
    _lang(p)


def _lang(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: the root parser and the command's both take it, and neither default hides the other.
    p.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                   help=_("language of the output: fr or en (default: [calendar] lang of the plan, else the "
                          "environment's LC_ALL, LC_MESSAGES or LANG, else en)"))


def option_value(argv: list[str], option: str) -> str | None:
    """The last value of ``option`` in ``argv`` (``--lang fr`` or ``--lang=fr``), read before
    argparse runs; None when absent. Stops at ``--``."""
    value = None
    for i, token in enumerate(argv):
        if token == "--":
            break
        if token == option and i + 1 < len(argv):
            value = argv[i + 1]
        elif token.startswith(option + "="):
            value = token[len(option) + 1:]
    return value


def pick_language(argv: list[str], environ=None) -> str:
    """The language of this run: ``--lang``, else the plan's ``[calendar] lang``, else the
    environment, else English (see :func:`calendar_app.i18n.choose_language`)."""
    from calendar_app.storage.language import plan_language

    return choose_language(option_value(argv, "--lang"), plan_language(option_value(argv, "--plans") or "plans"),
                           environ)


def _today(p: argparse.ArgumentParser, default=argparse.SUPPRESS) -> None:
    p.add_argument("--today", type=clock_date, default=default, metavar="DATE",
                   help=_("pretend today is DATE (reproducible runs)"))


CHANNEL_HELP = N_("only this channel: its id or its display name, any case (repeatable)")


def _window(p: argparse.ArgumentParser, weeks: int) -> None:
    """--from, --weeks and --channel, the window of the commands that read slots from today."""
    p.add_argument("--from", dest="start", type=user_date, metavar="DATE", help=_("first day (default: today)"))
    p.add_argument("--weeks", type=weeks_count, default=weeks, help=_("number of weeks (default: {weeks})").format(weeks=weeks))
    p.add_argument("--channel", action="append", metavar="ID", help=_(CHANNEL_HELP))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="calendar-app",
        description=_("Editorial publication calendar: plan posts per channel, check their rhythm, publish iCalendar feeds."),
        epilog=_("With no command, opens the editor on ./plans."),
    )
    parser.add_argument("--version", action="version", version=f"calendar-app {__version__}",
                        help=_("show program's version number and exit"))
    _plans(parser, default="plans")
    _today(parser, default=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("edit", help=_("open the editor (the default)"))
    _plans(p)
    _today(p)

    p = sub.add_parser("validate", help=_("check every plan file; exit 2 listing each problem"))
    _plans(p)
    _today(p)

    p = sub.add_parser("agenda", help=_("list the slots of the coming weeks"))
    _plans(p)
    _window(p, weeks=4)
    p.add_argument("--json", action="store_true", help=_("print a JSON array of slots"))
    _today(p)

    p = sub.add_parser("export", help=_("write iCalendar feeds (.ics) for calendar apps"))
    _plans(p)
    p.add_argument("--out", default="feeds", metavar="DIR", help=_("output folder (default: ./feeds)"))
    p.add_argument("--from", dest="start", type=user_date, metavar="DATE",
                   help=_("first day; the window is then --weeks from it, as for agenda (default: a rolling "
                          "window from --past-days before today)"))
    p.add_argument("--weeks", type=weeks_count, default=12,
                   help=_("weeks after --from, else after today (default: 12)"))
    p.add_argument("--past-days", type=days_back, metavar="N",
                   help=_("without --from: days before today (default: 30)"))
    p.add_argument("--channel", action="append", metavar="ID", help=_(CHANNEL_HELP))
    p.add_argument("--owner", metavar="NAME", help=_("only slots owned by NAME (case and accents ignored)"))
    p.add_argument("--status", action="append", choices=[s.value for s in Status], metavar="S",
                   help=_("only slots with status S (repeatable)"))
    p.add_argument("--format", choices=("ics", "csv", "hootsuite"), default="ics",
                   help=_("ics: the feeds (default); csv: plan.csv, every slot; hootsuite: hootsuite/<channel>.csv, "
                          "the ready and scheduled posts for Hootsuite's bulk composer"))
    p.add_argument("--date-format", choices=("dmy", "mdy"),
                   help=_("with --format hootsuite: dates day first (dmy, the default) or month first (mdy)"))
    _today(p)

    p = sub.add_parser("check", help=_("regularity report; exit 1 when a target does not hold"))
    _plans(p)
    _window(p, weeks=DEFAULT_WEEKS)
    p.add_argument("--past-days", type=days_back, default=DEFAULT_PAST_DAYS, metavar="N",
                   help=_("days before today whose slots must be published or cancelled (default: {n})").format(
                       n=DEFAULT_PAST_DAYS))
    p.add_argument("--json", action="store_true", help=_("print the facts as JSON"))
    p.add_argument("--objectives", action="store_true", help=_("also fail (exit 1) on an overdue objective"))
    p.add_argument("--results", metavar="DIR", help=_("with --objectives: folder of results CSV files"))
    _today(p)

    p = sub.add_parser("fill", help=_("place backlog ideas into open slots (a dry run unless --write)"))
    _plans(p)
    _window(p, weeks=4)
    p.add_argument("--json", action="store_true", help=_("print the placements and the ideas left as JSON"))
    p.add_argument("--write", action="store_true",
                   help=_("write each placed idea as a post on its slot and take it out of the backlog (all files or none)"))
    _today(p)

    p = sub.add_parser("serve", help=_("serve live feeds over HTTP"))
    _plans(p)
    p.add_argument("--host", default="127.0.0.1", help=_("address to bind (default: 127.0.0.1)"))
    p.add_argument("--port", type=port_number, default=8080, help=_("port (default: 8080; 0 picks a free one)"))
    p.add_argument("--token", help=_("secret path prefix: feeds live under /<token>/"))
    p.add_argument("--weeks", type=weeks_count, default=12, help=_("weeks ahead of today (default: 12)"))
    p.add_argument("--past-days", type=days_back, default=30, help=_("days before today (default: 30)"))
    _today(p)

    p = sub.add_parser("campaign", help=_("list the campaigns, or show one, with where each step lands"))
    actions = p.add_subparsers(dest="campaign_command", metavar="ACTION", required=True)
    for action, text in (("list", _("every campaign and its steps")), ("show", _("one campaign and its steps"))):
        q = actions.add_parser(action, help=text)
        if action == "show":
            q.add_argument("campaign", metavar="ID", help=_("the campaign's id (its file name)"))
        q.add_argument("--json", action="store_true", help=_("print JSON"))
        _plans(q)
        _today(q)
    q = actions.add_parser("move", help=_("move a campaign's anchor; every step follows"),
                           description=_("Rewrites only the anchor line of the campaign file, after checking "
                                         "where each step lands (blackout days, slots other posts take)."))
    q.add_argument("campaign", metavar="ID", help=_("the campaign's id (its file name)"))
    q.add_argument("--to", dest="to", type=user_date, metavar="DATE", required=True, help=_("the new anchor day"))
    _plans(q)
    _today(q)

    p = sub.add_parser("rule", help=_("change a rule's timing from a date (the past stays as it was)"))
    actions = p.add_subparsers(dest="rule_command", metavar="ACTION", required=True)
    p = actions.add_parser(
        "change", help=_("change a rule's timing from a date"),
        description=_("The old rule ends the day before DATE and a new rule, with the timing given and the "
                      "rule's other keys, starts on DATE: every slot and post before DATE stays as it was."),
    )
    p.add_argument("channel", metavar="CHANNEL", help=_("the channel's id (its file name) or its display name"))
    p.add_argument("rule", metavar="RULE", help=_("the rule's id"))
    p.add_argument("--from", dest="start", type=user_date, metavar="DATE",
                   help=_("first day of the new timing (default: the first day after today with no published "
                          "post on the rule from then on)"))
    p.add_argument("--every", choices=list(FREQUENCIES), help=_("day, week, month or year"))
    p.add_argument("--interval", type=positive_int, metavar="N", help=_("every N days/weeks/months/years"))
    p.add_argument("--days", nargs="+", metavar="DAY", help=_("weekdays: mon tue ...; with --every month also 1tue -1fri"))
    p.add_argument("--monthdays", nargs="+", type=int, metavar="N", help=_("days of the month: 1 15 -1 (-1 is the last)"))
    p.add_argument("--months", nargs="+", type=int, metavar="N", help=_("only these months: 11 12"))
    p.add_argument("--times", nargs="+", metavar="HH:MM", help=_("local wall-clock times: 12:30 18:00"))
    p.add_argument("--rrule", metavar="TEXT", help=_('raw RRULE instead of --every/--days...: "FREQ=MONTHLY;BYDAY=1TU"'))
    _plans(p)
    _today(p)

    p = sub.add_parser("publish", help=_("write the calendar as a static site (month and week pages)"))
    _plans(p)
    p.add_argument("--out", default="site", metavar="DIR",
                   help=_("output folder, replaced as a whole (default: ./site)"))
    p.add_argument("--from", dest="start", type=user_date, metavar="DATE",
                   help=_("first day (default: the first of this month; with --weeks, this week's Monday)"))
    length = p.add_mutually_exclusive_group()
    length.add_argument("--weeks", type=weeks_count, help=_("number of weeks from --from"))
    length.add_argument("--months", type=months_count, help=_("number of months from --from (default: 3)"))
    p.add_argument("--client", action="store_true",
                   help=_("for a client: only ready, scheduled and published posts, without owners or notes"))
    p.add_argument("--pdf", action="store_true", help=_("also print each month to month-YYYY-MM.pdf (needs Chromium)"))
    p.add_argument("--feeds-url", metavar="URL",
                   help=_("where the index links the feeds (default: ../feeds/, the export folder beside the site)"))
    _today(p)

    from calendar_app.commands import objectives, results, review

    def common(p):
        _plans(p)
        _today(p)

    objectives.add_parser(sub, common)
    results.add_parser(sub, common)
    review.add_parser(sub, _plans, _today, user_date)
    return parser


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``calendar-app`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Before any output, and before the parser is built, so that --help speaks the language too.
    set_language(pick_language(argv))
    argparse_words.install()
    global _anchor
    pinned = option_value(argv, "--today")
    try:  # `--from demain --today 2026-11-24`: relative dates count from --today, wherever it is
        _anchor = parse_date(pinned, date.today()) if pinned else None
    except ValueError:
        _anchor = None  # wrong: argparse reports it
    parser = build_parser()
    commands = ("edit", "validate", "agenda", "export", "check", "fill", "serve", "rule", "publish", "campaign", "objectives",
                "results", "review")
    named = _command_index(argv)
    if named is not None and argv[named] not in commands:
        # A misspelt command would otherwise become an argument of the default command.
        word = argv[named]
        parser.error(_('"{command}" is not a command{hint} (commands: {commands})').format(
            command=word, hint=did_you_mean(word, commands), commands=", ".join(commands)))
    if named is None and not any(a in ("-h", "--help", "--version") for a in argv):
        # `calendar-app [--plans DIR]` opens the editor; with no terminal (a script, a pipe)
        # it shows the agenda instead of drawing a screen nobody can answer.
        if sys.stdin.isatty() and sys.stdout.isatty():
            argv = ["edit", *argv]
        else:
            print(_("calendar-app: no terminal, so here is the agenda; run it in a terminal for the editor."),
                  file=sys.stderr)
            argv = ["agenda", *argv]
    _tolerant_streams()
    args = parser.parse_args(argv)
    if getattr(args, "today", "absent") is None:
        args.today = date.today()
        args.today_from_clock = True  # not pinned: a long-running command (serve) follows the clock
    if args.command not in ("edit", "serve"):
        # A one-shot command ends before its garbage matters, and the collector's full passes over
        # the growing plan made check 1.3x slower per channel at 5,000 channels than at 1,000
        # (bench/bench_scale.py --gc none disable); the editor and the server keep it.
        gc.disable()
    try:
        module = importlib.import_module(f"calendar_app.commands.{args.command}")
        code = module.run(args)
    except PlanErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        n = len(exc.errors)
        print(ngettext("{n} problem found; nothing was written.", "{n} problems found; nothing was written.", n)
              .format(n=n), file=sys.stderr)
        code = 2
    except UsageError as exc:
        print(f"calendar-app {args.command}: {exc}", file=sys.stderr)
        code = 2
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        _silence_stdout()  # the reader stopped early (`| head`): nothing left to say
        code = 0
    except OSError as exc:  # the output cannot be written: a full disk, a closed terminal
        _silence_stdout()
        print(_("calendar-app {command}: cannot write the output ({reason})").format(
            command=args.command, reason=exc.strerror or exc), file=sys.stderr)
        code = 2
    sys.exit(code)


def _command_index(argv: list[str]) -> int | None:
    """Where the command name is in ``argv``: the first word after the common options (and
    their values) that lead it (``--plans DIR agenda``: 2). None when another option comes
    first (``--weeks 2``: the default command's) or nothing follows."""
    i = 0
    while i < len(argv):
        word = argv[i]
        if word in COMMON_OPTIONS:
            i += 2
        elif word.startswith(tuple(f"{o}=" for o in COMMON_OPTIONS)):
            i += 1
        elif word.startswith("-") and word != "-":
            return None
        else:
            return i
    return None


def _tolerant_streams() -> None:
    """A closed stdout becomes /dev/null (the exit code still tells), and a terminal that is not
    UTF-8 shows "?" for the characters it lacks instead of ending in UnicodeEncodeError."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (lives until exit)
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None and (sys.stdout.encoding or "").lower().replace("-", "") != "utf8":
        reconfigure(errors="replace")


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the flush at exit does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
