//! Access tokens: HS256 JWTs whose issuer, audience and expiry are set and checked.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

const ISSUER: &str = "tremplin";
const AUDIENCE: &str = "tremplin-api";

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    /// The user id. Memberships are not in the token: they are read per request, so an approval or a
    /// revocation applies at once.
    sub: String,
    iss: String,
    aud: String,
    iat: i64,
    exp: i64,
    /// The user's token version at issue time: a password change bumps it, revoking this token.
    /// Tokens issued before versions existed count as version 0.
    #[serde(default)]
    ver: i32,
}

/// What a valid token says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verified {
    pub user_id: i64,
    pub token_version: i32,
}

/// Issues and checks access tokens.
#[derive(Clone)]
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl_seconds: i64,
}

impl Tokens {
    pub fn new(secret: &[u8], ttl_seconds: i64) -> Result<Self, jsonwebtoken::errors::Error> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 30;
        Ok(Self {
            encoding: EncodingKey::from_secret(secret)?,
            decoding: DecodingKey::from_secret(secret)?,
            validation,
            ttl_seconds,
        })
    }

    pub(crate) fn ttl_seconds(&self) -> i64 {
        self.ttl_seconds
    }

    /// A token for `user_id` under its current `token_version`, valid from `now` (seconds since the epoch).
    pub(crate) fn issue(&self, user_id: i64, token_version: i32, now: i64) -> Result<String, ApiError> {
        let claims = Claims {
            sub: user_id.to_string(),
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            iat: now,
            exp: now + self.ttl_seconds,
            ver: token_version,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(ApiError::internal)
    }

    /// The user and token version of a valid token (whether that version is still current is the caller's
    /// check, against the database).
    pub(crate) fn verify(&self, token: &str) -> Result<Verified, ApiError> {
        let invalid =
            || ApiError::unauthorized("invalid_token", "Jeton d'accès invalide ou expiré ; reconnectez-vous.");
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).map_err(|_| invalid())?;
        let user_id = data.claims.sub.parse().map_err(|_| invalid())?;
        Ok(Verified { user_id, token_version: data.claims.ver })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(secret: &[u8], ttl: i64) -> Option<Tokens> {
        Tokens::new(secret, ttl).ok()
    }

    #[test]
    fn a_fresh_token_gives_back_its_user() {
        let Some(t) = tokens(b"0123456789abcdef0123456789abcdef", 60) else { panic!("keys") };
        let now = chrono::Utc::now().timestamp();
        let token = t.issue(42, 3, now).unwrap_or_default();
        assert_eq!(t.verify(&token).ok(), Some(Verified { user_id: 42, token_version: 3 }));
    }

    #[test]
    fn expired_or_foreign_tokens_are_refused() {
        let Some(t) = tokens(b"0123456789abcdef0123456789abcdef", 60) else { panic!("keys") };
        let Some(other) = tokens(b"another-secret-another-secret-xx", 60) else { panic!("keys") };
        let now = chrono::Utc::now().timestamp();
        let expired = t.issue(1, 0, now - 3600).unwrap_or_default();
        assert_eq!(t.verify(&expired).err().map(|e| e.code), Some("invalid_token"));
        let foreign = other.issue(1, 0, now).unwrap_or_default();
        assert!(t.verify(&foreign).is_err());
    }
}
