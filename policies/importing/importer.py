"""The importer: each detected document is matched to its page by its own
identity (:mod:`.identity`), never by its position, and becomes a draft:

- a new document → a new draft page (not live);
- a changed document → one new draft revision of its page, with a change
  summary generated from the redline ("第八条 修改", "新增第十二条");
- an identical document → nothing;
- two documents claiming one 文件编号, or a changed document whose title
  matches several pages → reported, nothing written for them (not guessed);
- a document triage proposes to skip (another organisation's rules, a
  sentence collection, mojibake) → skipped unless ``include_flagged``.

``publish=True`` (``import_policies --publish``, for migrating a library that
was approved on paper) publishes through the same path as the 制度发布审批
workflow (``Revision.publish``), recording the importing user and the date as
the approval with a note that it was imported; never for 绝密 documents.

The whole batch is one transaction: a failure anywhere leaves every page as
it was."""
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from people.demo import ensure_organisation
from people.models import Confidentiality, Department, JobRole, person_name

from ..library import ensure_library
from ..models import PolicyCategory, PolicyPage, PolicyVersion
from ..numbering import number_blocks
from ..redline import redline
from .identity import generated_number
from .metadata import (
    guess_category_with_reason,
    guess_department_with_reason,
    is_reference,
    match_scope,
)
from .parsing import parse_files
from .triage import proposed_skip

FIRST_VERSION_LABEL = "A/0"
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
DUPLICATE, AMBIGUOUS, SKIPPED = "duplicate", "ambiguous", "skipped"
ACTIONS = (CREATED, UPDATED, UNCHANGED, DUPLICATE, AMBIGUOUS, SKIPPED)
SUMMARY_LIMIT = 8


@dataclass
class DocumentResult:
    document: object  # ParsedDocument
    parsed: object  # ParsedFile
    action: str = ""
    number: str = ""
    page_id: int | None = None
    summary: str = ""  # the generated change summary of an updated document
    reason: str = ""  # why skipped / ambiguous / a duplicate / not published
    published: bool = False
    page: object = None

    @property
    def uid(self):
        return document_uid(self.parsed, self.document)


@dataclass
class BatchResult:
    files: list
    documents: list = field(default_factory=list)

    def count(self, action):
        return sum(1 for result in self.documents if result.action == action)

    def of_file(self, parsed):
        return [result for result in self.documents if result.parsed is parsed]

    def warning_counts(self):
        """{kind: number of findings} over every document."""
        counts = defaultdict(int)
        for result in self.documents:
            for finding in result.document.warnings:
                counts[getattr(finding, "kind", "other")] += 1
        return dict(counts)


def document_uid(parsed, document):
    """How the admin's batch screen names a detected document."""
    return f"{parsed.path.name}#{document.position}"


