"""Hand-written customer messages and reply fragments for the coach's labelled set.

Every sentence here was written for Empathica (no data set was copied). Each reply fragment was
labelled when it was written, before any detector or model existed: the behaviours it shows
(letters below) and its EPITOME-style mechanism levels (ER, IP, EX). ``build_pairs.py``
assembles replies of different quality from these fragments; a pair's labels are the union of
its fragments' behaviours and the maximum of their mechanism levels (see GUIDELINES.md).

Behaviour letters: A acknowledges_emotion, V validates, S apologises, T thanks, R reassures,
N next_step, C addresses_cause. ``personal`` is not a fragment label: a reply is personal when it
uses the customer's name or the specific thing they wrote about ({name} / {thing} slots).

Each pool holds fragments for the train/dev part first; the LAST entries after the ``|``
marker (``None``) are reserved for the holdout, so the holdout is phrased differently.
"""

from __future__ import annotations

# (text, behaviours, (ER, IP, EX))
Frag = tuple[str, str, tuple[int, int, int]]
H = None  # marker: fragments after it belong to the holdout only

# ---------------------------------------------------------------- generic fragments
ACK: list[Frag | None] = [
    ("I can hear how frustrating this has been for you.", "A", (1, 1, 0)),
    ("That sounds really stressful, and I'm sorry you've had to deal with it.", "AS", (2, 1, 0)),
    ("I can tell you're fed up, and honestly I would be too.", "AV", (1, 2, 0)),
    ("I understand how upsetting this must be.", "A", (1, 1, 0)),
    ("It must be so disheartening after everything you've already done to sort this.", "AV", (2, 2, 0)),
    ("I can see why you're angry.", "AV", (1, 1, 0)),
    ("I'm sorry you've been left feeling let down.", "AS", (1, 1, 0)),
    ("I know how worrying this kind of thing is.", "A", (1, 1, 0)),
    H,
    ("I get that this has been a real headache for you.", "A", (1, 1, 0)),
    ("That sounds exhausting, and I'm sorry it's come to this.", "AS", (2, 1, 0)),
    ("I can imagine how annoyed you must be.", "A", (1, 1, 0)),
]

VALIDATE: list[Frag | None] = [
    ("You're completely right to expect better from us.", "V", (0, 1, 0)),
    ("Anyone would be annoyed in your position.", "AV", (0, 1, 0)),
    ("That's not the service you should have had.", "V", (0, 1, 0)),
    ("You had every reason to complain about this.", "V", (0, 1, 0)),
    ("It's fair to be upset when a promise isn't kept.", "AV", (0, 1, 0)),
    H,
    ("Your frustration makes complete sense.", "AV", (0, 1, 0)),
    ("This should never have happened, and you were right to flag it.", "V", (0, 1, 0)),
]

APOLOGY: list[Frag | None] = [
    ("I'm really sorry about this.", "S", (1, 0, 0)),
    ("I apologise, we got this wrong.", "S", (1, 0, 0)),
    ("Please accept my apologies.", "S", (1, 0, 0)),
    ("I'm so sorry for the trouble this has caused.", "S", (1, 0, 0)),
    ("Sorry for the mix-up on our side.", "S", (1, 0, 0)),
    H,
    ("My apologies for how this has gone.", "S", (1, 0, 0)),
    ("We're sorry, this one is on us.", "S", (1, 0, 0)),
]

# apologies that do not count: conditional, generic "any inconvenience", or undercut by policy
NON_APOLOGY: list[Frag | None] = [
    ("We apologise for any inconvenience caused.", "", (0, 0, 0)),
    ("Sorry if you feel you were let down.", "", (0, 0, 0)),
    ("Sorry, but as per our policy we cannot make an exception.", "", (0, 0, 0)),
    ("We regret any inconvenience this may have caused.", "", (0, 0, 0)),
    H,
    ("Apologies if this was not clear, but the terms were shown at checkout.", "", (0, 0, 0)),
    ("Sorry, however this falls outside what we can do.", "", (0, 0, 0)),
]

THANKS: list[Frag | None] = [
    ("Thanks for letting us know.", "T", (0, 0, 0)),
    ("Thank you for your patience while we sorted this.", "T", (0, 0, 0)),
    ("Thanks for taking the time to write to us.", "T", (0, 0, 0)),
    ("Thank you for getting in touch.", "T", (0, 0, 0)),
    ("Many thanks for flagging it.", "T", (0, 0, 0)),
    H,
    ("Thanks so much for bearing with us.", "T", (0, 0, 0)),
    ("Really appreciate you telling us.", "T", (0, 0, 0)),
]

REASSURE: list[Frag | None] = [
    ("You won't be out of pocket for any of this.", "R", (0, 0, 0)),
    ("Rest assured it's now in hand.", "R", (0, 0, 0)),
    ("I'll stay on this personally until it's sorted.", "R", (0, 0, 0)),
    ("You don't need to do anything else on your side.", "R", (0, 0, 0)),
    ("Everything is safe and nothing has been lost.", "R", (0, 0, 0)),
    ("We'll make sure this gets put right.", "R", (0, 0, 0)),
    H,
    ("Please don't worry, this is fixable.", "R", (0, 0, 0)),
    ("You're in good hands now and I'll see it through.", "R", (0, 0, 0)),
]

