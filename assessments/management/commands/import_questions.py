"""Import questions into the question bank from an XLSX or CSV file (see
:mod:`assessments.importing` for the columns). All or nothing."""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.importing import ImportRefused, import_questions


class Command(BaseCommand):
    help = gettext_lazy("从 XLSX 或 CSV 文件导入题目（任何一行有误则整个文件不导入）。")

    def add_arguments(self, parser):
        parser.add_argument("path", help=gettext_lazy("XLSX 或 CSV 文件路径"))
        parser.add_argument("--user", help=gettext_lazy("记录为修订人的用户名"))

    def handle(self, path, user=None, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(_("用户不存在：%(user)s") % {"user": user})
        try:
            created = import_questions(file.read_bytes(), file.name, user=by)
        except ImportRefused as refused:
            raise CommandError(_("文件未导入：") + "\n" + "\n".join(refused.errors)) from None
        self.stdout.write(self.style.SUCCESS(_("已导入 %(n)s 道题目。") % {"n": len(created)}))
