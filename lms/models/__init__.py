"""The LMS's models, one module per subject; import them from here."""
from .aftersales import (  # noqa: F401
    DealerResult,
    DealerTrainingPlan,
    GoalShortfall,
    HandlingOpinion,
    MeetingProblem,
    MorningMeeting,
    PlanTableCopy,
)
from .archives import (  # noqa: F401
    ArchiveItem,
    ArchiveLoan,
    ItemKind,
    LoanStatus,
    TrainingArchive,
)
from .course_development import (  # noqa: F401
    CourseDevelopment,
    DevelopmentStage,
    DevelopmentStep,
    TrialReview,
    course_schedule_error,
)
from .courses import (  # noqa: F401
    AfterSalesLevel,
    Certificate,
    CourseIndexPage,
    CourseLesson,
    CoursePage,
    LessonKind,
    Track,
)
from .customers import CustomerReport  # noqa: F401
from .enrolment import (  # noqa: F401
    CourseAssignment,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    LessonProgress,
)
from .evaluation import (  # noqa: F401
    EvaluationReportSend,
    ImpactIndicator,
    ObservationCriterion,
    ObservationScore,
    SkillObservation,
)
from .needs_surveys import (  # noqa: F401
    NeedsQuestion,
    NeedsResponse,
    NeedsSurvey,
    NeedsSurveyLink,
    NeedsSurveyStatus,
    QuestionKind,
    SurveyMethod,
)
from .plan_lines import PlanLine  # noqa: F401
from .plan_reviews import PlanReview, ReviewOutcome, ReviewStage  # noqa: F401
from .plan_tables import (  # noqa: F401
    EventKind,
    PlanEntry,
    PlanEvent,
    PlanItem,
    TableStatus,
    TraineePlanTable,
    TraineeSource,
)
from .plans import (  # noqa: F401
    ChangeKind,
    PlanKind,
    PlanMethod,
    PlanStatus,
    PostChangeTraining,
    ReviewResult,
    TrainingNeedsRequest,
    TrainingPlan,
    TrainingSettings,
)
from .sessions import (  # noqa: F401
    AppraisalKind,
    Attendance,
    AttendanceStatus,
    SurveyField,
    SurveyPage,
    SurveySubmission,
    Trainer,
    TrainerAppraisal,
    TrainerDemerit,
    TrainerStatus,
    TrainingSession,
    in_trainer_pool,
)
