from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import DEMO_ACCOUNTS
from portal.models import Department, JobRole, Profile
from portal.setup import ensure_organisation, ensure_site


class Command(BaseCommand):
    help = "创建站点结构、部门、岗位和各角色的演示账号（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--password", default=settings.PORTAL_DEMO_PASSWORD)

    @transaction.atomic
    def handle(self, *args, password, **options):
        ensure_organisation()
        ensure_site()
        User = get_user_model()
        rows = []
        for username, full_name, role, dept, job, clearance, groups, superuser in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": full_name[1:], "last_name": full_name[0],
                          "email": f"{username}@example.com"},
            )
            if created:
                user.set_password(password)
            user.is_superuser = user.is_staff = superuser
            user.save()
            Profile.objects.update_or_create(
                user=user,
                defaults={
                    "department": Department.objects.get(code=dept),
                    "job_role": JobRole.objects.get(code=job),
                    "clearance": clearance,
                    "employee_no": f"E{user.pk:05d}",
                },
            )
            for name in groups:
                group, _ = Group.objects.get_or_create(name=name)
                user.groups.add(group)
            rows.append((username, password, str(role)))
        self.stdout.write(self.style.SUCCESS("演示账号（用户名 / 密码 / 角色）："))
        for row in rows:
            self.stdout.write("  %-10s %-16s %s" % row)
