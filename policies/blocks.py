"""The body of a regulation: chapters 章, articles 条, numbered items (一、) and
plain paragraphs. Numbers are never typed by editors: they are generated from
the order of the blocks (see ``PolicyPage.numbered_body``)."""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class NormalisedTextMixin:
    """Cleans the block's text fields with :func:`normalise_text` when the
    editor's form is saved, so a version's text does not depend on the
    browser that posted it (the redline compares stored texts)."""

    text_fields = ("text",)

    def clean(self, value):
        value = super().clean(value)
        for name in self.text_fields:
            if name in value:
                value[name] = normalise_text(value[name])
        return value


class ChapterBlock(NormalisedTextMixin, blocks.StructBlock):
    text_fields = ("title",)

    title = blocks.CharBlock(label=_("章标题"), max_length=200)

    class Meta:
        label = _("章")
        icon = "title"


class ArticleBlock(NormalisedTextMixin, blocks.StructBlock):
    text = blocks.TextBlock(
        label=_("条文"), help_text=_("条号自动生成；款项（一）（二）各占一行。")
    )

    class Meta:
        label = _("条")
        icon = "list-ol"


class ItemBlock(NormalisedTextMixin, blocks.StructBlock):
    text_fields = ("title", "text")

    title = blocks.CharBlock(label=_("标题"), max_length=200, required=False)
    text = blocks.TextBlock(label=_("内容"), required=False)

    class Meta:
        label = _("编号事项（一、二、）")
        icon = "list-ul"


class ParagraphBlock(NormalisedTextMixin, blocks.StructBlock):
    text = blocks.TextBlock(label=_("段落"))

    class Meta:
        label = _("段落")
        icon = "pilcrow"


class PolicyBodyBlock(blocks.StreamBlock):
    chapter = ChapterBlock()
    article = ArticleBlock()
    item = ItemBlock()
    paragraph = ParagraphBlock()


def normalise_text(text):
    """A body text as stored and compared: line endings as LF (a browser posts
    a textarea's line breaks as CRLF), no trailing spaces on a line, no
    leading or trailing blank lines, at most one blank line in a row."""
    lines = [line.rstrip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out).strip()
