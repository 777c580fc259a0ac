# ruff: noqa: E501  (one labelled fragment per line reads better than wrapped strings)
"""Peer-support posts and replies written for Empathica, labelled for the three mechanisms.

Every post and fragment here was invented for this project (no data set was read, copied or
paraphrased while writing). Each fragment carries its (ER, IP, EX) levels, decided by the
peer-support section of GUIDELINES.md when it was written, before any model saw it.
``build_peer.py`` assembles replies from them. Posts and generic fragments after the
``HOLDOUT`` marker form the holdout split.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Frag = tuple[str, tuple[int, int, int]]


@dataclass(frozen=True)
class Post:
    """A seeker's post and the reply fragments written for it."""

    id: str
    text: str
    er2: list[Frag] = field(default_factory=list)  # strong, specific emotional reactions
    ip2: list[Frag] = field(default_factory=list)  # specific interpretations / shared experience
    ex2: list[Frag] = field(default_factory=list)  # specific exploring questions
    advice: list[Frag] = field(default_factory=list)  # advice about their situation (level 0)


# ------------------------------------------------------------------ generic fragments (train/dev)

GEN_ER1: list[Frag] = [
    ("Sorry you're dealing with all this.", (1, 0, 0)),
    ("That's really rough, I'm sorry.", (1, 0, 0)),
    ("Big hugs.", (1, 0, 0)),
    ("Hang in there, seriously.", (1, 0, 0)),
    ("I really hope it gets easier soon.", (1, 0, 0)),
    ("That sucks so much.", (1, 0, 0)),
    ("Sending good vibes your way.", (1, 0, 0)),
    ("Sorry man, that's tough.", (1, 0, 0)),
    ("I'm sorry, that sounds hard.", (1, 0, 0)),
    ("Wishing you strength.", (1, 0, 0)),
    ("Be gentle with yourself.", (1, 0, 0)),
    ("oof, sorry.", (1, 0, 0)),
]
GEN_IP1: list[Frag] = [
    ("I get where you're coming from.", (0, 1, 0)),
    ("I understand, I really do.", (0, 1, 0)),
    ("I know that feeling.", (0, 1, 0)),
    ("Makes sense that you feel this way.", (0, 1, 0)),
    ("I hear you.", (0, 1, 0)),
    ("Totally get it.", (0, 1, 0)),
    ("Your feelings are valid.", (0, 1, 0)),
    ("Anyone would feel like that.", (0, 1, 0)),
]
GEN_EX1: list[Frag] = [
    ("What happened?", (0, 0, 1)),
    ("Do you want to talk about it?", (0, 0, 1)),
    ("How are you holding up?", (0, 0, 1)),
    ("How are you feeling today?", (0, 0, 1)),
    ("Wanna talk?", (0, 0, 1)),
    ("Can you say more about what's going on?", (0, 0, 1)),
    ("How long has this been going on?", (0, 0, 1)),
]
GEN_ZERO: list[Frag] = [
    ("You'll be fine.", (0, 0, 0)),
    ("Everyone goes through this.", (0, 0, 0)),
    ("Just get over it honestly.", (0, 0, 0)),
    ("Same lol.", (0, 0, 0)),
    ("This is why I don't use this site anymore.", (0, 0, 0)),
    ("Could be worse.", (0, 0, 0)),
    ("Read the sidebar, there's a list of resources.", (0, 0, 0)),
    ("Welcome to adulthood.", (0, 0, 0)),
    ("Nobody cares, that's just how it is.", (0, 0, 0)),
    ("Upvoted for visibility.", (0, 0, 0)),
    ("Time heals everything.", (0, 0, 0)),
    ("Why not just do it anyway?", (0, 0, 0)),
    ("Have you tried meditation?", (0, 0, 0)),
]

# ------------------------------------------------------------------ posts (train/dev)

