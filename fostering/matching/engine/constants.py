"""Code lists the engine's arrays are indexed by, copied from ``fostering.core``.

The engine must not import Django, so it cannot import ``fostering.core.needs`` or
``fostering.core.codes``; it copies the orders here instead. A test on the Django side
should assert the two stay equal (the orders are stable: never reorder, only append).
"""

from __future__ import annotations

# The ten need domains, in the column order of every N×10 capability array and every
# child's needs/strengths vector (same order as ``fostering.core.needs.DOMAIN_CODES``).
DOMAINS: tuple[str, ...] = (
    "emotional",
    "behaviour",
    "health",
    "learning",
    "communication",
    "identity",
    "family",
    "independence",
    "risk_self",
    "risk_others",
)
N_DOMAINS = len(DOMAINS)
DOMAIN_INDEX: dict[str, int] = {code: i for i, code in enumerate(DOMAINS)}

# Needs: 0 no evidence, 1 watch, 2 needs action, 3 intensive.
# Capability: 0 cannot meet, 1 with support, 2 experienced, 3 specialist.
# Strengths: 0 centrepiece ... 3 none identified.
NEED_INTENSIVE = 3
CAPABILITY_WITH_SUPPORT = 1
STRENGTH_NONE = 3

# Placement types, in bit order of the ``placement_types`` bitmask (same order as
# ``fostering.core.codes.PLACEMENT_TYPE_BITS``).
PLACEMENT_TYPES: tuple[str, ...] = (
    "emergency",
    "short_term",
    "long_term",
    "short_breaks",
    "parent_and_child",
    "remand",
    "staying_put",
    "fostering_for_adoption",
)
PLACEMENT_TYPE_BIT: dict[str, int] = {code: 1 << i for i, code in enumerate(PLACEMENT_TYPES)}
ALL_PLACEMENT_TYPES = (1 << len(PLACEMENT_TYPES)) - 1

# SSDA903 ETHNIC codes. An ethnicity *code* is the position in this tuple plus one;
# 0 means unknown. REFU (refused) and NOBT (not obtained) are not ethnicities, so they
# map to 0 as well.
ETHNIC_CODES: tuple[str, ...] = (
    "WBRI",
    "WIRI",
    "WOTH",
    "WIRT",
    "WROM",
    "MWBC",
    "MWBA",
    "MWAS",
    "MOTH",
    "AIND",
    "APKN",
    "ABAN",
    "AOTH",
    "BCRB",
    "BAFR",
    "BOTH",
    "CHNE",
    "OOTH",
)
UNKNOWN_ETHNICITIES = frozenset({"REFU", "NOBT", ""})

# Broad heritage groups for a partial cultural match. Mixed heritage codes belong to
# both parent groups and to "mixed", so a White and Black Caribbean child partly
# matches a White British or a Black Caribbean household (and fully matches MWBC).
_GROUP_BITS = {"W": 1, "M": 2, "A": 4, "B": 8, "C": 16, "O": 32}
ETHNIC_GROUPS: dict[str, int] = {
    code: _GROUP_BITS[code[0]] for code in ETHNIC_CODES if code not in ("MWBC", "MWBA", "MWAS")
}
ETHNIC_GROUPS.update(
    {
        "MWBC": _GROUP_BITS["M"] | _GROUP_BITS["W"] | _GROUP_BITS["B"],
        "MWBA": _GROUP_BITS["M"] | _GROUP_BITS["W"] | _GROUP_BITS["B"],
        "MWAS": _GROUP_BITS["M"] | _GROUP_BITS["W"] | _GROUP_BITS["A"],
    }
)
# Group bitmask per ethnicity code (index = code; index 0 = unknown = no group).
ETHNIC_GROUP_BY_CODE: tuple[int, ...] = (0,) + tuple(ETHNIC_GROUPS[c] for c in ETHNIC_CODES)

# Religion codes: position in this tuple plus one; 0 = none or not known. (The register's
# ``Religion`` choices "none" and "not_known" both map to 0.)
RELIGIONS: tuple[str, ...] = ("christian", "muslim", "hindu", "sikh", "jewish", "buddhist", "other")

# Languages: the bit of each language in a ``languages`` bitmask is its position in
# ``fostering.core.codes.LANGUAGES`` (English is bit 0). The engine does not need the
# list itself; any stable mapping of up to 63 languages to bits works.
MAX_MASK_BIT = 62  # masks are int64; bit 63 is the sign bit, so codes/bits stay ≤ 62

# Day numbers are days since 1970-01-01 (``date.toordinal() - 719163``).
EPOCH_ORDINAL = 719163
# ``available_until`` for a household with no end date.
OPEN_ENDED = 2**31 - 1


def ethnicity_code(code: str | None) -> int:
    """The engine's integer for an SSDA903 ETHNIC code (0 = unknown, refused, not obtained)."""
    if not code or code in UNKNOWN_ETHNICITIES:
        return 0
    return ETHNIC_CODES.index(code) + 1


def religion_code(code: str | None) -> int:
    """The engine's integer for a register religion value (0 = none or not known)."""
    if not code or code not in RELIGIONS:
        return 0
    return RELIGIONS.index(code) + 1


def mask_of(bits: list[int] | tuple[int, ...] | set[int] | frozenset[int]) -> int:
    """A bitmask with the given bit positions set (e.g. a household's religion codes)."""
    mask = 0
    for bit in bits:
        if not 0 <= bit <= MAX_MASK_BIT:
            raise ValueError(f"Bit {bit} is outside 0–{MAX_MASK_BIT}; masks are 63 bits wide.")
        mask |= 1 << bit
    return mask
