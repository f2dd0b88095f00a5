# The förbund: interventions, members and the förbund of the installation.
interventions-title = Interventions
intervention-new = New intervention
intervention-edit = Edit intervention
kind-individual = Individual intervention
kind-structural = Structural intervention
kind-individual-plural = Individual interventions
kind-structural-plural = Structural interventions
long-term-short = LIV
liv-missing = A long-term (LIV) intervention needs a complete description. Missing:
description-legend = Description
settings-legend = Target group and goal
hint-slug = (short name in the address: a–z, 0–9 and hyphens)
hint-percent = (percent, e.g. 35)
edit = Edit
members-caption = The association's member parties
member-new = New member
member-edit = Edit member
member-kind-municipality = Municipality
member-kind-region = Region
member-kind-state = State agency
admin-lead = The associations of this installation. As administrator you see nothing inside an association.
org-new = New association
field-slug = Short name
field-kind = Kind
field-target_group = Target group
field-content = Content
field-priority_age = Priority age
field-goal_share = Goal to work or studies
# The overview: what waits and the year's figures.
start-title = Overview
start-lead = What waits on { $date }, and the year's figures so far.
start-waits = Waiting for you
start-nothing-waits = Nothing is waiting right now.
start-payouts = { $count ->
    [one] One payout is waiting
   *[other] { $count } payouts are waiting
}
waits-papers = { $count } waiting for certificate and reports
waits-certificate = { $count } waiting for the certificate
waits-reports = { $count } waiting for the reports
waits-approval = { $count } ready to approve
start-queue = { $count ->
    [one] One person is waiting for the referral group's decision
   *[other] { $count } people are waiting for the referral group's decision
}
start-late = { $count ->
    [one] One task is late
   *[other] { $count } tasks are late
}
start-rounds = { $count ->
    [one] One survey round is open
   *[other] { $count } survey rounds are open
}
start-round-closes = closes { $date }
start-figures = The year so far ({ $year })
start-to-work = Ended to work or studies
goal-met = goal met
goal-not-met = below goal
start-figures-hint = Participants during the year by gender. The share to work or studies counts those who ended this year.
start-result = Result against budget
start-result-budget = Budgeted result for the year
start-result-to-date = Actual to date
start-result-forecast = Forecast for the year
start-late-more = { $count ->
    [one] One more, the latest, is in the participant's record:
   *[other] { $count } more, the latest, are in the participants' records:
}
start-result-more = To the financial follow-up

nav-networks = Networks
nav-network-stats = Statistics per förbund
network-stats-title = The förbund side by side { $year }
network-stats-lead = Förbund in the network: { $count }. Each förbund counts its own participants; the row Together is all of them.
network-protected-note = Counts under 5 are shown as <5, and a count that could otherwise be worked out from a total as .. – across the whole table, over every förbund. The network never sees a person or a förbund's own pages, and each förbund's log shows what the network looked at.
network-org = Förbund
network-together = Together
networks-lead = A network of förbund (such as the county's) sees this förbund's statistics as totals beside the other förbund's, never a person. The förbund is in only while you as director consent, and can leave at any time.
networks-none = There are no networks in this installation.
networks-member = The förbund is in. The network sees its totals.
networks-not-member = The förbund is not in. The network sees nothing of it.
networks-join = Join (consent)
networks-leave = Leave
network-survey-title = The indicator survey { $year }: share of answers in the three highest steps, per question
network-round = Round
network-answers = Answers
network-question = Question { $n }
network-budget-title = Budget { $year }: result and how the costs are shared
network-costs = Costs
network-result = Result
network-insats = Förbund and insats
network-finsam = Participants per insats and förbund (Uppföljning Finsam)
