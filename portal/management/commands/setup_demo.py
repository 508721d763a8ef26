from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail import hooks

from people.demo import create_demo_accounts
from people.inbox import DEMO_CONTENT_HOOK
from portal.setup import ensure_site


class Command(BaseCommand):
    help = "创建站点结构、部门、岗位和各角色的演示账号（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--password", default=settings.PORTAL_DEMO_PASSWORD)

    @transaction.atomic
    def handle(self, *args, password, **options):
        ensure_site()
        rows = create_demo_accounts(password)
        for add_demo_content in hooks.get_hooks(DEMO_CONTENT_HOOK):
            add_demo_content(self.stdout)
        self.stdout.write(self.style.SUCCESS("演示账号（用户名 / 密码 / 角色）："))
        for username, role in rows:
            self.stdout.write("  %-10s %-16s %s" % (username, password, role))
