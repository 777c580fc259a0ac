"""Phrase banks for the offline composer, by move, tone and (where it matters) emotion or need.

Why banks of many small pieces rather than templates: replies that read the same to every
customer feel scripted, so each sentence is put together from several independent choices
(a lead-in, a core, a tail) and the composer picks each from a hash of the customer's text.
The number of combinations, not the number of lines, is what keeps two customers' replies
apart. Slots: ``{c}`` the customer's clause, ``{n}`` the thing it is about ("your parcel"),
``{name}`` the customer's name.

Every line here is checked against the banned-phrase list by a test.
"""

from __future__ import annotations

Bank = dict[str, tuple[str, ...]]

# -- acknowledge: say back what happened, in the customer's own words ------------------------------

ACK_CLAUSE: Bank = {
    "warm": (
        "I can see that {c}",
        "Thank you for telling me that {c}",
        "I've read your message, and I can see {c}",
        "You've let us know that {c}",
        "I'm really glad you told us that {c}",
        "It's clear from your message that {c}",
        "Reading your message, I understand {c}",
        "Thanks for explaining that {c}",
        "I hear you: {c}",
        "From what you've written, {c}",
        "I understand that {c}",
        "Thank you for flagging that {c}",
    ),
    "neutral": (
        "I see that {c}",
        "You've told us that {c}",
        "Thanks for letting us know that {c}",
        "I understand that {c}",
        "Your message says that {c}",
        "Noted that {c}",
        "I've read that {c}",
        "Thanks for the details: {c}",
    ),
    "formal": (
        "Thank you for informing us that {c}",
        "I understand from your message that {c}",
        "I note from your message that {c}",
        "I have read your message and understand that {c}",
        "Thank you for making us aware that {c}",
        "Your message explains that {c}",
        "I appreciate you letting us know that {c}",
        "I have noted that {c}",
    ),
}
ACK_QUOTE: Bank = {
    "warm": (
        'You said "{c}", and I want to help with that',
        'When you say "{c}", I take that seriously',
        '"{c}" - thank you for putting it so plainly',
    ),
    "neutral": (
        'You wrote "{c}"',
        'Thanks for your message: "{c}"',
        'Noted: "{c}"',
        'I\'ve read your note: "{c}"',
    ),
    "formal": (
        'Thank you for your message, in which you wrote "{c}"',
        'I have read your message: "{c}"',
        'You wrote "{c}", and I would like to address this',
    ),
}
#: The customer has had to ask more than once: own that, never quote the question back. {t}: "three times".
ACK_REPEAT: Bank = {
    "warm": (
        "Asking {t} about {n} is {t} too many",
        "You shouldn't have had to ask about {n} {t}",
        "Having to chase {n} {t} isn't good enough",
        "I can see you've asked about {n} {t} now, and that's not right",
    ),
    "neutral": (
        "You've asked about {n} {t} now, and that shouldn't happen",
        "Chasing {n} {t} is not acceptable",
        "You shouldn't need to ask about {n} {t}",
    ),
    "formal": (
        "I understand you have had to ask about {n} {t}, which should not have been necessary",
        "Having to raise {n} {t} is not acceptable",
    ),
}
ACK_QUESTION: Bank = {
    "warm": ("You asked {c}", "Thanks for asking {c}", "Good question about {c}", "Happy to explain {c}"),
    "neutral": ("You asked {c}", "Here is {c}", "Thanks for asking {c}"),
    "formal": ("Thank you for asking {c}", "You asked {c}", "I am happy to explain {c}"),
}
ACK_TOPIC: Bank = {
    "warm": (
        "Thank you for getting in touch about {n}",
        "Thanks so much for writing to us about {n}",
        "I'm glad you reached out about {n}",
        "Thank you for taking the time to tell us about {n}",
        "I've read everything you wrote about {n}",
        "Thanks for letting us know about {n}",
        "Thank you for bringing {n} to me",
        "I'm glad you told me about {n}",
    ),
    "neutral": (
        "Thanks for contacting us about {n}",
        "Thanks for your message about {n}",
        "I've read your message about {n}",
        "Thanks for getting in touch about {n}",
    ),
    "formal": (
        "Thank you for contacting us regarding {n}",
        "Thank you for your message concerning {n}",
        "I have read your message about {n}",
        "Thank you for writing to us about {n}",
    ),
}

