"""Slots to iCalendar bytes: text primitives and VTIMEZONE, VEVENT bodies, rendering a channel and
assembling ``all.ics``, SEQUENCE/DTSTAMP bookkeeping, the filter shared by ``export`` and ``serve``,
and writing a folder of feeds. :mod:`calendar_app.feeds.incremental` is an optional speed layer.
"""
