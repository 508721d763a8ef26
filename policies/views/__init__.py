"""The policies' public-site views, one module per subject: ``search``,
``versions`` (list, one version, compare), ``pdf`` and ``acknowledgement``.
A policy page's routes name theirs by dotted path (see ``people.routing``)."""