#: A neutral question about a topic: a lead-in that runs straight into the answer, so no sentence
#: is only stock words ("Thanks for your message about your delivery.").
ACK_TOPIC_QUESTION: Bank = {
    "warm": ("On {n}: ", "Happy to help with {n} - ", "About {n}: ", "Good question about {n} - "),
    "neutral": ("On {n}: ", "About {n}: ", "Regarding {n}: "),
    "formal": ("Regarding {n}: ", "With regard to {n}: ", "Concerning {n}: "),
}
#: Extra acknowledgements by journey stage, so the same topic reads differently before, during
#: and after a purchase.
ACK_TOPIC_STAGE: dict[str, Bank] = {
    "before": {
        "warm": ("Thanks for checking with us about {n} before going ahead",),
        "neutral": ("Thanks for asking about {n} up front",),
        "formal": ("Thank you for raising {n} before proceeding",),
    },
    "during": {
        "warm": (
            "I can see {n} is still under way and not going well",
            "Thanks for flagging {n} while it's still open",
        ),
        "neutral": ("I see {n} is still in progress",),
        "formal": ("I understand {n} is still in progress",),
    },
    "after": {
        "warm": ("Thanks for coming back to us about {n}", "I'm sorry to hear {n} didn't end well"),
        "neutral": ("Thanks for coming back to us about {n}",),
        "formal": ("Thank you for following up regarding {n}",),
    },
}

# -- validate: the feeling makes sense --------------------------------------------------------------

VALIDATE: dict[str, Bank] = {
    "anger": {
        "warm": (
            "That would frustrate anyone",
            "It's completely fair to be annoyed about that",
            "I'd feel exactly the same in your place",
            "Your frustration makes complete sense",
            "No wonder you're fed up",
            "That is genuinely maddening, and you're right to say so",
            "Anyone would be cross after that",
            "I completely understand why you're angry",
        ),
        "neutral": (
            "That's frustrating",
            "That's a fair reason to be annoyed",
            "I understand the frustration",
            "That would annoy most people",
            "Your frustration is understandable",
        ),
        "formal": (
            "Your frustration is entirely understandable",
            "I fully understand why this has caused annoyance",
            "It is understandable that this has upset you",
            "I appreciate how frustrating this must be",
        ),
    },
    "sadness": {
        "warm": (
            "That's really disappointing, and I'm glad you told us",
            "I can understand how let down you feel",
            "That isn't the experience you deserved",
            "It's disheartening when that happens",
            "That must have been a real letdown",
            "I can only imagine how disappointing that was",
        ),
        "neutral": (
            "That's disappointing",
            "I understand the disappointment",
            "That's not the experience we aim for",
            "That's a letdown, and it's fair to say so",
        ),
        "formal": (
            "I understand how disappointing this must be",
            "This is not the experience you were entitled to expect",
            "I appreciate how disappointing this has been",
        ),
    },
    "fear": {
        "warm": (
            "It's natural to feel worried about that",
            "I can see why that's unsettling",
            "Anyone would feel anxious in that situation",
            "That's a worrying thing to face, and you're not on your own",
        ),
        "neutral": (
            "I understand the concern",
            "That's a fair thing to worry about",
            "That's understandably worrying",
        ),
        "formal": (
            "Your concern is entirely understandable",
            "I appreciate that this is a worrying situation",
            "It is natural to be concerned about this",
        ),
    },
    "confusion": {
        "warm": (
            "I can see why that's confusing",
            "That would leave anyone puzzled",
            "It's fair to want a straight answer",
            "I'd be scratching my head too",
        ),
        "neutral": ("I can see why that's unclear", "That's fair to question", "That's confusing"),
        "formal": ("I understand why this is unclear", "It is reasonable to ask for clarification"),
    },
}
#: For a complaint told flatly (the model reads it as neutral): acknowledge it's not right, no feelings talk.
VALIDATE["plain"] = {
    "warm": (
        "That isn't how it should be",
        "You were right to raise it",
        "That's not good enough",
        "That shouldn't have happened",
        "I can see why you got in touch",
    ),
    "neutral": ("That isn't right", "That shouldn't happen", "You were right to raise it"),
    "formal": ("That is not the standard we expect", "You were right to raise this"),
}
EMOTION_FAMILY: dict[str, str] = {
    "anger": "anger", "annoyance": "anger", "disgust": "anger", "disapproval": "anger",
    "sadness": "sadness", "disappointment": "sadness", "grief": "sadness", "remorse": "sadness",
    "embarrassment": "sadness", "fear": "fear", "nervousness": "fear", "confusion": "confusion",
    "curiosity": "confusion", "surprise": "confusion", "realization": "confusion",
}  # fmt: skip

