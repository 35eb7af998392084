"""Schemas of the training API (names prefixed ``Training`` so they stay unique across the platform's API)."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from core.api import ApiDate, ApiDateTime, StrictInput, choices_doc

from ..models import CourseKind, CourseStatus, EnrolmentStatus


class TrainingOrgOut(Schema):
    id: int
    code: str
    name: str


class TrainingCourseOut(Schema):
    id: int
    org: TrainingOrgOut
    title: str
    kind: str = Field(description=f"类别：{choices_doc(CourseKind)}")
    provider: str = Field(description="承办：工匠学堂名称或学校名称")
    provider_place_id: int | None = Field(None, description="工匠学堂（阵地）编号")
    starts_on: date
    capacity: int = Field(description="名额")
    enrolled: int = Field(description="已报名人数")
    fee: Decimal = Field(description="学费（元）")
    subsidy: Decimal = Field(description="工会补贴（元/人，结业后）")
    sessions_required: int = Field(description="结业须出勤课次")
    status: str = Field(description=f"状态：{choices_doc(CourseStatus)}")


class TrainingCoursePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[TrainingCourseOut]


class TrainingSessionOut(Schema):
    id: int
    topic: str
    starts_at: datetime
    ends_at: datetime
    location: str


class TrainingEnrolmentOut(Schema):
    id: int
    course_id: int
    member_id: int
    member_name: str = Field(alias="member.name")
    status: str = Field(description=f"状态：{choices_doc(EnrolmentStatus)}")
    attended: int = Field(description="出勤课次")
    fee: Decimal = Field(description="学费（元）")
    subsidy: Decimal = Field(description="工会补贴（元）")
    enrolled_at: datetime
    completed_at: datetime | None


class TrainingCourseDetailOut(TrainingCourseOut):
    sessions: list[TrainingSessionOut]


class TrainingCourseIn(StrictInput):
    org: str = Field(max_length=32, description="主办工会的组织代码")
    title: str = Field(max_length=100)
    kind: str = Field(description=f"类别：{choices_doc(CourseKind)}")
    provider_place_id: int | None = Field(None, description="工匠学堂（阵地编号）；不填则须填写 provider_name")
    provider_name: str = Field("", max_length=100, description="承办学校或机构")
    starts_on: ApiDate
    capacity: int = Field(ge=1, le=10000, description="名额")
    sessions_required: int = Field(1, ge=1, le=200, description="结业须出勤课次")
    fee: Decimal = Field(Decimal("0"), description="学费（元，最多两位小数）")
    subsidy: Decimal = Field(Decimal("0"), description="工会补贴（元/人，不高于学费）")
    description: str = ""


class TrainingSessionIn(StrictInput):
    topic: str = Field(max_length=100)
    starts_at: ApiDateTime
    ends_at: ApiDateTime
    location: str = Field("", max_length=200)


class TrainingScanIn(StrictInput):
    code: str = Field(max_length=500, description="扫描的电子会员证二维码内容，或会员证号")


class TrainingCheckInOut(Schema):
    enrolment: TrainingEnrolmentOut
    created: bool = Field(description="本次新签到；false 表示此前已签到")


class TrainingFinishOut(Schema):
    completed: int = Field(description="结业人数")
    not_completed: int = Field(description="未达结业要求人数")


class TrainingCertificateOut(Schema):
    id: int
    number: str
    issued_at: datetime
    course_title: str = Field(alias="enrolment.course.title")
    member_name: str = Field(alias="enrolment.member.name")
    verify_url: str = Field(description="证书二维码中的核验链接")