# look like reassurance or help but are refusals / negated
NEG_REASSURE: list[Frag | None] = [
    ("Unfortunately we are not able to help with this.", "", (0, 0, 0)),
    ("We can't guarantee when this will be resolved.", "", (0, 0, 0)),
    ("There is nothing further we can do at this stage.", "", (0, 0, 0)),
    ("We are unable to offer any compensation.", "", (0, 0, 0)),
    H,
    ("I'm afraid we won't be able to change this.", "", (0, 0, 0)),
    ("This isn't something we can fix from here.", "", (0, 0, 0)),
]

VAGUE: list[Frag | None] = [
    ("Please contact us again if you need anything else.", "", (0, 0, 0)),
    ("We will look into it.", "", (0, 0, 0)),
    ("Feel free to reach out with any further questions.", "", (0, 0, 0)),
    ("Your feedback has been passed on.", "", (0, 0, 0)),
    ("Let us know if there is anything else.", "", (0, 0, 0)),
    H,
    ("Don't hesitate to get back to us.", "", (0, 0, 0)),
    ("Your comments have been noted.", "", (0, 0, 0)),
]

SCRIPTED: list[Frag | None] = [
    ("Your feedback is important to us.", "", (0, 0, 0)),
    ("We value you as a customer.", "", (0, 0, 0)),
    ("We strive to provide the best possible service.", "", (0, 0, 0)),
    ("We understand your frustration.", "A", (0, 1, 0)),
    ("Customer satisfaction is our top priority.", "", (0, 0, 0)),
    H,
    ("We are committed to delivering excellent service.", "", (0, 0, 0)),
    ("Your satisfaction means a great deal to us.", "", (0, 0, 0)),
]

EXPLORE_GENERIC: list[Frag | None] = [
    ("Could you tell me a bit more about what happened?", "", (0, 0, 1)),
    ("How are things now?", "", (0, 0, 1)),
    ("Is there anything else that's been bothering you about this?", "", (0, 0, 1)),
    H,
    ("Can you walk me through what happened?", "", (0, 0, 1)),
]

# asks for data only: not an exploration (EX 0)
INFO_REQUEST: list[Frag | None] = [
    ("Can you send us your order number?", "", (0, 0, 0)),
    ("Please DM us the email address on your account.", "", (0, 0, 0)),
    ("Could you confirm your postcode?", "", (0, 0, 0)),
    H,
    ("Can you share the reference number from your confirmation?", "", (0, 0, 0)),
]

GREET_NAME = [
    "Hi {name},",
    "Hello {name},",
    "Dear {name},",
    "{name}, thanks for your message.|T",
    H,
    "Hey {name},",
]
GREET_GENERIC = ["Hello,", "Hi there,", "Dear customer,", "Good afternoon,", H, "Dear valued customer,"]
SIGN = [
    "Best wishes, Sam",
    "Kind regards, Priya",
    "Thanks, Jordan|T",
    "Speak soon, Alex",
    H,
    "All the best, Noor",
]

# ---------------------------------------------------------------- per cause
# Each cause: customer messages and cause-specific reply fragments.
# Customer message: (channel, empathy_needed, name, thing, text). ``thing`` appears in the text.
# Cause fragments (C is implied for all of them):
#   next: concrete next step (N)      interp: specific understanding of their situation (IP 2)
#   explore: specific question about their experience (EX 2)   info: a factual answer only
#   sorry: apology naming the cause (S)   howto: instructions (N) for neutral questions
CAUSES: dict[str, dict[str, list]] = {}

