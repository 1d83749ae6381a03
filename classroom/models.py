"""Imports every model so that SQLAlchemy metadata (and Alembic) sees all tables."""
from .auth.models import School, SignInSession, User  # noqa: F401
from .classes.models import ClassTeacher, Classroom, Enrolment  # noqa: F401
from .cases.models import BandDecision, Case, CaseEvent, CaseThanks, CaseTheme, Target  # noqa: F401
from .assignments.models import Assignment  # noqa: F401
from .letters.models import Comment, Letter, LetterEvent, LetterRevision, LetterTally, Review  # noqa: F401
from .printing.models import PdfCache, PrintBatch, PrintBatchItem  # noqa: F401
from .network.models import Delivery, MailCondition, Subscription  # noqa: F401
from .once import UsedFormToken  # noqa: F401
