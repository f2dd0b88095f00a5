//! Participant lists in and out, as the page, the command line and the benchmarks use them:
//! an earlier list (CSV or XLSX) read, checked against the förbund's names and the stays
//! already stored, and imported as one transaction; and the viewer's stays exported in the
//! same format, so that an export can be imported again.

use crate::files::{blocking, read_cells_now};
use crate::{Error, Result};
use samordna_domain::access::audit::Actor;
use samordna_domain::access::roles::Permission;
use samordna_domain::orgs::interventions::InterventionKind;
use samordna_domain::orgs::members::MemberKind;
use samordna_domain::orgs::OrgId;
use samordna_domain::participants::import::{
    self, ImportRow, Lookups, MappingKind, ValueMapping, COLUMNS,
};
use samordna_domain::participants::record::{Episode, Viewer};
use samordna_domain::participants::Identity;
use samordna_domain::{Invalid, Reason};
use samordna_reports::Table;
use samordna_store::{ImportSummary, Store, StoreError};

/// What names in an import file may refer to: the förbund's municipalities, individual
/// interventions, coaches and coordinators, and exit reasons.
pub async fn import_lookups(store: &dyn Store, org: OrgId) -> Result<Lookups> {
    let members = store.list_members(org).await?;
    let interventions = store.list_interventions(org).await?;
    let users = store.list_users(org).await?;
    Ok(Lookups {
        municipalities: members
            .into_iter()
            .filter(|m| m.kind == MemberKind::Municipality)
            .map(|m| (m.id, m.name))
            .collect(),
        interventions: interventions
            .into_iter()
            .filter(|i| i.fields.kind == InterventionKind::Individual)
            .map(|i| (i.id, i.fields.slug, i.fields.name))
            .collect(),
        coaches: users
            .into_iter()
            .filter(|u| u.role.can(Permission::ViewPersonalData))
            .map(|u| (u.id, u.email.as_str().to_string(), u.name))
            .collect(),
        exit_reasons: store.exit_reasons(org).await?,
        mappings: store.import_mappings(org).await?,
    })
}

/// The director's answer to values a list wrote that matched nothing: `(kind, written,
/// value)` each, an empty value left unmapped. Every mapping is checked against the
/// förbund's own values before any is kept.
pub async fn save_mappings(
    store: &dyn Store,
    org: OrgId,
    actor: &Actor,
    answers: &[(String, String, String)],
) -> Result<usize> {
    let lookups = import_lookups(store, org).await?;
    let mut mappings = vec![];
    let mut errors = vec![];
    for (kind, written, value) in answers.iter().filter(|(.., v)| !v.is_empty()) {
        let Some(kind) = MappingKind::from_code(kind) else {
            errors.push(Invalid::new("kind", kind.clone(), Reason::UnknownValue));
            continue;
        };
        match ValueMapping::new(&lookups, kind, written, value) {
            Ok(m) => mappings.push(m),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    store.save_import_mappings(org, actor, &mappings).await?;
    Ok(mappings.len())
}

/// Reads and checks a whole file; either every row, or every problem.
pub fn parse_file(bytes: &[u8], lookups: &Lookups) -> Result<Vec<ImportRow>, Vec<Invalid>> {
    let cells = read_cells_now(bytes)?;
    import::parse(&cells, lookups, crate::today())
}

/// Reads, checks and stores a whole list: every row, or nothing and every problem (those of
/// the file and those against the stays already stored alike).
pub async fn import_file(
    store: &dyn Store,
    org: OrgId,
    actor: &Actor,
    bytes: Vec<u8>,
) -> Result<ImportSummary> {
    let lookups = import_lookups(store, org).await?;
    let rows = blocking(move || parse_file(&bytes, &lookups)).await?;
    match store.import_participants(org, actor, &rows).await {
        Ok(summary) => Ok(summary),
        Err(StoreError::Invalid(problems)) => Err(Error::Invalid(problems)),
        Err(e) => Err(e.into()),
    }
}

/// The viewer's stays in the import format, with personnummer only when asked for (each
/// identity read audited by the store).
pub async fn export(
    store: &dyn Store,
    org: OrgId,
    viewer: &Viewer,
    with_identity: bool,
) -> Result<Table> {
    let rows = store
        .export_participants(org, viewer, with_identity)
        .await?;
    Ok(export_table(&rows))
}

/// The stays in the import format, so that an export can be imported again.
pub fn export_table(rows: &[(Episode, Option<Identity>)]) -> Table {
    let mut t = Table::new(COLUMNS.iter().map(|(c, _)| c.to_string()).collect());
    for (e, identity) in rows.iter().filter(|(e, _)| e.start.is_some()) {
        let date = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_default();
        t.push(vec![
            identity
                .as_ref()
                .map(|i| i.personnummer.clone())
                .unwrap_or_else(|| e.participant_code.clone()),
            e.gender.sv().into(),
            e.birth_year.to_string(),
            e.municipality.clone(),
            e.intervention.clone(),
            e.coach.clone().unwrap_or_default(),
            date(e.start),
            date(e.end),
            e.exit_reason
                .as_ref()
                .map(|r| r.code.clone())
                .unwrap_or_default(),
            e.income_before.to_piped(),
            e.income_after.to_piped(),
            // A consent date goes with a personnummer; the import asks for one.
            if identity.is_some() {
                date(e.start)
            } else {
                String::new()
            },
        ]);
    }
    t
}
