//! The demo's registers: the direct procurements. The purchases are made up (002 names
//! Prodest AB for the inspiration day of 2020 without a sum); they show one judged by the
//! law's limits of 2021 and one flagged by the guideline of 2022.

use anyhow::Result;
use samordna_domain::access::audit::Actor;
use samordna_domain::orgs::Org;
use samordna_domain::plans::procurement::Procurement;
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
    Ok(())
}
