"""Coded fields of the roster, as union rosters (会员信息采集表) use them. The Chinese labels are what the xlsx
template's dropdowns offer and what imports accept."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class IdType(models.TextChoices):
    RESIDENT = "resident", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    FOREIGN_PR = "foreign_pr", _("外国人永久居留身份证")
    OTHER = "other", _("其他证件")


class Education(models.TextChoices):
    PRIMARY = "primary", _("小学及以下")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中/中专/技校")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科")
    MASTER = "master", _("硕士研究生")
    DOCTOR = "doctor", _("博士研究生")


class Political(models.TextChoices):
    CPC = "cpc", _("中共党员")
    CPC_PROBATION = "cpc_probation", _("中共预备党员")
    CYL = "cyl", _("共青团员")
    DEMOCRATIC = "democratic", _("民主党派")
    NONE = "masses", _("群众")


class Hukou(models.TextChoices):
    URBAN = "urban", _("城镇")
    RURAL = "rural", _("农村")


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("在岗")
    FLEXIBLE = "flexible", _("灵活就业")
    LAID_OFF = "laid_off", _("待岗")
    UNEMPLOYED = "unemployed", _("失业")
    RETIRED = "retired", _("退休")


class GigPlatform(models.TextChoices):
    """新就业形态 kinds of work."""

    DELIVERY = "delivery", _("外卖配送")
    EXPRESS = "express", _("快递")
    RIDE_HAILING = "ride_hailing", _("网约车")
    TRUCK = "truck", _("货车司机")
    HOUSEKEEPING = "housekeeping", _("家政")
    LIVESTREAM = "livestream", _("网络主播")


class Tag(models.TextChoices):
    NEW_EMPLOYMENT = "new_employment", _("新就业形态")
    MODEL_WORKER = "model_worker", _("劳动模范")
    CRAFTSMAN = "craftsman", _("工匠")
    HARDSHIP = "hardship", _("困难职工")
    VETERAN = "veteran", _("退役军人")
    DISABLED = "disabled", _("残疾职工")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("在册")
    RETAINED = "retained", _("保留会籍")
    REMOVED = "removed", _("除名")
    QUIT = "quit", _("退会")


# The statuses in which a person holds their one membership on the platform (保留 keeps it without dues).
HOLDING = {MemberStatus.ACTIVE, MemberStatus.RETAINED}

ETHNICITIES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
    "其他",
    "外国血统",
]
ETHNICITY_CHOICES = [(e, e) for e in ETHNICITIES]
