"""Imports every model so that SQLAlchemy metadata (and Alembic) sees all tables."""
from .auth.models import School, SignInSession, User
from .classes.models import ClassTeacher, Classroom, Enrolment
from .cases.models import BandDecision, Case, CaseEvent, CaseThanks, CaseTheme, Target
from .assignments.models import Assignment
from .letters.models import Comment, Letter, LetterEvent, LetterRevision, LetterTally, Review
from .printing.models import PdfCache, PrintBatch, PrintBatchItem
from .network.models import Delivery, MailCondition, Subscription
from .once import UsedFormToken
