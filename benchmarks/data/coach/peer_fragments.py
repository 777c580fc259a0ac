"""Peer-support style reply fragments (our own words) labelled for the three mechanisms only.

Why: customers in distress write like anyone else having a bad time, and the mechanism heads
should know what warmth, understanding and a caring question look like outside the support
macro register (informal, first person, advice-heavy). Labelled as written, before training.
Each entry: (text, (ER, IP, EX)). ``build_peer.py`` combines them into replies.
"""

from __future__ import annotations

Frag = tuple[str, tuple[int, int, int]]

ER1: list[Frag] = [
    ("Sorry you're going through this.", (1, 0, 0)),
    ("That really sucks, I'm sorry.", (1, 0, 0)),
    ("Sending you a hug.", (1, 0, 0)),
    ("Hang in there.", (1, 0, 0)),
    ("I hope things get better for you soon.", (1, 0, 0)),
    ("Ugh, that's rough.", (1, 0, 0)),
    ("Good luck, I'm rooting for you.", (1, 0, 0)),
    ("Sorry to hear that, mate.", (1, 0, 0)),
    ("Wishing you all the best.", (1, 0, 0)),
    ("Take care of yourself.", (1, 0, 0)),
]
ER2: list[Frag] = [
    ("Reading this honestly made my heart ache for you.", (2, 0, 0)),
    ("I'm so sad that you've been carrying this on your own.", (2, 0, 0)),
    ("I feel for you so much right now, this is heartbreaking.", (2, 0, 0)),
    ("I'm really worried about you and I care how this turns out.", (2, 0, 0)),
    ("It breaks my heart that anyone would treat you like that.", (2, 0, 0)),
    ("I'm genuinely so sorry, you deserve so much better than this.", (2, 0, 0)),
]
IP1: list[Frag] = [
    ("I understand how you feel.", (0, 1, 0)),
    ("I get it, I really do.", (0, 1, 0)),
    ("I know exactly what you mean.", (0, 1, 0)),
    ("I can relate to this.", (0, 1, 0)),
    ("I hear you.", (0, 1, 0)),
    ("That makes total sense.", (0, 1, 0)),
]
IP2: list[Frag] = [
    ("It sounds like you've been trying so hard and still feel like nothing you do is enough.", (0, 2, 0)),
    ("I went through almost the same thing after I lost my job, the not sleeping and the dread.", (0, 2, 0)),
    (
        "It must be exhausting to keep putting on a brave face at work when you feel like this inside.",
        (1, 2, 0),
    ),
    (
        "When I moved away from home I felt that same loneliness, like nobody would notice if I vanished.",
        (0, 2, 0),
    ),
    ("It seems like the hardest part is not knowing who you can trust with this.", (0, 2, 0)),
    ("I had panic attacks for a year in college, so I know how scary that racing heart feels.", (0, 2, 0)),
    ("Being let down by the people who were supposed to have your back must feel awful.", (1, 2, 0)),
    ("It sounds like you're grieving the future you had planned, not just the relationship.", (0, 2, 0)),
]
EX1: list[Frag] = [
    ("What happened?", (0, 0, 1)),
    ("Do you want to talk about it?", (0, 0, 1)),
    ("How are you doing now?", (0, 0, 1)),
    ("Want to tell me more?", (0, 0, 1)),
]
EX2: list[Frag] = [
    ("Have you been able to tell anyone close to you how bad it has got?", (0, 0, 2)),
    ("What do you think set off the panic this time?", (0, 0, 2)),
    ("How long have you been feeling this low, and is it worse at certain times of day?", (0, 0, 2)),
    ("Is there one person at work you feel safe talking to?", (0, 0, 2)),
    ("What was it about the breakup that hurts the most right now?", (0, 0, 2)),
    ("Are you sleeping at all since it started?", (0, 0, 2)),
]
ADVICE: list[Frag] = [
    ("Try to get outside for a walk every day, even just ten minutes.", (0, 0, 0)),
    ("You should talk to your GP about it.", (0, 0, 0)),
    ("Write down three things each night that went okay.", (0, 0, 0)),
    ("Cut back on caffeine, it makes anxiety worse.", (0, 0, 0)),
    ("There are free helplines you can call any time of day.", (0, 0, 0)),
    ("Therapy helped a lot of people I know.", (0, 0, 0)),
    ("Don't make any big decisions this week.", (0, 0, 0)),
    ("Exercise is the best thing for this.", (0, 0, 0)),
    ("Just ignore them, they're not worth it.", (0, 0, 0)),
    ("Look up CBT worksheets, there are loads online.", (0, 0, 0)),
    ("Drink water and get some sleep.", (0, 0, 0)),
    ("Maybe look for a new job.", (0, 0, 0)),
]
NEUTRAL: list[Frag] = [
    ("This happens to a lot of people.", (0, 0, 0)),
    ("Everyone goes through this at some point.", (0, 0, 0)),
    ("It is what it is.", (0, 0, 0)),
    ("Life goes on.", (0, 0, 0)),
    ("lol same", (0, 0, 0)),
    ("You'll be fine.", (0, 0, 0)),
]
