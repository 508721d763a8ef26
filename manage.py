#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    # Production unless told otherwise: development (DEBUG, debug pages) only when
    # chosen explicitly, DJANGO_SETTINGS_MODULE=portal.settings.dev (make run does).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
