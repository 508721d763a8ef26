from modelsearch.backends.database import SearchBackend  # noqa: F401  (placeholder)
