"""The body of a regulation: chapters 章, articles 条, numbered items (一、) and
plain paragraphs. Numbers are never typed by editors: they are generated from
the order of the blocks (see ``PolicyPage.numbered_body``)."""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ChapterBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("章标题"), max_length=200)

    class Meta:
        label = _("章")
        icon = "title"


class ArticleBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        label=_("条文"), help_text=_("条号自动生成；款项（一）（二）各占一行。")
    )

    class Meta:
        label = _("条")
        icon = "list-ol"


class ItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), max_length=200, required=False)
    text = blocks.TextBlock(label=_("内容"), required=False)

    class Meta:
        label = _("编号事项（一、二、）")
        icon = "list-ul"


class ParagraphBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("段落"))

    class Meta:
        label = _("段落")
        icon = "pilcrow"


class PolicyBodyBlock(blocks.StreamBlock):
    chapter = ChapterBlock()
    article = ArticleBlock()
    item = ItemBlock()
    paragraph = ParagraphBlock()
