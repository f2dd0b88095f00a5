//! The demo's registers: the direct procurements and the requests for public documents. Both
//! are made up (002 names Prodest AB for the inspiration day of 2020 without a sum): one
//! purchase judged by the law's limits of 2020, one flagged by the guideline of 2022, and
//! one request still open long after its day.

use anyhow::Result;
use samordna_domain::access::audit::Actor;
use samordna_domain::orgs::Org;
use samordna_domain::plans::procurement::Procurement;
use samordna_domain::plans::requests::{DocumentRequest, Outcome};
use samordna_store::Store;
use time::macros::date;
use time::Date;

pub async fn load(store: &dyn Store, org: &Org, system: &Actor) -> Result<()> {
    let bought = |day: Date, what: &str, amount, asked, advertised, documented| Procurement {
        day,
        what: what.into(),
        amount,
        asked,
        advertised,
        documented,
    };
    for p in [
        bought(
            date!(2020 - 02 - 10),
            "Inspirations- och kompetensutvecklingsdag, upplägg och genomförande (Prodest AB)",
            60_000,
            2,
            false,
            false,
        ),
        bought(
            date!(2023 - 03 - 15),
            "Föreläsare till inspirationsdagen",
            60_000,
            2,
            false,
            false,
        ),
        bought(
            date!(2023 - 09 - 20),
            "Utvärdering av SE-Höglandet",
            180_000,
            3,
            true,
            true,
        ),
    ] {
        store.add_procurement(org.id, system, &p).await?;
    }
    let asked = |received: Date, requester: &str, what: &str| DocumentRequest {
        received,
        requester: requester.into(),
        what: what.into(),
        decision: None,
    };
    store
        .add_document_request(
            org.id,
            system,
            &asked(
                date!(2023 - 12 - 01),
                "",
                "Avtal med Aneby kommun om SE-Höglandet 2023",
            ),
        )
        .await?;
    for (r, outcome, on) in [
        (
            asked(date!(2023 - 09 - 08), "", "Styrelsens protokoll 2023-08-31"),
            Outcome::Released,
            date!(2023 - 09 - 08),
        ),
        (
            asked(
                date!(2023 - 11 - 20),
                "Redaktionen, Smålands-Tidningen",
                "Delårsrapport 2023 med bilagor",
            ),
            Outcome::InPart,
            date!(2023 - 11 - 21),
        ),
    ] {
        let id = store.add_document_request(org.id, system, &r).await?;
        store
            .decide_document_request(org.id, system, id, outcome, on)
            .await?;
    }
    Ok(())
}
