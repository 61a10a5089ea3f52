"""``calendar-app serve``: live feeds over HTTP (routing, ETag and gzip, tokens, the index page)."""
