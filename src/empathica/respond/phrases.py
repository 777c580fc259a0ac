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
#: A topic-only acknowledgement (no words of the customer's to say back) is put together from a
#: lead and an action, so customers writing about the same topic rarely get the same sentence:
#: a lead that takes a gerund ("Thanks for") with ``ACK_TOPIC_ACTS[..][0]``, or one that takes a
#: past tense ("I'm glad you") with ``ACK_TOPIC_ACTS[..][1]``.
ACK_TOPIC_LEAD_GERUND: Bank = {
    "warm": (
        "Thanks for",
        "Thank you for",
        "Thanks so much for",
        "Thank you so much for",
        "I appreciate you",
        "I'm grateful to you for",
        "Many thanks for",
    ),
    "neutral": ("Thanks for", "Thank you for", "Many thanks for"),
    "formal": ("Thank you for", "I appreciate you", "I am grateful to you for", "Many thanks for"),
}
ACK_TOPIC_LEAD_PAST: Bank = {
    "warm": (
        "I'm glad you",
        "I'm really glad you",
        "It's good that you",
        "I'm pleased you",
        "Thank you - I'm glad you",
    ),
    "neutral": ("Good that you", "Glad you"),
    "formal": ("I am glad that you", "I am pleased that you"),
}
ACK_TOPIC_ACTS: dict[str, tuple[tuple[str, str], ...]] = {
    "warm": (
        ("getting in touch about {n}", "got in touch about {n}"),
        ("writing to us about {n}", "wrote to us about {n}"),
        ("raising {n} with us", "raised {n} with us"),
        ("flagging {n}", "flagged {n}"),
        ("telling us about {n}", "told us about {n}"),
        ("letting us know about {n}", "let us know about {n}"),
        ("bringing {n} to me", "brought {n} to me"),
        ("reaching out about {n}", "reached out about {n}"),
        ("messaging us about {n}", "messaged us about {n}"),
        ("speaking up about {n}", "spoke up about {n}"),
    ),
    "neutral": (
        ("contacting us about {n}", "contacted us about {n}"),
        ("your message about {n}", "wrote about {n}"),
        ("raising {n}", "raised {n}"),
        ("getting in touch about {n}", "got in touch about {n}"),
        ("flagging {n}", "flagged {n}"),
    ),
    "formal": (
        ("contacting us regarding {n}", "contacted us regarding {n}"),
        ("writing to us concerning {n}", "wrote to us concerning {n}"),
        ("raising {n} with us", "raised {n} with us"),
        ("bringing {n} to our attention", "brought {n} to our attention"),
        ("informing us about {n}", "informed us about {n}"),
    ),
}
#: Whole acknowledgements of a topic that do not fit the lead + action shape.
ACK_TOPIC: Bank = {
    "warm": ("I've read everything you wrote about {n}", "I've gone through your message about {n}"),
    "neutral": ("I've read your message about {n}",),
    "formal": ("I have read your message about {n}", "I have read your message concerning {n}"),
}

