"""The after-sales grade and pay rules (售后服务人员培训管理办法) as plain functions.

Everything a rule needs comes in as an argument: the two scores, the person's
qualifications, the grade/track, and a :class:`~assessments.terms.scheme.SchemeRules`
holding the numbers HR publishes (grade bands, pass mark, qualification
conditions, pay table, penalty bands, dealer fee). With a ``SchemeRules``
passed in, nothing here touches the database, a request or the clock.

``scheme=None`` means "the scheme in force today" (or on ``on=``): the one
loader, :func:`.in_force.resolve_rules`, fetches the newest published
:class:`assessments.models.GradingScheme` effective on that day. A model
instance may be passed too; it is converted the same way.

Money is ``Decimal``, computed exactly and rounded half-up to 0.01 CNY once,
in the returned objects. Scores are ``Decimal`` and never rounded: the bands
are half-open, so 93.99 is still a junior engineer's score.

- :mod:`.grades` 定职定级 (C原则 and the grade bands);
- :mod:`.pay` 职级与薪资;
- :mod:`.accountability` 培训人责任 and 委培补训费;
- :mod:`.panel` a practical exam panel's result;
- :mod:`.placement` the placement test's level;
- :mod:`.written` which written sitting is the written part of a grade.

The package itself imports nothing, so importing one rule never loads the others.
The scheme's vocabulary and shape, which the models need too, are one floor
down in :mod:`assessments.terms`.
"""
