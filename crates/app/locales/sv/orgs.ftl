# Förbundet: insatser, medlemmar och installationens förbund.
interventions-title = Insatser
intervention-new = Ny insats
intervention-edit = Ändra insats
kind-individual = Individinriktad insats
kind-structural = Strukturövergripande insats
kind-individual-plural = Individinriktade insatser
kind-structural-plural = Strukturövergripande insatser
long-term-short = LIV
liv-missing = En LIV-insats behöver en fullständig verksamhetsbeskrivning. Saknas:
description-legend = Verksamhetsbeskrivning
settings-legend = Målgrupp och mål
hint-slug = (kort namn i adressen: a–z, 0–9 och bindestreck)
hint-percent = (procent, t.ex. 35)
edit = Ändra
members-caption = Förbundets medlemsparter
member-new = Ny medlem
member-edit = Ändra medlem
member-kind-municipality = Kommun
member-kind-region = Region
member-kind-state = Statlig myndighet
admin-lead = Installationens förbund. Som administratör ser du inga uppgifter inom ett förbund.
org-new = Nytt förbund
field-slug = Kortnamn
field-kind = Typ
field-target_group = Målgrupp
field-content = Innehåll
field-priority_age = Prioriterad ålder
field-goal_share = Mål till arbete eller studier
# Översikten: det som väntar och årets siffror.
start-title = Översikt
start-lead = Det här väntar { $date }, och årets siffror hittills.
start-waits = Väntar på dig
start-nothing-waits = Inget väntar just nu.
start-payouts = { $count ->
    [one] En utbetalning väntar
   *[other] { $count } utbetalningar väntar
}
waits-papers = { $count } väntar på intyg och rapporter
waits-certificate = { $count } väntar på intyg
waits-reports = { $count } väntar på rapporter
waits-approval = { $count } klara att godkänna
start-queue = { $count ->
    [one] En person väntar på remittentgruppens beslut
   *[other] { $count } personer väntar på remittentgruppens beslut
}
start-late = { $count ->
    [one] En uppgift är försenad
   *[other] { $count } uppgifter är försenade
}
start-rounds = { $count ->
    [one] En enkätomgång är öppen
   *[other] { $count } enkätomgångar är öppna
}
start-round-closes = stänger { $date }
start-figures = Året hittills ({ $year })
start-to-work = Avslutade till arbete eller studier
goal-met = målet nått
goal-not-met = under målet
start-figures-hint = Deltagare under året per kön. Andelen till arbete eller studier räknas på dem som avslutats i år.
start-result = Resultat mot budget
start-result-budget = Budgeterat resultat för året
start-result-to-date = Utfall hittills
start-result-forecast = Prognos för helåret
start-late-more = { $count ->
    [one] En till, den senaste, står i deltagarens journal:
   *[other] { $count } till, de senaste, står i deltagarnas journaler:
}
start-result-more = Till den ekonomiska uppföljningen

nav-networks = Nätverk
nav-network-stats = Statistik per förbund
network-stats-title = Förbunden sida vid sida { $year }
network-stats-lead = Förbund i nätverket: { $count }. Varje förbund räknar sina egna deltagare; raden Tillsammans är alla förbunden.
network-protected-note = Antal under 5 visas som <5, och ett antal som annars kunde räknas fram ur en summa visas som .. – i hela tabellen, över alla förbund. Nätverket ser aldrig en person och aldrig ett förbunds egna sidor, och varje förbunds logg visar vad nätverket har tittat på.
network-org = Förbund
network-together = Tillsammans
networks-lead = Ett nätverk av förbund (till exempel länets förbund) ser förbundets statistik i summor bredvid de andra förbundens, aldrig en person. Förbundet är med bara så länge du som förbundschef har gett ditt samtycke, och kan gå ur när som helst.
networks-none = Det finns inga nätverk i den här installationen.
networks-member = Förbundet är med. Nätverket ser förbundets summor.
networks-not-member = Förbundet är inte med. Nätverket ser ingenting av förbundet.
networks-join = Gå med (samtycke)
networks-leave = Gå ur
network-survey-title = Indikatorenkäten { $year }: andel av svaren i de tre högsta stegen, per fråga
network-round = Omgång
network-answers = Svar
network-question = Fråga { $n }
network-budget-title = Budget { $year }: resultat och kostnadernas fördelning
network-costs = Kostnader
network-result = Resultat
network-insats = Förbund och insats
network-finsam = Deltagare per insats och förbund (Uppföljning Finsam)