CAUSES["delivery"] = {
    "messages": [
        (
            "email",
            "high",
            "Maria",
            "order 55821",
            "This is the third time I've stayed home for order 55821 and nobody came. I took a day off "
            "work for this. I'm furious.",
        ),
        (
            "social",
            "high",
            None,
            "birthday present",
            "@KettlebyHome my daughter's birthday present was meant to arrive yesterday and the tracking "
            "hasn't moved in 5 days. She's heartbroken. Thanks for nothing.",
        ),
        (
            "chat",
            "some",
            "Tom",
            "the sofa",
            "Hi, the sofa was due today but I haven't had a delivery slot text. Bit annoying as I "
            "rearranged my day.",
        ),
        (
            "email",
            "some",
            None,
            "the rug",
            "The rug arrived but the box was soaked and one corner is muddy. Not ideal.",
        ),
        (
            "chat",
            "none",
            "Leah",
            "order 70234",
            "Hello, can I change the delivery address for order 70234 to my work address?",
        ),
        ("social", "none", None, None, "Do you offer Saturday delivery to Cardiff?"),
        None,
        (
            "email",
            "high",
            "Dev",
            "the wardrobe",
            "The courier left the wardrobe in the rain outside my door and now the panels are warped. "
            "I'm absolutely livid, it cost me £600.",
        ),
        (
            "chat",
            "some",
            None,
            "my parcel",
            "my parcel says delivered but it's not here, checked with neighbours. a bit worried now",
        ),
        (
            "email",
            "none",
            "Ruth",
            "the dining chairs",
            "Could you tell me roughly when the dining chairs will ship? No rush, just planning.",
        ),
    ],
    "next": [
        (
            "I've booked a new delivery for {thing} on Thursday between 8am and noon, and I'll text you "
            "the driver's details that morning.",
            "N",
            (0, 0, 0),
        ),
        (
            "I've raised a trace with the courier today and I'll email you an update by 5pm tomorrow.",
            "N",
            (0, 0, 0),
        ),
        (
            "I've arranged a replacement to go out on our next-day service, so it should reach you by "
            "Wednesday.",
            "N",
            (0, 0, 0),
        ),
        (
            "I've changed the address on {thing} now, and you'll get a fresh confirmation email in the next "
            "few minutes.",
            "N",
            (0, 0, 0),
        ),
        None,
        (
            "A new parcel leaves our warehouse tonight and I'll send the tracking link first thing tomorrow.",
            "N",
            (0, 0, 0),
        ),
        (
            "Our driver will collect the damaged item on Monday and drop the new one off at the same time.",
            "N",
            (0, 0, 0),
        ),
    ],
    "interp": [
        (
            "Taking a day off and then waiting in for nothing is maddening, especially more than once.",
            "AV",
            (1, 2, 0),
        ),
        (
            "When the tracking just sits there for days you're left not knowing whether it's lost or on "
            "its way, which is the worst part.",
            "V",
            (0, 2, 0),
        ),
        (
            "Planning your day around a delivery that doesn't show up wastes time you can't get back.",
            "V",
            (0, 2, 0),
        ),
        None,
        (
            "Paying that much and then finding it damaged on your doorstep would upset anyone.",
            "AV",
            (1, 2, 0),
        ),
    ],
    "explore": [
        ("Did the driver leave a card or any note when they didn't come to the door?", "", (0, 0, 2)),
        ("Is the damage only to the box, or has anything inside been marked as well?", "", (0, 0, 2)),
        None,
        (
            "Was anyone at home when it was marked as delivered, and is there a safe place it might "
            "have been left?",
            "",
            (0, 0, 2),
        ),
    ],
    "info": [
        ("Deliveries can take up to 10 working days during busy periods.", "", (0, 0, 0)),
        ("The courier is responsible once the parcel leaves our warehouse.", "", (0, 0, 0)),
        None,
        ("Tracking updates can lag behind the real position of a parcel.", "", (0, 0, 0)),
    ],
    "sorry": [
        ("I'm sorry {thing} still hasn't reached you.", "S", (1, 0, 0)),
        ("I'm so sorry the delivery let you down again.", "S", (1, 0, 0)),
        None,
        ("I'm sorry it turned up in that state.", "S", (1, 0, 0)),
    ],
    "howto": [
        (
            "Yes, you can: go to My Orders, open {thing} and tap Change address before it is dispatched.",
            "N",
            (0, 0, 0),
        ),
        (
            "We deliver on Saturdays to most UK postcodes, including Cardiff; just pick a Saturday slot at "
            "checkout.",
            "NP",
            (0, 0, 0),
        ),
        None,
        ("It's due to ship on the 14th and you'll get a tracking link by email that day.", "N", (0, 0, 0)),
    ],
}

CAUSES["billing_payment"] = {
    "messages": [
        (
            "email",
            "high",
            "Graham",
            "£89.99",
            "You have charged me £89.99 twice this month and my rent payment bounced because of it. "
            "This is a disgrace and I want it back today.",
        ),
        (
            "chat",
            "high",
            None,
            "my account",
            "why have you taken money from my account after I cancelled?? I'm on a tight budget and "
            "this has left me short for food this week",
        ),
        (
            "email",
            "some",
            "Aisha",
            "the March invoice",
            "The March invoice shows a delivery fee I wasn't told about. Can you explain? A bit confused.",
        ),
        (
            "social",
            "some",
            None,
            None,
            "Tried the promo code three times and it keeps saying invalid. Getting annoyed now.",
        ),
        ("chat", "none", "Ben", "card details", "How do I update my card details before the next payment?"),
        (
            "email",
            "none",
            None,
            "a VAT receipt",
            "Please could you send me a VAT receipt for my last order? Thanks.",
        ),
        None,
        (
            "chat",
            "high",
            "Olu",
            "the direct debit",
            "The direct debit came out a week early and I'm now overdrawn with charges. I'm so stressed "
            "about this.",
        ),
        (
            "social",
            "some",
            None,
            None,
            "Still no sign of my refund after two weeks. Starting to wonder if it's coming at all.",
        ),
        ("email", "none", "Clare", "monthly billing", "Can I switch from monthly billing to paying yearly?"),
    ],
    "next": [
        (
            "I've refunded the duplicate charge of {thing} today; it should be back in your account "
            "within 3 working days.",
            "N",
            (0, 0, 0),
        ),
        (
            "I've cancelled the payment and raised a refund, and I'll email you the confirmation "
            "reference within the hour.",
            "N",
            (0, 0, 0),
        ),
        (
            "I've removed the fee from your bill and a corrected invoice is on its way to your inbox now.",
            "N",
            (0, 0, 0),
        ),
        (
            "I've applied the discount manually, so you'll see it on your basket when you refresh the page.",
            "N",
            (0, 0, 0),
        ),
        None,
        (
            "I've put the money back this morning and I'll send you a letter for your bank to cover "
            "the charges.",
            "N",
            (0, 0, 0),
        ),
        ("Your refund was released today and I'll check on Friday that it has landed.", "N", (0, 0, 0)),
    ],
    "interp": [
        (
            "Being charged twice and then having your rent bounce is a horrible knock-on effect, and it "
            "makes sense you want it fixed today.",
            "AV",
            (1, 2, 0),
        ),
        (
            "When money's tight, an unexpected payment like that hits hard and leaves you worrying about "
            "the basics.",
            "AV",
            (1, 2, 0),
        ),
        (
            "Finding a charge you were never told about makes it feel like the price moved behind your back.",
            "V",
            (0, 2, 0),
        ),
        None,
        (
            "Ending up overdrawn because we took the money early is genuinely stressful, and it's not "
            "your doing.",
            "AV",
            (1, 2, 0),
        ),
    ],
    "explore": [
        (
            "Has your bank charged you anything because of the missing payment, so we can cover it too?",
            "",
            (0, 0, 2),
        ),
        ("Which message do you see when the code fails, and is it on the app or the website?", "", (0, 0, 2)),
        None,
        ("Are you still short this week, and would it help if we sent it by faster payment?", "", (0, 0, 2)),
    ],
    "info": [
        ("Charges are taken on the date shown in your account terms.", "", (0, 0, 0)),
        ("Refunds are processed within 14 days as stated in our policy.", "", (0, 0, 0)),
        None,
        ("The fee is listed in section 4 of the pricing page.", "", (0, 0, 0)),
    ],
    "sorry": [
        ("I'm sorry you were charged twice.", "S", (1, 0, 0)),
        ("I'm sorry the payment left you short.", "S", (1, 0, 0)),
        None,
        ("I'm sorry about the surprise on your bill.", "S", (1, 0, 0)),
    ],
    "howto": [
        (
            "Go to Account, then Payment methods, and tap Edit next to your card; the change applies "
            "to your next payment.",
            "N",
            (0, 0, 0),
        ),
        ("I've emailed the VAT receipt to the address on your account just now.", "N", (0, 0, 0)),
        None,
        (
            "Yes: open Billing, choose Change plan and pick Yearly; you'll be charged at the next "
            "renewal date.",
            "N",
            (0, 0, 0),
        ),
    ],
}

