"""``manage.py import_policies PATH…``: regulation documents from pasted web
text (.txt, UTF-8) or Word (.docx) files into the policy library.

All files are checked first: if any cannot be imported, nothing is imported
and every bad file is named (with the line). Each good file is then imported
in its own transaction, so a file is never half-imported. See
``policies.importing`` for how files are cleaned, split and structured."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from policies.importing import CREATED, UNCHANGED, UPDATED, Importer, ImportFilesError, parse_files


class Command(BaseCommand):
    @property
    def help(self):
        # A property, so that argparse gets a plain string in the active language.
        return _(
            "导入制度文件（.txt 网页复制文本，UTF-8 编码；或 .docx Word 文件）：去掉网页杂项，"
            "按标题拆分为多篇制度，识别章、条、编号事项，每篇建立或更新一个制度页面并发布。"
            "同一文件重复导入不会产生任何变化；内容有改动的文件会发布新版本。"
            "任何一个文件有问题时，所有文件都不导入。"
        )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help=_("要导入的 .txt 或 .docx 文件"))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("只检查并列出将要新建、更新或保持不变的制度，不写入数据库"),
        )

    def handle(self, *args, paths=(), dry_run=False, verbosity=1, **options):
        self.verbosity = verbosity
        try:
            parsed_files = parse_files(paths)
        except ImportFilesError as error:
            lines = [_("以下文件无法导入，本次没有导入任何文件：")]
            lines += [f"  - {problem}" for problem in error.errors]
            raise CommandError("\n".join(lines)) from error

        importer = Importer(dry_run=dry_run)
        totals = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
        done = []
        for parsed in parsed_files:
            try:
                result = importer.import_file(parsed)
            except Exception as error:
                message = _("导入 %(file)s 时出错，该文件没有导入任何内容（%(error)s）。") % {
                    "file": parsed.path.name, "error": error,
                }
                if done:
                    message += _("此前的文件已导入：%(files)s。") % {"files": "、".join(done)}
                raise CommandError(message) from error
            done.append(parsed.path.name)
            for action in totals:
                totals[action] += result.count(action)
            self.report_file(result, dry_run)

        if verbosity >= 1:
            template = (
                _("试运行（未写入）：%(files)s 个文件，%(docs)s 篇制度：将新建 %(created)s，将更新 %(updated)s，不变 %(unchanged)s。")
                if dry_run
                else _("完成：%(files)s 个文件，%(docs)s 篇制度：新建 %(created)s，更新 %(updated)s，未变 %(unchanged)s。")
            )
            self.stdout.write(self.style.SUCCESS(template % {
                "files": len(parsed_files), "docs": sum(totals.values()),
                "created": totals[CREATED], "updated": totals[UPDATED], "unchanged": totals[UNCHANGED],
            }))

    def report_file(self, result, dry_run):
        """One line per file; with -v 2 one line per document; warnings always
        (unless -v 0)."""
        if self.verbosity < 1:
            return
        template = (
            _("%(file)s：%(docs)s 篇，将新建 %(created)s，将更新 %(updated)s，不变 %(unchanged)s")
            if dry_run
            else _("%(file)s：%(docs)s 篇，新建 %(created)s，更新 %(updated)s，未变 %(unchanged)s")
        )
        self.stdout.write(template % {
            "file": result.parsed.path.name, "docs": len(result.documents),
            "created": result.count(CREATED), "updated": result.count(UPDATED),
            "unchanged": result.count(UNCHANGED),
        })
        for warning in result.parsed.warnings:
            self.stdout.write(self.style.WARNING(_("  ! %(warning)s") % {"warning": warning}))
        labels = {CREATED: _("新建"), UPDATED: _("更新"), UNCHANGED: _("未变")}
        for item in result.documents:
            document = item.document
            if self.verbosity >= 2:
                self.stdout.write(
                    _("  %(number)s %(title)s（第 %(line)s 行起）：%(action)s；"
                      "%(chapters)s 章、%(articles)s 条、%(items)s 项、%(paragraphs)s 段")
                    % {
                        "number": item.number, "title": document.title, "line": document.first_line,
                        "action": labels[item.action], "chapters": document.count("chapter"),
                        "articles": document.count("article"), "items": document.count("item"),
                        "paragraphs": document.count("paragraph"),
                    }
                )
            for warning in document.warnings:
                self.stdout.write(self.style.WARNING(
                    _("  ! %(number)s %(title)s：%(warning)s")
                    % {"number": item.number, "title": document.title, "warning": warning}
                ))
