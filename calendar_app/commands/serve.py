"""`calendar-app serve`: live iCalendar feeds over HTTP that follow the plan files on disk."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import signal
import socket
import sys
from datetime import date
from pathlib import Path

from calendar_app.core.errors import UsageError
from calendar_app.i18n import _
from calendar_app.server.app import FeedServer
from calendar_app.server.live import IcsRenderer, LiveFeeds

_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
SHORT_TOKEN = 16


def run(args) -> int:
    plans = Path(args.plans)
    if not plans.is_dir():
        raise UsageError(_('--plans "{plans}" is not a folder; pass --plans DIR (a folder of <channel>.toml files)')
                         .format(plans=args.plans))
    token = args.token
    if token is not None and not _TOKEN.fullmatch(token):
        raise UsageError(
            _("--token may only hold letters, digits, - and _ (it becomes part of the URL); "
              "make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(24))'")
        )
    from_clock = getattr(args, "today_from_clock", False)
    pinned: date = args.today
    feeds = LiveFeeds(plans, IcsRenderer(past_days=args.past_days, weeks=args.weeks))
    server = FeedServer(
        feeds, host=args.host, port=args.port, token=token, today=date.today if from_clock else (lambda: pinned)
    )
    try:
        with asyncio.Runner(loop_factory=event_loop_factory()) as runner:
            runner.run(_serve(server, args))
    except KeyboardInterrupt:
        pass
    print(_("calendar-app serve: stopped."), file=sys.stderr, flush=True)
    return 0


def event_loop_factory():
    """uvloop's event loop when it is installed (``pip install 'calendar-app[fast]'``), else asyncio's:
    the same server, with less CPU per request (bench/bench_serve.py)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop
    return uvloop.new_event_loop


async def _serve(server: FeedServer, args) -> None:
    try:
        await server.start()
    except socket.gaierror as exc:
        raise UsageError(
            _('--host "{host}" is not an address of this machine ({reason}); '
              "use 127.0.0.1 (this machine only) or 0.0.0.0 (the local network)").format(
                host=args.host, reason=exc.strerror or exc)
        ) from None
    except OSError as exc:
        raise UsageError(
            _("cannot listen on {host}:{port} ({reason}); "
              "pick another --port (0 picks a free one) or stop what uses it").format(
                host=args.host, port=args.port, reason=exc.strerror or exc)
        ) from None
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGTERM, server.stop)
    except (NotImplementedError, RuntimeError):
        pass  # not on this platform / not the main thread
    _print_urls(server, args)
    await server.serve()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _print_urls(server: FeedServer, args) -> None:
    snap = server.feeds.snapshot
    hostport = server.url_host()
    base = f"{hostport}{server.base_path()}"
    name = snap.plan.calendar.name if snap and snap.plan else "calendar-app"
    out = [_("Serving {name} on http://{base} (Ctrl-C to stop)").format(name=name, base=base)]
    if snap is not None and snap.feeds:
        labels = {f"{c.id}.ics": c.name for c in snap.plan.channels}
        labels.update({"all.ics": _("Every channel"), "key-dates.ics": _("Key dates"), "campaigns.ics": _("Campaigns")})
        width = max(len(v) for v in labels.values())
        out.append(_("Subscribe in a calendar app with these URLs:"))
        for feed in snap.feeds:
            out.append(f"  {labels.get(feed, feed):<{width}}  webcal://{base}{feed}")
        out.append("  " + _("(or http://{base}<feed>.ics; personal feeds: http://{base}all.ics?owner=NAME&status=draft)")
                   .format(base=base))
    if not getattr(args, "today_from_clock", False):
        out.append(_("The window is pinned to --today {today}.").format(today=args.today))
    print("\n".join(out), flush=True)
    warnings = []
    if not server.token and not _is_loopback(args.host):
        warnings.append(
            _("warning: serving on {host} without --token: anyone who can reach this machine can read the "
              "feeds; add --token SECRET (python3 -c 'import secrets; print(secrets.token_urlsafe(24))')").format(
                host=args.host)
        )
    if server.token and len(server.token) < SHORT_TOKEN:
        warnings.append(_("warning: the token is short ({n} characters); use {least} or more").format(
            n=len(server.token), least=SHORT_TOKEN))
    if snap is not None and snap.problems and not snap.feeds:
        warnings.append(_("warning: the plans are not valid yet; feeds answer 503 until they are (problems above)"))
    for warning in warnings:
        print(warning, file=sys.stderr, flush=True)
