"""``manage.py import_policies PATH…``: regulation documents from pasted web
text (.txt, UTF-8) or Word (.docx) files into the policy library, as drafts
for HR to submit into the 制度发布审批 workflow (``--publish`` for a library
that was approved on paper).

All files are checked first: if any cannot be imported, nothing is imported
and every bad file is named (with the line). The batch is then written in
one transaction. See ``policies.importing`` for identity, triage and
metadata."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.permission_policies.pages import PagePermissionPolicy

from policies.importing import (
    ACTIONS,
    AMBIGUOUS,
    CREATED,
    DUPLICATE,
    KINDS,
    SKIPPED,
    UNCHANGED,
    UPDATED,
    Importer,
    ImportFilesError,
    parse_files,
)


def action_labels():
    return {
        CREATED: _("新建草稿"), UPDATED: _("新修订草稿"), UNCHANGED: _("未变"), DUPLICATE: _("重复"),
        AMBIGUOUS: _("无法确定，未导入"), SKIPPED: _("跳过"),
    }


class Command(BaseCommand):
    @property
    def help(self):
        # A property, so that argparse gets a plain string in the active language.
        return _(
            "导入制度文件（.txt 网页复制文本，UTF-8 编码；或 .docx Word 文件）：去掉网页杂项，按标题拆分为多篇制度，"
            "识别章、条、编号事项和文件信息，逐篇给出警告。新文件和有改动的文件保存为草稿，"
            "由人资部在后台提交制度发布审批；同一文件重复导入不会产生任何变化。"
            "任何一个文件有问题时，所有文件都不导入。"
        )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help=_("要导入的 .txt 或 .docx 文件"))
        parser.add_argument("--dry-run", action="store_true", help=_("只检查并列出结果，不写入数据库"))
        parser.add_argument(
            "--publish", action="store_true",
            help=_("直接发布（仅用于迁移已经纸面批准的现行制度）：以导入人和日期作为批准记录，绝密文件除外"),
        )
        parser.add_argument("--user", metavar="USERNAME", help=_("导入人的用户名（记入修订和批准记录）"))
        parser.add_argument(
            "--include-flagged", action="store_true",
            help=_("也导入被判为其他单位制度、语句汇编或乱码的文件（默认跳过）"),
        )

    def handle(self, *args, paths=(), dry_run=False, publish=False, user=None, include_flagged=False,
               verbosity=1, **options):
        self.verbosity = verbosity
        importer_user = None
        if user:
            importer_user = get_user_model().objects.filter(username=user).first()
            if importer_user is None:
                raise CommandError(_("没有用户名为“%(user)s”的账号。") % {"user": user})
            if publish and not PagePermissionPolicy().user_has_permission(importer_user, "publish"):
                raise CommandError(_("用户“%(user)s”没有发布制度的权限，不能使用 --publish。") % {"user": user})
        try:
            parsed_files = parse_files(paths)
        except ImportFilesError as error:
            lines = [_("以下文件无法导入，本次没有导入任何文件：")]
            lines += [f"  - {problem}" for problem in error.errors]
            raise CommandError("\n".join(lines)) from error

        importer = Importer(user=importer_user, publish=publish, include_flagged=include_flagged, dry_run=dry_run)
        try:
            batch = importer.import_batch(parsed_files)
        except Exception as error:
            raise CommandError(
                _("导入时出错，本批文件没有导入任何内容（%(error)s）。") % {"error": error}
            ) from error
        if verbosity >= 1:
            self.report(batch, dry_run)

    def report(self, batch, dry_run):
        labels = action_labels()
        for parsed in batch.files:
            results = batch.of_file(parsed)
            self.stdout.write(
                _("%(file)s：发现 %(docs)s 篇") % {"file": parsed.path.name, "docs": len(results)}
                + "，" + "，".join(
                    f"{labels[action]} {sum(1 for r in results if r.action == action)}" for action in ACTIONS
                )
            )
            for warning in parsed.warnings:
                self.stdout.write(self.style.WARNING(f"  ! {warning}"))
            for result in results:
                self.report_document(result, labels)
        adopted = batch.count(CREATED) + batch.count(UPDATED) + batch.count(UNCHANGED)
        published = sum(1 for r in batch.documents if r.published)
        template = (
            _("试运行（未写入）：%(files)s 个文件，发现 %(docs)s 篇，采用 %(adopted)s（新建 %(created)s，修订 %(updated)s，"
              "未变 %(unchanged)s），跳过 %(skipped)s，重复 %(duplicate)s，无法确定 %(ambiguous)s。")
            if dry_run else
            _("完成：%(files)s 个文件，发现 %(docs)s 篇，采用 %(adopted)s（新建 %(created)s，修订 %(updated)s，"
              "未变 %(unchanged)s），跳过 %(skipped)s，重复 %(duplicate)s，无法确定 %(ambiguous)s；已发布 %(published)s。")
        )
        self.stdout.write(self.style.SUCCESS(template % {
            "files": len(batch.files), "docs": len(batch.documents), "adopted": adopted,
            "created": batch.count(CREATED), "updated": batch.count(UPDATED), "unchanged": batch.count(UNCHANGED),
            "skipped": batch.count(SKIPPED), "duplicate": batch.count(DUPLICATE),
            "ambiguous": batch.count(AMBIGUOUS), "published": published,
        }))
        counts = batch.warning_counts()
        self.stdout.write(_("警告：") + ("，".join(
            f"{KINDS.get(kind, kind)} {counts[kind]}" for kind in KINDS if kind in counts
        ) or _("无")))

    def report_document(self, result, labels):
        document = result.document
        if self.verbosity >= 2 or result.action in (SKIPPED, AMBIGUOUS, DUPLICATE, UPDATED) or result.reason:
            line = _("  %(number)s %(title)s（第 %(first)s–%(last)s 行）：%(action)s；%(chapters)s 章、"
                     "%(articles)s 条、%(items)s 项") % {
                "number": result.number or "—", "title": document.title, "first": document.first_line,
                "last": document.last_line, "action": labels[result.action],
                "chapters": document.count("chapter"), "articles": document.count("article"),
                "items": document.count("item"),
            }
            if result.summary:
                line += _("；修订：%(summary)s") % {"summary": result.summary}
            if result.reason:
                line += _("；%(reason)s") % {"reason": result.reason}
            self.stdout.write(line)
        if self.verbosity >= 2:
            for warning in document.warnings:
                self.stdout.write(self.style.WARNING(f"    ! [{warning.label}] {warning}"))
