from tests.helpers.postgres import postgres_cluster

__all__ = ["postgres_cluster"]