CAUSES["staff_treatment"] = {
    "messages": [
        (
            "email",
            "high",
            "Janet",
            "the Leeds store",
            "The manager at the Leeds store shouted at me in front of other customers when I tried to "
            "return a lamp. I have never been so humiliated.",
        ),
        (
            "social",
            "high",
            None,
            "your call centre",
            "Just been hung up on by your call centre AGAIN. Treated like a criminal for asking about my "
            "own order. Disgusting.",
        ),
        (
            "chat",
            "some",
            "Paul",
            "the delivery driver",
            "The delivery driver was quite rude when I asked him to bring it inside. Not the end of the "
            "world but not great.",
        ),
        (
            "email",
            "some",
            None,
            "the advisor",
            "The advisor I spoke to seemed impatient and kept cutting me off. I left the call more "
            "confused than before.",
        ),
        None,
        (
            "chat",
            "high",
            "Nadia",
            "your engineer",
            "Your engineer called me stupid for not knowing where my stopcock was. I'm shaking, I can't "
            "believe someone would speak to me like that.",
        ),
        (
            "email",
            "some",
            None,
            "the woman on the till",
            "The woman on the till sighed and rolled her eyes when I paid with coins. Felt small.",
        ),
    ],
    "next": [
        (
            "I've passed your account to the store's area manager, who will call you by Friday to "
            "apologise in person.",
            "N",
            (0, 0, 0),
        ),
        (
            "I'm raising this formally with the team leader today and I'll write back to you by "
            "Wednesday with what we've done.",
            "N",
            (0, 0, 0),
        ),
        (
            "I've logged a complaint against the call and asked for the recording to be reviewed; "
            "I'll update you within 48 hours.",
            "N",
            (0, 0, 0),
        ),
        None,
        (
            "I've reported what happened to the engineering manager this morning and I'll call you "
            "tomorrow to tell you the outcome.",
            "N",
            (0, 0, 0),
        ),
    ],
    "interp": [
        (
            "Being shouted at in front of other people is humiliating, and you went in just wanting a "
            "simple return.",
            "AV",
            (2, 2, 0),
        ),
        (
            "Being cut off when you're only asking about your own order makes you feel like you're the "
            "problem, and you're not.",
            "AV",
            (1, 2, 0),
        ),
        (
            "Leaving a call more confused than when you started defeats the whole point of calling.",
            "V",
            (0, 2, 0),
        ),
        None,
        (
            "Being spoken to like that in your own home is upsetting, and it's no wonder you're shaken.",
            "AV",
            (2, 2, 0),
        ),
    ],
    "explore": [
        (
            "Would you feel comfortable telling me roughly what time it happened and what was said?",
            "",
            (0, 0, 2),
        ),
        ("How are you feeling now, and would you prefer a call or an email from us?", "", (0, 0, 2)),
        None,
        ("Do you remember which day it was, and was anyone else there with you?", "", (0, 0, 2)),
    ],
    "info": [
        ("All our staff receive customer service training.", "", (0, 0, 0)),
        ("Calls may be ended if the conversation cannot continue.", "", (0, 0, 0)),
        None,
        ("Our engineers follow a code of conduct on every visit.", "", (0, 0, 0)),
    ],
    "sorry": [
        ("I'm truly sorry for how you were treated.", "S", (1, 0, 0)),
        ("I'm sorry our staff spoke to you that way.", "S", (1, 0, 0)),
        None,
        ("I'm so sorry you were made to feel like that.", "S", (1, 0, 0)),
    ],
    "howto": [],
}

