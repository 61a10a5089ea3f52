"""The editor's store: the plan as loaded, each file's stamp, the undo and redo history and a slot cache."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import date, timedelta, timezone
from pathlib import Path

from calendar_app.core.errors import PlanError
from calendar_app.core.model import Channel, Idea, Plan, Slot
from calendar_app.core.recurrence import expand_channel
from calendar_app.storage.backlog_write import FileChange, create_ideas_file, write_changes
from calendar_app.storage.ideas import IDEAS_FILE
from calendar_app.storage.merge import Merged, merge_into_file
from calendar_app.storage.reader import CALENDAR_FILE, FileStamp, load_plan
from calendar_app.storage.writer import ConflictError, delete_channel, read_stamp, save_channel

#: Slots are expanded per channel in blocks of this many days (aligned on a Monday), so
#: paging week by week mostly hits the cache: expanding four weeks costs little more than one.
BLOCK_DAYS = 28
_EPOCH = date(2000, 1, 3)  # a Monday
CAMPAIGNS_DIR = "campaigns"
"""The folder of the campaign files, under the plans folder."""


def _order(slot: Slot):
    return (slot.start.astimezone(timezone.utc), slot.channel, slot.rule or "", slot.uid)


def monday_of(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class FileEdit:
    """One saved edit of a file the editor writes as bytes (a campaign file), enough to undo it.

    ``channel`` is the file's key, its path under the plans folder without ``.toml``
    (``campaigns/salon``), so the undo history and :meth:`Session.path_of` treat it as a channel's."""

    channel: str
    before: bytes
    after: bytes
    label: str


@dataclass(frozen=True)
class Change:
    """One saved edit, enough to undo it: the channel before and after (None = no file)."""

    channel: str
    before: Channel | None
    after: Channel | None
    label: str


