"""The Store: one data dir opened, and the parts of the local store wired together.

It owns nothing but the wiring (no queries, no rules): every part takes the small core
(kiosk/store/core.py) and what else it needs, never the Store, so no part imports its owner.
Callers reach the parts by name:

- `store.submission.submit(new)`: validate, number, render forms, seal, write, queue, audit;
- `store.records`: lists, searches, documents, history, audited applicant reads, statuses;
- `store.outbox`, `store.drafts`, `store.audit`, `store.accounts`;
- `store.survey`: the anonymous satisfaction survey (SKM) and its index (IKM);
- `store.visits`: the jemput bola visit list, its citizen data encrypted (kiosk/field/);
- `store.state`: typed machine state (`is_enrolled()`, the server's sealing key, ...);
- `store.offline_budget`: days since the last contact with the server, and the block on new
  applications past the district's limit (kiosk/offline_budget.py);
- `store.district_config`: the signed district configuration held (kiosk/district_config.py);
  `store.catalog` is the catalog it makes (the shipped one before any), swapped by
  `use_catalog` when a new one is installed, so the next application offers the new services.

One writer at a time (the core's write lock); callers on the Qt main thread must call the
Store from a worker (docs/architecture.md, "Threads").
"""

from __future__ import annotations

from pathlib import Path

from kiosk.accounts import Accounts
from kiosk.applications.numbering import device_code
from kiosk.applications.records import ApplicationRecords
from kiosk.applications.submission import Submission
from kiosk.audit import AuditLog
from kiosk.catalog import CatalogView, load_catalog
from kiosk.district_config import DistrictConfigStore
from kiosk.field.visits import Visits
from kiosk.offline_budget import OfflineBudget
from kiosk.store.core import StoreCore
from kiosk.store.drafts import Drafts
from kiosk.store.machine_state import MachineState
from kiosk.store.orphans import collect_orphans
from kiosk.store.outbox import Outbox
from kiosk.survey.responses import SurveyResponses


class Store:
    def __init__(self, data_dir: Path, catalog: CatalogView | None = None) -> None:
        self.data_dir = data_dir
        self.district_config = DistrictConfigStore(data_dir)
        if catalog is None:
            active = self.district_config.active()
            catalog = active.catalog if active is not None else load_catalog()
        self.catalog = catalog
        self.core = StoreCore(data_dir)
        self.state = MachineState(self.core)
        self.device_code = device_code(self.state)
        self.audit = AuditLog(self.core, self.device_code)
        self.accounts = Accounts(self.core, self.audit)
        self.outbox = Outbox(self.core)
        self.drafts = Drafts(self.core)
        self.survey = SurveyResponses(self.core)
        self.records = ApplicationRecords(self.core, self.audit)
        self.visits = Visits(self.core, self.audit)
        self.offline_budget = OfflineBudget(self.state, self.outbox, self.district_config)
        self.submission = Submission(
            self.core,
            self.catalog,
            self.audit,
            self.device_code,
            offline_gate=self.offline_budget.check_new_application,
        )

    def use_catalog(self, catalog: CatalogView) -> None:
        """From now on new applications see `catalog`; one being filled keeps its own."""
        self.catalog = catalog
        self.submission.use_catalog(catalog)

    @classmethod
    def open(cls, data_dir: Path, catalog: CatalogView | None = None) -> Store:
        """Opens (creating and migrating as needed) and tidies what a crash may have left."""
        store = cls(data_dir, catalog)
        collect_orphans(store.core, min_age=0)
        return store

    def close(self) -> None:
        self.core.close()
