"""The children's survey: three age versions of the same nine questions plus one free-text
question, in plain words. Every question is answered on the same three-point scale
(a happy, middle or sad face with words), or skipped ("I don't want to say").

The codes are stable: results compare the same question across age versions, rounds and
authorities. Wording differs by age version; meaning does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class AgeGroup(models.TextChoices):
    YOUNGEST = "4-7", "Ages 4 to 7"
    MIDDLE = "8-11", "Ages 8 to 11"
    OLDEST = "11-18", "Ages 11 to 18"


def age_group_for(age: int) -> str | None:
    """Which survey version a child of ``age`` gets (None under 4 or 18 and over)."""
    if 4 <= age <= 7:
        return AgeGroup.YOUNGEST
    if 8 <= age <= 10:
        return AgeGroup.MIDDLE
    if 11 <= age <= 17:
        return AgeGroup.OLDEST
    return None


class Answer(models.IntegerChoices):
    YES = 3, "Yes"
    SOMETIMES = 2, "Sometimes"
    NO = 1, "No"


# What each answer shows: a face (decoration only, hidden from screen readers) and words.
# Faces are drawn in SVG rather than emoji so they look the same on every phone.
FACES = {Answer.YES: "happy", Answer.SOMETIMES: "ok", Answer.NO: "sad"}
SKIP = "skip"
SKIP_LABEL = "I don't want to say"


@dataclass(frozen=True)
class Question:
    code: str
    short: str  # for results tables
    wording: dict[str, str]  # age group → question
    answers: dict[str, dict[int, str]] | None = None  # age group → answer → words (default Yes/Sometimes/No)

    def text(self, age_group: str) -> str:
        return self.wording[age_group]

    def answer_labels(self, age_group: str) -> dict[int, str]:
        default = {a.value: a.label for a in Answer}
        return {**default, **((self.answers or {}).get(age_group, {}))}


Y, M, O = AgeGroup.YOUNGEST.value, AgeGroup.MIDDLE.value, AgeGroup.OLDEST.value  # noqa: E741 - the three age versions

QUESTIONS: tuple[Question, ...] = (
    Question("safe", "Feel safe where they live", {
        Y: "Do you feel safe where you live?",
        M: "Do you feel safe in the home where you live?",
        O: "Do you feel safe in your placement?",
    }),
    Question("trust_carers", "Trust their carers", {
        Y: "Do you trust the grown-ups who look after you?",
        M: "Do you trust your carers?",
        O: "Do you trust your carers to help you if you need it?",
    }),
    Question("settled", "Feel settled", {
        Y: "Do you feel at home where you live?",
        M: "Do you feel settled where you live?",
        O: "Do you feel settled in your placement?",
    }),
    Question("know_why", "Know why they are in care", {
        Y: "Do you know why you live with your carers?",
        M: "Do you know why you are in care?",
        O: "Has someone explained why you are in care, in a way you understand?",
    }),
    Question("know_social_worker", "Know their social worker", {
        Y: "Do you know who your social worker is?",
        M: "Do you know who your social worker is?",
        O: "Do you know your social worker well enough to talk to them?",
    }),
    Question("have_say", "Have a say", {
        Y: "Do grown-ups listen to you?",
        M: "Do you get a say in what happens to you?",
        O: "Do you feel included in the decisions social workers make about your life?",
    }),
    Question("see_people", "See people who matter", {
        Y: "Do you see the people you love enough?",
        M: "Do you see the people who matter to you enough?",
        O: "Do you see the family and friends who matter to you as much as you want?",
    }),
    Question("like_school", "Like school", {
        Y: "Do you like school?",
        M: "Do you like school?",
        O: "Do you like school or college?",
    }),
    Question("wellbeing", "Happy with their life", {
        Y: "Are you happy?",
        M: "Are you happy with your life?",
        O: "Overall, are you happy with how your life is going?",
    }, answers={
        Y: {3: "Happy", 2: "OK", 1: "Sad"},
        M: {3: "Happy", 2: "OK", 1: "Not happy"},
        O: {3: "Happy", 2: "OK", 1: "Not happy"},
    }),
)  # fmt: skip

QUESTION_CODES: tuple[str, ...] = tuple(q.code for q in QUESTIONS)

FREE_TEXT = {
    Y: "What would make living with your carers better?",
    M: "What would make being in care better?",
    O: "What would make care better for you?",
}
