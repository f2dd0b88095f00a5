nav-procurements = Direktupphandlingar
procurement-lead = Förbundets direktupphandlingar. Varje köp bedöms efter de regler som gällde den dag det gjordes: riktlinjerna för upphandling och inköp från 1 januari 2022, och före dem lagens gränser.
procurement-list = Registrerade köp
procurement-add = Registrera en direktupphandling
procurement-remove = Ta bort
procurement-amount-hint = (kronor utan moms, hela avtalets värde med optioner)
procurement-verdict = Bedömning
procurement-rules = Regler
procurement-rules-from = { $source }, från { $from }
procurement-ok = Följer reglerna.
procurement-too-few-asked = Minst { $needed } leverantörer ska tillfrågas.
procurement-not-advertised = Ska annonseras på förbundets webbplats.
procurement-not-documented = Ska dokumenteras.
procurement-needs-simplified = Över direktupphandlingsgränsen: kräver förenklat förfarande.
procurement-needs-open = Över tröskelvärdet: kräver öppet förfarande.
field-day = Datum
field-what = Vad som köptes
field-asked = Tillfrågade leverantörer
field-advertised = Annonserad
field-documented = Dokumenterad
procurement-yes = Ja
procurement-no = Nej
procurement-how-heading = Genomförande
procurement-how = { $asked } tillfrågade, { $advertised ->
    [yes] annonserad
   *[no] inte annonserad
 }, { $documented ->
    [yes] dokumenterad
   *[no] inte dokumenterad
 }
nav-requests = Allmänna handlingar
request-lead = Begäran om att få ta del av allmänna handlingar. En begäran ska handläggas skyndsamt: registret räknar med senast nästa arbetsdag. Den som begär får vara anonym.
request-list = Inkomna begäran
request-add = Registrera en begäran
request-anonymous = Anonym
request-from-hint = (lämna tomt om personen vill vara anonym)
request-handle-by = Handläggs senast
request-decision = Beslut
request-decide = Spara beslut
request-due = Handläggs senast { $date }.
request-late = Inte handlagd – skulle ha handlagts senast { $date }.
request-decided-late = senare än { $date }
request-late-count = Inte handlagda i tid: { $count }.
request-outcome-released = Lämnas ut
request-outcome-in-part = Lämnas ut delvis (med maskning)
request-outcome-refused = Avslag
field-received = Inkom
field-requester = Från vem
field-what-requested = Vilka handlingar
