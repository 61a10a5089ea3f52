"""Generate an agency-scale plan set: many channels, 3 rules each, posts over 26 weeks.

Used by every benchmark (``python bench/agency.py DIR`` writes one by hand). Deterministic for
a given seed, so runs compare like with like.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import tomli_w

START = date(2026, 9, 7)  # a Monday
WEEKS = 26
ZONES = ["Europe/Paris", "Europe/London", "America/New_York", "Australia/Sydney", "Asia/Tokyo", "America/Sao_Paulo"]
KINDS = ["instagram", "linkedin", "facebook", "blog", "newsletter", "podcast", "youtube", "tiktok"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
STATUSES = ["idea", "draft", "ready", "scheduled", "published"]
PILLARS = ["conseils", "coulisses", "produit", "communauté", "événements"]


def _rules(rng: random.Random) -> list[dict]:
    """Three rules of the shapes community managers use: weekly days, monthly ordinal, every N days."""
    weekly_days = sorted(rng.sample(DAYS[:5], rng.randint(2, 4)), key=DAYS.index)
    return [
        {
            "id": "weekly", "every": "week", "days": weekly_days,
            "times": [f"{rng.randint(7, 20):02d}:{rng.choice([0, 15, 30, 45]):02d}"],
            "start": START, "format": "photo", "pillars": rng.sample(PILLARS, 3),
        },
        {
            "id": "monthly", "every": "month", "days": [f"{rng.choice([1, 2, 3, -1])}{rng.choice(DAYS[:5])}"],
            "times": ["09:00"], "start": START, "format": "newsletter",
        },
        {
            "id": "rhythm", "every": "day", "interval": rng.choice([2, 3, 4]),
            "times": [f"{rng.randint(8, 21):02d}:00", f"{rng.randint(8, 21):02d}:30"],
            "start": START, "end": START + timedelta(weeks=WEEKS), "format": "story",
            "skip": [START + timedelta(days=rng.randint(0, WEEKS * 7)) for _ in range(3)],
        },
    ]


def generate(out: Path, channels: int = 200, seed: int = 0) -> Path:
    """Write ``channels`` plan files and a ``_calendar.toml`` into ``out``; return ``out``."""
    rng = random.Random(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "_calendar.toml").write_text(tomli_w.dumps({
        "calendar": {"name": "Agence (bench)", "timezone": "Europe/Paris", "owner_week_max": 40},
        "key_date": [
            {"date": date(2026, 12, 25), "title": "Noël", "blackout": True},
            {"date": date(2027, 1, 13), "end": date(2027, 2, 9), "title": "Soldes d'hiver"},
        ],
    }), encoding="utf-8")
    for n in range(channels):
        kind = KINDS[n % len(KINDS)]
        rules = _rules(rng)
        posts = []
        for _ in range(rng.randint(10, 30)):
            day = START + timedelta(days=rng.randint(0, WEEKS * 7))
            posts.append({
                "at": datetime(day.year, day.month, day.day, rng.randint(7, 21), rng.choice([0, 30])),
                "title": f"Post {kind} n°{rng.randint(1, 999)} — été ☀️",
                "status": rng.choice(STATUSES), "owner": rng.choice(["Camille", "Julien", "Inès", "Léa"]),
                "pillar": rng.choice(PILLARS),
            })
        posts.sort(key=lambda p: p["at"])
        doc = {
            "channel": {
                "name": f"{kind.title()} client {n:03d}", "timezone": rng.choice(ZONES),
                "color": f"#{rng.randrange(0x1000000):06X}", "owner": rng.choice(["Camille", "Julien", "Inès"]),
                "per_week": rng.choice([2, 3, 4, 5]), "max_gap": rng.choice(["2d", "3d", "4d"]),
                "lead_time": "2d",
            },
            "rule": rules,
            "post": posts,
        }
        (out / f"{kind}-{n:03d}.toml").write_text(tomli_w.dumps(doc), encoding="utf-8")
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bench-plans")
    generate(target, channels=int(sys.argv[2]) if len(sys.argv) > 2 else 200)
    print(f"wrote {target}")
