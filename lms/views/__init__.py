"""The LMS's pages for trainees, trainers and HR, one module per subject.
Thin: gather the inputs, call the service (:mod:`lms.progress`,
:mod:`lms.traineeship`, :mod:`lms.attendance` …), show the result."""


def error_text(error):
    """A refusal (``ValidationError``) as one line for ``messages``."""
    return "；".join(error.messages) if hasattr(error, "messages") else str(error)
