"""The assessments app's models, one module per subject; import them from here."""
from .scheme import (  # noqa: F401
    DecisionStatus,
    GradeBandBlock,
    GradeDecision,
    GradeDecisionQuerySet,
    GradingScheme,
    GradingSchemeQuerySet,
    PayRowBlock,
    PenaltyBandBlock,
    QualificationBlock,
    SchemeStatus,
)
