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
diesel::allow_tables_to_appear_in_same_query!(organisations, users, memberships);
