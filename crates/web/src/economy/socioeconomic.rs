//! The socioeconomic effect of a year (004, the model of Samordningsförbundet Göteborg
//! Centrum): the people who left for work, the months the follow-ups say they were in work,
//! and the worth of a person-month. The calculation is shown, not only its answer. The
//! director sets the three amounts; the board and the auditor read.

use crate::auth::OrgCtx;
use crate::csrf::CsrfForm;
use crate::error::Result;
use crate::files::download;
use crate::forms::today;
use crate::forms::{asked, year_or, FormErrors, YearQuery};
use crate::i18n::{Tr, Words};
use crate::layout::{render, Layout};
use crate::routes::MenuGroup::Economy;
use crate::routes::{get, post, Route};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use samordna_domain::access::roles::Permission;
use samordna_domain::access::roles::Permission::{ManageOrg, ViewEconomy};
use samordna_domain::economy::socioeconomic::{to_work_in, Effect, EffectModel};
use samordna_domain::format::thousands;
use samordna_domain::participants::record::Visibility;
use samordna_domain::stats::Period;
use samordna_reports::Table;
use samordna_store::FactFilter;
use serde::Deserialize;

pub fn routes() -> Vec<Route> {
    vec![
        get("/o/{org}/socioeconomic", ViewEconomy, show).menu(Economy, "nav-socioeconomic"),
        post("/o/{org}/socioeconomic", ManageOrg, save),
    ]
}

#[derive(Template)]
#[template(path = "economy/socioeconomic.html")]
struct EffectPage {
    l: Layout,
    year: i32,
    model: EffectModel,
    table: Table,
    total: Effect,
    people: usize,
    manage: bool,
    errors: FormErrors,
}

/// Per intervention and in total: people to work, person-months and the effect.
async fn effects(
    state: &AppState,
    ctx: &OrgCtx,
    year: i32,
    model: &EffectModel,
    tr: &Tr,
) -> Result<(Table, Effect, usize)> {
    let p = Period::year(year);
    let filter = FactFilter::new(Some(ctx.org.id), p.from, p.to);
    let facts = state.store.stat_facts(&filter, &Visibility::All).await?;
    let mut table = Table::new(
        [
            "field-intervention",
            "effect-people",
            "effect-person-months",
            "effect-amount",
        ]
        .iter()
        .map(|k| tr.t(k))
        .collect(),
    );
    for i in state.store.list_interventions(ctx.org.id).await? {
        let mine: Vec<_> = facts
            .iter()
            .filter(|f| f.intervention_id == i.id)
            .cloned()
            .collect();
        let months = to_work_in(&mine, year);
        if months.is_empty() {
            continue;
        }
        let e = model.effect(&months);
        table.push(vec![
            i.fields.name,
            months.len().to_string(),
            e.person_months.to_string(),
            e.total.round_to_kronor().to_string(),
        ]);
    }
    let all = to_work_in(&facts, year);
    let total = model.effect(&all);
    table.push(vec![
        tr.t("total"),
        all.len().to_string(),
        total.person_months.to_string(),
        total.total.round_to_kronor().to_string(),
    ]);
    Ok((table, total, all.len()))
}

async fn page(
    state: &AppState,
    tr: Tr,
    ctx: &OrgCtx,
    year: i32,
    errors: FormErrors,
) -> Result<Response> {
    let model = state.store.effect_model(ctx.org.id).await?;
    let (table, total, people) = effects(state, ctx, year, &model, &tr).await?;
    let status = errors.status();
    let page = EffectPage {
        year,
        model,
        table,
        total,
        people,
        manage: ctx.auth.user.role.can(Permission::ManageOrg),
        errors,
        l: Layout::org(tr, ctx, "/socioeconomic", tr.t("nav-socioeconomic")),
    };
    Ok((status, render(page)?).into_response())
}

async fn show(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    Query(q): Query<YearQuery>,
) -> Result<Response> {
    let (year, problems) = asked(&q.year, today().year() - 1, |t| {
        samordna_domain::invalid::number_in("year", t, 2000, 2100).map(|y| y as i32)
    });
    if q.format.is_empty() {
        return page(&state, tr, &ctx, year, FormErrors::new(tr, &problems)).await;
    }
    if !problems.is_empty() {
        return Err(crate::error::Error::Invalid(problems));
    }
    let model = state.store.effect_model(ctx.org.id).await?;
    let (table, _, _) = effects(&state, &ctx, year, &model, &tr).await?;
    download(
        &q.format,
        &format!("samhallsekonomisk-effekt-{}-{year}", ctx.org.slug),
        &[(&tr.t("nav-socioeconomic"), &table)],
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ModelForm {
    year: String,
    support: String,
    administration: String,
    tax: String,
}

async fn save(
    State(state): State<AppState>,
    Words(tr): Words,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<ModelForm>,
) -> Result<Response> {
    let year = year_or(&f.year, today().year() - 1);
    match EffectModel::parse(&f.support, &f.administration, &f.tax) {
        Ok(m) => {
            state
                .store
                .set_effect_model(ctx.org.id, &ctx.actor(), &m)
                .await?;
            Ok(
                Redirect::to(&format!("/o/{}/socioeconomic?year={year}", ctx.org.slug))
                    .into_response(),
            )
        }
        Err(errors) => page(&state, tr, &ctx, year, FormErrors::new(tr, &errors)).await,
    }
}

/// Whole kronor for a form field.
pub fn kronor(o: &samordna_domain::money::Ore) -> String {
    thousands(o.round_to_kronor())
}
