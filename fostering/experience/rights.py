"""What children in care are entitled to, in words for each age version (from the
Children Act 1989 guidance, the Care Planning Regulations and the UN Convention on the
Rights of the Child). Shown with the child's authority's advocacy contact."""

from __future__ import annotations

from .questions import AgeGroup

RIGHTS: dict[str, dict] = {
    AgeGroup.YOUNGEST: {
        "title": "Your rights",
        "intro": "Rights are things that every child should have. Here are some of yours.",
        "items": [
            "To be safe and looked after well.",
            "To be listened to. Grown-ups should ask what you think.",
            "To know why you live with your carers.",
            "To see the people you love, if it is safe.",
            "To have a social worker who visits you and talks to you on your own.",
            "To go to school, play and have fun.",
            "To have someone to help you say what you want. This person is called an advocate.",
        ],
        "help": "If you are worried or unhappy, tell a grown-up you trust. You can also ask an advocate to help you.",
    },
    AgeGroup.MIDDLE: {
        "title": "Your rights in care",
        "intro": "Every child in care has rights. These are some of the most important ones.",
        "items": [
            "To be safe, and to be cared for by people who are kind to you.",
            "To have a say in decisions about your life, and to be told what was decided and why.",
            "To know why you are in care and to see your care plan.",
            "To keep in touch with your family and friends, if it is safe.",
            "To have a social worker who visits you and sees you on your own.",
            "To have an Independent Reviewing Officer who checks your care plan is working.",
            "To go to school and get help with your learning.",
            "To have an advocate: someone on your side who helps you say what you want.",
            "To complain if things are not right, and not get into trouble for it.",
        ],
        "help": "An advocate is free and works for you, not for the council. Contact them below.",
    },
    AgeGroup.OLDEST: {
        "title": "Your rights and entitlements in care",
        "intro": "You have rights while you are in care and when you leave it. Know what you are entitled to.",
        "items": [
            "To be safe, respected and cared for in a placement that meets your needs.",
            "To be involved in your care plan and your reviews, and to see what is written about you.",
            "To keep in touch with family and friends, unless it is not safe.",
            "To a social worker who sees you on your own, and an Independent Reviewing Officer.",
            "To an independent advocate, free of charge, when decisions are made or you want to complain.",
            "To education, health care and support to do well.",
            "To a pathway plan and a personal adviser from age 16, to plan for leaving care.",
            "To ask to Stay Put with your foster carers after 18, until you are 21.",
            "To make a complaint and get an answer, without it affecting your care.",
        ],
        "help": "An advocate can help you be heard at reviews, make a complaint, or understand your options. They work for you.",
    },
}
