"""The editor's writes to campaign files: a step appended, a step's keys changed, the bytes put back; the rest byte for byte."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from calendar_app.storage.campaign_steps import add_step, put_back, update_step
from calendar_app.storage.reader import digest
from calendar_app.storage.writer import ConflictError

CAMPAIGN = '''# Le salon de décembre.
[campaign]
name = "Salon des Métiers d'Art 🎉"
anchor = 2026-12-04   # jour d'ouverture
color = "#C0392B"

[[step]]
channel = "instagram"
offset = "-7d"
time = "18:00"
title = "Teaser : on prépare le stand"
status = "idea"
'''


@pytest.fixture
def campaign(tmp_path: Path) -> Path:
    path = tmp_path / "salon.toml"
    path.write_text(CAMPAIGN, encoding="utf-8")
    return path


def test_a_new_step_is_appended_and_nothing_else_changes(campaign):
    before = campaign.read_bytes()
    old, stamp = add_step(campaign, {"status": "draft", "channel": "blog", "offset": "+0d", "slot": "next",
                                     "title": "Le stand B12, en images"}, digest(before))
    text = campaign.read_text(encoding="utf-8")
    assert old == before
    assert text == CAMPAIGN + '''
[[step]]
channel = "blog"
offset = "+0d"
slot = "next"
title = "Le stand B12, en images"
status = "draft"
'''
    assert stamp.digest == digest(campaign.read_bytes())
    assert stamp.has_comments


def test_the_first_step_of_a_campaign_without_steps(tmp_path):
    path = tmp_path / "vide.toml"
    path.write_text('[campaign]\nname = "Été"\nanchor = 2027-07-01\n', encoding="utf-8")
    add_step(path, {"channel": "blog", "offset": "-2w", "time": "09:00"}, digest(path.read_bytes()))
    assert path.read_text(encoding="utf-8") == (
        '[campaign]\nname = "Été"\nanchor = 2027-07-01\n\n[[step]]\nchannel = "blog"\noffset = "-2w"\ntime = "09:00"\n')


def test_a_steps_keys_change_in_place(campaign):
    update_step(campaign, 0, {"title": "Teaser : le stand est prêt ✨", "status": "ready", "format": "reel"},
                digest(campaign.read_bytes()))
    text = campaign.read_text(encoding="utf-8")
    assert text == CAMPAIGN.replace('title = "Teaser : on prépare le stand"\nstatus = "idea"\n',
                                    'title = "Teaser : le stand est prêt ✨"\nstatus = "ready"\nformat = "reel"\n')
    assert tomllib.loads(text)["step"][0]["status"] == "ready"


def test_a_file_changed_elsewhere_is_not_overwritten(campaign):
    stale = digest(campaign.read_bytes())
    campaign.write_text(CAMPAIGN.replace("B12", "B14") + "\n", encoding="utf-8")
    changed = campaign.read_bytes()
    with pytest.raises(ConflictError):
        add_step(campaign, {"channel": "blog", "offset": "+0d", "slot": "next"}, stale)
    with pytest.raises(ConflictError):
        update_step(campaign, 0, {"status": "ready"}, stale)
    assert campaign.read_bytes() == changed


def test_put_back_restores_the_bytes(campaign):
    before = campaign.read_bytes()
    _, stamp = add_step(campaign, {"channel": "blog", "offset": "+1d", "time": "10:00"}, digest(before))
    put_back(campaign, before, stamp.digest)
    assert campaign.read_bytes() == before
