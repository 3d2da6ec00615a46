//! Diesel table definitions, written by hand so they stay within the SQL types both backends share.

diesel::table! {
    organisations (id) {
        id -> BigInt,
        name -> Text,
        siret -> Text,
        kind -> Text,
        commune -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        password_hash -> Text,
        full_name -> Text,
        platform_admin -> Bool,
        created_at -> Timestamp,
        token_version -> Integer,
    }
}

diesel::table! {
    login_failures (email) {
        email -> Text,
        failures -> Integer,
        last_failure_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    memberships (user_id, organisation_id) {
        user_id -> BigInt,
        organisation_id -> BigInt,
        status -> Text,
        is_admin -> Bool,
        created_at -> Timestamp,
        approved_at -> Nullable<Timestamp>,
        approved_by -> Nullable<BigInt>,
        ended_at -> Nullable<Timestamp>,
        ended_by -> Nullable<BigInt>,
        refusal_reason -> Nullable<Text>,
    }
}

diesel::table! {
    invitations (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        email -> Text,
        token_hash -> Text,
        invited_by -> BigInt,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        accepted_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    password_resets (token_hash) {
        token_hash -> Text,
        user_id -> BigInt,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(memberships -> organisations (organisation_id));

diesel::table! {
    trainings (id) {
        id -> BigInt,
        reference -> Text,
        training_type -> Text,
        title -> Text,
        funder_organisation_id -> BigInt,
        contract_number -> Text,
        scheme -> Text,
        measure -> Text,
        responsible_organisation_id -> BigInt,
        contact_name -> Text,
        contact_phone -> Text,
        contact_email -> Text,
        highlights -> Text,
        objective -> Text,
        programme -> Text,
        access_conditions -> Text,
        prerequisites -> Text,
        certification -> Text,
        certification_proposed -> Nullable<Text>,
        certification_rejected -> Nullable<Text>,
        publication -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        /// The LHEO `formation` id it was imported from, and the values last imported (migration
        /// 2026-11-30-000300_lheo).
        lheo_formation_id -> Nullable<Text>,
        lheo_imported -> Nullable<Text>,
        /// The contact persons after the first, a JSON array (R-TRN-CONTACT-3, migration 2026-11-30-000400).
        other_contacts -> Text,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        reference -> Text,
        training_id -> BigInt,
        start_date -> Date,
        end_date -> Date,
        registration_deadline -> Date,
        late_entry_deadline -> Date,
        department -> Text,
        commune -> Text,
        trainer_organisation_id -> BigInt,
        positioner_organisation_id -> Nullable<BigInt>,
        comment -> Text,
        capacity -> Integer,
        coefficient -> Integer,
        cancelled -> Bool,
        places_held -> Integer,
        retained -> Integer,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        not_retained -> Integer,
        no_decision_sent -> Integer,
        refused_session_full -> Integer,
        refused_session_cancelled -> Integer,
        /// Copies of the training's, kept by the database (migration 2026-11-30-000050_offer_lists).
        responsible_organisation_id -> BigInt,
        funder_organisation_id -> BigInt,
        /// Whether its training is published, kept by the database (migration 2026-11-30-000060).
        published -> Bool,
        /// The LHEO `action` and `session` ids it was imported from, and the values last imported (migration
        /// 2026-11-30-000300_lheo).
        lheo_action_id -> Nullable<Text>,
        lheo_session_id -> Nullable<Text>,
        lheo_imported -> Nullable<Text>,
        /// The start an organisation's postponements count from (R-SES-3, migration 2026-11-30-000400).
        published_start_date -> Date,
        /// Its training's type, normalised, kept by the database (R-LIST-TYPE-1, migration 2026-11-30-000400).
        session_type -> Text,
    }
}

diesel::table! {
    /// Per organisation, role (or `any`), publication, month of session end and shard (session id modulo 8 on
    /// PostgreSQL, 0 on SQLite): the sum of its sessions' counters, kept by the database (migrations
    /// 2026-11-30-000060_organisation_counts, 2026-12-01-001600_one_counter_shard).
    organisation_counts (organisation_id, role, published, end_month, shard) {
        organisation_id -> BigInt,
        role -> Text,
        published -> Bool,
        end_month -> Date,
        shard -> SmallInt,
        places_held -> BigInt,
        retained -> BigInt,
        not_retained -> BigInt,
        no_decision_sent -> BigInt,
        refused_session_full -> BigInt,
        refused_session_cancelled -> BigInt,
    }
}

diesel::table! {
    /// Per prescriber organisation, month of session end and shard (session id modulo 8 on PostgreSQL, 0 on
    /// SQLite): its applications per state, kept by the database (migration 2026-11-30-000080_prescriber_counts).
    prescriber_counts (prescriber_organisation_id, end_month, shard) {
        prescriber_organisation_id -> BigInt,
        end_month -> Date,
        shard -> SmallInt,
        pending -> BigInt,
        retained -> BigInt,
        not_retained -> BigInt,
        no_decision_sent -> BigInt,
        refused_session_full -> BigInt,
        refused_session_cancelled -> BigInt,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        entity_type -> Text,
        entity_reference -> Text,
        action -> Text,
        actor_user_id -> Nullable<BigInt>,
        actor_organisation_id -> Nullable<BigInt>,
        occurred_at -> Timestamp,
        changes -> Text,
    }
}

diesel::table! {
    candidates (id) {
        id -> BigInt,
        identity_key -> Text,
        last_name -> Text,
        first_name -> Text,
        birth_date -> Date,
        email -> Text,
        phone -> Text,
        postcode -> Text,
        city -> Text,
        france_travail_id -> Nullable<Text>,
        education_level -> Text,
        last_diploma -> Text,
        employment_situation -> Text,
        job_seeker_since -> Nullable<Date>,
        anonymised_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    applications (id) {
        id -> BigInt,
        reference -> Text,
        session_id -> BigInt,
        candidate_id -> BigInt,
        identity_key -> Text,
        prescriber_organisation_id -> BigInt,
        prescriber_user_id -> BigInt,
        from_france_travail -> Bool,
        presentation -> Text,
        received_at -> Timestamp,
        late_entry -> Bool,
        state -> Text,
        decision_draft -> Text,
        invites_count -> Integer,
        last_invite_result -> Nullable<Text>,
        planned_entry_date -> Nullable<Date>,
        decided_at -> Nullable<Timestamp>,
        decision_automatic -> Nullable<Text>,
        updated_at -> Timestamp,
        responsible_organisation_id -> BigInt,
        trainer_organisation_id -> BigInt,
        positioner_organisation_id -> Nullable<BigInt>,
        session_start -> Date,
        session_end -> Date,
        candidate_sort -> Text,
    }
}

diesel::table! {
    idempotency_keys (organisation_id, idempotency_key) {
        organisation_id -> BigInt,
        idempotency_key -> Text,
        request_hash -> Text,
        response_status -> Nullable<Integer>,
        response_body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    candidate_reads (id) {
        id -> BigInt,
        application_id -> BigInt,
        user_id -> BigInt,
        organisation_id -> Nullable<BigInt>,
        read_at -> Timestamp,
        purpose -> Text,
    }
}

diesel::table! {
    /// An organisation's trainings (R-ACC-3) with what their list sorts and counts on, kept by triggers
    /// (migration 2026-12-01-001200_organisation_trainings).
    organisation_trainings (organisation_id, training_id) {
        organisation_id -> BigInt,
        training_id -> BigInt,
        links -> Integer,
        publication -> Text,
        certification_proposed -> Bool,
        certification_rejected -> Bool,
        reference -> Text,
        title_sort -> Text,
    }
}

diesel::joinable!(organisation_trainings -> trainings (training_id));
diesel::joinable!(applications -> sessions (session_id));
diesel::joinable!(applications -> candidates (candidate_id));
diesel::joinable!(sessions -> trainings (training_id));

diesel::table! {
    webhook_subscriptions (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        url -> Text,
        secret -> Text,
        created_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outbox_events (id) {
        id -> BigInt,
        event_id -> Text,
        event_type -> Text,
        destination -> Text,
        subscription_id -> Nullable<BigInt>,
        application_id -> Nullable<BigInt>,
        payload -> Text,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    notification_opt_outs (user_id, kind) {
        user_id -> BigInt,
        kind -> Text,
    }
}

diesel::table! {
    mail_digests (organisation_id, week_start) {
        organisation_id -> BigInt,
        week_start -> Date,
        created_at -> Timestamp,
    }
}

diesel::joinable!(notification_opt_outs -> users (user_id));
diesel::joinable!(mail_digests -> organisations (organisation_id));

diesel::table! {
    /// A retained trainee's outcome after the session (R-OUT-1..3, migration 2026-11-30-000400).
    application_outcomes (application_id) {
        application_id -> BigInt,
        session_id -> BigInt,
        outcome -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    application_outcomes,
    organisations,
    users,
    memberships,
    invitations,
    password_resets,
    trainings,
    sessions,
    audit_events,
    candidates,
    applications,
    idempotency_keys,
    candidate_reads,
    webhook_subscriptions,
    outbox_events,
    notification_opt_outs,
    mail_digests,
    organisation_trainings,
);
