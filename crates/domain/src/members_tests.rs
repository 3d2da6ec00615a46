use chrono::NaiveDate;

use super::*;
use crate::access::MembershipStatus::{Approved, Pending, Refused, Removed};

fn state(status: MembershipStatus, is_admin: bool) -> MemberState {
    MemberState { status, is_admin }
}

fn at(hour: u32, minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 30).and_then(|d| d.and_hms_opt(hour, minute, 0)).unwrap_or_default()
}

#[test]
fn r_acc_5_only_a_pending_request_is_approved_or_refused() {
    let approved = apply_change(MemberChange::Approve, state(Pending, false), 1);
    assert_eq!(approved, Ok(MemberOutcome { status: Approved, is_admin: false }));
    let refused = apply_change(MemberChange::Refuse, state(Pending, false), 1);
    assert_eq!(refused, Ok(MemberOutcome { status: Refused, is_admin: false }));
    assert_eq!(apply_change(MemberChange::Approve, state(Approved, false), 1), Err(MemberError::AlreadyApproved));
    for status in [Approved, Refused, Removed] {
        assert_eq!(apply_change(MemberChange::Refuse, state(status, false), 1), Err(MemberError::NotPending));
    }
    assert_eq!(apply_change(MemberChange::Approve, state(Removed, false), 1), Err(MemberError::NotPending));
    assert_eq!(MemberError::NotPending.code(), "membership_not_pending");
}

#[test]
fn r_acc_6_the_first_member_approved_in_an_organisation_without_admin_becomes_its_admin() {
    let first = apply_change(MemberChange::Approve, state(Pending, false), 0);
    assert_eq!(first, Ok(MemberOutcome { status: Approved, is_admin: true }));
    let next = apply_change(MemberChange::Approve, state(Pending, false), 1);
    assert_eq!(next.map(|o| o.is_admin), Ok(false));
    assert!(admin_on_joining(0));
    assert!(!admin_on_joining(2));
}

#[test]
fn r_acc_7_an_organisation_always_keeps_at_least_one_admin() {
    let last = state(Approved, true);
    assert_eq!(apply_change(MemberChange::UnmakeAdmin, last, 1), Err(MemberError::LastAdmin));
    assert_eq!(apply_change(MemberChange::Remove, last, 1), Err(MemberError::LastAdmin));
    assert_eq!(
        apply_change(MemberChange::UnmakeAdmin, last, 2),
        Ok(MemberOutcome { status: Approved, is_admin: false })
    );
    assert_eq!(apply_change(MemberChange::Remove, last, 2), Ok(MemberOutcome { status: Removed, is_admin: false }));
    // A plain member leaves whatever the number of admins.
    assert!(apply_change(MemberChange::Remove, state(Approved, false), 1).is_ok());
    assert_eq!(MemberError::LastAdmin.kind(), ErrorKind::Conflict);
    assert_eq!(MemberError::LastAdmin.code(), "last_admin");
}

#[test]
fn r_acc_7_only_approved_members_are_named_admin_or_removed() {
    for status in [Pending, Refused, Removed] {
        for change in [MemberChange::MakeAdmin, MemberChange::UnmakeAdmin, MemberChange::Remove] {
            assert_eq!(apply_change(change, state(status, false), 1), Err(MemberError::NotActive), "{status:?}");
        }
    }
    assert_eq!(
        apply_change(MemberChange::MakeAdmin, state(Approved, false), 1),
        Ok(MemberOutcome { status: Approved, is_admin: true })
    );
}

#[test]
fn r_acc_8_an_invitation_is_valid_seven_days_and_used_once() {
    let created = at(10, 0);
    let expires_at = link_expiry(LinkKind::Invitation, created);
    assert_eq!(expires_at - created, TimeDelta::days(7));
    let fresh = LinkState { expires_at, used_at: None };
    assert_eq!(check_link(LinkKind::Invitation, Some(fresh), created), Ok(()));
    assert_eq!(
        check_link(LinkKind::Invitation, Some(fresh), expires_at),
        Err(LinkError::Expired(LinkKind::Invitation))
    );
    let used = LinkState { used_at: Some(created), ..fresh };
    assert_eq!(check_link(LinkKind::Invitation, Some(used), created), Err(LinkError::Used(LinkKind::Invitation)));
    let unknown = check_link(LinkKind::Invitation, None, created).unwrap_err();
    assert_eq!((unknown.code(), unknown.field()), ("invitation_invalid", Some("token")));
}

#[test]
fn r_acc_9_a_reset_link_is_valid_one_hour_and_used_once() {
    let created = at(10, 0);
    let expires_at = link_expiry(LinkKind::PasswordReset, created);
    assert_eq!(expires_at, at(11, 0));
    let link = Some(LinkState { expires_at, used_at: None });
    assert_eq!(check_link(LinkKind::PasswordReset, link, at(10, 59)), Ok(()));
    let expired = check_link(LinkKind::PasswordReset, link, at(11, 0)).unwrap_err();
    assert_eq!(expired.code(), "reset_link_expired");
    assert!(expired.message().contains("une heure"));
    let used = Some(LinkState { expires_at, used_at: Some(at(10, 5)) });
    assert_eq!(check_link(LinkKind::PasswordReset, used, at(10, 6)).map_err(|e| e.code()), Err("reset_link_used"));
    assert_eq!(check_link(LinkKind::PasswordReset, None, at(10, 6)).map_err(|e| e.code()), Err("reset_link_invalid"));
}
