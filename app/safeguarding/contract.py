"""The one rule every report, dashboard and export relies on: pupil text held back by the safeguarding screen is not
shown anywhere until a reviewer clears it.

How it holds: while a flag is open or closed-without-clearing, the flagged text lives only in
``safeguarding_flags`` and its answer row is not in ``answers`` at all (see ``app/safeguarding/services.py``), so no
query over answers can reach it and reports need no condition of their own. A change that kept held text in
``answers`` would have to add that condition to every query over answers (``app/reports``, ``app/analysis``).
``app.safeguarding.services.held_answer_count`` says how many items are held without showing them.
"""
