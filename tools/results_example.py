"""Writes the bundled example's results (results/accounts.csv, results/posts.csv): Oct–Nov 2026, deterministic."""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calendar_app.storage.results import ACCOUNT_HEADER, POST_HEADER, write_rows

#: The example's published posts (plans/instagram.toml, plans/linkedin.toml) with their reach.
POSTS = [("instagram", "2026-11-16T18:00", 1840), ("instagram", "2026-11-18T18:00", 2310),
         ("instagram", "2026-11-20T18:00", 1520), ("instagram", "2026-11-21T11:00", 3980),
         ("instagram", "2026-11-23T18:00", 1710), ("linkedin", "2026-11-24T08:30", 1180)]


def main(out: Path) -> None:
    rng = random.Random(14)
    accounts = []
    day, end = date(2026, 10, 1), date(2026, 11, 30)
    insta, news, linked = 1540.0, 655.0, 410.0
    while day <= end:
        insta += rng.choice((1, 2, 3, 3, 4, 5))
        if day.weekday() == 0:  # the newsletter and LinkedIn count their followers once a week
            news += rng.choice((15, 18, 20, 22))
            linked += rng.choice((3, 4, 6))
            accounts.append((day.isoformat(), "newsletter", "subscribers", news))
            accounts.append((day.isoformat(), "linkedin", "followers", linked))
        accounts.append((day.isoformat(), "instagram", "followers", insta))
        day += timedelta(days=1)
    accounts.append((end.isoformat(), "newsletter", "subscribers", 812.0))  # the month's last count
    posts = []
    for channel, at, reach in POSTS:
        likes = round(reach * rng.uniform(0.026, 0.04))
        comments = rng.randint(3, 14)
        posts += [(channel, at, "reach", float(reach)), (channel, at, "likes", float(likes)),
                  (channel, at, "comments", float(comments)),
                  (channel, at, "engagement_rate", round((likes + comments) / reach, 4))]
    accounts = list({r[:3]: r for r in accounts}.values())
    write_rows(out / "accounts.csv", ACCOUNT_HEADER, sorted(accounts, key=lambda r: r[:3]))
    write_rows(out / "posts.csv", POST_HEADER, sorted(posts, key=lambda r: (r[1], r[0], r[2])))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "results"))