CAUSES["lack_of_interaction"] = {
    "messages": [
        (
            "email",
            "high",
            "Steve",
            "ticket 4471",
            "I have emailed five times about ticket 4471 and not one person has replied. Are you even "
            "real? I'm at the end of my tether.",
        ),
        (
            "social",
            "high",
            None,
            None,
            "Promised a call back three times this week. Never happens. Do you actually care about your "
            "customers?",
        ),
        (
            "chat",
            "some",
            "Hannah",
            "my complaint",
            "I sent my complaint ten days ago and haven't heard anything. Just wanted to check it was "
            "received.",
        ),
        (
            "email",
            "some",
            None,
            "the chatbot",
            "The chatbot keeps sending me round in circles and I can't find a way to talk to a person.",
        ),
        None,
        (
            "email",
            "high",
            "Karim",
            "my claim",
            "Three weeks and no word on my claim. Every time I call I'm told someone will ring me. "
            "Nobody does. I feel completely ignored.",
        ),
        (
            "chat",
            "some",
            None,
            None,
            "My message on Monday was marked as read but nobody answered. Is anyone looking at it?",
        ),
    ],
    "next": [
        (
            "I've taken {thing} on myself, and I'll call you tomorrow at 10am with a full update.",
            "N",
            (0, 0, 0),
        ),
        (
            "I've booked a call back for 2pm today with a senior advisor, and I've checked they have "
            "your number.",
            "N",
            (0, 0, 0),
        ),
        (
            "I've found your complaint and it's with our resolutions team; I'll email you their answer "
            "by Friday.",
            "N",
            (0, 0, 0),
        ),
        (
            "To reach a person, type 'agent' in the chat and you'll be put through to the next free advisor.",
            "N",
            (0, 0, 0),
        ),
        None,
        (
            "I've assigned your claim to one named handler, who will ring you before noon tomorrow.",
            "N",
            (0, 0, 0),
        ),
    ],
    "interp": [
        (
            "Writing again and again and getting silence back would leave anyone feeling invisible.",
            "AV",
            (1, 2, 0),
        ),
        (
            "Being promised a call and then left waiting by the phone, three times, is really "
            "disrespectful of your time.",
            "V",
            (0, 2, 0),
        ),
        ("Going round in circles with a bot when you just want a human is maddening.", "AV", (1, 2, 0)),
        None,
        (
            "Chasing us week after week when you should have been kept updated must feel like shouting "
            "into the void.",
            "AV",
            (1, 2, 0),
        ),
    ],
    "explore": [
        ("What's the best time and number to reach you, so this doesn't happen again?", "", (0, 0, 1)),
        (
            "Has anything changed since you first wrote, so the update covers everything you need?",
            "",
            (0, 0, 2),
        ),
        None,
        ("Is there anything new on your side since you last called that I should know about?", "", (0, 0, 2)),
    ],
    "info": [
        ("We aim to respond to all emails within 10 working days.", "", (0, 0, 0)),
        ("Our lines are very busy at the moment.", "", (0, 0, 0)),
        None,
        ("Response times are longer than usual due to high demand.", "", (0, 0, 0)),
    ],
    "sorry": [
        ("I'm sorry nobody got back to you.", "S", (1, 0, 0)),
        ("I'm really sorry you've been left waiting without a reply.", "S", (1, 0, 0)),
        None,
        ("I'm sorry the promised calls never came.", "S", (1, 0, 0)),
    ],
    "howto": [],
}

