nav-procurements = Direct procurements
procurement-lead = The förbund's direct procurements. Each purchase is judged by the rules in force on its day: the procurement guideline from 1 January 2022, and before it the law's limits.
procurement-list = Purchases
procurement-add = Record a direct procurement
procurement-remove = Remove
procurement-amount-hint = (kronor without VAT, the whole contract with options)
procurement-verdict = Judgement
procurement-rules = Rules
procurement-rules-from = { $source }, from { $from }
procurement-ok = Follows the rules.
procurement-too-few-asked = At least { $needed } suppliers must be asked.
procurement-not-advertised = Must be advertised on the förbund's website.
procurement-not-documented = Must be documented.
procurement-needs-simplified = Above the direct procurement limit: needs a simplified procedure.
procurement-needs-open = Above the threshold: needs an open procedure.
field-day = Date
field-what = What was bought
field-asked = Suppliers asked
field-advertised = Advertised
field-documented = Documented
procurement-yes = Yes
procurement-no = No
procurement-how-heading = How
procurement-how = { $asked } asked, { $advertised ->
    [yes] advertised
   *[no] not advertised
 }, { $documented ->
    [yes] documented
   *[no] not documented
 }
