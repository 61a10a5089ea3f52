"""Seeded random mutations of the example plan through `validate` and `check`: exit 0, 1 or 2, never a traceback."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from calendar_app.cli import main

EXAMPLE = Path(__file__).parent.parent / "fixtures" / "example"
MUTATIONS = 300
SEED = 20261201

#: Values a hostile or careless edit puts in place of another (TOML text, right of the `=`).
HOSTILE = [
    '"FREQ=MONTHLY;BYDAY=99MO"', '"FREQ=YEARLY;BYDAY=-54FR;BYMONTH=2"', '"FREQ=WEEKLY;INTERVAL=0"',
    '"1000000000d"', '"999999999999w"', '"0m"', '"52w"', '"53w"', '"9' + "9" * 40 + 'm"',
    '"\\u001b]0;pwned\\u0007\\u001b[2J"', '"deux\\nlignes"', '"\\u2028"', '""', '" "',
    "-1", "0", "1e308", "nan", "inf", "99999999999999999999", "-0.0", "true", "[]", "[1, 2]", "{}",
    "9999-12-31", "0001-01-01", "2026-02-29", "2028-02-29T02:30:00", "23:59", '"25:00"', '"Europe/Pariss"',
    '["mon", "99mon"]', '["-5fri", "5sun"]', '[31, -31, 0]', '[13]', '["00:00", "23:59"]', '"🎄"',
]


def mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    i = rng.randrange(len(lines))
    kind = rng.randrange(6)
    if kind <= 2 and "=" in lines[i]:  # a value replaced: the common case
        key = lines[i].split("=", 1)[0]
        lines[i] = f"{key}= {rng.choice(HOSTILE)}"
    elif kind == 3:  # a line dropped or repeated
        if rng.random() < 0.5:
            del lines[i]
        else:
            lines.insert(i, lines[i])
    elif kind == 4:  # a key of another table pasted here
        lines.insert(i, rng.choice(lines))
    else:  # a few characters changed
        line = list(lines[i] or " ")
        for _ in range(rng.randint(1, 3)):
            line[rng.randrange(len(line))] = rng.choice('0123456789-=[]"{},.:Tz \\é\x00\t')
        lines[i] = "".join(line)
    return "\n".join(lines) + "\n"


def test_mutated_plans_never_crash_a_command(tmp_path: Path, capsys):
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLE, plans)
    names = sorted(p.name for p in plans.glob("*.toml"))
    originals = {name: (plans / name).read_text(encoding="utf-8") for name in names}
    rng = random.Random(SEED)
    codes: dict[int, int] = {}
    for n in range(MUTATIONS):
        name = rng.choice(names)
        mutated = originals[name]
        for _ in range(rng.randint(1, 3)):
            mutated = mutate(mutated, rng)
        (plans / name).write_text(mutated, encoding="utf-8", errors="surrogatepass")
        argv = ["validate", "--plans", str(plans)] if n % 2 else [
            "check", "--plans", str(plans), "--today", "2026-12-01", "--weeks", "3"]
        try:
            with pytest.raises(SystemExit) as exit_info:
                main(argv)
        except BaseException as exc:  # a crash: say which mutation, to reproduce it
            raise AssertionError(f"mutation {n} of {name} crashed {argv[0]}:\n{mutated}") from exc
        out, err = capsys.readouterr()
        code = exit_info.value.code
        assert code in (0, 1, 2), (n, name, code, err)
        assert "Traceback" not in err and "\x1b" not in err + out, (n, name, mutated)
        codes[code] = codes.get(code, 0) + 1
        (plans / name).write_text(originals[name], encoding="utf-8")
    assert codes.get(2, 0) > MUTATIONS // 4  # most mutations are refused...
    assert codes.get(0, 0) + codes.get(1, 0) > 10  # ...and some still load