CAUSES["product_quality"] = {
    "messages": [
        (
            "email",
            "high",
            "Lucy",
            "the Harlow kettle",
            "The Harlow kettle started leaking after two weeks and scalded my hand. I'm really shaken "
            "and honestly scared to use any of your products now.",
        ),
        (
            "social",
            "high",
            None,
            "the app",
            "The app has crashed every single time I open it since the update. Lost my whole basket. "
            "Absolutely useless.",
        ),
        (
            "chat",
            "some",
            "Omar",
            "the desk lamp",
            "The desk lamp flickers now and then. Is that normal? It's a bit irritating.",
        ),
        (
            "email",
            "some",
            None,
            "the duvet",
            "The duvet is a lot thinner than the photos made it look. Slightly disappointed.",
        ),
        ("chat", "none", "Jess", "the blender", "What's the best way to clean the blades on the blender?"),
        (
            "email",
            "none",
            None,
            "the heater",
            "Does the heater have a timer setting? The manual doesn't say.",
        ),
        None,
        (
            "email",
            "high",
            "Mark",
            "the fridge",
            "The fridge died on Saturday and I've lost a week's food. With a baby in the house I'm "
            "panicking.",
        ),
        (
            "chat",
            "some",
            None,
            "the headphones",
            "Left earbud on the headphones keeps cutting out. Kind of frustrating.",
        ),
        ("email", "none", "Ivy", "the coffee machine", "How do I descale the coffee machine?"),
    ],
    "next": [
        (
            "Please stop using {thing}; I've arranged a full refund today and a courier will collect it "
            "on Tuesday.",
            "N",
            (0, 0, 0),
        ),
        (
            "Our developers have a fix for the crash going out tonight; update the app tomorrow morning "
            "and your basket will be restored.",
            "N",
            (0, 0, 0),
        ),
        (
            "I've sent out a replacement today, and you can keep the faulty one until it arrives.",
            "N",
            (0, 0, 0),
        ),
        (
            "If you send me a photo I'll swap it for the thicker version this week, free of charge.",
            "NR",
            (0, 0, 0),
        ),
        None,
        (
            "An engineer will visit on Wednesday morning, and I've added a credit for the lost food to "
            "your account today.",
            "N",
            (0, 0, 0),
        ),
        ("I've ordered a replacement earbud which ships tomorrow.", "N", (0, 0, 0)),
    ],
    "interp": [
        (
            "Getting burned by something you trusted in your kitchen is frightening, and it makes sense "
            "you're wary now.",
            "AV",
            (2, 2, 0),
        ),
        (
            "Losing your basket every time the app crashes means starting from scratch again and again, "
            "which is infuriating.",
            "AV",
            (1, 2, 0),
        ),
        (
            "When something looks different from the photos it feels like you didn't get what you paid for.",
            "V",
            (0, 2, 0),
        ),
        None,
        (
            "Losing all your food with a little one at home is a real worry, not just an inconvenience.",
            "AV",
            (1, 2, 0),
        ),
    ],
    "explore": [
        ("How is your hand now, and did you need to see anyone about the burn?", "", (0, 0, 2)),
        ("Does it flicker all the time or only after it's been on for a while?", "", (0, 0, 2)),
        None,
        ("Is the fridge completely silent, or is the light still coming on?", "", (0, 0, 2)),
    ],
    "info": [
        ("All our products are tested to British safety standards.", "", (0, 0, 0)),
        ("Minor variations from product photos are normal.", "", (0, 0, 0)),
        None,
        ("The warranty covers faults reported within 12 months.", "", (0, 0, 0)),
    ],
    "sorry": [
        ("I'm so sorry {thing} hurt you.", "S", (1, 0, 0)),
        ("I'm sorry it isn't working as it should.", "S", (1, 0, 0)),
        None,
        ("I'm sorry it broke down when you needed it most.", "S", (1, 0, 0)),
    ],
    "howto": [
        (
            "Fill {thing} halfway with warm water and a drop of washing-up liquid, run it for 30 seconds, "
            "then rinse.",
            "N",
            (0, 0, 0),
        ),
        (
            "Yes: hold the clock button for three seconds, set the start time with the arrows and press "
            "it again to save.",
            "N",
            (0, 0, 0),
        ),
        None,
        (
            "Run the descale programme with one sachet in the water tank, then run two cycles of clean "
            "water through.",
            "N",
            (0, 0, 0),
        ),
    ],
}

CAUSES["service_quality"] = {
    "messages": [
        (
            "email",
            "high",
            "Rob",
            "the boiler",
            "Your technician has been out three times and the boiler still isn't working. We've had no "
            "hot water for nine days and my kids are freezing. I'm desperate.",
        ),
        (
            "chat",
            "some",
            None,
            "my booking",
            "You changed my booking to the wrong date. Can this be fixed? Slightly annoying.",
        ),
        (
            "email",
            "some",
            "Fiona",
            "the installation",
            "The installation works but they left a mess of dust behind. Bit disappointing.",
        ),
        ("chat", "none", None, None, "How do I book a repair for my washing machine?"),
        None,
        (
            "social",
            "high",
            "Ali",
            "my kitchen",
            "Fitters ripped out my kitchen and didn't come back for a week. I've been cooking on a camping "
            "stove. This is a nightmare.",
        ),
        ("chat", "none", "Eve", "the engineer visit", "Can I move the engineer visit to the afternoon?"),
    ],
    "next": [
        (
            "I've booked our most senior engineer for tomorrow at 8am and I've sent two portable heaters "
            "that will arrive tonight.",
            "N",
            (0, 0, 0),
        ),
        ("I've moved {thing} back to the 12th and sent you a new confirmation.", "N", (0, 0, 0)),
        ("A cleaner from the team will come back on Friday to tidy up, at no cost.", "NR", (0, 0, 0)),
        None,
        (
            "The fitters are booked back on Monday at 9am to finish, and I'll call you on Monday evening "
            "to check it's done.",
            "N",
            (0, 0, 0),
        ),
    ],
    "interp": [
        (
            "Nine days without hot water with children in the house is awful, and three failed visits "
            "would wear anyone down.",
            "AV",
            (1, 2, 0),
        ),
        ("Having to chase a mistake we made with your booking is the last thing you need.", "V", (0, 2, 0)),
        None,
        (
            "Living without a kitchen for a week while you wait for someone to turn up sounds miserable.",
            "AV",
            (1, 2, 0),
        ),
    ],
    "explore": [
        ("Is anyone in the house vulnerable to the cold, so we can prioritise the visit?", "", (0, 0, 2)),
        None,
        ("Which days next week work for you, and is there anything the fitters should know?", "", (0, 0, 2)),
    ],
    "info": [
        ("Engineer visits are subject to availability.", "", (0, 0, 0)),
        None,
        ("Fitting schedules can change due to supplier delays.", "", (0, 0, 0)),
    ],
    "sorry": [
        ("I'm sorry the repair still hasn't worked.", "S", (1, 0, 0)),
        ("I'm sorry we got the date wrong.", "S", (1, 0, 0)),
        None,
        ("I'm sorry the job was left unfinished.", "S", (1, 0, 0)),
    ],
    "howto": [
        (
            "Go to Book a repair on our website, pick your appliance and choose a slot; it takes about "
            "two minutes.",
            "N",
            (0, 0, 0),
        ),
        None,
        ("Yes, reply with the afternoon that suits you and I'll move {thing} straight away.", "N", (0, 0, 0)),
    ],
}

