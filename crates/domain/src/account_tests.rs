use super::*;

#[test]
fn policy_password_of_twelve_characters_accepted_eleven_refused() {
    assert_eq!(check_new_password(&"a".repeat(12), "password"), Ok(()));
    let refused = check_new_password(&"a".repeat(11), "new_password").unwrap_err();
    assert_eq!(
        (refused.code(), refused.field(), refused.kind()),
        ("password_too_short", Some("new_password"), ErrorKind::Invalid)
    );
    assert_eq!(refused.message(), "Le mot de passe doit contenir au moins 12 caractères.");
}

#[test]
fn policy_password_hint_states_the_minimum() {
    assert!(MIN_PASSWORD_HINT.starts_with(&MIN_PASSWORD_CHARS.to_string()));
}

#[test]
fn policy_password_counts_characters_not_bytes() {
    // Eleven "é" are 22 bytes but still too short.
    assert!(check_new_password(&"é".repeat(11), "password").is_err());
    assert!(check_new_password(&"é".repeat(12), "password").is_ok());
}

#[test]
fn policy_email_is_trimmed_and_lower_cased() {
    let email = Email::parse("  Lucie.Etcheverry@France-Travail.FR ").unwrap();
    assert_eq!(email.as_str(), "lucie.etcheverry@france-travail.fr");
    assert_eq!(Email::normalise(" A@B.fr"), "a@b.fr");
}

#[test]
fn policy_email_accepts_what_a_mail_form_accepts() {
    for valid in ["a@b", "prenom.nom+poec@mission-locale.fr", "x@[192.0.2.1]", "x@[2001:db8::1]", "elu@mairie-évry.fr"]
    {
        assert!(Email::parse(valid).is_ok(), "{valid}");
    }
}

#[test]
fn policy_email_refuses_addresses_that_cannot_receive_mail() {
    let long_user = format!("{}@example.org", "a".repeat(65));
    let long_label = format!("a@{}.fr", "b".repeat(64));
    for invalid in
        ["", "sans-arobase", "@example.org", "a@", "a b@example.org", "a@-tiret.fr", "a@point..fr", "a@[pas-une-ip]"]
            .into_iter()
            .map(str::to_owned)
            .chain([long_user, long_label])
    {
        let refused = Email::parse(&invalid).unwrap_err();
        assert_eq!((refused.code(), refused.field()), ("invalid_email", Some("email")), "{invalid}");
    }
}

#[test]
fn policy_email_longer_than_320_characters_is_no_account() {
    assert!(Email::could_be_account(&"a".repeat(Email::MAX_CHARS)));
    assert!(!Email::could_be_account(&"a".repeat(Email::MAX_CHARS + 1)));
}

#[test]
fn policy_full_name_is_required_and_at_most_120_characters() {
    assert_eq!(FullName::parse("  Léa Garat ").unwrap().as_str(), "Léa Garat");
    assert!(FullName::parse(&"é".repeat(120)).is_ok());
    for refused in ["   ".to_owned(), "é".repeat(121)] {
        let error = FullName::parse(&refused).unwrap_err();
        assert_eq!((error.code(), error.field()), ("invalid_full_name", Some("full_name")));
        assert_eq!(error.message(), "Le nom complet est requis (120 caractères au plus).");
    }
}

#[test]
fn policy_organisation_name_is_required_and_at_most_200_characters() {
    assert!(OrganisationName::parse(&"x".repeat(200)).is_ok());
    let error = OrganisationName::parse(&"x".repeat(201)).unwrap_err();
    assert_eq!((error.code(), error.field()), ("required", Some("name")));
    assert_eq!(error.message(), "Le nom de la structure est requis (200 caractères au plus).");
    let error = OrganisationCommune::parse("").unwrap_err();
    assert_eq!(
        (error.field(), error.message().as_str()),
        (Some("commune"), "La commune est requis (200 caractères au plus).")
    );
}
