"""calendar-app: an editorial publication calendar for community managers."""

__version__ = "0.1.0"
