//! `GET /api/v1/me`: who the token belongs to.

use crate::auth::Auth;
use crate::routes::{get, Access, Route};
use axum::Json;
use serde::Serialize;

pub fn routes() -> Vec<Route> {
    vec![get("/me", Access::LoggedIn, me)]
}

#[derive(Serialize)]
struct Me {
    id: i64,
    email: String,
    name: String,
    role: &'static str,
}

async fn me(auth: Auth) -> Json<Me> {
    let u = auth.user;
    Json(Me {
        id: u.id,
        email: u.email.as_str().to_string(),
        name: u.name,
        role: u.role.as_str(),
    })
}
