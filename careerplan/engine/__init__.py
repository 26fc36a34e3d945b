"""The plan engine: from a profile and a catalogue to the chosen, scheduled items.

The modules follow the flow, each a pure function of what came before:

    needs     how much each development area matters to this person
    context   everything about the person the rest needs, computed once
    time      how an entry's time falls (a block of leave, sessions, a role ...)
    money     what an entry costs this person, by which route
    score     an entry's value given what the plan already holds
    reasons   typed decisions: why an entry is out, kept out, or in
    schedule  placing items in months within hours and study leave
    select    choosing the items: asked-for first, then the first goal, the top
              priority, then the rest
    whatif    'what would change it', checked by planning again
    sentences every sentence the engine says, made from the typed values above
"""
