//! The half-year follow-ups of 2020 (002 §7) and 2023 (003 §5), rebuilt from the demo's
//! ledger, budget and forecast files (the seeds' tables) and checked against every sum.

use super::*;
use crate::economy::budget::{Budget, Side};
use crate::economy::ledger::{parse_ledger, Mapping};
use time::macros::date;

fn cells(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split(';').map(String::from).collect())
        .collect()
}

macro_rules! demo {
    ($f:literal) => {
        cells(include_str!(concat!("../../../../samordna/demo/", $f)))
    };
}

fn mappings() -> Vec<Mapping> {
    demo!("mappings.csv")[1..]
        .iter()
        .map(|r| Mapping::parse(&r[0], &r[1], &r[2]).unwrap())
        .collect()
}

fn ledger(budget: &Budget, files: &[Vec<Vec<String>>]) -> Vec<Entry> {
    let lines: Vec<Line> = budget
        .rows
        .iter()
        .map(|r| Line {
            name: r.name.clone(),
            side: r.side,
        })
        .collect();
    files
        .iter()
        .flat_map(|f| parse_ledger(f, &mappings(), &lines, false).unwrap())
        .collect()
}

fn kr(s: Sums) -> [i64; 4] {
    [s.previous_year, s.budget, s.to_date, s.forecast].map(|o| o.round_to_kronor())
}

#[test]
fn the_2023_half_year_report() {
    let budget = Budget::parse(&demo!("budget-2023.csv")).unwrap();
    let entries = ledger(
        &budget,
        &[demo!("ledger-2022.csv"), demo!("ledger-2023-h1.csv")],
    );
    let forecasts = parse_forecasts(&demo!("forecast-2023.csv")).unwrap();
    let s = IncomeStatement::build(date!(2023 - 06 - 30), Some(&budget), &entries, &forecasts);
    assert_eq!(
        kr(s.income_sums()),
        [8_098_439, 8_036_000, 6_027_067, 8_136_068]
    );
    assert_eq!(
        kr(s.cost_sums()),
        [8_363_466, 8_054_000, 3_836_286, 7_839_000]
    );
    assert_eq!(kr(s.result()), [-265_027, -18_000, 2_190_781, 297_068]);
    // Lines the budget lacks come from the ledger, after the budget's own.
    let names: Vec<_> = s.income.iter().map(|l| l.line.name.as_str()).collect();
    assert_eq!(
        &names[8..],
        ["Övriga intäkter", "Öres- och kronutjämning", "Ränta"]
    );
    assert_eq!(s.income[10].budget, None);
    // A line without a forecast of its own is forecast at its budget.
    assert!(!s.income[0].forecast_entered);
    assert_eq!(s.income[0].forecast, Ore::from_kronor(119_465));

    // Equity: 1 480 609 set for 2022, plus 2022's result.
    let bf = brought_forward(2023, &[(2022, Ore::from_kronor(1_480_609))], &entries).unwrap();
    assert_eq!(bf.round_to_kronor(), 1_215_582);
    let sheet = BalanceSheet::build(
        &BalanceEntry {
            on: date!(2023 - 06 - 30),
            receivables: Ore::from_kronor(514_960),
            cash: Ore::from_kronor(3_470_362),
            liabilities: Ore(57_895_898),
        },
        bf,
        s.result().to_date,
    );
    let k = |o: Ore| o.round_to_kronor();
    assert_eq!(
        [
            k(sheet.assets),
            k(sheet.brought_forward),
            k(sheet.result),
            k(sheet.equity)
        ],
        [3_985_322, 1_215_582, 2_190_781, 3_406_363]
    );
    assert_eq!(k(sheet.liabilities), 578_959);
    assert_eq!(k(sheet.equity_and_liabilities), 3_985_322);
    assert_eq!(sheet.difference, Ore(0));

    // 003 §10: accumulated from 2022's −265 027 to 32 041, restored in 2023.
    let years = [
        (2022, Basis::Actual, s.result().previous_year),
        (2023, Basis::Forecast, s.result().forecast),
        (2024, Basis::Budget, Ore(0)),
        (2025, Basis::Budget, Ore(0)),
        (2026, Basis::Budget, Ore(0)),
    ];
    let req = balance_requirement(&years, &[]);
    let acc: Vec<i64> = req
        .iter()
        .map(|r| r.accumulated.round_to_kronor())
        .collect();
    assert_eq!(acc, [-265_027, 32_041, 32_041, 32_041, 32_041]);
    assert_eq!(req[0].to_restore.round_to_kronor(), -265_027);
    assert_eq!(req[0].deadline, Some(2025));
    assert_eq!((req[1].to_restore, req[1].deadline), (Ore(0), None));
}