def _stored(text):
    """A string to store in the database, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _next_label(label):
    """"A/0" → "A/1"; labels of another form are kept."""
    match = re.fullmatch(r"(.*/)(\d+)", label or "")
    return f"{match.group(1)}{int(match.group(2)) + 1}" if match else label


def _part_name(part):
    if part["type"] in ("chapter", "article"):
        return part["label"]
    if part["type"] == "item":
        return _("第%(n)s项") % {"n": part["label"].rstrip("、")}
    return _("段落")


def change_summary(old_title, old_parts, new_title, new_parts):
    """"第八条 修改；新增第十二条" from the redline of two bodies."""
    lines = []
    if old_title != new_title:
        lines.append(_("标题修改（原为“%(title)s”）") % {"title": old_title})
    for row in redline(old_parts, new_parts):
        name = _part_name(row["part"])
        if row["status"] == "changed":
            lines.append(_("%(part)s 修改") % {"part": name})
        elif row["status"] == "added":
            lines.append(_("新增%(part)s") % {"part": name})
        elif row["status"] == "removed":
            lines.append(_("删除原%(part)s") % {"part": name})
    if not lines:
        return _("重新导入：仅格式变化")
    if len(lines) > SUMMARY_LIMIT:
        lines = lines[:SUMMARY_LIMIT] + [_("等 %(n)s 处") % {"n": len(lines)}]
    return "；".join(lines)


class Importer:
    """Plans and writes one batch of parsed files (see the module's docstring).

    ``decisions`` (the admin's batch screen): ``{uid: {"action": "adopt" |
    "skip", "title": new title}}``; a document without a decision follows
    triage. Override :meth:`page_fields` to fill more fields on new pages."""

    def __init__(self, user=None, publish=False, include_flagged=False, dry_run=False, today=None,
                 decisions=None):
        self.user = user
        self.publish = publish
        self.include_flagged = include_flagged
        self.dry_run = dry_run
        self.today = today or datetime.date.today()
        self.decisions = decisions
        self._index = None
        self._categories = {}
        self._organisation = None

    # ---- the company's lists ------------------------------------------

    @property
    def index(self):
        if self._index is None:
            ensure_organisation()
            self._index = ensure_library()
        return self._index

    @property
    def organisation(self):
        if self._organisation is None:
            ensure_organisation()
            self._organisation = (
                {d.code: d for d in Department.objects.all()},
                {r.code: r for r in JobRole.objects.all()},
            )
        return self._organisation

    # ---- planning: what happens to each document --------------------------

    def plan(self, parsed_files):
        """A DocumentResult per detected document, with its action decided and
        its page found; nothing written."""
        results = []
        seen = {}
        for parsed in parsed_files:
            for document in parsed.documents:
                result = DocumentResult(document, parsed)
                decision = (self.decisions or {}).get(result.uid, {})
                if decision.get("title"):
                    result.document = document = replace(document, title=decision["title"].strip())
                flagged = proposed_skip(document.warnings)
                if decision.get("action") == "skip":
                    result.action, result.reason = SKIPPED, _("HR 选择跳过")
                elif flagged and not self.include_flagged and decision.get("action") != "adopt":
                    result.action, result.reason = SKIPPED, str(flagged[0])
                elif (document.key, document.fingerprint) in seen:
                    first = seen[(document.key, document.fingerprint)]
                    result.action = DUPLICATE
                    result.reason = _("与 %(file)s 第 %(n)s 篇内容相同，按同一篇处理") % {
                        "file": first.parsed.path.name, "n": first.document.position,
                    }
                else:
                    seen[(document.key, document.fingerprint)] = result
                results.append(result)
        active = [result for result in results if not result.action]
        self._refuse_conflicting_numbers(active)
        groups = defaultdict(list)
        for result in active:
            if not result.action:
                groups[result.document.key].append(result)
        for key, group in groups.items():
            self._match(key, group)
        return results

    def _refuse_conflicting_numbers(self, active):
        by_number = defaultdict(list)
        for result in active:
            if result.document.stated_number:
                by_number[result.document.key].append(result)
        for group in by_number.values():
            if len(group) > 1:
                names = "、".join(
                    _("%(file)s 第 %(n)s 篇") % {"file": r.parsed.path.name, "n": r.document.position} for r in group
                )
                for result in group:
                    result.action = AMBIGUOUS
                    result.reason = _("%(names)s 都自称文件编号 %(number)s，内容却不同：没有导入，请核对编号。") % {
                        "names": names, "number": result.document.stated_number,
                    }

    def _match(self, key, group):
        pages = PolicyPage.objects.filter(import_key=key)
        number = group[0].document.stated_number
        if number:
            pages = PolicyPage.objects.filter(Q(import_key=key) | Q(document_number=number))
        remaining = list(pages.order_by("pk"))
        unmatched = []
        for result in group:
            same = next((p for p in remaining if p.import_fingerprint == result.document.fingerprint), None)
            if same is not None:
                remaining.remove(same)
                result.action, result.page, result.page_id, result.number = (
                    UNCHANGED, same, same.pk, same.document_number
                )
            else:
                unmatched.append(result)
        if not unmatched:
            return
        if not remaining:
            for result in unmatched:
                result.action = CREATED
                result.number = number or generated_number(key, result.document.fingerprint)
        elif len(unmatched) == 1 and len(remaining) == 1:
            (result,), (page,) = unmatched, remaining
            result.action, result.page, result.page_id, result.number = UPDATED, page, page.pk, page.document_number
        else:
            numbers = "、".join(page.document_number for page in remaining)
            for result in unmatched:
                result.action = AMBIGUOUS
                result.reason = _(
                    "标题“%(title)s”对应 %(n)s 个已有制度（%(numbers)s），本批有 %(m)s 篇同名且内容已变："
                    "无法确定对应关系，没有导入，请在后台逐篇处理。"
                ) % {"title": result.document.title, "n": len(remaining), "numbers": numbers, "m": len(unmatched)}

    # ---- writing ------------------------------------------------------------

    def import_batch(self, parsed_files):
        """Plan and write the batch in one transaction; return a BatchResult."""
        result = BatchResult(list(parsed_files))
        with transaction.atomic():
            result.documents = self.plan(result.files)
            if not self.dry_run:
                for item in result.documents:
                    self.import_document(item)
        return result

    def import_document(self, result):
        """Write one planned document (a new draft page, a new draft revision,
        or, with ``publish``, the publication of an unchanged draft)."""
        if result.action == CREATED:
            self._create(result)
        elif result.action == UPDATED:
            self._update(result)
        elif result.action == UNCHANGED and self.publish:
            page = PolicyPage.objects.get(pk=result.page_id)
            if not page.live or page.has_unpublished_changes:
                page = page.get_latest_revision_as_object()
                self._approval_for_publication(page)
                self._publish(result, page, page.save_revision(user=self.user, log_action=True))
        return result

    def page_fields(self, result):
        """Field values of a new page besides title, number, body and identity."""
        document = result.document
        text = document.plain_text()
        slug, name, category_reason = guess_category_with_reason(document.title, text)
        code, department_reason = guess_department_with_reason(document.title, text)
        departments, _roles = self.organisation
        return {
            "version_label": document.version_label or FIRST_VERSION_LABEL,
            "effective_date": document.effective_date,  # None: 以发布日期为准
            "category": self.category(slug, name),
            "owner_department": departments.get(code) if code else None,
            "confidentiality": document.confidentiality,
            "requires_acknowledgement": not is_reference(document.title),
            "change_summary": "",
            "_reasons": {"category": category_reason, "department": department_reason},
        }

    def _scope(self, document):
        departments, roles = self.organisation
        return match_scope(
            document.scope_text,
            {code: d.name for code, d in departments.items()},
            {code: r.name for code, r in roles.items()},
        )

    def _notes(self, result, page, reasons=None):
        """What HR should check on the page: where the text came from, what
        was read from it, what was guessed and why, the warnings."""
        document = result.document
        notes = [_("来源：%(file)s 第 %(first)s–%(last)s 行") % {
            "file": result.parsed.path.name, "first": document.first_line, "last": document.last_line,
        }]
        notes.append(
            _("文件编号：原文“%(number)s”") % {"number": document.stated_number} if document.stated_number
            else _("文件编号：原文没有，系统按标题和内容生成")
        )
        if document.effective_date:
            notes.append(_("生效日期：原文“%(words)s”") % {"words": document.effective_note})
        elif document.effective_note:
            notes.append(_("生效日期：原文“%(words)s”，以发布日期为准") % {"words": document.effective_note})
        else:
            notes.append(_("生效日期：原文没有写明，以发布日期为准"))
        if document.scope_text:
            departments, roles, unmatched = self._scope(document)
            matched = [str(d) for d in page.scope_departments.all()] + [str(r) for r in page.scope_roles.all()]
            notes.append(_("适用范围：原文“%(text)s”；已匹配：%(matched)s") % {
                "text": document.scope_text, "matched": "、".join(matched) or _("全体"),
            })
            if unmatched:
                notes.append(_("适用范围中未能匹配的部门或岗位：%(words)s（请在“适用部门/适用岗位”中指定）")
                             % {"words": "、".join(unmatched)})
        else:
            notes.append(_("适用范围：原文没有写明，适用于全体"))
        if reasons:
            if page.category:
                notes.append(_("类别“%(name)s”为推测：%(reason)s") % {"name": page.category, "reason": reasons["category"]})
            if page.owner_department:
                notes.append(_("归口部门“%(name)s”为推测：%(reason)s") % {
                    "name": page.owner_department, "reason": reasons["department"],
                })
        notes.append(
            _("阅读确认：需要（制度）") if page.requires_acknowledgement
            else _("阅读确认：不需要（标题表明是方案、计划等参考资料）")
        )
        if document.traditional:
            notes.append(_("原文为繁体字，页面保留原文并提供简体阅读。"))
        notes += [_("警告 · %(kind)s · %(text)s") % {"kind": getattr(w, "label", ""), "text": w}
                  for w in document.warnings]
        return _stored("\n".join(str(note) for note in notes))

    def _apply_text_facts(self, page, document):
        """What the text states about itself, onto a page (never invented)."""
        for name, value in document.approvals.items():
            setattr(page, name, value[:60] if isinstance(value, str) else value)
        if document.scope_text:
            departments, roles, _unmatched = self._scope(document)
            all_departments, all_roles = self.organisation
            page.scope_departments = [all_departments[code] for code in departments]
            page.scope_roles = [all_roles[code] for code in roles]

    def _create(self, result):
        document = result.document
        fields = self.page_fields(result)
        reasons = fields.pop("_reasons", None)
        page = PolicyPage(
            title=document.title,
            slug=self._free_slug(result.number),
            document_number=result.number,
            body=document.stream(),
            live=False,
            import_key=document.key,
            import_fingerprint=document.fingerprint,
            **fields,
        )
        self._apply_text_facts(page, document)
        page.import_notes = self._notes(result, page, reasons)
        self._approval_for_publication(page)
        self.index.add_child(instance=page)
        revision = page.save_revision(user=self.user, log_action=True)
        result.page, result.page_id = page, page.pk
        if self.publish:
            self._publish(result, page, revision)

    def _update(self, result):
        document = result.document
        page = PolicyPage.objects.get(pk=result.page_id).get_latest_revision_as_object()
        old_title, old_parts = page.title, number_blocks(page.body)
        page.title = page.draft_title = document.title
        page.body = document.stream()
        new_parts = number_blocks(page.body)
        result.summary = change_summary(old_title, old_parts, document.title, new_parts)
        page.change_summary = _stored(result.summary)
        if page.first_published_at:
            page.version_label = document.version_label or _next_label(page.version_label)
        page.effective_date = document.effective_date
        page.import_key = document.key
        page.import_fingerprint = document.fingerprint
        self._apply_text_facts(page, document)
        page.import_notes = self._notes(result, page)
        self._approval_for_publication(page)
        revision = page.save_revision(user=self.user, log_action=True)
        PolicyPage.objects.filter(pk=page.pk).update(
            import_key=document.key, import_fingerprint=document.fingerprint, import_notes=page.import_notes,
        )
        result.page = page
        if self.publish:
            self._publish(result, page, revision)

    def _approval_for_publication(self, page):
        """Before the revision to publish is saved: the importing user and the
        date become the approval record, unless the text records one."""
        if self.publish and page.confidentiality < Confidentiality.TOP_SECRET and not page.approved_by:
            page.approved_by, page.approved_on = self._who()[:60], self.today

    def _who(self):
        return person_name(self.user) or _stored(_("命令行导入"))

    def _publish(self, result, page, revision):
        """Publish as the workflow's last step does (``Revision.publish``), with
        a note on the version that it was imported. Never 绝密."""
        if page.confidentiality >= Confidentiality.TOP_SECRET:
            result.reason = _("绝密文件不能通过导入直接发布：已保存为草稿，请走制度发布审批流程。")
            return
        revision.publish(user=self.user)
        note = _stored(_("导入：%(who)s 于 %(date)s 导入已批准的现行制度并发布，未经系统内审批流程") % {
            "who": self._who(), "date": self.today.isoformat(),
        })
        PolicyVersion.objects.filter(revision=revision).update(approval_note=note[:200])
        result.published = True

    def _free_slug(self, number):
        base = slugify(number, allow_unicode=True) or "policy"
        slug, n = base, 1
        while PolicyPage.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def category(self, slug, name):
        if slug not in self._categories:
            name = _stored(name)
            category = (
                PolicyCategory.objects.filter(name=name).first()
                or PolicyCategory.objects.filter(slug=slug).first()
                or PolicyCategory.objects.create(name=name, slug=slug)
            )
            self._categories[slug] = category
        return self._categories[slug]


def import_files(paths, **options):
    """Parse every file (nothing is written if any is bad, see
    :class:`~policies.importing.parsing.ImportFilesError`), then import the
    batch in one transaction. ``options`` go to :class:`Importer`."""
    return Importer(**options).import_batch(parse_files(paths))
