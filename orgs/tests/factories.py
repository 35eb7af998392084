import factory

from accounts.models import Grant, User
from accounts.roles import Role
from core.pinyin import pinyin_keys
from orgs.models import Enterprise, Industry, Org, OrgKind, Ownership

# A valid 统一社会信用代码 generator: 17 characters plus the GB 32100 check character.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def make_uscc(n: int) -> str:
    body = f"91330211{n:09d}"[:17]
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return body + _USCC_ALPHABET[(31 - total % 31) % 31]


class OrgFactory(factory.django.DjangoModelFactory):
    """An org; pass ``parent=`` for a child (treebeard computes the path)."""

    class Meta:
        model = Org

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"测试基层工会{n}")
    kind = OrgKind.GRASSROOTS
    parent = None

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        org = model_class(**kwargs)
        org.name_pinyin, org.name_initials = pinyin_keys(org.name)
        if parent is None:
            return model_class.objects.add_root(instance=org)
        parent.refresh_from_db()
        return model_class.objects.add_child(parent, instance=org)

    class Params:
        federation = factory.Trait(kind=OrgKind.FEDERATION, name=factory.Sequence(lambda n: f"测试区总工会{n}"))
        town = factory.Trait(kind=OrgKind.TOWN, name=factory.Sequence(lambda n: f"测试街道总工会{n}"))
        joint = factory.Trait(kind=OrgKind.JOINT, name=factory.Sequence(lambda n: f"测试联合工会{n}"))


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    uscc = factory.Sequence(make_uscc)
    industry = Industry.C
    ownership = Ownership.PRIVATE
    staff_count = 50

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        ent = model_class(**kwargs)
        ent.name_pinyin, ent.name_initials = pinyin_keys(ent.name)
        ent.save()
        return ent


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "Demo@2026")

    @factory.post_generation
    def grant(self, create, extracted, **kwargs):
        """``UserFactory(grant=(org, Role.FEDERATION_ADMIN))``."""
        self.save()
        if extracted:
            org, role = extracted
            Grant.objects.create(user=self, org=org, role=role)


__all__ = ["EnterpriseFactory", "OrgFactory", "Role", "UserFactory", "make_uscc"]
