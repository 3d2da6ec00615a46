#!/usr/bin/env python3
"""An integrator's journey through a client generated from openapi/openapi.json by openapi-python-client.

A France Travail counsellor finds a session with free places and applies; the session's training organisation
records and validates its decision; the counsellor reads the decision back. Every call goes through the
generated client, so a schema that does not match the server's answers fails here. Run by `make spec-check`
(scripts/spec_check.py) with the generated package on PYTHONPATH and TREMPLIN_BASE set.
"""

from __future__ import annotations

import datetime
import os
import sys

from tremplin_api_client import AuthenticatedClient, Client
from tremplin_api_client.api.authentification import log_in
from tremplin_api_client.api.candidatures import (
    create_application,
    get_application,
    list_available_sessions,
    save_decision_draft,
    validate_decision,
)
from tremplin_api_client.models import (
    ApplicationDetail,
    ApplicationReceived,
    AvailableSession,
    CandidateInput,
    DecisionDraftInput,
    Invite,
    InviteResult,
    LoginRequest,
    LoginResponse,
    NewApplication,
)

BASE = os.environ["TREMPLIN_BASE"]
COUNSELLOR = ("conseiller@demo.tremplin.fr", "DemoConseil2026!")
TRAINER = ("formation@demo.tremplin.fr", "DemoFormation2026!")


def signed_in(email: str, password: str) -> tuple[AuthenticatedClient, LoginResponse]:
    answer = log_in.sync(client=Client(base_url=BASE), body=LoginRequest(email=email, password=password))
    expect(isinstance(answer, LoginResponse), f"log in as {email}: {answer!r}")
    return AuthenticatedClient(base_url=BASE, token=answer.access_token), answer


def expect(condition: bool, what: str) -> None:
    if not condition:
        print(f"journey FAILED: {what}", file=sys.stderr)
        sys.exit(1)


def main() -> None:
    counsellor, _ = signed_in(*COUNSELLOR)
    trainer, trainer_login = signed_in(*TRAINER)
    trainer_organisation = trainer_login.memberships[0].organisation_id

    sessions = list_available_sessions.sync(client=counsellor)
    expect(isinstance(sessions, list), f"availability: {sessions!r}")
    open_sessions = [s for s in sessions if isinstance(s, AvailableSession) and s.places_left > 0
                     and s.trainer.id == trainer_organisation]
    expect(bool(open_sessions), "a session of the demo training organisation with free places")
    session = open_sessions[0]
    print(f"session {session.reference}: {session.training_title} ({session.places_left} places)")

    candidate = CandidateInput(
        last_name="Intégrateur", first_name="Aude", birth_date=datetime.date(1994, 3, 8),
        email="aude.integrateur@example.org", phone="06 11 22 33 44", postcode="24000", city="Périgueux",
        employment_situation="Demandeuse d'emploi",
    )
    received = create_application.sync(
        session.reference, client=counsellor,
        body=NewApplication(candidate=candidate, presentation="Projet de reconversion validé en entretien."),
    )
    expect(isinstance(received, ApplicationReceived), f"apply: {received!r}")
    expect(received.state.value == "pending", f"application pending, got {received.state}")
    reference = received.reference
    print(f"application {reference}: {received.message}")

    today = datetime.date.today()
    draft = DecisionDraftInput(invites=[Invite(date=today, result=InviteResult.UNEXCUSED_ABSENCE)])
    saved = save_decision_draft.sync(reference, client=trainer, body=draft)
    expect(isinstance(saved, ApplicationDetail), f"save the decision draft: {saved!r}")
    validated = validate_decision.sync(reference, client=trainer)
    expect(isinstance(validated, ApplicationDetail), f"validate the decision: {validated!r}")

    seen = get_application.sync(reference, client=counsellor)
    expect(isinstance(seen, ApplicationDetail), f"read back as the counsellor: {seen!r}")
    expect(seen.state.value == "not_retained", f"decision read back: {seen.state}")
    expect(seen.decision.validated, "the counsellor sees a validated decision")
    print(f"decision read back by the counsellor: {seen.state_label}")
    print("journey passed")


if __name__ == "__main__":
    main()
