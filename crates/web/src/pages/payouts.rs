//! Payouts under agreements, per half-year, as the reports' payout tables: the director
//! sees them, the board and the auditor read them.

use super::{render, Layout};
use crate::api::PeriodQuery;
use crate::auth::OrgCtx;
use crate::error::{Error, Result};
use crate::i18n::Tr;
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use samordna_domain::economy::payouts::payout_table;
use samordna_domain::money::Ore;
use samordna_domain::roles::Permission;

pub fn routes() -> Router<AppState> {
    Router::new().route("/o/{org}/payouts", get(show))
}

pub struct Row {
    pub municipality: String,
    pub fte: String,
    pub months_reduced: u8,
    pub amount: String,
}

pub struct Group {
    pub intervention: String,
    pub rows: Vec<Row>,
    pub total: String,
}

#[derive(Template)]
#[template(path = "payouts.html")]
struct PayoutsPage {
    l: Layout,
    year: String,
    half: String,
    groups: Vec<Group>,
    error: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    tr: Tr,
    ctx: OrgCtx,
    Query(q): Query<PeriodQuery>,
) -> Result<Response> {
    ctx.require(Permission::ViewEconomy)?;
    let today = time::OffsetDateTime::now_utc().date();
    let q = PeriodQuery {
        year: if q.year.is_empty() {
            today.year().to_string()
        } else {
            q.year
        },
        half: if q.half.is_empty() {
            if (today.month() as u8) <= 6 { "1" } else { "2" }.into()
        } else {
            q.half
        },
    };
    let (groups, error) = match q.parse() {
        Ok((year, half)) => {
            let lines = payout_table(&state.store.list_agreements(ctx.org.id).await?, year, half);
            let mut groups: Vec<Group> = vec![];
            for name in lines
                .iter()
                .map(|l| l.intervention.clone())
                .collect::<std::collections::BTreeSet<_>>()
            {
                let mine: Vec<_> = lines.iter().filter(|l| l.intervention == name).collect();
                let total = Ore(mine.iter().map(|l| l.amount.0).sum());
                let rows = mine
                    .iter()
                    .map(|l| Row {
                        municipality: l.municipality.clone(),
                        fte: l.fte.as_positions(),
                        months_reduced: l.months_reduced,
                        amount: l.amount.to_string(),
                    })
                    .collect();
                groups.push(Group {
                    intervention: name,
                    rows,
                    total: total.to_string(),
                });
            }
            (groups, None)
        }
        Err(Error::Invalid(errors)) => (vec![], Some(tr.invalid_list(&errors).join(" "))),
        Err(e) => return Err(e),
    };
    let l = Layout::org(tr, &ctx, "/payouts", tr.t("nav-payouts"));
    Ok(render(PayoutsPage {
        l,
        year: q.year,
        half: q.half,
        groups,
        error,
    })?
    .into_response())
}