#[test]
fn the_2020_half_year_report() {
    let budget = Budget::parse(&demo!("budget-2020.csv")).unwrap();
    let entries = ledger(
        &budget,
        &[demo!("ledger-2019.csv"), demo!("ledger-2020-h1.csv")],
    );
    let forecasts = parse_forecasts(&demo!("forecast-2020.csv")).unwrap();
    let s = IncomeStatement::build(date!(2020 - 06 - 30), Some(&budget), &entries, &forecasts);
    assert_eq!(
        kr(s.income_sums()),
        [6_423_293, 7_992_000, 5_993_992, 7_992_000]
    );
    assert_eq!(
        kr(s.cost_sums()),
        [6_652_362, 8_001_000, 3_764_981, 7_817_000]
    );
    assert_eq!(kr(s.result())[..3], [-229_069, -9_000, 2_229_011]);
    // Equity as the annual accounts set it for 2020 (the seed's 2019 balance sheet and
    // income statement differ by one krona).
    let sheet = BalanceSheet::build(
        &BalanceEntry {
            on: date!(2020 - 06 - 30),
            receivables: Ore::from_kronor(23_004),
            cash: Ore::from_kronor(3_476_611),
            liabilities: Ore::from_kronor(703_760),
        },
        Ore::from_kronor(566_844),
        s.result().to_date,
    );
    assert_eq!(sheet.equity.round_to_kronor(), 2_795_855);
    assert_eq!(sheet.assets.round_to_kronor(), 3_499_615);
    assert_eq!(sheet.difference, Ore(0));
}

#[test]
fn a_line_written_in_another_case_is_the_same_line() {
    // The 2024 budget writes "Aneby kommun"; the ledger, as in 2023, "Aneby Kommun".
    let budget = Budget::parse(&demo!("budget-2024-2026.csv")).unwrap();
    let ledger = cells("konto;period;belopp\nAneby Kommun;2024-01;119 465");
    let entries = parse_ledger(
        &ledger,
        &[],
        &[Line {
            name: "Aneby Kommun".into(),
            side: Side::Income,
        }],
        false,
    )
    .unwrap();
    let s = IncomeStatement::build(date!(2024 - 06 - 30), Some(&budget), &entries, &[]);
    assert_eq!(s.income[0].to_date, Ore::from_kronor(119_465));
    assert_eq!(s.income.len(), 9, "no extra line");
}

#[test]
fn the_to_date_column_stops_at_the_month_of_the_date() {
    let budget = Budget::parse(&demo!("budget-2020.csv")).unwrap();
    let entries = ledger(&budget, &[demo!("ledger-2020-h1.csv")]);
    let march = IncomeStatement::build(date!(2020 - 03 - 31), Some(&budget), &entries, &[]);
    let fk = march
        .income
        .iter()
        .find(|l| l.line.name == "Försäkringskassan")
        .unwrap();
    assert_eq!(fk.to_date, Ore::from_kronor(998_000));
    assert_eq!(march.cost_sums().to_date, Ore::from_kronor(224));
}

#[test]
fn a_deficit_must_be_restored_within_three_years_unless_the_board_decides_not_to() {
    let y = |year, kr| (year, Basis::Actual, Ore::from_kronor(kr));
    let late = balance_requirement(&[y(2020, -100), y(2021, 30), y(2022, 0), y(2023, 0)], &[]);
    assert_eq!(late[3].to_restore, Ore::from_kronor(-70));
    assert_eq!(late[3].deadline, Some(2023));
    // Two deficits: the surplus restores the oldest first.
    let two = balance_requirement(&[y(2020, -100), y(2021, -50), y(2022, 120)], &[]);
    assert_eq!(two[2].to_restore, Ore::from_kronor(-30));
    assert_eq!(two[2].deadline, Some(2024));
    let waiver = Waiver {
        year: 2022,
        decided_on: date!(2023 - 09 - 07),
        note: "Eget kapital överstiger rekommendationen.".into(),
    };
    let waived = balance_requirement(
        &[y(2022, -265_027), y(2023, 0)],
        std::slice::from_ref(&waiver),
    );
    assert_eq!(waived[0].to_restore, Ore(0));
    assert_eq!(waived[0].waiver, Some(waiver));
    assert_eq!(waived[1].accumulated, Ore::from_kronor(-265_027));
}

#[test]
fn liquidity_covers_the_payouts_or_says_by_how_much_it_does_not() {
    let ok = Liquidity::new(
        Ore::from_kronor(3_470_362),
        Ore::from_kronor(2_009_000),
        Ore::from_kronor(2_700_375),
    );
    assert!(ok.covers() && ok.covered_by_cash());
    let short = Liquidity::new(
        Ore::from_kronor(100),
        Ore::from_kronor(50),
        Ore::from_kronor(200),
    );
    assert!(!short.covers());
    assert_eq!(short.margin, Ore::from_kronor(-50));
}
