"""Glue with the LMS, which sits below this app and cannot call up into it:
a plan table created after the trainee's placement test picks up the result
(:func:`assessments.placement_results.apply_pending_placement`). Connected
in :meth:`assessments.apps.AssessmentsConfig.ready`; like the admin hooks,
this module sits above the services and nothing in the app imports it."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from lms.models import TraineePlanTable

from .placement_results import apply_pending_placement


@receiver(post_save, sender=TraineePlanTable, dispatch_uid="assessments_apply_pending_placement")
def apply_placement_to_new_table(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        apply_pending_placement(instance)
