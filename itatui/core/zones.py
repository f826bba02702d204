"""The agency's time zone, and times shown the way an officer reads them (``28 เม.ย. 2569
14:05``): every command and screen that shows a time shows it in one zone, the agency's
(``[agency] timezone`` in the config, Asia/Bangkok by default), and says which."""

from __future__ import annotations

import datetime as dt

from itatui.core.errors import ItatuiError
from itatui.core.thai import BE_OFFSET


def agency_zone(name: str = "Asia/Bangkok") -> dt.tzinfo:
    """The time zone named by the config's ``[agency] timezone`` (a Thai error for an unknown
    name). Asia/Bangkok is UTC+7 all year, so it needs no tz database."""
    if name == "Asia/Bangkok":
        return dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ItatuiError(f"ไม่รู้จักเขตเวลา \"{name}\" ([agency] timezone ในไฟล์ตั้งค่า; "
                          "เช่น Asia/Bangkok)") from None


def zone_note(zone: dt.tzinfo) -> str:
    """What the times are, in Thai: ``เวลาประเทศไทย (UTC+07:00)``."""
    name = str(getattr(zone, "key", "") or zone.tzname(None) or "")
    offset = dt.datetime.now(zone).strftime("%z")
    utc = f"UTC{offset[:3]}:{offset[3:]}"
    return f"เวลาประเทศไทย ({utc})" if name == "Asia/Bangkok" else f"เวลา {name} ({utc})"


def in_zone(iso: str, zone: dt.tzinfo) -> str:
    """An ISO 8601 time with offset (git's %aI) as the same instant in ``zone``."""
    return dt.datetime.fromisoformat(iso).astimezone(zone).isoformat()


def be_datetime(iso: str, style: str = "thai", time: bool = True,
                zone: dt.tzinfo | None = None) -> str:
    """``28 เม.ย. 2569 14:05`` from an ISO date (git's %aI), in the chosen digits; in ``zone``
    when given (else in the offset the date carries)."""
    from itatui.core.thai import MONTHS_SHORT, digits

    when = dt.datetime.fromisoformat(iso)
    if zone is not None:
        when = when.astimezone(zone)
    text = f"{when.day} {MONTHS_SHORT[when.month - 1]} {when.year + BE_OFFSET}"
    if time:
        text += f" {when:%H:%M}"
    return digits(text, style)
