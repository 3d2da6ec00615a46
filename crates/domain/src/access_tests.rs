use super::*;

const OF_A: OrganisationId = OrganisationId(1);
const OF_B: OrganisationId = OrganisationId(2);
const OF_C: OrganisationId = OrganisationId(3);
const FT: OrganisationId = OrganisationId(10);
const ML: OrganisationId = OrganisationId(11);

fn of(id: OrganisationId) -> Actor {
    Actor::organisation(id, OrganisationKind::TrainingOrganisation)
}

fn membership(id: OrganisationId, status: MembershipStatus, is_admin: bool) -> Membership {
    Membership { organisation: id, organisation_kind: OrganisationKind::TrainingOrganisation, status, is_admin }
}

fn parties(positioner: Option<OrganisationId>) -> SessionParties {
    SessionParties { responsible: OF_A, positioner, trainer: OF_B }
}

#[test]
fn r_acc_1_pending_membership_grants_nothing() {
    let memberships = [membership(OF_A, MembershipStatus::Pending, false)];
    assert_eq!(active_organisation(&memberships, None), Err(AccessError::NoApprovedMembership));
    assert_eq!(active_organisation(&memberships, Some(OF_A)), Err(AccessError::NotAMember));
}

#[test]
fn r_acc_1_only_an_organisation_admin_or_platform_admin_approves() {
    let admin = [membership(OF_A, MembershipStatus::Approved, true)];
    let plain = [membership(OF_A, MembershipStatus::Approved, false)];
    let pending_admin = [membership(OF_A, MembershipStatus::Pending, true)];
    let refused = Err(Refusal::MembershipApprovalForbidden);
    assert_eq!(may_approve_membership(false, &admin, OF_A), Ok(()));
    assert_eq!(may_approve_membership(false, &admin, OF_B), refused);
    assert_eq!(may_approve_membership(false, &plain, OF_A), refused);
    assert_eq!(may_approve_membership(false, &pending_admin, OF_A), refused);
    assert_eq!(may_approve_membership(true, &[], OF_A), Ok(()));
}

#[test]
fn r_acc_2_single_approved_membership_is_the_active_organisation() {
    let memberships =
        [membership(OF_A, MembershipStatus::Approved, false), membership(OF_B, MembershipStatus::Pending, false)];
    let actor = active_organisation(&memberships, None).unwrap();
    assert_eq!(actor.organisation_id(), Some(OF_A));
}

