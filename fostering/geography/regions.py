"""England's nine regions and which region each upper-tier local authority is in.

Source: ONS "Local Authority District to Region (April 2023) Lookup in England" and the
ONS register of geographic codes, written out by hand for the 153 upper-tier authorities
with children's services (2023 boundaries: Cumberland, Westmorland and Furness, North
Yorkshire and Somerset unitaries; Barnsley and Sheffield recoded). London boroughs
(E09) are all in London, so they are matched by prefix.
"""

from __future__ import annotations

REGIONS: dict[str, str] = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
}

_BY_REGION: dict[str, list[str]] = {
    "E12000001": [
        "E06000001", "E06000002", "E06000003", "E06000004", "E06000005", "E06000047",
        "E06000057", "E08000021", "E08000022", "E08000023", "E08000024", "E08000037",
    ],
    "E12000002": [
        "E06000006", "E06000007", "E06000008", "E06000009", "E06000049", "E06000050",
        "E06000063", "E06000064", "E08000001", "E08000002", "E08000003", "E08000004",
        "E08000005", "E08000006", "E08000007", "E08000008", "E08000009", "E08000010",
        "E08000011", "E08000012", "E08000013", "E08000014", "E08000015", "E10000017",
    ],
    "E12000003": [
        "E06000010", "E06000011", "E06000012", "E06000013", "E06000014", "E06000065",
        "E08000017", "E08000018", "E08000032", "E08000033", "E08000034", "E08000035",
        "E08000036", "E08000038", "E08000039",
    ],
    "E12000004": [
        "E06000015", "E06000016", "E06000017", "E06000018", "E06000061", "E06000062",
        "E10000007", "E10000018", "E10000019", "E10000024",
    ],
    "E12000005": [
        "E06000019", "E06000020", "E06000021", "E06000051", "E08000025", "E08000026",
        "E08000027", "E08000028", "E08000029", "E08000030", "E08000031", "E10000028",
        "E10000031", "E10000034",
    ],
    "E12000006": [
        "E06000031", "E06000032", "E06000033", "E06000034", "E06000055", "E06000056",
        "E10000003", "E10000012", "E10000015", "E10000020", "E10000029",
    ],
    "E12000008": [
        "E06000035", "E06000036", "E06000037", "E06000038", "E06000039", "E06000040",
        "E06000041", "E06000042", "E06000043", "E06000044", "E06000045", "E06000046",
        "E06000060", "E10000011", "E10000014", "E10000016", "E10000025", "E10000030",
        "E10000032",
    ],
    "E12000009": [
        "E06000022", "E06000023", "E06000024", "E06000025", "E06000026", "E06000027",
        "E06000030", "E06000052", "E06000053", "E06000054", "E06000058", "E06000059",
        "E06000066", "E10000008", "E10000013",
    ],
}  # fmt: skip

REGION_OF_AUTHORITY: dict[str, str] = {
    la: region for region, las in _BY_REGION.items() for la in las
}

# Authorities created or recoded since the April 2021 lookup the authorities package ships.
NEW_AUTHORITY_NAMES: dict[str, str] = {
    "E06000063": "Cumberland",
    "E06000064": "Westmorland and Furness",
    "E06000065": "North Yorkshire",
    "E06000066": "Somerset",
    "E08000038": "Barnsley",
    "E08000039": "Sheffield",
}
# 2021 codes that no longer exist: the county councils replaced above, and the old codes.
RETIRED_AUTHORITY_CODES: frozenset[str] = frozenset(
    {"E10000006", "E10000023", "E10000027", "E08000016", "E08000019"}
)


def region_of(authority_code: str) -> str:
    """The region code of an upper-tier authority; KeyError for a code we do not know."""
    if authority_code.startswith("E09"):
        return "E12000007"
    return REGION_OF_AUTHORITY[authority_code]
