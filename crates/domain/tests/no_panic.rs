//! Every parser of the domain takes any text a person or a client can send — letters outside
//! ASCII, digits of other scripts, control characters — and answers with a value or a named
//! problem, never a panic. A panic in a parser is a 500 for one förbund and, in the worst
//! case, a dead worker for all of them.

use proptest::prelude::*;
use samordna_domain::access::roles::Role;
use samordna_domain::access::users::Email;
use samordna_domain::dates::parse_date;
use samordna_domain::economy::budget::{parse_amount, Budget, CostCategory, Side, Version};
use samordna_domain::economy::contributions::{parse_kronor, parse_weight, parse_year};
use samordna_domain::economy::follow_up::parse_forecasts;
use samordna_domain::economy::ledger::{parse_period, Mapping};
use samordna_domain::economy::payouts::{parse_agreement, parse_positions, parse_reductions};
use samordna_domain::economy::socioeconomic::EffectModel;
use samordna_domain::money::Share;
use samordna_domain::orgs::interventions::{AgeRange, InterventionKind};
use samordna_domain::orgs::members::{MemberKind, NewMember};
use samordna_domain::orgs::{NewOrg, OrgSlug};
use samordna_domain::participants::steps::StepScale;
use samordna_domain::participants::{
    parse_birth_year, parse_code, Decision, Gender, Identity, IncomeSet, IncomeSource, Outcome,
    Personnummer,
};
use samordna_domain::stats::series::{Bucket, Dimension};
use samordna_domain::stats::{AgeBins, Period};
use samordna_domain::surveys::{Access, NewRound, NewSurvey};
use time::macros::date;

/// Text as hostile as a form can be: any characters, and the shapes the parsers look for
/// (digits, dashes, `+`, spaces, `%`, commas) mixed with non-ASCII letters.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9åäöÅÄÖ२٣\\-+ ,.%:;|/\u{2212}\u{00a0}]{0,16}",
        "[0-9]{4}[-å][0-9]{2}[-ö][0-9]{2}",
        "[0-9åö]{6,12}[-+][0-9åö]{4}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn no_parser_panics(a in text(), b in text(), c in text()) {
        let today = date!(2026 - 12 - 01);
        let _ = parse_date("d", &a);
        let _ = parse_period("p", &a);
        let _ = Personnummer::parse("p", &a, today);
        let _ = Identity::parse(&a, &b, today);
        let _ = parse_birth_year("y", &a, today);
        let _ = parse_code("c", &a);
        let _ = Gender::parse("g", &a);
        let _ = Outcome::parse("o", &a);
        let _ = Decision::parse("d", &a);
        let _ = IncomeSource::parse("i", &a);
        let _ = IncomeSet::parse_piped("i", &a);
        let _ = StepScale::parse("s", &a);
        let _ = AgeBins::parse(&a);
        let _ = AgeRange::parse("a", &a, &b);
        let _ = Period::parse(&a, &b);
        let _ = Bucket::parse(&a);
        let _ = Dimension::parse(&a);
        let _ = Email::parse(&a);
        let _ = Role::parse(&a);
        let _ = OrgSlug::parse(&a);
        let _ = NewOrg::parse(&a, &b);
        let _ = NewMember::parse(&a, &b);
        let _ = MemberKind::parse(&a);
        let _ = InterventionKind::parse(&a);
        let _ = Share::parse_percent("s", &a);
        let _ = parse_amount("a", &a);
        let _ = parse_kronor("k", &a, 0);
        let _ = parse_weight("w", &a);
        let _ = parse_year(&a, &[(1, b.as_str()), (2, c.as_str())]);
        let _ = parse_positions("f", &a);
        let _ = parse_agreement(&a, &b, &c);
        let _ = parse_reductions(&a, &b, &c);
        let _ = EffectModel::parse(&a, &b, &c);
        let _ = Mapping::parse(&a, &b, &c);
        let _ = Side::parse("s", &a);
        let _ = CostCategory::parse("c", &a);
        let _ = Version::parse("v", &a);
        let _ = samordna_domain::economy::payouts::parse_period(&a, &b);
        let _ = NewSurvey::parse(&a, &b, &c, &a, &b, true);
        let _ = NewRound::parse("indikator", None, &a, &b, &c, &a, &b);
        let _ = Access::parse("a", &a);
    }

    #[test]
    fn no_table_parser_panics(cells in prop::collection::vec(prop::collection::vec(text(), 0..6), 0..6)) {
        let _ = Budget::parse(&cells);
        let _ = parse_forecasts(&cells);
        let _ = samordna_domain::economy::ledger::parse_ledger(&cells, &[], &[], true);
    }
}
