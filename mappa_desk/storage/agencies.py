"""Agencies: seeded from the jurisdiction profile, referred to by code."""

from __future__ import annotations

from mappa_desk.domain.profile import Agency, Profile


def sync_from_profile(db, profile: Profile) -> int:
    """Add agencies the profile names and the database lacks; rename changed ones. Returns rows touched."""
    existing = {code: (name, kind) for code, name, kind in db.query("SELECT code, name, kind FROM agencies")}
    touched = 0
    for agency in profile.agencies:
        if agency.code not in existing:
            db.execute("INSERT INTO agencies (code, name, kind) VALUES (?, ?, ?)", (agency.code, agency.name, agency.kind))
            touched += 1
        elif existing[agency.code] != (agency.name, agency.kind):
            db.execute("UPDATE agencies SET name = ?, kind = ? WHERE code = ?", (agency.name, agency.kind, agency.code))
            touched += 1
    return touched


def all_agencies(db) -> list[Agency]:
    return [Agency(code, name, kind) for code, name, kind in db.query("SELECT code, name, kind FROM agencies ORDER BY id")]
