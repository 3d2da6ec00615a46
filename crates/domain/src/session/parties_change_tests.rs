use super::*;
use crate::access::OrganisationKind;

fn current() -> PartiesAndPlace {
    PartiesAndPlace {
        trainer: OrganisationId(1),
        positioner: None,
        commune: Commune::parse("24", "Boulazac Isle Manoire").unwrap(),
    }
}

fn organisation() -> Actor {
    Actor::organisation(OrganisationId(1), OrganisationKind::TrainingOrganisation)
}

fn funder() -> Actor {
    Actor::organisation(OrganisationId(9), OrganisationKind::Funder)
}

#[test]
fn r_ses_7_the_funder_and_the_platform_change_trainer_positioner_and_commune() {
    let change = PartiesChange {
        trainer: Some(OrganisationId(2)),
        positioner: Some(Some(OrganisationId(3))),
        commune: Some(Commune::parse("33", "Bordeaux").unwrap()),
    };
    for actor in [funder(), Actor::PlatformAdmin] {
        let (next, moved) = change_parties(&current(), &change, &actor).unwrap();
        assert_eq!((next.trainer, next.positioner), (OrganisationId(2), Some(OrganisationId(3))));
        assert_eq!(next.commune.to_string(), "33 - Bordeaux");
        assert_eq!(moved, vec![PartyField::Trainer, PartyField::Positioner, PartyField::Commune]);
    }
    let removed = PartiesChange { positioner: Some(None), ..PartiesChange::default() };
    let with_positioner = PartiesAndPlace { positioner: Some(OrganisationId(3)), ..current() };
    let (next, moved) = change_parties(&with_positioner, &removed, &funder()).unwrap();
    assert_eq!((next.positioner, moved), (None, vec![PartyField::Positioner]));
}

#[test]
fn r_ses_7_the_organisation_is_refused_naming_the_funder() {
    let change = PartiesChange { commune: Some(Commune::parse("33", "Bordeaux").unwrap()), ..PartiesChange::default() };
    let err = change_parties(&current(), &change, &organisation()).unwrap_err();
    assert_eq!(
        (err.code(), err.kind(), err.field()),
        ("session_parties_funder_only", ErrorKind::Invalid, Some("commune"))
    );
    assert!(err.message().contains("financeur (France Travail ou l'OPCO)"));
    assert_eq!(err.extra(), Some(serde_json::json!({"who_can_change": ["funder", "platform_admin"]})));
    let trainer = PartiesChange { trainer: Some(OrganisationId(2)), ..PartiesChange::default() };
    assert_eq!(
        change_parties(&current(), &trainer, &organisation()).unwrap_err().field(),
        Some("trainer_organisation_id")
    );
}

#[test]
fn r_ses_7_a_prescriber_is_forbidden() {
    let prescriber = Actor::organisation(OrganisationId(5), OrganisationKind::PrescriberOther);
    let change = PartiesChange { trainer: Some(OrganisationId(2)), ..PartiesChange::default() };
    assert_eq!(change_parties(&current(), &change, &prescriber).unwrap_err().kind(), ErrorKind::Forbidden);
}

#[test]
fn r_ses_7_resending_the_current_values_is_no_change_for_anyone() {
    let same = PartiesChange {
        trainer: Some(OrganisationId(1)),
        positioner: Some(None),
        commune: Some(Commune::parse(" 24", "Boulazac Isle Manoire ").unwrap()),
    };
    let (next, moved) = change_parties(&current(), &same, &organisation()).unwrap();
    assert_eq!((next, moved), (current(), vec![]));
}
