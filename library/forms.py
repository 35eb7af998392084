"""Page forms of the library console. The services validate again and name the field of each refusal."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RoomForm(forms.Form):
    org = forms.CharField(label=_("所属组织（工会代码）"), max_length=32)
    name = forms.CharField(label=_("名称"), max_length=100)
    place = forms.ChoiceField(label=_("阵地"), choices=(), required=False)


class BookForm(forms.Form):
    isbn = forms.CharField(label=_("ISBN"), max_length=20)
    title = forms.CharField(label=_("书名"), max_length=200)
    author = forms.CharField(label=_("作者"), max_length=100, required=False)
    publisher = forms.CharField(label=_("出版社"), max_length=100, required=False)


class CopiesForm(forms.Form):
    isbn = forms.CharField(label=_("ISBN"), max_length=20)
    count = forms.IntegerField(label=_("册数"), min_value=1, max_value=100, initial=1)


class LendForm(forms.Form):
    member = forms.CharField(
        label=_("会员证"), max_length=500, widget=forms.TextInput(attrs={"placeholder": "扫描电子会员证或输入会员证号"})
    )
    label = forms.CharField(
        label=_("图书标签"), max_length=200, widget=forms.TextInput(attrs={"placeholder": "扫描图书标签"})
    )


class ReturnForm(forms.Form):
    label = forms.CharField(
        label=_("图书标签"), max_length=200, widget=forms.TextInput(attrs={"placeholder": "扫描图书标签"})
    )