# -- apologise: only where the company is at fault --------------------------------------------------

#: Used when the playbook has no ``apologies`` for the cause and there is no clause to apologise for.
APOLOGY: Bank = {
    "warm": (
        "I'm sorry we let you down here",
        "I'm truly sorry this happened",
        "I'm sorry - this is on us",
        "I'm really sorry we got this wrong",
        "Please accept my apology",
    ),
    "neutral": ("I'm sorry we got this wrong", "Sorry, this is on us", "I apologise for this"),
    "formal": (
        "Please accept our sincere apologies",
        "I apologise that we fell short",
        "We apologise for our mistake",
    ),
}
#: An apology for exactly what the customer said happened: "I'm sorry your parcel arrived late".
APOLOGY_CLAUSE: Bank = {
    "warm": ("I'm so sorry {c}", "I'm really sorry {c}", "I'm sorry to hear {c}", "I'm truly sorry {c}"),
    "neutral": ("I'm sorry {c}", "Sorry to hear {c}"),
    "formal": ("I am sorry to learn that {c}", "I sincerely apologise that {c}"),
}

# -- reassure: matched to what the customer needs ---------------------------------------------------

REASSURE: dict[str, Bank] = {
    "reassurance": {
        "warm": (
            "You don't need to worry about {n} any more",
            "{N} is in safe hands now",
            "I'll keep a close eye on {n} so you're not left wondering",
            "Rest assured, {n} has not been forgotten",
        ),
        "neutral": ("{N} is being looked after", "{N} has not been forgotten", "{N} is now being handled"),
        "formal": (
            "I can assure you that {n} is being looked after",
            "Please be assured that {n} is in hand",
        ),
    },
    "fast_resolution": {
        "warm": (
            "I know time matters here, so I'm treating {n} as urgent",
            "I've marked {n} as a priority",
            "I'm on {n} right now rather than later",
            "Getting {n} sorted quickly is my priority",
        ),
        "neutral": ("{N} is marked as urgent", "I've prioritised {n}", "{N} is now at the top of the queue"),
        "formal": ("I have prioritised {n}", "I have marked {n} as urgent so it is resolved promptly"),
    },
    "fairness": {
        "warm": (
            "We'll make sure {n} is handled fairly",
            "It's only fair that we look at {n} again properly",
            "You deserve a fair outcome on {n}, and I'll see that you get one",
            "I want the outcome on {n} to feel fair to you",
        ),
        "neutral": (
            "We'll look at {n} fairly",
            "You'll get a fair outcome on {n}",
            "We'll review {n} fairly",
        ),
        "formal": ("We will ensure {n} is handled fairly", "I will ensure a fair outcome regarding {n}"),
    },
    "to_be_heard": {
        "warm": (
            "Your feedback on {n} has gone to the people who can change it",
            "I've read every word, and what you said about {n} won't be brushed aside",
            "What you've told us about {n} is being taken seriously",
            "I've passed your words about {n} on exactly as you wrote them",
        ),
        "neutral": (
            "Your feedback on {n} has been passed on",
            "What you said about {n} has been recorded and shared",
            "Your comments on {n} have gone to the team responsible",
        ),
        "formal": (
            "Your comments regarding {n} have been shared with the team responsible",
            "Your feedback on {n} is being taken seriously",
        ),
    },
    "respect": {
        "warm": (
            "You deserve to be treated with respect, and what you've told us about {n} matters",
            "Nobody should be made to feel that way, and I'm taking {n} seriously",
            "You should always be treated with courtesy, and {n} fell short of that",
        ),
        "neutral": (
            "You should be treated with respect, and {n} is being reviewed",
            "{N} is being taken seriously",
        ),
        "formal": ("You are entitled to be treated with courtesy, and {n} will be reviewed",),
    },
    "control": {
        "warm": (
            "You decide how we put {n} right",
            "It's your call how we take {n} forward",
            "I'll give you the options for {n} and you choose",
            "You stay in charge of what happens with {n}",
        ),
        "neutral": ("You choose how we handle {n}", "The options for {n} are yours to pick from"),
        "formal": (
            "The choice of how we resolve {n} is yours",
            "I will set out the options for {n} for you to decide",
        ),
    },
    "clarity": {
        "warm": (
            "I'll keep this simple and tell you exactly what happens with {n}",
            "Here's a straight answer on {n}",
            "Let me clear up {n} properly",
            "I'll make sure you know exactly where {n} stands",
        ),
        "neutral": ("Here is where {n} stands", "To be clear about {n}", "Here's what happens with {n}"),
        "formal": (
            "Allow me to set out clearly what happens with {n}",
            "I will explain clearly where {n} stands",
        ),
    },
    "appreciation": {
        "warm": (
            "Your loyalty means a great deal to us, and {n} should reflect that",
            "We value you as a customer, and I want {n} to show it",
            "Customers like you are why we care about getting {n} right",
        ),
        "neutral": ("We value your custom, and {n} matters to us", "Your loyalty is noticed, and so is {n}"),
        "formal": ("We greatly value your custom, and {n} is important to us",),
    },
    "help_to_succeed": {
        "warm": (
            "I'll stay with you until {n} works the way it should",
            "I'll help you get {n} working, step by step",
            "We'll get {n} sorted together",
            "I want you up and running with {n} as soon as possible",
        ),
        "neutral": ("I'll help you get {n} working", "We'll get {n} working", "I'll guide you through {n}"),
        "formal": ("I will support you until {n} is working as it should", "I will guide you through {n}"),
    },
    "": {
        "warm": (
            "I'm personally following up on {n}",
            "I'll see {n} through myself",
            "You won't have to chase us about {n}",
            "I'll keep checking on {n} until it's put right",
        ),
        "neutral": ("I'm following up on {n} myself", "I'm handling {n} myself", "I'll keep checking on {n}"),
        "formal": ("I will follow {n} through to resolution", "I will personally oversee {n}"),
    },
}
REASSURE_TAIL: Bank = {
    "warm": (
        "",
        "",
        ", you have my word",
        ", and I'll keep you posted",
        ", and I'll be in touch",
        ", I promise",
    ),
    "neutral": ("", "", ", and I'll keep you updated", ", and you'll hear from us"),
    "formal": ("", "", ", and I will keep you informed", ", and we will update you"),
}

