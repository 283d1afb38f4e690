"""The service catalog: which services exist, what each needs, and the questions leading there."""

from kiosk.catalog.loader import CatalogView, load_catalog
from kiosk.catalog.schema import Catalog, Document, Form, Question, Service, Text

__all__ = [
    "Catalog",
    "CatalogView",
    "Document",
    "Form",
    "Question",
    "Service",
    "Text",
    "load_catalog",
]