CAUSES["wait_time"] = {
    "messages": [
        (
            "chat",
            "high",
            "Sophie",
            None,
            "I've been on hold for 70 minutes and got cut off. I'm so angry I could cry.",
        ),
        ("social", "some", None, None, "45 mins in the queue at your Bristol branch today. Come on."),
        (
            "email",
            "some",
            "Liam",
            "my order",
            "My order has been 'processing' for eight days. Any idea when it will move?",
        ),
        None,
        (
            "chat",
            "high",
            "Grace",
            None,
            "I waited two hours at the clinic desk with a sick toddler and nobody told us anything. It was "
            "awful.",
        ),
        (
            "email",
            "some",
            None,
            "my return",
            "It's been three weeks since I sent my return back. What is taking so long?",
        ),
    ],
    "next": [
        (
            "I've put a priority flag on your account, so if you call again you'll skip the queue, and "
            "I'll also ring you at 3pm today.",
            "N",
            (0, 0, 0),
        ),
        ("{thing} is being packed today and will be dispatched tomorrow morning.", "N", (0, 0, 0)),
        (
            "I've shared your feedback with the Bristol manager, who is adding a second till from Saturday.",
            "N",
            (0, 0, 0),
        ),
        None,
        ("I've chased the returns team and your refund will be processed by Thursday.", "N", (0, 0, 0)),
    ],
    "interp": [
        ("Holding for over an hour and then being cut off means all that time was wasted.", "AV", (1, 2, 0)),
        ("Staring at 'processing' for over a week gives you nothing to plan around.", "V", (0, 2, 0)),
        None,
        ("Waiting that long with a poorly child and no information must have felt endless.", "AV", (1, 2, 0)),
    ],
    "explore": [
        (
            "What were you calling about, so I can sort it here and you don't have to queue again?",
            "",
            (0, 0, 2),
        ),
        None,
        ("How is your little one doing now?", "", (0, 0, 2)),
    ],
    "info": [
        ("We are experiencing high call volumes.", "", (0, 0, 0)),
        ("Orders are processed in the order they are received.", "", (0, 0, 0)),
        None,
        ("Returns are processed within 30 days of receipt.", "", (0, 0, 0)),
    ],
    "sorry": [
        ("I'm sorry you were kept waiting so long.", "S", (1, 0, 0)),
        ("Sorry about the delay with {thing}.", "S", (1, 0, 0)),
        None,
        ("I'm sorry for the wait.", "S", (1, 0, 0)),
    ],
    "howto": [],
}

CAUSES["policy_terms"] = {
    "messages": [
        (
            "email",
            "high",
            "Derek",
            "the coat",
            "You're refusing to refund the coat because it's 31 days, ONE day over your limit. I've "
            "shopped with you for 15 years. Shameful.",
        ),
        (
            "chat",
            "some",
            None,
            "the return label",
            "Why do I have to pay for the return label when the item was the wrong size you sent?",
        ),
        ("chat", "none", "Amy", None, "What's your returns policy for sale items?"),
        ("email", "none", None, "the warranty", "Does the warranty cover accidental damage?"),
        None,
        (
            "social",
            "high",
            "Zara",
            "my deposit",
            "You kept my deposit even though YOU cancelled the booking. Is that even legal? I'm raging.",
        ),
        ("chat", "none", None, None, "Can I exchange a gift without the receipt?"),
    ],
    "next": [
        (
            "I've approved the refund for {thing} as a goodwill gesture, and it will reach your card within "
            "3 working days.",
            "N",
            (0, 0, 0),
        ),
        ("I've emailed you a free return label, and I'll refund the postage you paid.", "N", (0, 0, 0)),
        None,
        ("I've released {thing} in full today and you'll see it in your account by Monday.", "N", (0, 0, 0)),
    ],
    "interp": [
        (
            "After 15 years with us, being turned away over a single day feels like your loyalty counts "
            "for nothing.",
            "AV",
            (1, 2, 0),
        ),
        ("Paying to send back something we got wrong doesn't seem fair, and I agree.", "V", (0, 2, 0)),
        None,
        ("Losing money on a booking we cancelled feels deeply unfair.", "AV", (1, 2, 0)),
    ],
    "explore": [
        ("Is the coat unworn with its tags, so I can check what else we can do?", "", (0, 0, 2)),
        None,
        ("Did you get any email from us explaining the cancellation?", "", (0, 0, 2)),
    ],
    "info": [
        ("Our returns window is 30 days from delivery.", "", (0, 0, 0)),
        ("Return postage is the customer's responsibility.", "", (0, 0, 0)),
        None,
        ("Deposits are non-refundable under the booking terms.", "", (0, 0, 0)),
    ],
    "sorry": [
        ("I'm sorry we turned down your refund.", "S", (1, 0, 0)),
        ("I'm sorry we sent the wrong size.", "S", (1, 0, 0)),
        None,
        ("I'm sorry about how the deposit was handled.", "S", (1, 0, 0)),
    ],
    "howto": [
        (
            "Sale items can be returned within 14 days for a refund; just bring the receipt or order "
            "email to any store.",
            "N",
            (0, 0, 0),
        ),
        (
            "The standard warranty covers faults only, but you can add accidental damage cover from your "
            "account within 30 days of purchase.",
            "N",
            (0, 0, 0),
        ),
        None,
        (
            "Yes, gifts can be exchanged without a receipt: bring the item to a store and we'll swap it "
            "at the current price.",
            "N",
            (0, 0, 0),
        ),
    ],
}

