from tests.helpers.postgres import postgres_cluster
from tests.helpers.seaweedfs import seaweedfs

__all__ = ["postgres_cluster", "seaweedfs"]
