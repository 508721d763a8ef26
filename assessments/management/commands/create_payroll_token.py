"""Create a payroll API token for an HR user and print it once."""
import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assessments.models import PayrollAPIToken


class Command(BaseCommand):
    help = "为人资部用户创建薪资接口令牌；令牌只在此处显示一次，系统只保存其哈希值。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="薪资系统", help="令牌用途")
        parser.add_argument("--days", type=int, default=None, help="有效天数（默认长期有效，直至撤销）")

    def handle(self, username, name, days, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户名为 {username} 的用户。")
        expires_at = timezone.now() + datetime.timedelta(days=days) if days else None
        try:
            record, token = PayrollAPIToken.issue(user, name, expires_at=expires_at)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from None
        self.stderr.write(f"已为 {username} 创建令牌“{record.name}”（{record.prefix}…）。请立即保存，令牌不会再次显示：")
        self.stdout.write(token)
