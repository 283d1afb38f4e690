"""The service catalog: which services exist, what each needs, and the questions leading there."""

from kiosk.catalog.loader import CatalogView, catalog_with_override, load_catalog
from kiosk.catalog.schema import Catalog, Document, Form, Question, Service, Text

__all__ = [
    "Catalog",
    "CatalogView",
    "Document",
    "Form",
    "Question",
    "Service",
    "Text",
    "catalog_with_override",
    "load_catalog",
]