POSTS: list[Post] = [
    Post(
        "job-loss",
        "Got laid off on Friday after six years. They called me into a room with HR and it was over in "
        "ten minutes. I haven't told my wife yet because she's pregnant and I don't want to stress her.",
        er2=[
            (
                "Ten minutes after six years is brutal, I'm honestly so sorry, that must have felt like a punch.",
                (2, 0, 0),
            )
        ],
        ip2=[
            (
                "It sounds like you're carrying this alone to protect her, and that's making it twice as heavy.",
                (0, 2, 0),
            ),
            (
                "I got let go the month before my son was born and I sat in the car for an hour before I could go inside.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            (
                "What's stopping you from telling her, is it the worry for the baby or something else?",
                (0, 0, 2),
            ),
            ("How have you been spending the days since, are you pretending to go to work?", (0, 0, 2)),
        ],
        advice=[
            ("Apply for unemployment right away, there's usually a waiting period.", (0, 0, 0)),
            ("Tell her, she'll find out anyway and it's better from you.", (0, 0, 0)),
        ],
    ),
    Post(
        "grief-dog",
        "My dog died this morning. He was 14, I got him when I was in 4th grade. The house is so quiet and I "
        "keep looking for him by the door.",
        er2=[
            (
                "I'm so so sorry, 14 years is most of your life with him and my heart breaks reading this.",
                (2, 0, 0),
            )
        ],
        ip2=[
            (
                "Looking for him by the door is the worst part, your whole routine was built around him.",
                (0, 2, 0),
            ),
            ("When my cat died I kept hearing her bell for weeks, the quiet is what got me too.", (0, 2, 0)),
        ],
        ex2=[
            ("What was his name, and what was he like as a pup?", (0, 0, 2)),
            ("Were you with him at the end?", (0, 0, 2)),
        ],
        advice=[
            ("Maybe make a little photo book of him.", (0, 0, 0)),
            ("Adopting another dog helped my family a lot.", (0, 0, 0)),
        ],
    ),
    Post(
        "lonely-city",
        "moved to a new city for work 5 months ago and I still dont have a single friend here. weekends are "
        "the worst, I literally dont speak to anyone from friday to monday",
        er2=[
            (
                "Going a whole weekend without speaking to anyone is genuinely sad and I'm really sorry it's been like this for months.",
                (2, 0, 0),
            )
        ],
        ip2=[
            (
                "Sounds like work keeps you busy in the week and then the silence hits all at once on Friday night.",
                (0, 2, 0),
            ),
            (
                "I moved for a job at 26 and spent my first winter talking mostly to the cashier at the shop, so yeah, I remember that.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            (
                "Is there anything you used to do back home that you could find here, a sport or a club?",
                (0, 0, 2),
            ),
            ("Do you get on with anyone at work even a little?", (0, 0, 2)),
        ],
        advice=[
            ("Join a climbing gym, people there chat constantly.", (0, 0, 0)),
            ("Meetup has groups for people new in town.", (0, 0, 0)),
        ],
    ),
    Post(
        "exam-fail",
        "Failed my second year exams. My parents spent so much on this degree and I have to tell them "
        "tonight. I feel like such a disappointment.",
        er2=[("I really feel for you right now, dreading that call tonight must feel awful.", (2, 1, 0))],
        ip2=[
            (
                "It sounds like the fail itself hurts less than the fear of letting your parents down.",
                (0, 2, 0),
            ),
            (
                "I had to resit my whole first year and telling my dad was harder than the exams themselves.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("How do you think they'll react, have they been hard on you before?", (0, 0, 2)),
            ("Do you know yet whether you can resit in the summer?", (0, 0, 2)),
        ],
        advice=[
            ("Check with your department about resits before you call them.", (0, 0, 0)),
            ("Grades don't matter much after you graduate.", (0, 0, 0)),
        ],
    ),
    Post(
        "new-mum",
        "I have a 3 month old and I love her but I don't feel anything like what people describe. I'm so "
        "tired I cry in the shower. My husband says I'm doing great but he sleeps through every feed.",
        er2=[
            (
                "Crying in the shower so nobody sees, oh, that makes me so sad for you, you deserve so much more support.",
                (2, 0, 0),
            )
        ],
        ip2=[
            (
                "It sounds like you're exhausted and also lonely, because he's saying nice things while you do every night alone.",
                (0, 2, 0),
            ),
            (
                "With my first I felt more like a zombie than a mother for months and I was scared something was wrong with me.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("Have you been able to tell him how alone you feel at 3am?", (0, 0, 2)),
            ("Has anyone at your checkups asked how you're doing, not just the baby?", (0, 0, 2)),
        ],
        advice=[
            ("Talk to your doctor about postpartum depression, it's really common.", (0, 0, 0)),
            ("Pump so he can do one feed a night.", (0, 0, 0)),
        ],
    ),
    Post(
        "debt",
        "I'm 9k in credit card debt and every month I only manage the minimum. I avoid opening my mail. "
        "Nobody knows, not even my girlfriend.",
        er2=[
            (
                "Hiding it from everyone must be so draining and honestly I'm worried about you carrying that.",
                (2, 1, 0),
            )
        ],
        ip2=[
            (
                "Sounds like the unopened mail has become its own kind of dread, separate from the money.",
                (0, 2, 0),
            ),
            (
                "I had a drawer of letters I didn't open for almost a year, so I know that sick feeling when the post comes.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("What do you think would happen if you told your girlfriend?", (0, 0, 2)),
            ("How did it build up, was it one big thing or lots of small ones?", (0, 0, 2)),
        ],
        advice=[
            ("Look up the avalanche method and pay the highest interest card first.", (0, 0, 0)),
            ("Call the card company, they often lower the rate if you ask.", (0, 0, 0)),
        ],
    ),
    Post(
        "breakup-long",
        "We were together 7 years and she ended it over text. I still have her toothbrush in my bathroom. "
        "I can't make myself throw it out.",
        er2=[
            (
                "Over text after seven years, that's cruel and I'm so sorry, that would have wrecked me.",
                (2, 0, 0),
            )
        ],
        ip2=[
            ("The toothbrush thing makes total sense, throwing it out would make it real.", (0, 2, 0)),
            (
                "After my divorce her coffee mug stayed in the cupboard for a year, I couldn't touch it either.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("Did she give any reason, or did it come out of nowhere?", (0, 0, 2)),
            ("Who have you got around you right now, friends, family?", (0, 0, 2)),
        ],
        advice=[
            ("Block her everywhere, it helps.", (0, 0, 0)),
            ("Get out of the flat as much as you can.", (0, 0, 0)),
        ],
    ),
    Post(
        "panic",
        "Had my first panic attack on the train today. I thought I was having a heart attack. Now I'm scared "
        "to get back on tomorrow.",
        er2=[
            ("That sounds terrifying, I'm really sorry you went through that on a packed train.", (2, 0, 0))
        ],
        ip2=[
            (
                "It makes sense you're scared of the train now, your brain has linked the place with the fear.",
                (0, 2, 0),
            ),
            (
                "My first one was in a supermarket queue and I avoided that shop for months, so I get the dread.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("Was anything going on before it started, stress at work, not sleeping?", (0, 0, 2)),
            ("Is there another way to get in tomorrow, or does it have to be the train?", (0, 0, 2)),
        ],
        advice=[
            ("Try box breathing, four in, hold four, out four.", (0, 0, 0)),
            ("Get your heart checked anyway just to be sure.", (0, 0, 0)),
        ],
    ),
    Post(
        "burnout-nurse",
        "Nurse here. Did four 12s in a row, lost a patient on the last one, came home and my kids wanted "
        "dinner and I just sat on the kitchen floor.",
        er2=[
            (
                "Oh, sitting on the kitchen floor after all that, I'm so sorry, you've given so much and there's nothing left.",
                (2, 1, 0),
            )
        ],
        ip2=[
            (
                "Sounds like you had to hold it together for everyone all week and the floor was the first place you didn't have to.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("Do you get any time to talk through losing a patient at your hospital?", (0, 0, 2)),
            ("Who can take the kids for an evening so you can just sleep?", (0, 0, 2)),
        ],
        advice=[
            ("Order takeaway and don't feel guilty about it.", (0, 0, 0)),
            ("Ask for fewer back to back shifts.", (0, 0, 0)),
        ],
    ),
    Post(
        "bullied-teen",
        "im 15 and theres a group chat at school where they post pics of me and make fun of my weight. my "
        "mom says just ignore it",
        er2=[("That's so cruel and I'm really angry for you, nobody deserves that.", (2, 0, 0))],
        ip2=[
            (
                "Sounds like you feel you can't escape it because it follows you home on your phone.",
                (0, 2, 0),
            ),
            (
                "People made fun of my glasses every day in year 9 and I remember feeling sick walking into school.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("Is there a teacher you trust enough to show the chat to?", (0, 0, 2)),
            ("How are you feeling about going back in tomorrow?", (0, 0, 2)),
        ],
        advice=[
            ("Screenshot everything, that's evidence.", (0, 0, 0)),
            ("Leave the group chat and mute them.", (0, 0, 0)),
        ],
    ),
    Post(
        "insomnia",
        "Haven't slept more than 3 hours a night in two weeks. My mind just replays every awkward thing I've "
        "ever said. I'm starting to mess up at work.",
        er2=[],
        ip2=[
            (
                "Sounds like the moment it's quiet your brain starts putting you on trial for every old conversation.",
                (0, 2, 0),
            ),
            (
                "I went through a stretch like that last winter and by week two I felt like I was walking underwater.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("Did something happen two weeks ago that kicked this off?", (0, 0, 2)),
            ("What does your night look like, are you on your phone before bed?", (0, 0, 2)),
        ],
        advice=[
            ("No screens an hour before bed.", (0, 0, 0)),
            ("Get up and read somewhere else if you can't sleep after 20 minutes.", (0, 0, 0)),
        ],
    ),
    Post(
        "coming-out",
        "Told my parents I'm gay last night. Dad walked out of the room and mom said she needs time. I'm "
        "still living at home and the house feels like ice.",
        er2=[
            (
                "I'm so sorry your dad walked out, that must have been devastating after working up the courage to tell them.",
                (2, 1, 0),
            )
        ],
        ip2=[
            (
                "It sounds like you're waiting for a verdict in your own house, and every quiet dinner feels like part of it.",
                (0, 2, 0),
            ),
            (
                "When I came out my mum didn't speak to me for two weeks, the silence in the house was the hardest part.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("Do you feel safe staying there right now?", (0, 0, 2)),
            ("Is there anyone else in the family who knows and is on your side?", (0, 0, 2)),
        ],
        advice=[
            ("Give them a few weeks, a lot of parents come round.", (0, 0, 0)),
            ("Have a backup place to stay just in case.", (0, 0, 0)),
        ],
    ),
    Post(
        "caring-parent",
        "My mum has dementia and I'm her main carer. Today she didn't know who I was and asked me to leave "
        "her house. I went and sat in my car and screamed.",
        er2=[
            (
                "I'm so sorry, having your own mum ask you to leave is heartbreaking, I'm glad you let yourself scream.",
                (2, 0, 0),
            )
        ],
        ip2=[
            (
                "It sounds like you're grieving her while she's still here, and doing all the caring on top.",
                (0, 2, 0),
            ),
            (
                "My gran stopped recognising my dad near the end and I watched what it did to him, it's its own kind of loss.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("Do you get any breaks at all, or is it you every day?", (0, 0, 2)),
            ("How did you feel once you came back in from the car?", (0, 0, 2)),
        ],
        advice=[
            ("Look into respite care, the council might fund some.", (0, 0, 0)),
            ("There are dementia carer support groups that meet online.", (0, 0, 0)),
        ],
    ),
    Post(
        "friend-drift",
        "I always have to be the one to text first. I stopped to see what would happen and nobody has "
        "messaged me in three weeks.",
        er2=[
            (
                "Ugh, that stings so much, I'm really sorry, three weeks of silence from people you care about is painful.",
                (2, 0, 0),
            )
        ],
        ip2=[
            (
                "Sounds like you were testing whether you matter to them and the silence feels like the answer.",
                (0, 2, 0),
            ),
            (
                "I did the exact same experiment at uni and ended up crying over my phone on a Sunday, so I feel this.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("Were these friends who used to reach out, or has it always been you?", (0, 0, 2)),
            ("How do you feel about them now, more hurt or more angry?", (0, 0, 2)),
        ],
        advice=[
            ("Some people are just bad texters, don't read into it.", (0, 0, 0)),
            ("Invest in the one or two who do show up.", (0, 0, 0)),
        ],
    ),
    Post(
        "sober",
        "90 days sober today. Nobody in my life really gets why this is a big deal. I bought myself a "
        "cake and ate a slice alone.",
        er2=[
            (
                "90 days is huge and I'm genuinely so proud of you, and a bit sad you ate that cake alone.",
                (2, 0, 0),
            )
        ],
        ip2=[
            (
                "Sounds like the win is bittersweet because the people around you don't see how hard it was.",
                (0, 2, 0),
            ),
            (
                "At my first 90 days my family barely noticed and I remember feeling invisible at the one moment I was proud.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("What got you through the hardest days so far?", (0, 0, 2)),
            ("Do you have a meeting or a sponsor you could share it with?", (0, 0, 2)),
        ],
        advice=[
            ("Download a sober tracker app, the community there celebrates.", (0, 0, 0)),
            ("Keep going to meetings.", (0, 0, 0)),
        ],
    ),
    Post(
        "miscarriage",
        "Lost the baby at 10 weeks. Everyone keeps saying at least it was early. I had already picked a "
        "name.",
        er2=[
            (
                "I'm so deeply sorry, you had already picked a name, she was real to you and this is a real loss.",
                (2, 1, 0),
            )
        ],
        ip2=[
            (
                "It sounds like 'at least it was early' makes you feel like you're not allowed to grieve.",
                (0, 2, 0),
            ),
            (
                "We lost ours at 9 weeks and the 'at least' comments made me feel more alone than the loss itself.",
                (0, 2, 0),
            ),
        ],
        ex2=[("How is your partner taking it, are you able to lean on each other?", (0, 0, 2))],
        advice=[("Take time off work if you can.", (0, 0, 0))],
    ),
    Post(
        "imposter",
        "Started my first dev job 2 months ago and everyone seems so much smarter. I spend hours stuck on "
        "things and I'm too scared to ask because they'll realise they made a mistake hiring me.",
        er2=[],
        ip2=[
            (
                "Sounds like you're treating every question as a test you could fail and be found out.",
                (0, 2, 0),
            ),
            (
                "My first year as a dev I hid for a whole day on one bug because I thought asking would get me fired.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            (
                "Has anyone actually said anything about your work, or is it all in your head right now?",
                (0, 0, 2),
            ),
            ("Is there someone on the team who seems approachable?", (0, 0, 2)),
        ],
        advice=[
            ("Timebox it, if you're stuck 30 minutes, ask.", (0, 0, 0)),
            ("Everyone googles everything, that's the job.", (0, 0, 0)),
        ],
    ),
    Post(
        "chronic-pain",
        "I've had back pain for 3 years. Doctors keep saying scans are normal. I'm 31 and I can't pick up "
        "my nephew. People think I'm exaggerating.",
        er2=[
            (
                "Not being able to pick up your nephew at 31, that's so hard and I'm really sorry nobody believes you.",
                (2, 0, 0),
            )
        ],
        ip2=[
            (
                "It sounds like the pain is bad enough, but being doubted is what's wearing you down.",
                (0, 2, 0),
            ),
            (
                "My scans were 'normal' for two years with my knee, and I started doubting my own body.",
                (0, 2, 0),
            ),
        ],
        ex2=[("What does a bad day look like for you?", (0, 0, 2))],
        advice=[
            ("Ask for a referral to a pain clinic.", (0, 0, 0)),
            ("Physio helped me more than any doctor.", (0, 0, 0)),
        ],
    ),
    Post(
        "divorce-kids",
        "First Christmas since the divorce. Kids are with their dad this year. I don't know what to do with "
        "myself on the day.",
        er2=[("My heart goes out to you, a first Christmas without your kids is so painful.", (2, 0, 0))],
        ip2=[
            (
                "It sounds like the day itself used to be all about them and now there's a big empty space.",
                (0, 2, 0),
            ),
            ("My first one alone I walked for hours just so I wouldn't sit in the quiet house.", (0, 2, 0)),
        ],
        ex2=[
            ("Will you get to talk to them on the day?", (0, 0, 2)),
            ("Is there a friend who'd have you over, or would you rather be alone?", (0, 0, 2)),
        ],
        advice=[
            ("Volunteer somewhere, soup kitchens need people on Christmas.", (0, 0, 0)),
            ("Plan your own Christmas with them for the next weekend.", (0, 0, 0)),
        ],
    ),
    Post(
        "body-image",
        "Tried on clothes for my cousin's wedding and ended up crying in the changing room. I used to be "
        "fit and now I don't recognise myself.",
        er2=[],
        ip2=[
            (
                "It sounds like the changing room mirror brought up a whole grief for the person you used to be.",
                (0, 2, 0),
            ),
            (
                "I've had a meltdown in a changing room too, under that lighting everything feels ten times worse.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("What changed, was it an injury or a tough time?", (0, 0, 2)),
            ("Are you dreading the wedding itself now, or just the outfit?", (0, 0, 2)),
        ],
        advice=[
            ("Buy something that fits now, not for the size you want.", (0, 0, 0)),
            ("Start with a short run twice a week.", (0, 0, 0)),
        ],
    ),
    Post(
        "roommate",
        "my roommate brings her bf over every night and he eats my food and never cleans. I pay the same "
        "rent. I'm too conflict avoidant to say anything and I'm losing it",
        er2=[],
        ip2=[
            (
                "Sounds like you feel like a guest in your own flat and you're swallowing it every night.",
                (0, 2, 0),
            ),
            (
                "I lived with a couple like that and started hiding in my room with takeaway, it's miserable.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("What's the worst you imagine happening if you bring it up?", (0, 0, 2)),
            ("Is it more the food, the mess, or just never having the place to yourself?", (0, 0, 2)),
        ],
        advice=[
            ("Label your food and keep it in your room.", (0, 0, 0)),
            ("Propose a house rule about overnight guests.", (0, 0, 0)),
        ],
    ),
    Post(
        "suicide-sibling",
        "It's been a year since my brother took his own life. Everyone has moved on and I still think about "
        "the last text I didn't answer.",
        er2=[
            (
                "I'm so sorry about your brother, and my heart breaks that you're carrying that unanswered text.",
                (2, 0, 0),
            )
        ],
        ip2=[
            (
                "It sounds like you feel left behind in the grief while everyone else has gone back to normal.",
                (0, 2, 0),
            ),
            (
                "I lost a friend the same way, and I replayed our last call for years thinking I should have known.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("Do you have anyone you can talk to about him by name, who knew him?", (0, 0, 2)),
            ("How are you doing with the anniversary, is it today?", (0, 0, 2)),
        ],
        advice=[
            ("There are support groups specifically for suicide loss survivors.", (0, 0, 0)),
        ],
    ),
    Post(
        "gym-anxiety",
        "I signed up for a gym in January and I've been once. I walk to the door and then turn around "
        "because I feel like everyone is watching.",
        er2=[],
        ip2=[
            (
                "Sounds like the door is the scariest part, once you're inside it's the feeling of being judged.",
                (0, 2, 0),
            ),
            (
                "I paid for a membership for eight months before I went twice, I know the turning around thing too well.",
                (0, 2, 0),
            ),
        ],
        ex2=[("What do you imagine people are thinking when they look at you?", (0, 0, 2))],
        advice=[
            ("Go at 10pm, it's empty.", (0, 0, 0)),
            ("Nobody is watching, they're all looking at themselves.", (0, 0, 0)),
        ],
    ),
    Post(
        "abusive-boss",
        "My manager screams at me in front of customers. Last week he threw a file at the wall next to me. "
        "I need this job, I have rent.",
        er2=[("That's frightening and I'm so sorry, nobody should be scared at work.", (2, 0, 0))],
        ip2=[
            ("Sounds like you feel trapped, needing the money but dreading every shift.", (0, 2, 0)),
            (
                "I had a boss who slammed doors and I used to feel sick on the bus in every morning.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("Has anyone else seen him do this, other staff?", (0, 0, 2)),
            ("Do you feel safe going back in next week?", (0, 0, 2)),
        ],
        advice=[
            ("Write down every incident with dates.", (0, 0, 0)),
            ("Go to HR or whoever is above him.", (0, 0, 0)),
        ],
    ),
    Post(
        "infertility",
        "Another negative test. Two years of trying. My best friend just announced she's pregnant and I had "
        "to smile and hug her.",
        er2=[("Having to smile through that after two years, oh, I'm so sorry, that's painful.", (2, 0, 0))],
        ip2=[
            ("It sounds like you're happy for her and heartbroken for yourself at the same time.", (0, 2, 0)),
            (
                "We tried for three years and every baby announcement felt like a door closing on me.",
                (0, 2, 0),
            ),
        ],
        ex2=[("Does your friend know what you've been going through?", (0, 0, 2))],
        advice=[
            ("See a fertility specialist if you haven't already.", (0, 0, 0)),
            ("Mute baby stuff on social media for a while.", (0, 0, 0)),
        ],
    ),
    Post(
        "retirement",
        "Retired in March after 40 years at the same firm. Thought I'd love it. Instead I wake up with "
        "nothing to do and feel useless.",
        er2=[],
        ip2=[
            (
                "Sounds like work gave you a reason to get up and a sense of who you were, and now both are gone.",
                (0, 2, 0),
            ),
            ("My dad went through exactly this, the first year he said he felt like furniture.", (0, 2, 0)),
        ],
        ex2=[
            ("What did you enjoy most about the job, the work or the people?", (0, 0, 2)),
            ("How does your day look right now from morning to night?", (0, 0, 2)),
        ],
        advice=[
            ("Volunteer, places need people with experience.", (0, 0, 0)),
            ("Take up a hobby with a club attached.", (0, 0, 0)),
        ],
    ),
    Post(
        "anxiety-call",
        "I have to make a phone call to the doctor and I've been putting it off for a week. I know it's "
        "stupid. My heart races just thinking about it.",
        er2=[],
        ip2=[
            (
                "It's not stupid, it sounds like the not-knowing what they'll say is what makes your heart race.",
                (0, 2, 0),
            ),
            (
                "I write a script before every call because otherwise my mind goes blank, so I get it.",
                (0, 2, 0),
            ),
        ],
        ex2=[("Is it the call itself, or what the doctor might tell you?", (0, 0, 2))],
        advice=[
            ("Most surgeries let you book online now.", (0, 0, 0)),
            ("Write down what you want to say first.", (0, 0, 0)),
        ],
    ),
    Post(
        "pet-rehome",
        "I have to rehome my cat because my new landlord won't allow pets. She's sleeping on my lap right "
        "now and I feel like I'm betraying her.",
        er2=[
            (
                "Oh no, that's so sad, I'm sorry, her sleeping on your lap right now makes it even harder.",
                (2, 0, 0),
            )
        ],
        ip2=[
            (
                "It sounds like you're doing it out of necessity but it feels like a betrayal anyway.",
                (0, 2, 0),
            ),
        ],
        ex2=[("Do you have someone lined up, someone you'd trust with her?", (0, 0, 2))],
        advice=[
            ("Ask the landlord again and offer a pet deposit.", (0, 0, 0)),
            ("Some rescues let you choose the new family.", (0, 0, 0)),
        ],
    ),
    Post(
        "cheated",
        "Found messages on his phone. He's been seeing someone for 6 months. We have a mortgage together. "
        "I haven't said anything yet, I just feel numb.",
        er2=[
            ("I'm so sorry, finding out like that is a horrible shock, no wonder you feel numb.", (2, 1, 0))
        ],
        ip2=[
            (
                "Numb makes sense, it sounds like your mind is holding it at arm's length until you can cope.",
                (0, 2, 0),
            ),
            ("When I found out about my ex I was calm for days and then it all hit at once.", (0, 2, 0)),
        ],
        ex2=[
            ("Do you have somewhere to go or someone to stay with if you need space?", (0, 0, 2)),
            ("What are you most afraid of right now, the house, or him?", (0, 0, 2)),
        ],
        advice=[
            ("Screenshot the messages before you confront him.", (0, 0, 0)),
            ("Talk to a lawyer about the mortgage before anything else.", (0, 0, 0)),
        ],
    ),
    Post(
        "no-motivation",
        "i dont know whats wrong with me. i used to love drawing and now i just lie in bed scrolling for "
        "hours. havent showered in 4 days",
        er2=[],
        ip2=[
            ("Sounds like the things that used to light you up have gone flat, and that's scary.", (0, 2, 0)),
            (
                "I stopped playing guitar for almost a year when I was depressed and it felt like losing a part of me.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("When did you last feel like drawing, can you remember what changed?", (0, 0, 2)),
            ("Are you eating okay?", (0, 0, 2)),
        ],
        advice=[
            ("Just take a shower, it's a small win.", (0, 0, 0)),
            ("Delete the apps for a week.", (0, 0, 0)),
        ],
    ),
    Post(
        "student-visa",
        "International student here. My visa renewal got rejected and I have 30 days to leave. My whole "
        "life is here now, my friends, my partner.",
        er2=[("I'm so sorry, 30 days to pack up a whole life is terrifying.", (2, 0, 0))],
        ip2=[
            ("It sounds like you're facing losing your home, not just a visa.", (0, 2, 0)),
        ],
        ex2=[("Has your partner talked about coming with you or waiting?", (0, 0, 2))],
        advice=[
            ("Get an immigration lawyer, there's often an appeal.", (0, 0, 0)),
            ("Ask your university's international office today.", (0, 0, 0)),
        ],
    ),
    Post(
        "twins-favourite",
        "My parents have always favoured my twin. Today they paid for his wedding and told me they can't "
        "help with my rent. I'm 28 and I still feel like a kid crying about it.",
        er2=[],
        ip2=[
            (
                "Sounds like this wasn't about rent at all, it's 28 years of feeling second and today proved it.",
                (0, 2, 0),
            ),
            (
                "My sister was always the golden child, and it still stings at 35, so you're not a kid for crying.",
                (0, 2, 0),
            ),
        ],
        ex2=[("Have you ever told them how it feels, or does your twin see it?", (0, 0, 2))],
        advice=[("Stop asking them for money, build your own safety net.", (0, 0, 0))],
    ),
    Post(
        "overthinking-text",
        "sent a long message to a girl I like and she replied 'haha ok'. Now I've been staring at it for "
        "two hours.",
        er2=[],
        ip2=[
            (
                "Sounds like you put yourself out there and the short answer feels like a door closing.",
                (0, 2, 0),
            ),
            ("I once reread a 'k' for a whole evening, so I know the two hour stare.", (0, 2, 0)),
        ],
        ex2=[("What was the message about, was it a confession or just chatting?", (0, 0, 2))],
        advice=[
            ("Put the phone down and go outside.", (0, 0, 0)),
            ("Don't double text.", (0, 0, 0)),
        ],
    ),
    Post(
        "fostering-ended",
        "The boy we fostered for 2 years went back to his mum today. It's the right thing but his room is "
        "empty and my husband and I just sat in it.",
        er2=[
            ("That's such a tender, sad moment and I'm really moved by how much you two love him.", (2, 0, 0))
        ],
        ip2=[
            (
                "Sounds like you're proud and heartbroken at once, and sitting in his room is how you say goodbye.",
                (0, 2, 0),
            ),
        ],
        ex2=[("Will you be able to keep in touch with him?", (0, 0, 2))],
        advice=[("Ask the agency about post-placement support.", (0, 0, 0))],
    ),
    Post(
        "redundant-skills",
        "Applied to 140 jobs since graduating. Four interviews, no offers. My friends all have jobs and I'm "
        "back in my childhood bedroom.",
        er2=[],
        ip2=[
            (
                "Sounds like every rejection lands harder when you're looking at your old posters every night.",
                (0, 2, 0),
            ),
            (
                "It took me 11 months after uni, and living at home while my mates posted office pics was the worst bit.",
                (0, 2, 0),
            ),
        ],
        ex2=[("Did you get any feedback from the four interviews?", (0, 0, 2))],
        advice=[
            ("Get someone to rewrite your CV.", (0, 0, 0)),
            ("Apply to fewer jobs but tailor each one.", (0, 0, 0)),
        ],
    ),
    # ------------------------------------------------------------------ HOLDOUT (never tuned on)
]

HOLDOUT_GEN_ER1: list[Frag] = [
    ("So sorry to hear this.", (1, 0, 0)),
    ("Ahh that's awful, sorry.", (1, 0, 0)),
    ("Hugs from a stranger.", (1, 0, 0)),
    ("Hope tomorrow is kinder to you.", (1, 0, 0)),
    ("That's a lot, take care of yourself.", (1, 0, 0)),
]
HOLDOUT_GEN_IP1: list[Frag] = [
    ("I know how that is.", (0, 1, 0)),
    ("Understandable.", (0, 1, 0)),
    ("I totally understand why you'd feel that.", (0, 1, 0)),
]
HOLDOUT_GEN_EX1: list[Frag] = [
    ("How are things now?", (0, 0, 1)),
    ("Want to vent a bit more?", (0, 0, 1)),
    ("What's been going on?", (0, 0, 1)),
]
HOLDOUT_GEN_ZERO: list[Frag] = [
    ("Happens to the best of us.", (0, 0, 0)),
    ("Just move on.", (0, 0, 0)),
    ("Try posting in the weekly thread instead.", (0, 0, 0)),
    ("Life's unfair, get used to it.", (0, 0, 0)),
    ("Have you tried journaling?", (0, 0, 0)),
]

HOLDOUT_POSTS: list[Post] = [
    Post(
        "h-car-crash",
        "Was in a car crash last month, not my fault, nobody badly hurt. But now I freeze at every "
        "junction and my hands shake on the wheel.",
        er2=[
            (
                "That sounds so frightening, I'm really sorry, it's awful that it's still with you every drive.",
                (2, 0, 0),
            )
        ],
        ip2=[
            (
                "Sounds like your body still thinks you're back at that moment every time you pull up to a junction.",
                (0, 2, 0),
            ),
            (
                "After I got rear-ended I braked at every shadow for weeks, so I know the shaking hands.",
                (0, 2, 0),
            ),
        ],
        ex2=[("Do you have to drive every day, for work?", (0, 0, 2))],
        advice=[("A few lessons with an instructor can help rebuild confidence.", (0, 0, 0))],
    ),
    Post(
        "h-ghosted-job",
        "Three rounds of interviews, they told me I was their top choice, and then nothing. Two weeks of "
        "silence. I turned down another offer for this.",
        er2=[],
        ip2=[
            (
                "It sounds like you trusted them and now you're second-guessing the choice you made.",
                (0, 2, 0),
            ),
            (
                "A company did that to me after five rounds and I felt so stupid for believing them.",
                (0, 2, 0),
            ),
        ],
        ex2=[("Is the other offer definitely gone, or could you reach back out?", (0, 0, 2))],
        advice=[("Email the recruiter once more and then let it go.", (0, 0, 0))],
    ),
    Post(
        "h-grandma",
        "My grandma raised me and she's going into a hospice this week. I live 6 hours away and can only "
        "get there at the weekend.",
        er2=[
            ("I'm so sorry, she raised you, and being six hours away right now must hurt so much.", (2, 1, 0))
        ],
        ip2=[
            (
                "Sounds like you're torn between your life there and wanting to be by her side every minute.",
                (0, 2, 0),
            ),
        ],
        ex2=[
            ("Can you talk to her on the phone before the weekend?", (0, 0, 2)),
            ("What would you most like to say to her?", (0, 0, 2)),
        ],
        advice=[("Ask your employer for compassionate leave.", (0, 0, 0))],
    ),
    Post(
        "h-neighbour-noise",
        "neighbours upstairs have parties till 4am every weekend. I work saturdays. Ive asked nicely twice "
        "and they laughed at me",
        er2=[],
        ip2=[
            ("Sounds like being laughed at hurt more than the noise, you tried to be reasonable.", (0, 2, 0)),
            ("I had neighbours like that for a year and I started dreading Fridays.", (0, 2, 0)),
        ],
        ex2=[("Do you own or rent, is there a landlord you can go to?", (0, 0, 2))],
        advice=[("Record the noise and report it to the council.", (0, 0, 0))],
    ),
    Post(
        "h-adhd",
        "Got diagnosed with ADHD at 34. Relieved but also so angry about all the years I thought I was lazy "
        "and stupid.",
        er2=[],
        ip2=[
            (
                "It sounds like you're grieving the version of you that got called lazy for thirty years.",
                (0, 2, 0),
            ),
            (
                "I was diagnosed at 29 and spent a month angry at every teacher who wrote 'could try harder'.",
                (0, 2, 0),
            ),
        ],
        ex2=[("What was the moment that made you go and get assessed?", (0, 0, 2))],
        advice=[("Look for an ADHD coach, medication is only part of it.", (0, 0, 0))],
    ),
    Post(
        "h-wedding-alone",
        "Going to my brother's wedding alone. Everyone will ask why I'm still single and my ex will be there "
        "with her new fiance.",
        er2=[
            (
                "Ugh, that's so hard, I'm really sorry you have to face her there on top of everything.",
                (2, 0, 0),
            )
        ],
        ip2=[("Sounds like you're bracing yourself for a whole day of feeling on show.", (0, 2, 0))],
        ex2=[("Is there a cousin or friend there you could stick with?", (0, 0, 2))],
        advice=[("Have a one-line answer ready for the single question.", (0, 0, 0))],
    ),
    Post(
        "h-failed-business",
        "Closing my bakery after 4 years. Put my savings in it. Handing the keys back on Friday and I "
        "can't stop feeling like a failure.",
        er2=[
            (
                "I'm so sorry, four years of early mornings and your savings, that's heartbreaking to let go.",
                (2, 0, 0),
            )
        ],
        ip2=[
            (
                "It sounds like the bakery was part of who you are, so closing it feels like failing as a person.",
                (0, 2, 0),
            ),
            ("I shut my shop in 2020 and for months I couldn't walk down that street.", (0, 2, 0)),
        ],
        ex2=[("What are you proudest of from those four years?", (0, 0, 2))],
        advice=[("Talk to an accountant about what you can write off.", (0, 0, 0))],
    ),
    Post(
        "h-teen-son",
        "My 16 year old son barely speaks to me anymore. He stays in his room and only comes out to eat. I "
        "miss him.",
        er2=[],
        ip2=[
            ("It sounds like you miss who he was and you're scared of losing him for good.", (0, 2, 0)),
            (
                "My daughter went quiet at that age and I used to stand outside her door not knowing what to say.",
                (0, 2, 0),
            ),
        ],
        ex2=[("Is there anything you used to do together that he still likes?", (0, 0, 2))],
        advice=[("Car rides are good for talking, no eye contact.", (0, 0, 0))],
    ),
    Post(
        "h-health-scare",
        "Found a lump and the biopsy results come back in 9 days. I can't focus on anything. I haven't told "
        "anyone.",
        er2=[("That's so scary, I'm really sorry you're waiting on this alone.", (2, 0, 0))],
        ip2=[
            ("Sounds like the waiting is its own torture, your mind keeps filling in the worst.", (0, 2, 0))
        ],
        ex2=[("Is there one person you'd feel okay telling, so you're not alone in the wait?", (0, 0, 2))],
        advice=[("Don't google it, seriously.", (0, 0, 0))],
    ),
    Post(
        "h-lonely-uni",
        "first year at uni and everyone formed their friend groups in week one. I was ill that week. now "
        "I eat alone in my room every night",
        er2=[],
        ip2=[
            (
                "It sounds like you feel you missed a door that closed in week one and can't get back in.",
                (0, 2, 0),
            ),
            (
                "I transferred halfway through first year and had the same eat-alone-in-my-room routine for months.",
                (0, 2, 0),
            ),
        ],
        ex2=[("Is there a society you were interested in before you arrived?", (0, 0, 2))],
        advice=[("Leave your door open when you're in, people do stop by.", (0, 0, 0))],
    ),
]
