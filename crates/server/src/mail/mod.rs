//! PLACEHOLDER until the e-mail outbox (issue 12 part 2) lands on main: same signatures, writes nothing.

/// A message to one address.
#[expect(dead_code, reason = "placeholder until the outbox writes mails")]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Writes the message to the outbox in the caller's transaction; returns its event id.
pub fn enqueue(_conn: &mut crate::db::Conn, _mail: &Mail) -> Result<String, crate::store::Error> {
    Ok(crate::store::outbox::new_event_id())
}

/// An absolute link to a page of the web app, from PUBLIC_URL.
pub fn link(public_url: &str, path: &str) -> String {
    format!("{}/{}", public_url.trim_end_matches('/'), path.trim_start_matches('/'))
}