# -- joining moves into one sentence ----------------------------------------------------------------

JOIN: Bank = {
    "warm": (", and ", " - ", ". ", ". ", ", and "),
    "neutral": (", and ", ". ", ". ", "; "),
    "formal": (", and ", ". ", ". ", "; "),
}
#: Before a reassurance, "so" also reads well: "... and that's not good enough, so I'm on it".
JOIN_REASSURE: Bank = {
    "warm": (", so ", ". ", ", and "),
    "neutral": (", so ", ". ", "; "),
    "formal": (", and ", ". ", "; "),
}
STEP_LEAD: Bank = {
    "warm": (
        "",
        "",
        "Here's what I've done: ",
        "Here's the next step: ",
        "So you know where things stand: ",
        "Right away, ",
        "What happens now: ",
    ),
    "neutral": ("", "", "Next step: ", "What happens now: ", "Here's the plan: "),
    "formal": ("", "", "As a next step, ", "To move this forward, ", "In terms of next steps, "),
}

# -- close ------------------------------------------------------------------------------------------

CLOSE_OPEN: Bank = {
    "warm": (
        "If anything else comes up",
        "If anything else about {n} comes up",
        "If you have more questions about {n}",
        "If {n} gives you any more trouble",
        "If there's anything more I can do",
        "Should you need anything in the meantime",
        "If something doesn't look right",
        "If you have any questions at all",
        "Whenever you need me",
    ),
    "neutral": (
        "If you need anything else",
        "If you have questions about {n}",
        "If you have questions",
        "If anything changes",
        "For anything else",
    ),
    "formal": (
        "Should you have any further questions",
        "Should you have further questions about {n}",
        "If I can be of further assistance",
        "Should anything else arise",
        "If you require anything further",
    ),
}
CLOSE_ACT: dict[str, Bank] = {
    "email": {
        "warm": (
            "just reply to this email",
            "write back here",
            "drop me a line",
            "hit reply",
            "send me a quick reply",
            "reply here",
        ),
        "neutral": ("reply to this email", "write back", "reply here"),
        "formal": (
            "please reply to this email",
            "please do not hesitate to reply",
            "please write back to me",
        ),
    },
    "chat": {
        "warm": ("just say so here", "message me here", "let me know in this chat", "just type it here"),
        "neutral": ("say so here", "message us here", "type it here"),
        "formal": ("please let me know in this chat", "please message me here"),
    },
    "review": {
        "warm": ("get in touch with us directly", "message us privately", "contact our team directly"),
        "neutral": ("contact us directly", "message us privately"),
        "formal": ("please contact us directly", "please write to us privately"),
    },
}
CLOSE_TAIL: Bank = {
    "warm": (
        " and it will come straight to me",
        " and I'll pick it up myself",
        " and I'll be glad to help",
        ", I'm here",
        " and I'll get back to you quickly",
        "",
    ),
    "neutral": (" and we'll help", "", " and I'll pick it up"),
    "formal": (" and I will be happy to assist", "", " and I will respond promptly"),
}