class SlotCache:
    """Expanded slots per block of days and channel; invalidated per channel when it changes.

    Keeps the ``MAX_BLOCKS`` blocks used last (the weeks around the one shown), so paging through
    a year does not pile up slots. Safe to fill from a worker thread: a block computed twice is
    merely wasted work.
    """

    MAX_BLOCKS = 8

    def __init__(self) -> None:
        self._blocks: OrderedDict[date, dict[str, tuple[Channel, list[Slot]]]] = OrderedDict()
        self._lock = threading.Lock()

    def invalidate(self, channel_id: str | None = None) -> None:
        with self._lock:
            if channel_id is None:
                self._blocks.clear()
            else:
                for per_channel in self._blocks.values():
                    per_channel.pop(channel_id, None)

    def _block(self, first: date) -> dict[str, tuple[Channel, list[Slot]]]:
        with self._lock:
            per_channel = self._blocks.get(first)
            if per_channel is None:
                per_channel = self._blocks[first] = {}
                while len(self._blocks) > self.MAX_BLOCKS:
                    self._blocks.popitem(last=False)
            else:
                self._blocks.move_to_end(first)
            return per_channel

    def slots(self, plan: Plan, start: date, end: date, hidden: frozenset[str] = frozenset()) -> list[Slot]:
        """Slots of the shown channels whose local day lies in [start, end), sorted by instant."""
        blackout = plan.blackout_days
        first = _EPOCH + timedelta(days=((start - _EPOCH).days // BLOCK_DAYS) * BLOCK_DAYS)
        out: list[Slot] = []
        block = first
        while block < end:
            per_channel = self._block(block)
            for channel in plan.channels:
                if channel.id in hidden:
                    continue
                entry = per_channel.get(channel.id)
                # Keyed by the channel object too: a worker still expanding an older version of
                # an edited channel can never leave its slots where the new version's belong.
                if entry is None or entry[0] is not channel:
                    entry = (channel, expand_channel(channel, block, block + timedelta(days=BLOCK_DAYS), blackout))
                    per_channel[channel.id] = entry
                out.extend(s for s in entry[1] if start <= s.start.date() < end)
            block += timedelta(days=BLOCK_DAYS)
        out.sort(key=_order)
        return out


class Session:
    """The plan being edited: every save goes to disk at once, conflict-checked, and can be undone.

    No Textual here: the app asks the questions (comments, conflicts) and calls these methods.
    """

    def __init__(self, plans_dir: Path | str):
        self.plans_dir = Path(plans_dir)
        self.undo_stack: list[Change] = []
        self.redo_stack: list[Change] = []
        """Changes undone, the last undone last; a new edit empties it."""
        self.slots = SlotCache()
        self.plan: Plan
        self.errors: list[PlanError]
        self.stamps: dict[str, FileStamp]
        self._read()

    def _read(self) -> None:
        result = load_plan(self.plans_dir)
        self.plan = result.plan
        self.errors = list(result.errors)
        self.stamps = dict(result.files)
        for path in sorted((self.plans_dir / CAMPAIGNS_DIR).glob("*.toml")):
            # The editor writes campaign files too: each gets a stamp, keyed by its place in the folder.
            stamp = read_stamp(path)
            if stamp is not None:
                self.stamps.setdefault(f"{CAMPAIGNS_DIR}/{path.stem}", stamp)
        self.ideas_stamp = result.ideas_file
        """The stamp of ``_ideas.toml`` as read (None: no such file)."""
        self._calendar_stamp = read_stamp(self.plans_dir / CALENDAR_FILE)
        self.slots.invalidate()

    # --- reading ---------------------------------------------------------------------------

    def channel(self, channel_id: str) -> Channel:
        return self.plan.channel(channel_id)

    def path_of(self, channel_id: str) -> Path:
        stamp = self.stamps.get(channel_id)
        return stamp.path if stamp else self.plans_dir / f"{channel_id}.toml"

    def changed_on_disk(self) -> list[str]:
        """File names of plan files edited, added or removed outside the app since they were read."""
        changed = []
        on_disk = {
            p.stem: p for p in self.plans_dir.glob("*.toml")
            if not p.name.startswith(("_", "."))
        }
        on_disk.update((f"{CAMPAIGNS_DIR}/{p.stem}", p) for p in (self.plans_dir / CAMPAIGNS_DIR).glob("*.toml"))
        for channel_id in sorted(set(on_disk) | set(self.stamps)):
            known = self.stamps.get(channel_id)
            now = read_stamp(on_disk[channel_id]) if channel_id in on_disk else None
            if (known.digest if known else None) != (now.digest if now else None):
                changed.append(f"{channel_id}.toml")
        now = read_stamp(self.plans_dir / CALENDAR_FILE)
        if (now.digest if now else None) != (self._calendar_stamp.digest if self._calendar_stamp else None):
            changed.append(CALENDAR_FILE)
        now = read_stamp(self.plans_dir / IDEAS_FILE)
        if (now.digest if now else None) != (self.ideas_stamp.digest if self.ideas_stamp else None):
            changed.append(IDEAS_FILE)
        return changed

    # --- writing ---------------------------------------------------------------------------

    def _expected(self, channel_id: str, force: bool) -> str | None:
        if force:
            now = read_stamp(self.path_of(channel_id))
            return now.digest if now else None
        stamp = self.stamps.get(channel_id)
        return stamp.digest if stamp else None

    def _set(self, channel_id: str, channel: Channel | None) -> None:
        others = [c for c in self.plan.channels if c.id != channel_id]
        if channel is not None:
            others.append(channel)
        self.plan = replace(self.plan, channels=tuple(sorted(others, key=lambda c: c.id)))
        self.slots.invalidate(channel_id)

    def current(self, channel_id: str) -> Channel | None:
        try:
            return self.plan.channel(channel_id)
        except KeyError:
            return None

    def save(self, channel: Channel, label: str, *, force: bool = False, record: bool = True) -> None:
        """Write ``channel`` to its file now. Raises ConflictError if the file changed on disk
        since it was read (``force`` writes anyway: keep mine)."""
        before = self.current(channel.id)
        path = self.path_of(channel.id)
        self.stamps[channel.id] = save_channel(path, channel, self._expected(channel.id, force))
        self._set(channel.id, channel)
        if record:
            self.undo_stack.append(Change(channel.id, before, channel, label))
            self.redo_stack.clear()

    def merge_save(self, channel: Channel, label: str) -> Merged:
        """Write the edit that made ``channel`` onto its file as changed on disk since it was read.

        A three-way merge (:mod:`calendar_app.storage.merge`): when no post, rule or setting was
        changed on both sides, the merged channel is written and becomes the session's; undoing it
        puts back the file as found on disk. Otherwise nothing is written (``clashes`` says why).
        """
        path = self.path_of(channel.id)
        base = self.current(channel.id)
        if base is None:
            return Merged(None, (path.name,))
        merged, stamp = merge_into_file(path, base, channel, self.plan.calendar.timezone)
        if stamp is None:
            return merged
        self.stamps[channel.id] = stamp
        self._set(channel.id, merged.channel)
        # Older undo entries of this file predate the outside change: undoing them would drop it.
        self.undo_stack = [c for c in self.undo_stack if c.channel != channel.id]
        self.redo_stack = [c for c in self.redo_stack if c.channel != channel.id]
        self.undo_stack.append(Change(channel.id, merged.theirs, merged.channel, label))
        return merged

    def save_backlog(self, channel: Channel | None, shared: tuple[Idea, ...] | None, label: str) -> None:
        """Write a change of the backlog: ``channel`` (its posts and ``[[idea]]`` tables) and the
        ideas ``_ideas.toml`` keeps (None: that file is not touched), all files or none
        (:class:`ConflictError` before anything is written). One channel file alone is undoable."""
        if shared is None:
            if channel is not None:
                self.save(channel, label)
            return
        ideas_path = self.plans_dir / IDEAS_FILE
        changes = [FileChange(self.stamps[channel.id], channel=channel)] if channel is not None else []
        if self.ideas_stamp is None and not changes:
            create_ideas_file(ideas_path, shared)
        else:
            if self.ideas_stamp is None:
                raise ConflictError(ideas_path)
            changes.append(FileChange(self.ideas_stamp, ideas=shared, old_ideas=self.plan.ideas))
            write_changes(changes)
        self.ideas_stamp = read_stamp(ideas_path)
        self.plan = replace(self.plan, ideas=tuple(replace(i, source=IDEAS_FILE, index=n) for n, i in enumerate(shared)))
        if channel is not None:
            self.stamps[channel.id] = read_stamp(self.path_of(channel.id))
            self._set(channel.id, channel)
            # Older undo entries of this channel would put back a file without this change.
            self.undo_stack = [c for c in self.undo_stack if c.channel != channel.id]
            self.redo_stack = [c for c in self.redo_stack if c.channel != channel.id]

    def remove(self, channel_id: str, label: str, *, force: bool = False, record: bool = True) -> None:
        """Delete the channel's file now (ConflictError if it changed on disk since read)."""
        before = self.current(channel_id)
        delete_channel(self.path_of(channel_id), self._expected(channel_id, force))
        self.stamps.pop(channel_id, None)
        self._set(channel_id, None)
        if record:
            self.undo_stack.append(Change(channel_id, before, None, label))
            self.redo_stack.clear()

    def undo(self, *, force: bool = False) -> Change | None:
        """Put back the channel as it was before the last change (written, conflict-checked).

        Returns the change undone, or None when there is nothing to undo. On ConflictError the
        change stays on the stack.
        """
        if not self.undo_stack:
            return None
        change = self.undo_stack[-1]
        if isinstance(change, FileEdit):
            self._put_bytes(change.channel, change.before, force)
        else:
            self._put(change.channel, change.before, change.label, force)
        self.redo_stack.append(self.undo_stack.pop())
        return change

    def redo(self, *, force: bool = False) -> Change | None:
        """Make again the change undone last (written, conflict-checked); it can be undone again.

        Returns the change redone, or None when there is nothing to redo. On ConflictError the
        change stays on the redo stack.
        """
        if not self.redo_stack:
            return None
        change = self.redo_stack[-1]
        if isinstance(change, FileEdit):
            self._put_bytes(change.channel, change.after, force)
        else:
            self._put(change.channel, change.after, change.label, force)
        self.undo_stack.append(self.redo_stack.pop())
        return change

    def _put(self, channel_id: str, channel: Channel | None, label: str, force: bool) -> None:
        """Write ``channel`` (None: delete the file) without recording a change."""
        if channel is None:
            self.remove(channel_id, label, force=force, record=False)
        else:
            self.save(channel, label, force=force, record=False)

    def record_file_edit(self, edit: FileEdit, stamp: FileStamp) -> None:
        """A file written as bytes (a campaign file): remember its new stamp, read the plan again
        (what the file holds reaches the channels' slots) and make the edit undoable."""
        self.stamps[edit.channel] = stamp
        self._read_keeping_history()
        self.undo_stack.append(edit)
        self.redo_stack.clear()

    def _put_bytes(self, key: str, data: bytes, force: bool) -> None:
        from calendar_app.storage.campaign_steps import put_back

        stamp = self.stamps.get(key)
        path = self.path_of(key)
        expected = (read_stamp(path).digest if read_stamp(path) else None) if force else (stamp.digest if stamp else None)
        self.stamps[key] = put_back(path, data, expected)
        self._read_keeping_history()

    def _read_keeping_history(self) -> None:
        """Read the plan again after a write of ours (its stamp already recorded): the history of
        the files that did not change stays; a file changed elsewhere meanwhile loses its undo
        entries, as on any reload."""
        self.reload()

    def reload(self) -> list[str]:
        """Read the plan again; returns the ids of channels whose file had changed.

        Undo entries of those channels are dropped: undoing them would overwrite the edit made
        outside without a conflict check.
        """
        old = {cid: s.digest for cid, s in self.stamps.items()}
        self._read()
        new = {cid: s.digest for cid, s in self.stamps.items()}
        changed = sorted(cid for cid in set(old) | set(new) if old.get(cid) != new.get(cid))
        self.undo_stack = [c for c in self.undo_stack if c.channel not in changed]
        self.redo_stack = [c for c in self.redo_stack if c.channel not in changed]
        return changed


__all__ = ["BLOCK_DAYS", "Change", "FileEdit", "ConflictError", "Session", "SlotCache", "monday_of"]
