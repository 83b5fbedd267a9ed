"""The individual follows the record (issue 18, item 3): after their latest held meeting, the individual's current
level, risk of serious harm and lead agency are the ones that meeting recorded.

One function, `follow`, called where a meeting becomes held in this vault: the cockpit's close
(services/cockpit.close_case), the interchange import (services/records.py) and the handover
(services/handover.py), and where a held meeting's level after or RoSH is corrected in the cockpit, or the
correction undone (services/editing.py). Only the individual's latest held meeting (by date, then by id) moves them on: an older
meeting imported after a newer one changes nothing. The change is written as an edit of the individual's
details is (storage/individuals.update_details, so the audit log records it), after every held meeting has kept
the details it was held with (snapshot_held_meetings), and a new lead agency becomes the lead of the meetings not
yet held, as an edit by hand does.

What the meeting leaves empty is not taken: a level after the meeting that is not recorded (also on exit from
MAPPA, where it is null: the individual's level is then kept as it was), a RoSH not agreed, no lead agency. When
the lead agency changes, the date the old lead took over no longer applies and is emptied (not known), never
guessed from the meeting's date. A lead agency that took over after the meeting (its `lead_agency_since` is later
than the meeting's date, as a file's individual may say of a lead decided at a meeting not in this vault) is newer
than the meeting and is kept.
"""

from __future__ import annotations

import dataclasses

from mappa_desk.domain import dates
from mappa_desk.domain.model import Individual, Meeting
from mappa_desk.services.individuals import changed_labels
from mappa_desk.storage import individuals, meetings
from mappa_desk.storage.rows import AgencyCodes


def state_after(before: Individual, meeting: Meeting) -> Individual:
    """The individual as the meeting leaves them: its level after, its RoSH and its lead agency where recorded."""
    after = before
    if meeting.level_after is not None:
        after = dataclasses.replace(after, current_level=meeting.level_after)
    if meeting.rosh_level is not None:
        after = dataclasses.replace(after, rosh_level=meeting.rosh_level)
    if meeting.lead_agency is not None and meeting.lead_agency != before.lead_agency \
            and not (before.lead_agency_since and before.lead_agency_since > meeting.meeting_date):
        after = dataclasses.replace(after, lead_agency=meeting.lead_agency, lead_agency_since=None)
    return after


def follow(db, meeting_id: int, now: str) -> list[str]:
    """Inside the caller's transaction: bring the individual up to the meeting when it is their latest held one.
    Returns the words for what changed ([] when nothing did)."""
    individual_id = meetings.individual_id(db, meeting_id)
    if individual_id is None or individuals.latest_held_meeting(db, individual_id) != meeting_id:
        return []
    codes = AgencyCodes(db)
    before = individuals.load(db, codes, individual_id)
    after = state_after(before, meetings.load(db, codes, meeting_id))
    changed = changed_labels(before, after)
    if changed:
        individuals.snapshot_held_meetings(db, codes, individual_id, now)
        individuals.update_details(db, codes, individual_id, before, after, now)
        if after.lead_agency != before.lead_agency:
            individuals.set_lead_of_open_meetings(db, codes, individual_id, after.lead_agency, now)
    return changed


def sentence(changed: list[str], meeting: Meeting) -> str:
    """What an import says when the individual followed the meeting it brought ('' when nothing changed)."""
    if not changed:
        return ""
    words = [label[0].lower() + label[1:] for label in changed]
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return (f"The individual's {listed} now {'follow' if len(words) > 1 else 'follows'} the meeting of "
            f"{dates.long(meeting.meeting_date)}, their latest in this vault.")
