"""How personal data is shown by default: masked (SPEC §2.4). Pure functions.

    mask_phone("13812341234")          → "138****1234"
    mask_id_number("450102199001011234") → "4501**********1234"
    mask_name("张三丰")                 → "张**"
    mask_address("团结路 12 号 3 栋")    → "团结路***"   (road or community level)
    mask_phones_in_text("请打13812341234") → "请打138****1234"  (numbers a person typed in text)
"""

from __future__ import annotations

import re

# Places a masked address may keep: up to a road, street, lane or community/village name.
AREA_MARKERS = ("社区", "大道", "胡同", "街道", "路", "街", "巷", "弄", "村", "镇", "乡")
_FIRST_DIGIT = re.compile(r"[0-9０-９]")

# Phone-like numbers inside free text: mainland mobiles (with or without +86, spaces or dashes)
# and landlines with their area code. Not part of a longer run of digits or letters, so
# references (SL-2026-000123), dates and amounts stay as they are.
_ALONE = r"(?<![0-9A-Za-z])"
_END = r"(?![0-9A-Za-z])"
MOBILE = re.compile(_ALONE + r"(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}" + _END)
LANDLINE = re.compile(_ALONE + r"0\d{2,3}-\d{7,8}" + _END)


def mask_phone(phone: str) -> str:
    phone = phone or ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_email(email: str) -> str:
    """ayi@example.org → a**@example.org: the first letter and the domain."""
    local, at, domain = (email or "").partition("@")
    if not at:
        return "*" * len(local)
    return (local[:1] + "*" * max(len(local) - 1, 2)) + "@" + domain


def mask_phones_in_text(text: str) -> str:
    """`text` with every phone-like number in it masked like a phone field."""
    text = MOBILE.sub(lambda m: mask_phone(re.sub(r"\D", "", m.group(0))[-11:]), text or "")
    return LANDLINE.sub(lambda m: mask_phone(m.group(0)), text)


def mask_id_number(number: str) -> str:
    number = number or ""
    if len(number) < 9:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "**"  # always two stars: the mask does not tell the name's length


def mask_address(address: str) -> str:
    """The address up to its road or community, never the house, building or flat number.

    Everything from the first digit on is dropped, then the rest is cut after the last road or
    community marker; an address with no such marker before its first number shows only "***".
    """
    address = (address or "").strip()
    if not address:
        return ""
    match = _FIRST_DIGIT.search(address)
    head = address[: match.start()] if match else address
    cut = max((head.rfind(marker) + len(marker) for marker in AREA_MARKERS if marker in head), default=0)
    area = head[:cut].strip()
    if area == address:
        return area
    return f"{area}***"
