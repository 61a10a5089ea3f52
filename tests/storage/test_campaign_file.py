"""Reading plans/campaigns/<id>.toml: the campaign in Plan.campaigns, its file stamped, every problem at
once with the file and the key (exact messages)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from calendar_app.storage.reader import load_plan

HEAD = '[campaign]\nname = "Salon des Métiers d\'Art 🎉"\nanchor = 2026-12-04\n'


def write(plans: Path, text: str, name: str = "salon") -> Path:
    folder = plans / "campaigns"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(plans: Path) -> list[str]:
    return [str(e) for e in load_plan(plans).errors]


def test_a_campaign_is_read_with_its_steps_and_its_stamp(bundled_plans):
    path = write(bundled_plans, HEAD + '[[step]]\nchannel = "instagram"\noffset = "-2d"\ntime = "18:00"\n'
                 'title = "Teaser é"\nstatus = "draft"\n')
    result = load_plan(bundled_plans)
    assert result.errors == []
    (campaign,) = result.plan.campaigns
    assert (campaign.id, campaign.name, campaign.anchor) == ("salon", "Salon des Métiers d'Art 🎉", date(2026, 12, 4))
    assert [(s.channel, s.offset, s.title, s.status) for s in campaign.steps] == [("instagram", -2, "Teaser é", "draft")]
    assert result.files["campaigns/salon"].path == path
    assert [(p.at.isoformat(), p.campaign, p.step) for p in result.plan.channel("instagram").steps] == [
        ("2026-12-02T18:00:00", "salon", 0)]


def test_a_campaign_without_steps_is_valid(bundled_plans):
    write(bundled_plans, HEAD)
    result = load_plan(bundled_plans)
    assert result.errors == [] and result.plan.campaigns[0].steps == ()


def test_every_key_problem_at_once(bundled_plans):
    path = write(bundled_plans, '[campaign]\nnme = "x"\nanchor = 2026-12-04\n'
                 '[[step]]\nchannel = "instagran"\noffset = "-7j"\ntime = "25:00"\n'
                 '[[step]]\nchannel = "blog"\noffset = "+1d"\nslot = "nest"\nstatus = "pret"\ntitel = "x"\n'
                 '[[step]]\nchannel = "blog"\noffset = "+1d"\n')
    assert problems(bundled_plans) == [
        f'{path}: campaign.nme: unknown key; did you mean "name"?',
        f"{path}: campaign.name: is required",
        f'{path}: step[1].channel: "instagran" is not a channel of the plan; did you mean "instagram"?',
        f'{path}: step[1].offset: "-7j" is not an offset; write it like "-7d", "+0d" or "+2w"',
        f'{path}: step[1].time: "25:00" is not a time; write it like "18:00"',
        f'{path}: step[2].titel: unknown key; did you mean "title"?',
        f'{path}: step[2].slot: "nest" is not a slot word; did you mean "next"?',
        f'{path}: step[2].status: "pret" is not a status; statuses: idea, draft, ready, scheduled, published, cancelled',
        f'{path}: step[3]: give a time ("18:00") or slot = "next" / "previous"',
    ]


def test_the_id_comes_from_the_file_name(bundled_plans):
    path = write(bundled_plans, HEAD, name="Salon B12")
    assert problems(bundled_plans) == [
        f'{path}: "Salon B12" is not a campaign id (lowercase letters, digits and "-"); rename the file to salon-b12.toml']


def test_two_steps_on_one_channel_and_time(bundled_plans):
    path = write(bundled_plans, HEAD + '[[step]]\nchannel = "linkedin"\noffset = "+4d"\nslot = "next"\n'
                 '[[step]]\nchannel = "linkedin"\noffset = "+1d"\ntime = "08:30"\n')
    # +4d from Friday 12-04 is Tuesday 12-08, the rule's 08:30; +1d 08:30 is Saturday 12-05: no clash.
    assert problems(bundled_plans) == []
    write(bundled_plans, HEAD + '[[step]]\nchannel = "linkedin"\noffset = "+4d"\nslot = "next"\n'
          '[[step]]\nchannel = "linkedin"\noffset = "+4d"\ntime = "08:30"\n')
    assert problems(bundled_plans) == [
        f"{path}: step[2]: is on linkedin at 2026-12-08T08:30, as step[1] is; move one of them"]


def test_a_step_on_a_post_of_the_channel_file_names_both(bundled_plans):
    # linkedin.toml has a post at 2026-11-24T08:30.
    path = write(bundled_plans, HEAD + '[[step]]\nchannel = "linkedin"\noffset = "-10d"\ntime = "08:30"\n')
    (message,) = problems(bundled_plans)
    assert message.startswith(f"{path}: step[1]: is on linkedin at 2026-11-24T08:30, where the post « ")
    assert message.endswith(" » of linkedin.toml is; move the step or the post")


def test_a_slot_step_with_no_rule_slot_there(bundled_plans):
    path = write(bundled_plans, HEAD + '[[step]]\nchannel = "linkedin"\noffset = "-200d"\nslot = "previous"\n')
    # -200d is 2026-05-18, before the rule starts (2026-09-01).
    assert problems(bundled_plans) == [
        f"{path}: step[1].slot: the channel linkedin has no rule slot on or before the anchor plus -200d; give a time instead"]
