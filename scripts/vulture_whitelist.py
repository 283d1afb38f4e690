"""Names vulture cannot see used: a framework calls them (scripts/dead-code reads this file).

Every entry says who uses the name. Dead code does not belong here: delete it instead.
"""

from vulture.whitelist_utils import Whitelist

framework = Whitelist()

# Qt calls its event handlers and size hints itself.
framework.paintEvent
framework.mousePressEvent
framework.mouseMoveEvent
framework.mouseReleaseEvent
framework.tabletEvent
framework.sizeHint
framework.heightForWidth  # layouts (ui/ends_row.py)
framework.minimumSize
framework.expandingDirections
framework.hasHeightForWidth
# pydantic reads model_config and runs the validators it registers.
framework.model_config
framework._exactly_one_target
framework._references_resolve
framework._check_lineage_and_uniqueness
framework._lenient_quality
# ReportLab draws charts from the attributes set on them.
framework.categoryNames
framework.reverseDirection
framework.fontName
framework.boxAnchor
framework.dx
framework.valueMin
framework.valueMax
framework.valueStep
framework.labelTextFormat
framework.fillColor
framework.barLabelFormat
# logging.Filter rewrites the record's message in place.
framework.msg
# SQLAlchemy: a TypeDecorator's hooks, and the engine option set on a connection.
framework.impl
framework.cache_ok
framework.process_bind_param
framework.process_result_value
framework.isolation_level
# FastAPI calls the route functions its decorators register.
framework.get_manifest_status
framework.attachment_progress
framework.upload_audit
framework.upload_survey
framework.release_package
framework.current_district_config
framework.healthz
framework.readyz
# ... and the back office's pages and error handlers.
framework._csrf
framework._http
framework._invalid
framework._root
framework.login_form
framework.login
framework.logout
framework.queue_page
framework.dashboard_page
framework.admin_page
framework._admin_refused
framework.bundle_page
framework.upload_bundle
# Jinja2 templates of the back office read these.
framework.fix_en
framework.field_value  # review.html names the sex and the contact consent (backoffice/names.py)
# SQLAlchemy columns written by keyword, read by SQL (the dashboard, the audit of a decision).
framework.assigned_at
framework.decided_at
# pydantic fields that are part of the wire format (sent, read by the other side).
framework.api_version
# `kiosk sync --once --json` prints every field of the pass report.
framework.retry_later
# pytest finds fixtures, hooks and markers by name.
framework._no_unexpected_warning_logs
framework._nothing_left_behind
framework.sqlite_template
framework.postgres_shared
framework.pytestmark
# http.server dispatches requests to do_<METHOD> and logs through log_message.
framework.do_GET
framework.do_HEAD
framework.do_POST
framework.do_PUT
framework.log_message
# aiosmtpd calls its handler's handle_<COMMAND> hooks.
framework.handle_DATA
# keyring's backend interface (the in-memory test keyring implements all of it).
framework.delete_password
# Columns and fields read by the database, pydantic or JSON output rather than by name.
framework.pinned_at
framework.pinned_by
framework.offline_budget_days
framework.max_pending_applications
framework.limits
framework.selfservice_idle_seconds
framework.first_seq
framework.imported_at
# pydantic runs model validators by their decorator.
framework._block_from_first_name
framework._warn_before_block
framework.trying
# A sync pass's distribution report: what it did, for the log and the tests.
framework.release_staged
framework.release_refused
framework.bytes_downloaded
# Autouse fixtures: pytest runs them by their decorator, not by name.
framework._audit_problems_warn
framework._app_look
# sqlite3 reads a connection's row_factory attribute.
framework.row_factory
# WORKAROUND: unused in server/, which its reorganisation (issue 10, item 4) wires or deletes;
# drop these two lines when it lands.
# uvicorn loads these by their import string in each `serve --workers` process.
framework.worker_app
framework.EnvironmentHeaderTimeoutH11Protocol
# Python calls a module's __getattr__ for a name it lacks (PEP 562: kiosk/updates/__init__.py).
framework.__getattr__
