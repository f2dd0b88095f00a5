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
nav-requests = Public documents
request-lead = Requests to see public documents. A request is to be handled promptly: the register counts the next working day at the latest. The requester may stay anonymous.
request-list = Requests received
request-add = Record a request
request-anonymous = Anonymous
request-from-hint = (leave empty if the person wants to stay anonymous)
request-handle-by = Handle by
request-decision = Decision
request-decide = Save decision
request-due = To be handled by { $date }.
request-late = Not handled – was due { $date }.
request-decided-late = later than { $date }
request-late-count = Not handled in time: { $count }.
request-outcome-released = Released
request-outcome-in-part = Released in part (redacted)
request-outcome-refused = Refused
field-received = Received
field-requester = From whom
field-what-requested = Which documents