# -- positive feedback ------------------------------------------------------------------------------

THANK_CLAUSE: Bank = {
    "warm": (
        "Thank you so much for telling us that {c}",
        "It made our day to hear that {c}",
        "How lovely to read that {c}",
        "Thank you, it's great to hear that {c}",
        "We're delighted that {c}",
    ),
    "neutral": ("Thanks for letting us know that {c}", "Good to hear that {c}", "Glad to hear that {c}"),
    "formal": (
        "Thank you for letting us know that {c}",
        "We are pleased to hear that {c}",
        "Thank you for your kind words; we are glad that {c}",
    ),
}
THANK_TOPIC: Bank = {
    "warm": (
        "Thank you so much for the kind words about {n}",
        "Thanks a million for your lovely message about {n}",
        "What a lovely thing to read about {n}, thank you",
        "Thank you for sharing such positive news about {n}",
    ),
    "neutral": (
        "Thanks for your feedback about {n}",
        "Thanks for the positive feedback on {n}",
        "Thank you for the kind words about {n}",
    ),
    "formal": (
        "Thank you for your kind feedback regarding {n}",
        "We are grateful for your positive comments about {n}",
    ),
}
#: {p}: who or what was praised ("the engineer", or the playbook's praise_topic); {q}: what they
#: said about it ("brilliant and so kind") when the echo gives it.
PRAISE_SHARE: Bank = {
    "warm": (
        "I'll make sure {p} hears this",
        "I'm passing your message straight on to {p}",
        "{P} will be thrilled to read this, and I'll make sure they do",
        "I'll share your words with {p} today",
    ),
    "neutral": (
        "I'll pass this on to {p}",
        "Your feedback will go to {p}",
        "I'll share this with {p}",
    ),
    "formal": (
        "I will make sure {p} receives your kind words",
        "Your feedback will be passed on to {p}",
        "I will share your comments with {p} personally",
    ),
}
#: When the praise named a person: thank, and say back what they praised, in one sentence.
PRAISE_SHARE_QUALITY: Bank = {
    "warm": (
        "Thank you so much for writing - I'll tell {p} that you found them {q}, which will make their day",
        "What a lovely message - I'm passing on to {p} that you found them {q}",
        "Thank you for this - I'll make sure {p} hears that you found them {q}",
    ),
    "neutral": ("Thanks for writing - I'll let {p} know that you found them {q}",),
    "formal": (
        "Thank you for taking the time to write; I will make sure {p} hears that you found them {q}",
        "Thank you for your kind message; I will let {p} know that you found them {q}",
    ),
}
PRAISE_CLOSE: Bank = {
    "warm": (
        "we look forward to seeing you again",
        "thanks again for taking a moment to write",
        "here's to the next time",
        "messages like yours make our day",
        "it means a lot that you took the time",
        "",
        "",
    ),
    "neutral": ("thanks again", "see you next time", "we appreciate you writing", ""),
    "formal": ("we look forward to serving you again", "thank you once again for writing", ""),
}

