"""Domain errors for vacancies and holds, each with a stable code and a sentence for people.

The API turns them into 409 (a place is no longer free, a hold is no longer active) or 400
(the request itself is wrong); pages show the sentence in an error summary.
"""

from __future__ import annotations


class VacancyError(Exception):
    """Base: ``code`` is stable for clients, ``str(error)`` is the plain-English reason."""

    code = "vacancy_error"
    status = 409

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PlacesNoLongerFree(VacancyError):
    code = "places_no_longer_free"


class HouseholdNotAvailable(VacancyError):
    code = "household_not_available"


class HoldNotActive(VacancyError):
    code = "hold_not_active"


class InvalidHoldRequest(VacancyError):
    code = "invalid_hold_request"
    status = 400
