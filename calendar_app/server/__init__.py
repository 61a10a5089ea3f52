"""``calendar-app serve``: live feeds over HTTP on aiohttp's low-level server.

``app`` routes requests (tokens, ETag/304, gzip, the index page), ``live`` keeps the feeds in step
with the plan files, ``connection`` adds deadlines, a connection cap and error replies to aiohttp's
protocol, ``responses`` and ``accesslog`` build what goes out, ``index_page`` renders the page.
"""