#[test]
fn r_acc_2_several_memberships_require_a_choice_among_approved_ones() {
    let memberships =
        [membership(OF_A, MembershipStatus::Approved, false), membership(OF_B, MembershipStatus::Approved, false)];
    let err = active_organisation(&memberships, None).unwrap_err();
    assert_eq!(err.code(), "organisation_required");
    assert_eq!(active_organisation(&memberships, Some(OF_B)).unwrap().organisation_id(), Some(OF_B));
    let err = active_organisation(&memberships, Some(OF_C)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
}

#[test]
fn r_acc_3_any_of_the_three_roles_reads_the_applications() {
    let p = parties(Some(OF_C));
    assert!(p.may_read_applications(&of(OF_A)));
    assert!(p.may_read_applications(&of(OF_B)));
    assert!(p.may_read_applications(&of(OF_C)));
    assert!(!p.may_read_applications(&of(OrganisationId(99))));
    assert_eq!(p.roles_of(OF_C), vec![SessionRole::Positioner]);
}

#[test]
fn r_acc_3_one_organisation_can_hold_all_roles() {
    let p = SessionParties { responsible: OF_A, positioner: Some(OF_A), trainer: OF_A };
    assert_eq!(p.roles_of(OF_A), SessionRole::ALL.to_vec());
}

#[test]
fn r_acc_3_positioner_gives_the_decision() {
    let p = parties(Some(OF_C));
    assert_eq!(p.decider(), OF_C);
    assert!(p.may_decide(&of(OF_C)));
    assert!(!p.may_decide(&of(OF_B)));
    assert!(!p.may_decide(&of(OF_A)));
}

#[test]
fn r_acc_3_trainer_gives_the_decision_when_no_positioner() {
    let p = parties(None);
    assert_eq!(p.decider(), OF_B);
    assert!(p.may_decide(&of(OF_B)));
    assert!(!p.may_decide(&Actor::PlatformAdmin));
}

#[test]
fn r_acc_4_prescriber_reads_only_its_own_organisations_applications() {
    let p = parties(None);
    let ft = Actor::organisation(FT, OrganisationKind::PrescriberFranceTravail);
    let ml = Actor::organisation(ML, OrganisationKind::PrescriberOther);
    assert!(may_read_application(&ft, &p, FT));
    assert!(!may_read_application(&ml, &p, FT));
    assert!(!p.may_read_applications(&ft));
    assert!(ft.may_apply() && ml.may_apply());
    assert!(!of(OF_A).may_apply());
}

#[test]
fn r_acc_4_funders_and_platform_change_locked_fields_but_see_no_candidate() {
    let funder = Actor::organisation(OrganisationId(20), OrganisationKind::Funder);
    assert!(funder.may_change_locked_fields());
    assert!(Actor::PlatformAdmin.may_change_locked_fields());
    assert!(!of(OF_A).may_change_locked_fields());
    assert!(funder.may_cancel_session());
    // R-GDPR-1: candidate data only for the organisations of R-ACC-3/R-ACC-4.
    assert!(!may_read_application(&funder, &parties(None), FT));
    assert!(!may_read_application(&Actor::PlatformAdmin, &parties(None), FT));
}

#[test]
fn r_acc_2_actor_serializes_with_its_kind() {
    let json = serde_json::to_value(of(OF_A)).unwrap();
    assert_eq!(json["kind"], "organisation");
    assert_eq!(json["organisation_kind"], "training_organisation");
}

#[test]
fn r_trn_1_only_the_platform_creates_trainings() {
    assert!(Actor::PlatformAdmin.may_create_training());
    assert!(!of(OF_A).may_create_training());
    assert!(!Actor::organisation(OrganisationId(20), OrganisationKind::Funder).may_create_training());
}

#[test]
fn r_gdpr_1_candidate_data_only_for_role_holders_and_the_sending_prescriber() {
    let p = parties(Some(OF_C));
    let ft = Actor::organisation(FT, OrganisationKind::PrescriberFranceTravail);
    let other_of = of(OrganisationId(99));
    assert!(may_read_application(&of(OF_C), &p, FT));
    assert!(may_read_application(&ft, &p, FT));
    assert!(!may_read_application(&other_of, &p, FT));
    assert!(!may_read_application(&Actor::PlatformAdmin, &p, FT));
}

#[test]
fn r_acc_3_session_readers_are_its_parties_its_funder_and_the_platform() {
    let parties = SessionParties {
        responsible: OrganisationId(1),
        positioner: Some(OrganisationId(2)),
        trainer: OrganisationId(3),
    };
    let funder = OrganisationId(9);
    let org = |id| Actor::organisation(OrganisationId(id), OrganisationKind::TrainingOrganisation);
    for id in [1, 2, 3] {
        assert!(may_read_session(&org(id), &parties, funder));
    }
    assert!(may_read_session(&Actor::organisation(funder, OrganisationKind::Funder), &parties, funder));
    assert!(may_read_session(&Actor::PlatformAdmin, &parties, funder));
    assert!(!may_read_session(&org(4), &parties, funder));
}

#[test]
fn r_acc_3_a_training_is_read_through_its_own_roles_or_a_session_role() {
    let (responsible, funder) = (OrganisationId(1), OrganisationId(9));
    let sessions = [SessionParties { responsible, positioner: None, trainer: OrganisationId(3) }];
    let org = |id| Actor::organisation(OrganisationId(id), OrganisationKind::TrainingOrganisation);
    assert!(holds_training_role(&org(1), responsible, funder));
    assert!(!holds_training_role(&org(3), responsible, funder), "a trainer holds a session role only");
    assert!(may_read_training(&org(3), responsible, funder, &sessions));
    assert!(may_read_training(&Actor::PlatformAdmin, responsible, funder, &[]));
    assert!(!may_read_training(&org(4), responsible, funder, &sessions));
}

#[test]
fn r_app_4_another_organisations_application_is_shown_to_the_decider_only_as_existence_and_state() {
    // Viewed: responsible OF_A, positioner OF_C (decides), trainer OF_B. Other: another organisation's session.
    let viewed = parties(Some(OF_C));
    let other = SessionParties { responsible: OrganisationId(50), positioner: None, trainer: OrganisationId(51) };
    let ml = Actor::organisation(ML, OrganisationKind::PrescriberOther);
    let ft = Actor::organisation(FT, OrganisationKind::PrescriberFranceTravail);
    assert_eq!(other_application_view(&of(OF_C), &viewed, &other, ML), OtherApplicationView::ExistenceAndState);
    assert_eq!(other_application_view(&of(OF_A), &viewed, &other, ML), OtherApplicationView::Hidden);
    assert_eq!(other_application_view(&of(OF_B), &viewed, &other, ML), OtherApplicationView::Hidden);
    assert_eq!(other_application_view(&ft, &viewed, &other, ML), OtherApplicationView::Hidden, "never a prescriber");
    assert_eq!(other_application_view(&ml, &viewed, &other, ML), OtherApplicationView::Full, "its own");
    let funder = Actor::organisation(OrganisationId(20), OrganisationKind::Funder);
    assert_eq!(other_application_view(&funder, &viewed, &other, ML), OtherApplicationView::Hidden);
    assert_eq!(other_application_view(&Actor::PlatformAdmin, &viewed, &other, ML), OtherApplicationView::Hidden);
}

#[test]
fn r_app_4_an_application_the_actor_reads_anyway_is_shown_in_full() {
    let viewed = parties(None);
    let other = SessionParties { responsible: OF_A, positioner: None, trainer: OrganisationId(51) };
    assert_eq!(other_application_view(&of(OF_A), &viewed, &other, FT), OtherApplicationView::Full);
    assert_eq!(other_application_view(&of(OF_B), &viewed, &other, FT), OtherApplicationView::ExistenceAndState);
}

#[test]
fn r_trn_2_only_the_training_roles_edit_it_a_session_role_only_reads() {
    let (responsible, funder) = (OrganisationId(1), OrganisationId(9));
    let org = |id| Actor::organisation(OrganisationId(id), OrganisationKind::TrainingOrganisation);
    assert!(may_edit_training(&org(1), responsible, funder));
    assert!(may_edit_training(&Actor::organisation(funder, OrganisationKind::Funder), responsible, funder));
    assert!(may_edit_training(&Actor::PlatformAdmin, responsible, funder));
    let refused = check_may_edit_training(&org(3), responsible, funder).unwrap_err();
    assert_eq!((refused.code(), refused.kind()), ("training_read_only", ErrorKind::Forbidden));
    let other_funder = Actor::organisation(OrganisationId(8), OrganisationKind::Funder);
    assert!(!may_edit_training(&other_funder, responsible, funder));
}

#[test]
fn session_role_code_is_its_wire_name() {
    for role in SessionRole::ALL {
        assert_eq!(serde_json::to_value(role).unwrap(), role.code());
    }
}

#[test]
fn r_acc_refusals_are_forbidden_with_stable_distinct_codes_and_french_messages() {
    let codes: std::collections::HashSet<_> = Refusal::ALL.iter().map(RuleError::code).collect();
    assert_eq!(codes.len(), Refusal::ALL.len());
    for refusal in Refusal::ALL {
        assert_eq!(refusal.kind(), ErrorKind::Forbidden, "{refusal:?}");
        assert!(refusal.message().ends_with('.'), "{refusal:?}");
    }
    assert_eq!(Refusal::PlatformAdminRequired.code(), "platform_admin_required");
    assert_eq!(Refusal::DecisionForbidden.code(), "decision_forbidden");
}

#[test]
fn r_acc_3_only_the_decider_passes_the_decision_check() {
    let session = parties(Some(OF_C));
    assert_eq!(session.check_may_decide(&of(OF_C)), Ok(()));
    assert_eq!(session.check_may_decide(&of(OF_B)), Err(Refusal::DecisionForbidden));
}

#[test]
fn r_acc_4_refusals_name_who_may_cancel_apply_create_and_publish() {
    let funder = Actor::organisation(FT, OrganisationKind::Funder);
    let prescriber = Actor::organisation(ML, OrganisationKind::PrescriberOther);
    assert_eq!(funder.check_may_cancel_session(), Ok(()));
    assert_eq!(of(OF_A).check_may_cancel_session(), Err(Refusal::CancelForbidden));
    assert_eq!(prescriber.check_may_apply(), Ok(()));
    assert_eq!(of(OF_A).check_may_apply(), Err(Refusal::PrescriberRequired));
    assert_eq!(Actor::PlatformAdmin.check_may_create_training(), Ok(()));
    assert_eq!(funder.check_may_create_training(), Err(Refusal::PlatformAdminRequired));
    assert_eq!(Actor::PlatformAdmin.check_may_change_publication(), Ok(()));
    assert_eq!(funder.check_may_change_publication(), Err(Refusal::PublicationForbidden));
    assert_eq!(check_platform_admin(false), Err(Refusal::PlatformAdminRequired));
}