#: A neutral question about a topic: a lead-in that runs straight into the answer, so no sentence
#: is only stock words ("Thanks for your message about your delivery.").
ACK_TOPIC_QUESTION: Bank = {
    "warm": ("On {n}: ", "Happy to help with {n} - ", "About {n}: ", "Good question about {n} - "),
    "neutral": ("On {n}: ", "About {n}: ", "Regarding {n}: "),
    "formal": ("Regarding {n}: ", "With regard to {n}: ", "Concerning {n}: "),
}
#: The same in public (social, review): a thank-you, since the answer is an invitation to a private
#: message rather than the answer itself.
ACK_TOPIC_QUESTION_PUBLIC: Bank = {
    "warm": (
        "Thanks for asking about {n} - ",
        "Thank you for your question about {n} - ",
        "Thanks for getting in touch about {n} - ",
        "Thanks so much for reaching out about {n} - ",
        "Thank you for asking us about {n} - ",
        "Thanks for the question on {n} - ",
    ),
    "neutral": ("Thanks for asking about {n} - ", "Thanks for your question about {n} - "),
    "formal": ("Thank you for your question regarding {n} - ", "Thank you for asking about {n} - "),
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
            "{N} is with me now, so you can stop worrying about it",
            "There's no need to worry about {n} - I'm on it",
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
            "{N} has gone to the top of my priority list",
            "I'm treating {n} as urgent from this moment",
            "I won't let {n} sit in a queue - it's urgent",
            "Sorting {n} quickly matters to me as much as to you",
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
        "neutral": (
            "Here is where {n} stands",
            "To be clear about {n}",
            "Here's what happens with {n}",
            "You'll get one clear answer on {n}",
        ),
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
            "I'm keeping {n} on my own list until it's done",
            "{N} stays with me until it's resolved",
            "I'll make sure {n} doesn't slip through the cracks",
            "I'm looking after {n} from here",
        ),
        "neutral": ("I'm following up on {n} myself", "I'm handling {n} myself", "I'll keep checking on {n}"),
        "formal": ("I will follow {n} through to resolution", "I will personally oversee {n}"),
    },
}
#: Before a reassurance that has no comma of its own: one more independent pick, so two customers
#: with the same need and topic rarely get the same sentence.
REASSURE_LEAD: Bank = {
    "warm": ("", "", "From here, ", "Right now, ", "Please know that ", "For my part, "),
    "neutral": ("", "", "From here, ", "For now, "),
    "formal": ("", "", "Please be aware that ", "From this point, "),
}
REASSURE_TAIL: Bank = {
    "warm": (
        "",
        "",
        ", you have my word",
        ", and I'll keep you posted",
        ", and I'll be in touch",
        ", I promise",
        ", and you'll hear from me first",
        ", and I'll tell you as soon as anything changes",
    ),
    "neutral": ("", "", ", and I'll keep you updated", ", and you'll hear from us", ", and I'll update you"),
    "formal": (
        "",
        "",
        ", and I will keep you informed",
        ", and we will update you",
        ", and I will report back to you",
    ),
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

#: Every opener names the thing ({n}): a closing line with no word of the customer's in it would
#: be the same for everyone who picked the same words.
CLOSE_OPEN: Bank = {
    "warm": (
        "If anything else about {n} comes up",
        "If you have more questions about {n}",
        "If {n} gives you any more trouble",
        "If there's anything more I can do about {n}",
        "Should you need anything about {n} in the meantime",
        "If something about {n} doesn't look right",
        "If you have any questions at all about {n}",
        "Whenever you want to talk about {n}",
        "If there's news on {n} at your end",
    ),
    "neutral": (
        "If you need anything else on {n}",
        "If you have questions about {n}",
        "If anything changes with {n}",
        "For anything else about {n}",
    ),
    "formal": (
        "Should you have any further questions about {n}",
        "If I can be of further assistance with {n}",
        "Should anything else arise regarding {n}",
        "If you require anything further concerning {n}",
    ),
}
#: Closing openers that follow from what the customer needs, so the last line fits the reply.
CLOSE_OPEN_NEED: dict[str, Bank] = {
    "reassurance": {
        "warm": (
            "If anything about {n} still worries you",
            "If you're uneasy about {n} before then",
            "Should {n} leave you worried again",
        ),
        "neutral": ("If {n} still worries you", "If you're unsure about {n} before then"),
        "formal": ("Should {n} continue to concern you", "If you remain concerned about {n}"),
    },
    "fast_resolution": {
        "warm": (
            "If {n} is still not sorted by then",
            "If you need {n} moving faster than that",
            "If {n} changes before then",
        ),
        "neutral": ("If {n} isn't sorted by then", "If {n} changes in the meantime"),
        "formal": ("Should {n} not be resolved by then", "If the situation with {n} changes in the meantime"),
    },
    "fairness": {
        "warm": (
            "If the outcome on {n} doesn't feel fair to you",
            "If you think we've missed something about {n}",
            "If anything about {n} still seems unfair",
        ),
        "neutral": ("If the outcome on {n} doesn't seem fair", "If we've missed something about {n}"),
        "formal": (
            "Should the outcome regarding {n} not seem fair to you",
            "If you feel we have overlooked anything about {n}",
        ),
    },
    "to_be_heard": {
        "warm": (
            "If there's more you'd like us to hear about {n}",
            "If I've missed anything you said about {n}",
            "If there's anything else you want on record about {n}",
        ),
        "neutral": ("If there's more to add about {n}", "If I've missed anything about {n}"),
        "formal": (
            "Should you wish to add anything about {n}",
            "If I have overlooked any part of your message about {n}",
        ),
    },
    "respect": {
        "warm": (
            "If there's anything else about {n} you'd like us to know",
            "If you'd like to talk about {n} with a team leader",
        ),
        "neutral": ("If you'd like to add anything about {n}",),
        "formal": ("Should you wish to discuss {n} with a team leader",),
    },
    "control": {
        "warm": (
            "If you'd prefer a different way of handling {n}",
            "If you'd like another option for {n}",
            "Once you've decided what you'd like for {n}",
        ),
        "neutral": ("If you'd prefer another option for {n}", "Once you've chosen what to do about {n}"),
        "formal": (
            "Should you prefer a different approach to {n}",
            "Once you have decided how you would like us to proceed with {n}",
        ),
    },
    "clarity": {
        "warm": (
            "If any of this about {n} is still unclear",
            "If you'd like {n} explained another way",
            "If my answer on {n} raises new questions",
        ),
        "neutral": ("If anything about {n} is unclear", "If you'd like more detail on {n}"),
        "formal": (
            "Should any part of this regarding {n} be unclear",
            "If you would like {n} explained in more detail",
        ),
    },
    "help_to_succeed": {
        "warm": (
            "If {n} still isn't working after that",
            "If you get stuck with {n} again",
            "If {n} plays up again",
        ),
        "neutral": ("If {n} still doesn't work", "If you get stuck with {n} again"),
        "formal": ("Should {n} still not work as expected", "If you encounter further difficulty with {n}"),
    },
    "appreciation": {
        "warm": ("If there's anything else we can do for you on {n}", "If {n} ever lets you down again"),
        "neutral": ("If there's more we can do on {n}",),
        "formal": ("If there is anything further we can do regarding {n}",),
    },
}
#: Closing openers that follow from the cause: what might happen next in this kind of trouble.
CLOSE_OPEN_CAUSE: dict[str, Bank] = {
    "delivery": {
        "warm": (
            "If {n} turns up in the meantime",
            "If the courier gets in touch with you about {n} first",
            "If there's news of {n} on your side",
        ),
        "neutral": ("If {n} arrives in the meantime", "If the courier contacts you about {n} first"),
        "formal": ("Should {n} arrive in the meantime", "Should the courier contact you about {n} first"),
    },
    "billing_payment": {
        "warm": (
            "If another charge shows up on {n} that you don't recognise",
            "If {n} still looks wrong on your next statement",
            "If anything else on {n} looks off",
        ),
        "neutral": (
            "If another charge you don't recognise appears on {n}",
            "If {n} looks wrong on your next statement",
        ),
        "formal": (
            "Should another unfamiliar charge appear on {n}",
            "If {n} still appears incorrect on your next statement",
        ),
    },
    "product_quality": {
        "warm": ("If {n} gets any worse in the meantime", "If you spot anything else wrong with {n}"),
        "neutral": ("If {n} gets worse in the meantime", "If you notice another fault with {n}"),
        "formal": ("Should {n} deteriorate in the meantime", "If you notice any further fault with {n}"),
    },
    "service_quality": {
        "warm": (
            "If the problem with {n} comes back before then",
            "If another day would suit you better for {n}",
        ),
        "neutral": (
            "If the problem with {n} comes back before then",
            "If another day suits you better for {n}",
        ),
        "formal": (
            "Should the problem with {n} recur before then",
            "If another date would suit you better for {n}",
        ),
    },
    "usability_access": {
        "warm": (
            "If {n} lets you in before then",
            "If you see a new error message with {n}",
            "If {n} starts working again on its own",
        ),
        "neutral": ("If {n} starts working again", "If you see a new error with {n}"),
        "formal": ("Should {n} begin working again", "If you see a different error message with {n}"),
    },
    "wait_time": {
        "warm": ("If you're still waiting on {n} after that", "If you hear from anyone else about {n} first"),
        "neutral": (
            "If you're still waiting on {n} after that",
            "If someone else contacts you about {n} first",
        ),
        "formal": (
            "Should you still be waiting on {n} after that",
            "If you are contacted about {n} in the meantime",
        ),
    },
    "lack_of_interaction": {
        "warm": (
            "If you don't hear from me about {n} when I said you would",
            "If anyone else contacts you about {n} first",
        ),
        "neutral": ("If you don't hear from me about {n} by then",),
        "formal": ("Should you not hear from me about {n} as promised",),
    },
    "staff_treatment": {
        "warm": (
            "If you remember anything else about {n}",
            "If you'd like to tell the team leader about {n} yourself",
        ),
        "neutral": ("If you remember more details about {n}",),
        "formal": ("Should you recall further details about {n}",),
    },
    "communication_clarity": {
        "warm": (
            "If the written answer about {n} still leaves you unsure",
            "If you receive anything else about {n} that doesn't add up",
        ),
        "neutral": ("If the answer on {n} still leaves you unsure",),
        "formal": ("Should the written answer on {n} leave any doubt",),
    },
    "price_value": {
        "warm": (
            "Once you've had a look at the options for {n}",
            "If you'd like to talk through {n} before deciding",
        ),
        "neutral": ("Once you've looked at the options for {n}",),
        "formal": ("Once you have reviewed the options for {n}",),
    },
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
            "just write back to me",
            "answer this email",
            "reply to me here",
        ),
        "neutral": (
            "reply to this email",
            "write back",
            "reply here",
            "answer this email",
            "write back to me",
        ),
        "formal": (
            "please reply to this email",
            "please do not hesitate to reply",
            "please write back to me",
        ),
    },
    "chat": {
        "warm": (
            "just say so here",
            "message me here",
            "let me know in this chat",
            "just type it here",
            "tell me here",
            "drop it in this chat",
            "send it my way here",
        ),
        "neutral": ("say so here", "message us here", "type it here", "tell me here", "write it here"),
        "formal": ("please let me know in this chat", "please message me here"),
    },
    "review": {
        "warm": (
            "get in touch with us directly",
            "message us privately",
            "contact our team directly",
            "drop us a private message",
            "write to us directly",
            "reach us privately",
        ),
        "neutral": ("contact us directly", "message us privately", "write to us directly"),
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
        " and I'll take it from there",
        " and I'll look at it straight away",
        " and you'll have an answer from me",
        " and I'll come back to you",
    ),
    "neutral": (
        " and we'll help",
        "",
        " and I'll pick it up",
        " and I'll take it from there",
        " and I'll follow it up",
    ),
    "formal": (
        " and I will be happy to assist",
        "",
        " and I will respond promptly",
        " and I will take the matter up",
        " and I will attend to it personally",
    ),
}