# -- neutral questions ------------------------------------------------------------------------------

#: Only before a playbook ``help_steps`` answer, which says where to do it or offers to do it.
ANSWER_LEAD: Bank = {
    "warm": (
        "Here's how to go about it: ",
        "Happy to help with that: ",
        "Good news, this is easy to sort: ",
        "",
    ),
    "neutral": ("Here's how: ", "", "In short: "),
    "formal": ("In answer to your question: ", "", "The details are as follows: "),
}
LINK_LEAD: Bank = {
    "warm": ("You'll also find a guide here: {link}", "There's a handy guide at {link}"),
    "neutral": ("More details: {link}", "See also {link}"),
    "formal": ("Further information is available at {link}", "You may also find {link} useful"),
}

# -- channel furniture ------------------------------------------------------------------------------

GREETING: Bank = {
    "warm": ("Hi {name},", "Hello {name},", "Dear {name},"),
    "neutral": ("Hello {name},", "Hi {name},"),
    "formal": ("Dear {name},",),
}
GREETING_NO_NAME: Bank = {
    "warm": ("Hi there,", "Hello,"),
    "neutral": ("Hello,",),
    "formal": ("Dear customer,", "Hello,"),
}
SIGN_OFF: Bank = {
    "warm": ("Warm wishes,", "Take care,", "All the best,", "Best wishes,", "Kind regards,"),
    "neutral": ("Regards,", "Best regards,", "Thanks,"),
    "formal": ("Kind regards,", "Yours sincerely,", "With kind regards,"),
}
DM_INVITE: Bank = {
    "warm": (
        "Could you send us a DM so we can look into {n} properly?",
        "Please drop us a DM and we'll sort out {n} together.",
        "Pop us a DM and I'll look into {n} for you.",
    ),
    "neutral": ("Please send us a DM so we can check {n}.", "DM us and we'll look into {n}."),
    "formal": ("Please send us a direct message so we can look into {n}.",),
}
REVIEW_THANK: Bank = {
    "warm": (
        "Thank you for taking the time to write this review",
        "Thanks for sharing your experience here",
        "Thank you for your honest review",
    ),
    "neutral": ("Thanks for your review", "Thanks for the feedback here"),
    "formal": ("Thank you for taking the time to leave a review", "Thank you for your review"),
}
