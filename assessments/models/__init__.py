"""The assessments app's models, one module per subject; import them from here."""
from .exams import (  # noqa: F401
    GRADING_PURPOSES,
    AttemptStatus,
    CloseReason,
    ExamAnswer,
    ExamAttempt,
    ExamDrawRule,
    ExamIndexPage,
    ExamNotReady,
    ExamPage,
    ExamPurpose,
    ExamQuestion,
    PaperMode,
    PlacementResult,
    ReviewWhen,
    ScoreCorrection,
)
from .payroll import PayrollAPIToken, QualificationRecord  # noqa: F401
from .practical import (  # noqa: F401
    PANEL_DEPARTMENT_CODES,
    PANEL_DEPARTMENT_LABELS,
    ContinuedTraining,
    ExaminerAssignment,
    FailureOutcome,
    PracticalExam,
    ScoreLine,
    ScoreSheet,
    TaskKind,
)
from .questions import (  # noqa: F401
    CHOICE_TYPES,
    Question,
    QuestionCategory,
    QuestionType,
)
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
