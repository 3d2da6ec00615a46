//! The `users` table.

use diesel::prelude::*;
use domain::account::Email;

use super::Error;
use crate::db::Conn;
use crate::db::schema::users;

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

pub fn insert(
    conn: &mut Conn,
    email: &str,
    password_hash: &str,
    full_name: &str,
    platform_admin: bool,
) -> Result<User, Error> {
    diesel::insert_into(users::table)
        .values((
            users::email.eq(Email::normalise(email)),
            users::password_hash.eq(password_hash),
            users::full_name.eq(full_name.trim()),
            users::platform_admin.eq(platform_admin),
            users::created_at.eq(super::now()),
        ))
        .execute(conn)?;
    // RETURNING is not available through diesel's multi-backend connection: read back by unique e-mail.
    find_by_email(conn, email)?.ok_or_else(|| Error::Other("user vanished after insert".to_owned()))
}

pub fn find(conn: &mut Conn, id: i64) -> Result<Option<User>, Error> {
    Ok(users::table.find(id).select(User::as_select()).first(conn).optional()?)
}

pub fn find_by_email(conn: &mut Conn, email: &str) -> Result<Option<User>, Error> {
    Ok(users::table
        .filter(users::email.eq(Email::normalise(email)))
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

/// Makes an existing user a platform admin and sets its password (the `admin create` command is re-runnable);
/// tokens issued under the old password stop working.
pub fn promote_admin(conn: &mut Conn, id: i64, password_hash: &str) -> Result<(), Error> {
    diesel::update(users::table.find(id))
        .set((
            users::platform_admin.eq(true),
            users::password_hash.eq(password_hash),
            users::token_version.eq(users::token_version + 1),
        ))
        .execute(conn)?;
    Ok(())
}

/// Replaces the password and revokes every token issued before.
pub fn change_password(conn: &mut Conn, id: i64, password_hash: &str) -> Result<(), Error> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(password_hash), users::token_version.eq(users::token_version + 1)))
        .execute(conn)?;
    Ok(())
}
