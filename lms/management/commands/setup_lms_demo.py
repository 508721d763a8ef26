"""The LMS's demo content alone (``setup_demo`` builds it with everything
else); safe to run again. See :mod:`lms.demo`."""
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from lms import demo_archives
from lms.demo import add_demo_content
from people.demo import create_demo_accounts


class Command(BaseCommand):
    help = "创建培训模块的演示内容：课程、培训计划表、培训课堂与问卷、师资库（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--password", default=settings.PORTAL_DEMO_PASSWORD)

    @transaction.atomic
    def handle(self, *args, password, **options):
        create_demo_accounts(password)
        add_demo_content(self.stdout)
        demo_archives.add_demo_content(self.stdout)
