"""Glue with the LMS: a plan table created after the trainee's placement
test picks up the result (see :mod:`assessments.placement`)."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from lms.models import TraineePlanTable


@receiver(post_save, sender=TraineePlanTable, dispatch_uid="assessments_apply_pending_placement")
def apply_placement_to_new_table(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .placement import apply_pending_placement

        apply_pending_placement(instance)
