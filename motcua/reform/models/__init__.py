"""Models of the reform workspace, one module per concept."""

from motcua.reform.models.attachments import Attachment
from motcua.reform.models.base import ReformRecord
from motcua.reform.models.index import IndexAssessment, IndexCriterion, IndexFramework, IndexScore
from motcua.reform.models.inspections import (
    FollowUpAction,
    Inspection,
    InspectionFinding,
    InspectionPlan,
    InspectionTeam,
    InspectionTeamMember,
)
from motcua.reform.models.investments import InvestmentAllocation, InvestmentProject
from motcua.reform.models.plans import ReformPlan, ReformTask
from motcua.reform.models.recommendations import Recommendation, RecommendationUpdate
from motcua.reform.models.reports import CoreDatabase, SupervisionReport
from motcua.reform.models.reviews import LimitProposal, ProcedureReview
from motcua.reform.models.rotation import RotationCase, RotationPlan, RotationPosition
from motcua.reform.models.support import SupportActivity, SupportTeam, SupportTeamMember

__all__ = [
    "Attachment",
    "CoreDatabase",
    "FollowUpAction",
    "IndexAssessment",
    "IndexCriterion",
    "IndexFramework",
    "IndexScore",
    "Inspection",
    "InspectionFinding",
    "InspectionPlan",
    "InspectionTeam",
    "InspectionTeamMember",
    "InvestmentAllocation",
    "InvestmentProject",
    "LimitProposal",
    "ProcedureReview",
    "Recommendation",
    "RecommendationUpdate",
    "ReformPlan",
    "ReformRecord",
    "ReformTask",
    "RotationCase",
    "RotationPlan",
    "RotationPosition",
    "SupervisionReport",
    "SupportActivity",
    "SupportTeam",
    "SupportTeamMember",
]
