"""The terms the grade and pay scheme is written in, below the models.

Its vocabulary (:mod:`.vocabulary`: grades, positions, education, pay
tracks), how its numbers are read (:mod:`.money`: numbers in, Decimal out),
the shape of one published version and what makes it valid (:mod:`.scheme`,
:mod:`.scheme_checks`), and what a person brings to a grade decision
(:mod:`.qualification`). Plain values that import no model: the models
(:mod:`assessments.models`) are made of them, and the rules
(:mod:`assessments.rules`) apply them.
"""
