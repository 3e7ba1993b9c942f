"""Code lists from the standards we speak, named after the standard (DESIGN.md §3).

SSDA903 codes are the lingua franca of local authority data, so the model reuses them:
``PlaceCode.U4`` is the same value an LA's return carries. Labels are the official ones,
shortened only where the official text is a paragraph.
"""

from __future__ import annotations

from django.db import models


class Sex(models.TextChoices):
    """SSDA903 SEX."""

    MALE = "1", "Male"
    FEMALE = "2", "Female"


class Ethnicity(models.TextChoices):
    """SSDA903 ETHNIC (DfE ethnicity codes)."""

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WOTH = "WOTH", "Any other White background"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class PlaceCode(models.TextChoices):
    """SSDA903 PLACE: where the child lives during an episode."""

    U1 = "U1", "Foster placement with relative or friend – long term fostering"
    U2 = "U2", "Foster placement with relative or friend who is also an approved adopter (FFA)"
    U3 = "U3", "Foster placement with relative or friend – other"
    U4 = "U4", "Foster placement with other foster carer – long term fostering"
    U5 = "U5", "Foster placement with other foster carer who is also an approved adopter (FFA)"
    U6 = "U6", "Foster placement with other foster carer – other"
    A3 = "A3", "Placed for adoption with consent with current foster carer"
    A4 = "A4", "Placed for adoption with consent not with current foster carer"
    A5 = "A5", "Placed for adoption with placement order with current foster carer"
    A6 = "A6", "Placed for adoption with placement order not with current foster carer"
    H5 = "H5", "Semi-independent living accommodation"
    K1 = "K1", "Secure children's home"
    K2 = "K2", "Children's home"
    P1 = "P1", "Placed with own parent(s) or other person(s) with parental responsibility"
    P2 = "P2", "Independent living, for example in a flat or lodgings"
    P3 = "P3", "Residential employment"
    R1 = "R1", "Residential care home"
    R2 = "R2", "NHS/health trust or other establishment providing medical or nursing care"
    R3 = "R3", "Family centre or mother and baby unit"
    R5 = "R5", "Young offender institution or prison"
    S1 = "S1", "All residential schools, except where dual-registered as a school and children's home"
    T0 = "T0", "Temporary placement: all types of temporary move"
    T1 = "T1", "Temporary periods in hospital"
    T2 = "T2", "Temporary absences of the child on holiday"
    T3 = "T3", "Temporary accommodation whilst normal foster carer is on holiday"
    T4 = "T4", "Temporary accommodation of seven days or less, for any reason not covered above"
    Z1 = "Z1", "Other placements"


FOSTER_PLACE_CODES = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})


class PlaceProvider(models.TextChoices):
    """SSDA903 PLACE_PROVIDER."""

    PR0 = "PR0", "Parent(s) or other person(s) with parental responsibility"
    PR1 = "PR1", "Own provision (by the council)"
    PR2 = "PR2", "Other local authority provision"
    PR3 = "PR3", "Other public provision (for example, a primary care trust)"
    PR4 = "PR4", "Private provision"
    PR5 = "PR5", "Voluntary/third sector provision"


class ReasonNewEpisode(models.TextChoices):
    """SSDA903 RNE."""

    S = "S", "Started to be looked after"
    L = "L", "Change of legal status only"
    P = "P", "Change of placement and carer(s) only"
    T = "T", "Change of placement (but same carer(s)) only"
    B = "B", "Change of legal status and placement and carer(s) at the same time"
    U = "U", "Change of legal status and change of placement (but same carer(s)) at the same time"


class LegalStatus(models.TextChoices):
    """SSDA903 LS."""

    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order granted"
    E1 = "E1", "Placement order granted"
    V2 = "V2", "Single period of accommodation under section 20"
    V3 = "V3", "Accommodated under an agreed series of short-term breaks (individual episodes)"
    V4 = "V4", "Accommodated under an agreed series of short-term breaks (whole series)"
    L1 = "L1", "Under police protection and in local authority accommodation"
    L2 = "L2", "Emergency protection order (EPO)"
    L3 = "L3", "Under child assessment order and in local authority accommodation"
    J1 = "J1", "Remanded to local authority accommodation or to youth detention accommodation"
    J2 = "J2", "Placed in local authority accommodation under the Police and Criminal Evidence Act 1984"
    J3 = "J3", "Sentenced to a youth rehabilitation order with residence or intensive fostering requirement"


class CategoryOfNeed(models.TextChoices):
    """SSDA903 CIN."""

    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental illness or disability"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"


class ReasonPlaceChange(models.TextChoices):
    """SSDA903 REASON_PLACE_CHANGE."""

    CARPL = "CARPL", "Change to the care plan"
    CLOSE = "CLOSE", "Provider closed"
    ALLEG = "ALLEG", "Allegation (section 47 enquiry)"
    STAND = "STAND", "Standards of care concern"
    APPRR = "APPRR", "Approval removed"
    CREQB = "CREQB", "Carer request due to the child's behaviour"
    CREQO = "CREQO", "Carer request for other reasons"
    CHILD = "CHILD", "Child's request"
    LAREQ = "LAREQ", "Responsible or area authority request"
    PLACE = "PLACE", "Change in the status of the placement only"
    CUSTOD = "CUSTOD", "Custody arrangement"
    OTHER = "OTHER", "Other"


