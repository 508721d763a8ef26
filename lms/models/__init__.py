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
from .courses import (  # noqa: F401
    AfterSalesLevel,
    Certificate,
    CourseIndexPage,
    CourseLesson,
    CoursePage,
    LessonKind,
    Track,
)
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
