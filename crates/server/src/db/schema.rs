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

diesel::joinable!(sessions -> trainings (training_id));
diesel::allow_tables_to_appear_in_same_query!(organisations, users, memberships, trainings, sessions, audit_events);
