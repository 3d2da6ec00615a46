//! The `users` table.

use diesel::prelude::*;

use crate::db::Conn;
use crate::db::schema::users;
use crate::error::ApiError;

/// A stored user.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub full_name: String,
    pub platform_admin: bool,
    /// Access tokens carry the version they were issued under; a bump revokes every earlier token.
    pub token_version: i32,
}

/// The longest address sign-up accepts (RFC 5321: 64 before the `@`, 255 after); no account has a longer one.
pub const MAX_EMAIL_CHARS: usize = 320;

/// Whether an account could have this address; longer input is not worth a database row or a bucket.
pub fn could_be_account(email: &str) -> bool {
    email.chars().count() <= MAX_EMAIL_CHARS
}

/// E-mails are compared case-insensitively: stored trimmed and lower-cased.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn insert(
    conn: &mut Conn,
    email: &str,
    password_hash: &str,
    full_name: &str,
    platform_admin: bool,
) -> Result<User, ApiError> {
    diesel::insert_into(users::table)
        .values((
            users::email.eq(normalise_email(email)),
            users::password_hash.eq(password_hash),
            users::full_name.eq(full_name.trim()),
            users::platform_admin.eq(platform_admin),
            users::created_at.eq(super::now()),
        ))
        .execute(conn)
        .map_err(|e| match ApiError::from(e) {
            dup if dup.code == "already_exists" => ApiError::conflict(
                "email_taken",
                "Un compte existe déjà avec cette adresse e-mail ; connectez-vous ou choisissez une autre adresse.",
            ),
            other => other,
        })?;
    // RETURNING is not available through diesel's multi-backend connection: read back by unique e-mail.
    find_by_email(conn, email)?.ok_or_else(|| ApiError::internal("user vanished after insert"))
}

pub fn find(conn: &mut Conn, id: i64) -> Result<Option<User>, ApiError> {
    Ok(users::table.find(id).select(User::as_select()).first(conn).optional()?)
}

pub fn find_by_email(conn: &mut Conn, email: &str) -> Result<Option<User>, ApiError> {
    Ok(users::table.filter(users::email.eq(normalise_email(email))).select(User::as_select()).first(conn).optional()?)
}

/// Makes an existing user a platform admin and sets its password (the `admin create` command is re-runnable);
/// tokens issued under the old password stop working.
pub fn promote_admin(conn: &mut Conn, id: i64, password_hash: &str) -> Result<(), ApiError> {
    diesel::update(users::table.find(id))
        .set((
            users::platform_admin.eq(true),
            users::password_hash.eq(password_hash),
            users::token_version.eq(users::token_version + 1),
        ))
        .execute(conn)?;
    Ok(())
}

/// Replaces the password and revokes every token issued before; returns the new token version.
pub fn change_password(conn: &mut Conn, id: i64, password_hash: &str) -> Result<i32, ApiError> {
    crate::db::write_transaction(conn, |conn| {
        diesel::update(users::table.find(id))
            .set((users::password_hash.eq(password_hash), users::token_version.eq(users::token_version + 1)))
            .execute(conn)?;
        Ok(users::table.find(id).select(users::token_version).first(conn)?)
    })
}
