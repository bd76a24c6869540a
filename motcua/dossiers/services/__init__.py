"""Every state change of a dossier (DOMAIN.md §5).

Each public function is one transaction: it locks the dossier row (``select_for_update``),
checks the actor's right and the transition table (:mod:`motcua.dossiers.lifecycle`),
changes the row (saving only the changed fields), appends one event to the dossier's
hash-chained log and, in the same transaction, queues the e-mail the change calls for (sent
after commit, at most once per event). Codes and slip numbers are taken last, just before
the commit, because their counter rows stay locked until then.

When is the dossier code assigned? Online dossiers get it when they are submitted (the
resident needs it to follow the dossier before the desk has looked at it); dossiers brought
to the desk (in person or by post) get it when the officer accepts them, together with slip
01. The appointment is computed at acceptance, by the competent agency's calendar, from the
committed limit of the procedure version if there is one, else the legal limit.
"""

from motcua.dossiers.lifecycle import DossierConflict
from motcua.dossiers.services.common import (
    DOSSIER_FILE_KINDS,
    ComponentCheck,
    SupplementItem,
    components_missing,
    dossier_applicant,
    eform_check,
    fee_of,
    fee_quantities_from,
    has_role,
    is_support_member,
    version_components,
    version_fees,
    version_limit,
    version_schema,
)
from motcua.dossiers.services.desk import (
    desk_actions,
    dossier_accept,
    dossier_checklist_save,
    dossier_receive_at_desk,
    dossier_refuse,
    dossier_request_supplement,
    dossier_scan_attach,
    dossier_supplement_complete,
    dossier_withdraw,
)
from motcua.dossiers.services.online import (
    dossier_draft_create,
    dossier_draft_save,
    dossier_file_attach,
    dossier_file_online,
    dossier_file_remove,
    dossier_submit,
)

__all__ = [
    "DOSSIER_FILE_KINDS",
    "ComponentCheck",
    "DossierConflict",
    "SupplementItem",
    "components_missing",
    "desk_actions",
    "dossier_accept",
    "dossier_applicant",
    "dossier_checklist_save",
    "dossier_draft_create",
    "dossier_draft_save",
    "dossier_file_attach",
    "dossier_file_online",
    "dossier_file_remove",
    "dossier_receive_at_desk",
    "dossier_refuse",
    "dossier_request_supplement",
    "dossier_scan_attach",
    "dossier_submit",
    "dossier_supplement_complete",
    "dossier_withdraw",
    "eform_check",
    "fee_of",
    "fee_quantities_from",
    "has_role",
    "is_support_member",
    "version_components",
    "version_fees",
    "version_limit",
    "version_schema",
]