CAUSES["usability_access"] = {
    "messages": [
        (
            "chat",
            "high",
            "Megan",
            "my account",
            "I've been locked out of my account for four days and all my photos are in there. I'm "
            "panicking, I can't lose them.",
        ),
        (
            "email",
            "some",
            None,
            "the website",
            "The website keeps logging me out at checkout. Quite frustrating.",
        ),
        ("chat", "none", "Chris", "my password", "How do I reset my password?"),
        ("social", "none", None, None, "Is there a dark mode in the app?"),
        None,
        (
            "email",
            "high",
            "Hugo",
            "the login page",
            "The login page won't accept my code and I need my tickets for tomorrow morning. I'm really "
            "anxious I'll miss the flight.",
        ),
        ("chat", "none", "Nina", None, "How do I turn on two-factor sign-in?"),
    ],
    "next": [
        (
            "I've unlocked {thing} now; use the link I've just emailed to set a new password, and all "
            "your photos are still there.",
            "NR",
            (0, 0, 0),
        ),
        (
            "Clear the site's cookies and sign in again; if it still logs you out, reply here and I'll "
            "place the order for you.",
            "N",
            (0, 0, 0),
        ),
        None,
        (
            "I've sent your tickets to your email as a PDF right now, so you have them even if the login "
            "fails again.",
            "N",
            (0, 0, 0),
        ),
    ],
    "interp": [
        (
            "Not being able to reach years of photos is scary, and four days is a long time to sit with "
            "that worry.",
            "AV",
            (1, 2, 0),
        ),
        (
            "Getting thrown out just as you're about to pay makes you start the whole thing again.",
            "V",
            (0, 2, 0),
        ),
        None,
        (
            "Worrying about missing a flight because of a login problem is the last thing you need the "
            "night before.",
            "AV",
            (1, 2, 0),
        ),
    ],
    "explore": [
        ("Which device are you signing in on, and do you see any error message?", "", (0, 0, 2)),
        None,
        ("Does the code arrive by text at all, or does it arrive and then get rejected?", "", (0, 0, 2)),
    ],
    "info": [
        ("Accounts are locked after five failed attempts for security.", "", (0, 0, 0)),
        None,
        ("Codes expire after ten minutes.", "", (0, 0, 0)),
    ],
    "sorry": [
        ("I'm sorry you've been locked out.", "S", (1, 0, 0)),
        ("Sorry the site is playing up.", "S", (1, 0, 0)),
        None,
        ("I'm sorry the code isn't working.", "S", (1, 0, 0)),
    ],
    "howto": [
        (
            "Tap Forgot password on the sign-in screen and we'll email you a reset link straight away.",
            "N",
            (0, 0, 0),
        ),
        ("Yes: open Settings, then Display, and switch on Dark mode.", "N", (0, 0, 0)),
        None,
        ("Open Settings, then Security, choose Two-step sign-in and follow the prompts.", "N", (0, 0, 0)),
    ],
}

CAUSES["praise"] = {
    "messages": [
        (
            "email",
            "some",
            "Helen",
            "Marco",
            "Just wanted to say Marco in your Bath store was brilliant yesterday. Patient and kind with my "
            "dad. Thank you!",
        ),
        ("social", "some", None, None, "Loving the new range of mugs, bought four already!"),
        (
            "chat",
            "some",
            "Sam",
            "the delivery team",
            "The delivery team were so careful with my piano. Really impressed.",
        ),
        None,
        (
            "email",
            "some",
            "Irene",
            "Jo",
            "Jo on your helpline sorted my problem in five minutes and made me laugh. Please tell her "
            "thanks.",
        ),
        ("social", "some", None, None, "Ordered at 9pm, arrived at 10am. Fast delivery, great work!"),
    ],
    "next": [
        ("I've passed your words on to {thing} and their manager today.", "N", (0, 0, 0)),
        ("I'll share this with the whole team at Monday's briefing.", "N", (0, 0, 0)),
        None,
        (
            "I've sent your message straight to {thing}'s team leader so it goes on her record.",
            "N",
            (0, 0, 0),
        ),
    ],
    "interp": [
        ("It sounds like having someone patient made a real difference to your dad's day.", "", (1, 2, 0)),
        ("It's lovely to hear something so precious arrived safely.", "", (1, 2, 0)),
        None,
        ("It sounds like a stressful problem turned into a good day, which is what we want.", "", (1, 2, 0)),
    ],
    "explore": [
        ("Which designs did you go for?", "", (0, 0, 2)),
        None,
        ("What was it Jo helped you with, so I can tell her exactly?", "", (0, 0, 2)),
    ],
    "info": [
        ("Our staff are trained to a high standard.", "", (0, 0, 0)),
        None,
        ("Next-day delivery is available on most items.", "", (0, 0, 0)),
    ],
    "sorry": [],
    "howto": [],
    "thanks": [
        ("Thank you so much for taking the time to tell us about {thing}.", "T", (1, 0, 0)),
        ("Thanks for the lovely message, it really made our day.", "T", (1, 0, 0)),
        None,
        ("What a kind thing to write, thank you.", "T", (1, 0, 0)),
    ],
}
