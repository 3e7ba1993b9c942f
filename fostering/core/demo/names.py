"""Fictional names for demo people and agencies (common UK names; no real person)."""

FIRST_NAMES_F = [
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Grace", "Sophia", "Lily", "Freya", "Emily",
    "Ella", "Aisha", "Fatima", "Priya", "Zara", "Chloe", "Hannah", "Sarah", "Claire", "Karen",
    "Joanne", "Michelle", "Nicola", "Amina", "Maryam", "Agnieszka", "Ioana", "Chidinma", "Grace", "Ruth",
]  # fmt: skip
FIRST_NAMES_M = [
    "Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Oscar", "Jack", "Charlie", "Thomas",
    "James", "Mohammed", "Ibrahim", "Arjun", "Yusuf", "David", "Paul", "Mark", "Andrew", "Richard",
    "Stephen", "Daniel", "Kwame", "Tomasz", "Andrei", "Hassan", "Ravi", "Samuel", "Michael", "Peter",
]  # fmt: skip
SURNAMES = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
    "Khan", "Ahmed", "Patel", "Begum", "Hussain", "Ali", "Singh", "Kowalski", "Popescu", "Okafor",
    "Mensah", "Campbell", "Murphy", "Kelly", "O'Brien", "Hughes", "Edwards", "Turner", "Hill", "Moore",
]  # fmt: skip
AGENCY_WORDS_A = [
    "Brighter", "Open", "Safe", "Kind", "Hope", "Family", "Heart", "Harbour", "Rainbow", "Compass",
    "Evergreen", "Horizon", "Little", "Together", "Lantern", "Oak", "Willow", "Haven", "Keystone", "Anchor",
]  # fmt: skip
AGENCY_WORDS_B = [
    "Futures", "Homes", "Hearts", "Steps", "Families", "Care", "Horizons", "Paths", "Roots", "Nest",
]  # fmt: skip
STREETS = [
    "High Street", "Station Road", "Church Lane", "Mill Road", "Victoria Road", "Park Avenue",
    "The Crescent", "Orchard Close", "Green Lane", "Manor Way", "School Road", "Queens Road",
]  # fmt: skip