# The unplanned endings that placement stability measures count (DESIGN.md §3).
UNPLANNED_REASONS = frozenset({"CREQB", "CREQO", "CHILD", "ALLEG", "STAND"})


class ReasonEpisodeCeased(models.TextChoices):
    """SSDA903 REC (the codes used here; the full list is longer)."""

    X1 = "X1", "Episode ceases, and new episode begins on same day"
    E11 = "E11", "Adopted – application unopposed"
    E12 = "E12", "Adopted – consent dispensed with by the court"
    E13 = "E13", "Left care to live with parent(s), relative(s) or other person(s) with no parental responsibility"
    E14 = "E14", "Accommodation on remand ended"
    E15 = "E15", "Age assessment determined child is aged 18 or over"
    E16 = "E16", "Child moved abroad"
    E17 = "E17", "Aged 18 (or over) and remained with current carers (Staying Put)"
    E2 = "E2", "Died"
    E3 = "E3", "Care taken over by another local authority in the UK"
    E41 = "E41", "Residence order (or child arrangement order) granted"
    E45 = "E45", "Special guardianship order made to former foster carer(s), who were relatives or friends"
    E46 = "E46", "Special guardianship order made to former foster carer(s), other than relatives or friends"
    E47 = "E47", "Special guardianship order made to carer(s), other than former foster carers, who were relatives or friends"
    E48 = "E48", "Special guardianship order made to carer(s), other than former foster carers, other than relatives or friends"
    E4A = "E4A", "Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility as part of the care planning process"
    E4B = "E4B", "Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility which was not part of the current care planning process"
    E5 = "E5", "Moved into independent living arrangement and no longer looked-after: supportive accommodation providing formalised advice/support arrangements"
    E6 = "E6", "Moved into independent living arrangement and no longer looked-after: accommodation providing no formalised advice/support arrangements"
    E7 = "E7", "Transferred to residential care funded by adult social care services"
    E8 = "E8", "Period of being looked-after ceased for any other reason"
    E9 = "E9", "Sentenced to custody"


class PlacementType(models.TextChoices):
    """Kinds of placement a household is approved for (DESIGN.md §2 glossary)."""

    EMERGENCY = "emergency", "Emergency"
    SHORT_TERM = "short_term", "Short-term"
    LONG_TERM = "long_term", "Long-term"
    SHORT_BREAKS = "short_breaks", "Short breaks (respite)"
    PARENT_AND_CHILD = "parent_and_child", "Parent and child"
    REMAND = "remand", "Remand"
    STAYING_PUT = "staying_put", "Staying Put"
    FOSTERING_FOR_ADOPTION = "fostering_for_adoption", "Fostering for adoption (dual approved)"


# Bit positions for the matching engine's placement-type masks (stable: never reorder).
PLACEMENT_TYPE_BITS: dict[str, int] = {pt.value: i for i, pt in enumerate(PlacementType)}


class Religion(models.TextChoices):
    NONE = "none", "No religion"
    CHRISTIAN = "christian", "Christian"
    MUSLIM = "muslim", "Muslim"
    HINDU = "hindu", "Hindu"
    SIKH = "sikh", "Sikh"
    JEWISH = "jewish", "Jewish"
    BUDDHIST = "buddhist", "Buddhist"
    OTHER = "other", "Other religion"
    NOT_KNOWN = "not_known", "Not known"


class Gender(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    NON_BINARY = "non_binary", "Non-binary"
    OTHER = "other", "Other"
    NOT_SAID = "not_said", "Prefer not to say"


# Languages we record (ISO 639-1 where one exists; BSL and Makaton by name). The list is
# the common languages of England's looked-after children and carers; order is stable
# because the matching engine uses the position as a bit.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "cy": "Welsh",
    "pl": "Polish",
    "ro": "Romanian",
    "pa": "Punjabi",
    "ur": "Urdu",
    "bn": "Bengali",
    "gu": "Gujarati",
    "ar": "Arabic",
    "so": "Somali",
    "pt": "Portuguese",
    "es": "Spanish",
    "tr": "Turkish",
    "ta": "Tamil",
    "fr": "French",
    "ku": "Kurdish",
    "fa": "Persian (Farsi)",
    "ps": "Pashto",
    "ti": "Tigrinya",
    "am": "Amharic",
    "sq": "Albanian",
    "vi": "Vietnamese",
    "zh": "Chinese",
    "lt": "Lithuanian",
    "it": "Italian",
    "bsl": "British Sign Language",
    "makaton": "Makaton",
}
LANGUAGE_BITS: dict[str, int] = {code: i for i, code in enumerate(LANGUAGES)}
LANGUAGE_CHOICES = list(LANGUAGES.items())