# -- explore: one short, specific question where the situation is unclear ----------------------------

#: By cause: a question whose answer helps with this kind of trouble. No requests for order numbers
#: or account details here: that is the step's job, and asking for data is not exploring.
EXPLORE_CAUSE: dict[str, Bank] = {
    "delivery": {
        "warm": (
            "Has the tracking for {n} changed at all since you last looked?",
            "Did the courier leave a card or a note about {n}?",
            "Is {n} the only order affected, or are others late too?",
            "When did you last see an update on {n}?",
            "Has anyone from the courier been in touch with you about {n}?",
            "What did the last tracking update on {n} say?",
            "Is anyone at home to take {n} if it turns up tomorrow?",
        ),
        "formal": (
            "Has the tracking for {n} changed since you last checked?",
            "Did the courier leave any note about {n}?",
        ),
    },
    "billing_payment": {
        "warm": (
            "Which charge on {n} doesn't look right to you?",
            "When did you first notice the problem with {n}?",
            "Is it one payment that looks wrong, or several?",
            "What amount were you expecting to see on {n}?",
        ),
        "formal": (
            "Which charge on {n} appears incorrect to you?",
            "When did you first notice the problem with {n}?",
        ),
    },
    "product_quality": {
        "warm": (
            "When did {n} first start doing this?",
            "Does the problem with {n} happen every time, or only now and then?",
            "What happens with {n} just before it goes wrong?",
        ),
        "formal": (
            "When did the problem with {n} first appear?",
            "Does the problem with {n} occur every time, or only occasionally?",
        ),
    },
    "service_quality": {
        "warm": ("What's still not right since the visit?", "What did you expect to be done that wasn't?"),
        "formal": (
            "What remains unresolved since the visit?",
            "What did you expect to be done that was not?",
        ),
    },
    "usability_access": {
        "warm": (
            "What do you see on the screen when {n} goes wrong?",
            "Which device are you using when {n} gives you trouble?",
            "When did {n} last work for you?",
            "Does the problem with {n} happen on every device, or just one?",
            "What were you doing just before {n} stopped working?",
            "Is there an error message with {n}, and what does it say?",
            "Have you been able to use {n} at all today?",
        ),
        "formal": (
            "What do you see on the screen when the problem occurs?",
            "Which device are you using when the problem with {n} occurs?",
        ),
    },
    "wait_time": {
        "warm": (
            "What's the latest anyone has told you about {n}?",
            "How soon do you need {n} sorted?",
            "How long ago did you first ask about {n}?",
            "Is there a date {n} really has to be done by?",
        ),
        "formal": ("What is the latest you have been told about {n}?", "By when do you need {n} resolved?"),
    },
    "lack_of_interaction": {
        "warm": (
            "When did you last hear anything from us about {n}?",
            "What's the best time of day for me to reach you?",
            "Who did you speak to last about {n}, if you remember?",
            "What were you promised about {n}, and when?",
            "How would you like me to keep you updated on {n}: here, or by phone?",
        ),
        "formal": (
            "When did you last hear from us about {n}?",
            "What time of day is best for me to contact you?",
        ),
    },
    "communication_clarity": {
        "warm": (
            "Which part of what you were told about {n} didn't add up?",
            "What were you told about {n}, and by whom?",
        ),
        "formal": (
            "Which part of the information about {n} was unclear?",
            "What were you told about {n}, and by whom?",
        ),
    },
    "overall_experience": {
        "warm": (
            "What's the one thing that would most improve {n}?",
            "Where did things first start to go wrong with {n}?",
            "What would put {n} right for you?",
            "Which part of {n} let you down most?",
        ),
        "formal": (
            "What would most improve {n} for you?",
            "Where did things first start to go wrong with {n}?",
        ),
    },
    "policy_terms": {
        "warm": (
            "Which part of the terms for {n} worries you most?",
            "What outcome were you hoping for with {n}?",
        ),
        "formal": (
            "Which part of the terms for {n} concerns you most?",
            "What outcome were you hoping for regarding {n}?",
        ),
    },
    "price_value": {
        "warm": (
            "How do you mostly use the service, so I can suggest what fits?",
            "What would feel like fair value for {n} to you?",
            "Which part of {n} do you use least?",
            "What price were you expecting for {n}?",
        ),
        "formal": ("How do you mainly use the service, so that I can suggest what fits?",),
    },
}
#: By need: what the customer wants decides what is worth asking.
EXPLORE_NEED: dict[str, Bank] = {
    "clarity": {
        "warm": (
            "Which part of {n} would you like me to clear up first?",
            "What's the one thing about {n} you most need a straight answer on?",
        ),
        "formal": (
            "Which part of {n} would you like me to clarify first?",
            "What is the main point about {n} you would like answered?",
        ),
    },
    "control": {
        "warm": ("What would you like to happen with {n}?", "How would you prefer us to put {n} right?"),
        "formal": ("How would you like us to proceed with {n}?", "What outcome would you prefer for {n}?"),
    },
    "help_to_succeed": {
        "warm": (
            "How far did you get with {n} before it stopped working?",
            "What were you trying to do with {n} when it went wrong?",
        ),
        "formal": (
            "How far did you get with {n} before the problem occurred?",
            "What were you trying to do with {n} when it went wrong?",
        ),
    },
}
EXPLORE_GENERIC: Bank = {
    "warm": (
        "Could you tell me a little more about what happened with {n}?",
        "What would a good outcome on {n} look like for you?",
        "Is there anything about {n} you'd like me to look at first?",
        "What's the most important thing about {n} for you right now?",
        "When did the trouble with {n} start?",
        "What have you already tried with {n}, so I don't repeat it?",
    ),
    "formal": (
        "Could you tell me a little more about what happened with {n}?",
        "What would a good outcome regarding {n} look like for you?",
    ),
}
#: Before the question, in the same sentence: why we ask, so it reads as interest, not a form.
EXPLORE_LEAD: Bank = {
    "warm": (
        "One quick question: ",
        "So I can get this right for you: ",
        "It would help me to know: ",
        "If you don't mind me asking: ",
        "Just so I understand: ",
        "One detail would help me here: ",
        "Can I ask one thing: ",
        "To point me in the right direction: ",
        "While I look into it: ",
        "So I'm not guessing: ",
        "One more thing that would help: ",
        "Before I chase this: ",
        "To save you explaining twice: ",
        "A quick question so I get this right: ",
    ),
    "neutral": (
        "One question: ",
        "To help me check: ",
        "Quick question: ",
        "So I can check: ",
        "One thing: ",
    ),
    "formal": (
        "May I ask: ",
        "So that I can assist you fully: ",
        "To help me look into this: ",
        "So that nothing is missed: ",
        "To help me resolve this: ",
    ),
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
        "It's lovely to hear good things about {n}, thank you",
        "Thank you for taking a moment to say something nice about {n}",
        "Your kind message about {n} made our day, so thank you",
        "Thank you - we're so pleased you took the time to write about {n}",
        "Thank you for the warm words about {n}",
        "Hearing this about {n} is wonderful, thank you",
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
        "I'll pass every word of this on to {p}",
        "I'm sharing this with {p} today",
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
#: The playbook's help link, inside the closing line: "..., the guide at {link} may help, or just reply".
LINK_IN_CLOSE: Bank = {
    "warm": (
        "the guide at {link} may help, or ",
        "there's a handy guide at {link}, or ",
        "have a look at {link}, or ",
        "the steps are at {link}, or ",
    ),
    "neutral": ("see {link}, or ", "there's more at {link}, or "),
    "formal": (
        "further information is available at {link}; alternatively, ",
        "you may find {link} useful; alternatively, ",
    ),
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
