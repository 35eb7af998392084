"""Labour contests (劳动竞赛, for a project or an industry) and skills competitions (技术比武, for a trade): a contest
run by an organiser org, its events (工种, 项目), teams and individual entrants (members of the organiser's sub-tree,
registered by their union or on the phone), rounds scored by the event's judges, and the published ranking."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import validate_real_date
from core.scoping import RestrictedQuerySet

SCORE = {"max_digits": 7, "decimal_places": 2}


class Contest(models.Model):
    """A 劳动竞赛 or a 技术比武 run by an org for its sub-tree: open for entries, then under way (entries closed,
    judges score), finished once every event's results are published."""

    class Kind(models.TextChoices):
        LABOUR = "labour", _("劳动竞赛")
        SKILLS = "skills", _("技术比武")

    class Status(models.TextChoices):
        OPEN = "open", _("报名中")
        UNDERWAY = "underway", _("比赛中")
        FINISHED = "finished", _("已结束")

    organiser = models.ForeignKey("orgs.Org", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    subject = models.CharField(_("竞赛项目或行业"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    starts_on = models.DateField(_("开始日期"), validators=[validate_real_date])
    ends_on = models.DateField(_("结束日期"), validators=[validate_real_date])
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "organiser__path"
    LOCK_RANK = 100

    class Meta:
        verbose_name = _("竞赛")
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return self.title

    @property
    def audit_org(self):
        return self.organiser


class Event(models.Model):
    """An event of a contest (a trade, 工种, or a project, 项目), for individuals or for teams, held on a day, with its
    rounds and judges; its results are published once every entrant has a score in every round."""

    class Mode(models.TextChoices):
        INDIVIDUAL = "individual", _("个人赛")
        TEAM = "team", _("团体赛")

    contest = models.ForeignKey(Contest, verbose_name=_("竞赛"), on_delete=models.CASCADE, related_name="events")
    name = models.CharField(_("项目（工种）"), max_length=100)
    mode = models.CharField(_("形式"), max_length=10, choices=Mode.choices, default=Mode.INDIVIDUAL)
    held_on = models.DateField(_("比赛日期"), validators=[validate_real_date])
    published_at = models.DateTimeField(_("成绩公布时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "contest__organiser__path"
    LOCK_RANK = 102

    class Meta:
        verbose_name = _("竞赛项目")
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"{self.contest} · {self.name}"

    @property
    def audit_org(self):
        return self.contest.organiser


class Judge(models.Model):
    """A staff account judging an event: it sees and scores that event only."""

    event = models.ForeignKey(Event, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("裁判"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("裁判")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="contests_judge_once")]

    def __str__(self):
        return str(self.user)


class Team(models.Model):
    """A team of a team event, entered by a union."""

    event = models.ForeignKey(Event, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("队名"), max_length=100)
    union = models.ForeignKey("orgs.Org", verbose_name=_("参赛单位"), on_delete=models.PROTECT, related_name="+")

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = ("union__path", "event__contest__organiser__path")

    class Meta:
        verbose_name = _("参赛队")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="contests_team_name_once")]

    def __str__(self):
        return self.name


class Entry(models.Model):
    """A member entered in an event (alone, or in a team), by their union's staff or by the member on the phone."""

    class Channel(models.TextChoices):
        STAFF = "staff", _("工会报名")
        PHONE = "phone", _("手机报名")

    event = models.ForeignKey(Event, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="entries")
    member = models.ForeignKey("members.Member", verbose_name=_("选手"), on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        Team, verbose_name=_("参赛队"), null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    union = models.ForeignKey("orgs.Org", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("报名方式"), max_length=10, choices=Channel.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报名人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = ("union__path", "event__contest__organiser__path")
    LOCK_RANK = 104

    class Meta:
        verbose_name = _("参赛选手")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["event", "member"], name="contests_entry_once")]

    def __str__(self):
        return f"{self.member} · {self.event.name}"

    @property
    def audit_org(self):
        return self.union


class Round(models.Model):
    """A round of an event (理论考试, 实操) with its full mark; an entrant's total is the sum of their rounds."""

    event = models.ForeignKey(Event, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(_("轮次"), max_length=50)
    number = models.PositiveSmallIntegerField(_("序号"))
    max_score = models.DecimalField(_("满分"), **SCORE)

    class Meta:
        verbose_name = _("轮次")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["event", "number"], name="contests_round_number_once")]

    def __str__(self):
        return self.name


class Score(models.Model):
    """An entrant's score in a round, entered (and corrected until publication) by a judge of the event."""

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="scores")
    entry = models.ForeignKey(Entry, verbose_name=_("选手"), on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(_("得分"), **SCORE)
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("裁判"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("评分时间"), default=timezone.now)

    class Meta:
        verbose_name = _("得分")
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="contests_score_once")]

    def __str__(self):
        return f"{self.entry} {self.round}: {self.value}"


class Result(models.Model):
    """A published place: an entrant (individual events) or a team (team events), its total and its rank (ties
    share a rank and the next rank skips: 1, 1, 3)."""

    event = models.ForeignKey(Event, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="results")
    entry = models.OneToOneField(Entry, null=True, blank=True, on_delete=models.CASCADE, related_name="result")
    team = models.OneToOneField(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="result")
    total = models.DecimalField(_("总分"), max_digits=9, decimal_places=2)
    rank = models.PositiveIntegerField(_("名次"))

    class Meta:
        verbose_name = _("成绩")
        ordering = ["rank", "pk"]

    def __str__(self):
        return f"{self.rank}: {self.total}"

    @property
    def name(self) -> str:
        return self.team.name if self.team_id else self.entry.member.name
