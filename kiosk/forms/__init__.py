"""Regulation forms (Permendagri 109/2019) filled in by the app from the data entered."""

from kiosk.forms.render import FormContext, form_document_code, render_form

__all__ = ["FormContext", "form_document_code", "render_form"]
