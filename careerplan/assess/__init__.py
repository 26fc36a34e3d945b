"""The self-assessment (`careerplan assess`), one concept a module:

- kinds.py: one class per kind of answer (text, choice, multi-choice, order, number, date,
  yes/no, rating): how it is parsed, checked, offered, shown and exemplified;
- parsing.py: reading typed text ("£1,500", "18 months", "1/12/2026", "1 Dec 2026");
- interview.py: the interview's state (answers, given answers, last year's) and order;
- fields.py: profile field paths, their limits, and `when` conditions;
- sources.py: answers from `--answers FILE` and `--set key=value`;
- drafts.py: the autosaved unfinished assessment;
- ui.py: what a user interface must do (the typed `UI` protocol) and what it is given;
- prompts.py: that interface in a terminal (questionary, imported only when asking);
- session.py: one run, wiring the above together.

This package's `__init__` imports nothing, so importing one module stays cheap.
"""
