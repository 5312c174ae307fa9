<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="it" sourcelanguage="en">
<context>
    <name>CallControls</name>
    <message>
        <source>Call state</source>
        <translation>Stato della chiamata</translation>
    </message>
    <message>
        <source>What the phone is doing</source>
        <translation>Cosa sta facendo il telefono</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Chiama</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registra</translation>
    </message>
    <message>
        <source>Start or stop recording the call; it changes when the server confirms</source>
        <translation>Avvia o interrompe la registrazione della chiamata; cambia quando il server conferma</translation>
    </message>
    <message>
        <source>Start or stop recording this call (Ctrl+R)</source>
        <translation>Avvia o interrompi la registrazione di questa chiamata (Ctrl+R)</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Registrazione in corso</translation>
    </message>
    <message>
        <source>The call is being recorded</source>
        <translation>La chiamata è in registrazione</translation>
    </message>
    <message>
        <source>Tagging</source>
        <translation>Classificazione</translation>
    </message>
    <message>
        <source>Show or hide the job label and service code for the next call</source>
        <translation>Mostra o nasconde commessa e codice servizio per la prossima chiamata</translation>
    </message>
    <message>
        <source>Job label</source>
        <translation>Commessa</translation>
    </message>
    <message>
        <source>Job label for the next call</source>
        <translation>Commessa per la prossima chiamata</translation>
    </message>
    <message>
        <source>Service code</source>
        <translation>Codice servizio</translation>
    </message>
    <message>
        <source>Service code for the next call</source>
        <translation>Codice servizio per la prossima chiamata</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Riaggancia</translation>
    </message>
    <message>
        <source>End the current call</source>
        <translation>Chiude la chiamata in corso</translation>
    </message>
    <message>
        <source>Hang up (Esc)</source>
        <translation>Riaggancia (Esc)</translation>
    </message>
    <message>
        <source>Calling…</source>
        <translation>Chiamata in corso…</translation>
    </message>
    <message>
        <source>Call the number typed above</source>
        <translation>Chiama il numero digitato sopra</translation>
    </message>
    <message>
        <source>Call the number (Enter)</source>
        <translation>Chiama il numero (Invio)</translation>
    </message>
    <message>
        <source>Record…</source>
        <translation>Registra…</translation>
    </message>
    <message>
        <source>Stop recording</source>
        <translation>Interrompi registrazione</translation>
    </message>
    <message>
        <source>REC %1</source>
        <translation>REC %1</translation>
    </message>
    <message>
        <source>default: %1</source>
        <translation>predefinito: %1</translation>
    </message>
</context>
<context>
    <name>CallLogModel</name>
    <message>
        <source>Time</source>
        <translation>Data e ora</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Numero</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Direzione</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Durata</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Registrata</translation>
    </message>
    <message>
        <source>Job label</source>
        <translation>Commessa</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Esito</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>In entrata</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>In uscita</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Non riuscita: %1</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Non riuscita</translation>
    </message>
    <message>
        <source>Placed</source>
        <translation>Inoltrata</translation>
    </message>
    <message>
        <source>Outcome unknown</source>
        <translation>Esito sconosciuto</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In corso</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Risposta</translation>
    </message>
    <message>
        <source>checking</source>
        <translation>in verifica</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>verificata</translation>
    </message>
    <message>
        <source>MISSING on the server</source>
        <translation>MANCANTE sul server</translation>
    </message>
    <message>
        <source>cannot verify</source>
        <translation>non verificabile</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Yes (%1)</source>
        <translation>Sì (%1)</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sì</translation>
    </message>
    <message>
        <source>Recordings:</source>
        <translation>Registrazioni:</translation>
    </message>
    <message>
        <source>On the server: %1</source>
        <translation>Sul server: %1</translation>
    </message>
    <message>
        <source>Service code: %1</source>
        <translation>Codice servizio: %1</translation>
    </message>
    <message>
        <source>Call id: %1</source>
        <translation>ID chiamata: %1</translation>
    </message>
    <message>
        <source>Ended %1</source>
        <translation>Terminata il %1</translation>
    </message>
    <message>
        <source>Double-click or press Enter to call this number</source>
        <translation>Doppio clic o Invio per richiamare questo numero</translation>
    </message>
</context>
<context>
    <name>CallLogView</name>
    <message>
        <source>Search number, job label or call id (Ctrl+F)</source>
        <translation>Cerca numero, commessa o ID chiamata (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search the call log</source>
        <translation>Cerca nel registro chiamate</translation>
    </message>
    <message>
        <source>Shows only calls whose number, job label or call id contains this text</source>
        <translation>Mostra solo le chiamate il cui numero, commessa o ID chiamata contiene questo testo</translation>
    </message>
    <message>
        <source>Filter the call log as you type (Ctrl+F)</source>
        <translation>Filtra il registro chiamate mentre scrivi (Ctrl+F)</translation>
    </message>
    <message>
        <source>Number of calls shown</source>
        <translation>Numero di chiamate mostrate</translation>
    </message>
    <message>
        <source>How many calls match the search</source>
        <translation>Quante chiamate corrispondono alla ricerca</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Esporta CSV…</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Esporta CSV</translation>
    </message>
    <message>
        <source>Save the calls matching the search to a CSV file</source>
        <translation>Salva in un file CSV le chiamate che corrispondono alla ricerca</translation>
    </message>
    <message>
        <source>Save the calls shown to a CSV file</source>
        <translation>Salva in un file CSV le chiamate mostrate</translation>
    </message>
    <message>
        <source>Clear…</source>
        <translation>Svuota…</translation>
    </message>
    <message>
        <source>Clear call log</source>
        <translation>Svuota registro chiamate</translation>
    </message>
    <message>
        <source>Delete every call from the log</source>
        <translation>Elimina tutte le chiamate dal registro</translation>
    </message>
    <message>
        <source>Delete every call from the log (asks first)</source>
        <translation>Elimina tutte le chiamate dal registro (chiede conferma)</translation>
    </message>
    <message>
        <source>Call log</source>
        <translation>Registro chiamate</translation>
    </message>
    <message>
        <source>Recent calls, newest first. Enter or double-click calls the number again.</source>
        <translation>Chiamate recenti, dalla più nuova. Invio o doppio clic richiama il numero.</translation>
    </message>
    <message>
        <source>Export call log</source>
        <translation>Esporta registro chiamate</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>File CSV (*.csv)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Impossibile scrivere %1: %2</translation>
    </message>
    <message>
        <source>Exported %1 calls to %2</source>
        <translation>Esportate %1 chiamate in %2</translation>
    </message>
    <message>
        <source>Delete every call from the log? This cannot be undone.</source>
        <translation>Eliminare tutte le chiamate dal registro? L&apos;operazione non si può annullare.</translation>
    </message>
    <message>
        <source>%1 with a missing recording</source>
        <translation>%1 con una registrazione mancante</translation>
    </message>
    <message>
        <source>%1 matching</source>
        <translation>Trovate: %1</translation>
    </message>
    <message>
        <source>No calls match</source>
        <translation>Nessuna chiamata corrisponde</translation>
    </message>
    <message>
        <source>One call matches</source>
        <translation>Una chiamata corrisponde</translation>
    </message>
    <message>
        <source>%1 calls</source>
        <translation>Chiamate: %1</translation>
    </message>
    <message>
        <source>No calls yet</source>
        <translation>Ancora nessuna chiamata</translation>
    </message>
    <message>
        <source>One call</source>
        <translation>Una chiamata</translation>
    </message>
    <message>
        <source>Yes (2)</source>
        <translation>Sì (2)</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>Chiama %1</translation>
    </message>
    <message>
        <source>Copy number</source>
        <translation>Copia numero</translation>
    </message>
    <message>
        <source>Only calls with a missing recording</source>
        <translation>Solo le chiamate con una registrazione mancante</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Elimina</translation>
    </message>
</context>
<context>
    <name>CommandHandler</name>
    <message>
        <source>request line too long</source>
        <translation>riga di richiesta troppo lunga</translation>
    </message>
    <message>
        <source>too many event subscribers</source>
        <translation>troppi iscritti agli eventi</translation>
    </message>
    <message>
        <source>the request is not valid JSON</source>
        <translation>la richiesta non è JSON valido</translation>
    </message>
    <message>
        <source>the request must be an object with a &quot;cmd&quot; string</source>
        <translation>la richiesta deve essere un oggetto con una stringa &quot;cmd&quot;</translation>
    </message>
    <message>
        <source>internal error; see the panel&apos;s log</source>
        <translation>errore interno; vedi il log del pannello</translation>
    </message>
    <message>
        <source>&quot;dial&quot; needs a &quot;number&quot; string</source>
        <translation>&quot;dial&quot; richiede una stringa &quot;number&quot;</translation>
    </message>
    <message>
        <source>&quot;dial_text&quot; needs a &quot;text&quot;</source>
        <translation>&quot;dial_text&quot; richiede un &quot;text&quot;</translation>
    </message>
    <message>
        <source>hanging up</source>
        <translation>riaggancio in corso</translation>
    </message>
    <message>
        <source>there is no call to hang up</source>
        <translation>non ci sono chiamate da riagganciare</translation>
    </message>
    <message>
        <source>panel shown</source>
        <translation>pannello mostrato</translation>
    </message>
    <message>
        <source>quitting</source>
        <translation>chiusura in corso</translation>
    </message>
    <message>
        <source>unknown command: %1</source>
        <translation>comando sconosciuto: %1</translation>
    </message>
    <message>
        <source> (then extension %1)</source>
        <translation> (poi interno %1)</translation>
    </message>
    <message>
        <source>dialling %1</source>
        <translation>chiamata a %1 in corso</translation>
    </message>
    <message>
        <source>outcome of the last call to %1 is unknown; confirm in the panel</source>
        <translation>l&apos;esito dell&apos;ultima chiamata a %1 è sconosciuto; conferma nel pannello</translation>
    </message>
    <message>
        <source>busy: a call is active or being placed</source>
        <translation>occupato: una chiamata è attiva o in partenza</translation>
    </message>
    <message>
        <source>the call was not placed</source>
        <translation>la chiamata non è partita</translation>
    </message>
    <message>
        <source>no phone number in the selection</source>
        <translation>nessun numero di telefono nella selezione</translation>
    </message>
    <message>
        <source>no phone number in the clipboard</source>
        <translation>nessun numero di telefono negli appunti</translation>
    </message>
    <message>
        <source>no phone number in the text</source>
        <translation>nessun numero di telefono nel testo</translation>
    </message>
    <message>
        <source>%1 phone numbers in the clipboard: choose one in the panel</source>
        <translation>%1 numeri di telefono negli appunti: scegline uno nel pannello</translation>
    </message>
    <message>
        <source>%1 phone numbers in the selection: choose one in the panel</source>
        <translation>%1 numeri di telefono nella selezione: scegline uno nel pannello</translation>
    </message>
    <message>
        <source>%1 phone numbers in the text: choose one in the panel</source>
        <translation>%1 numeri di telefono nel testo: scegline uno nel pannello</translation>
    </message>
    <message>
        <source>&quot;record&quot; needs &quot;mode&quot;: &quot;on&quot;, &quot;off&quot; or &quot;toggle&quot;</source>
        <translation>&quot;record&quot; richiede &quot;mode&quot;: &quot;on&quot;, &quot;off&quot; o &quot;toggle&quot;</translation>
    </message>
    <message>
        <source>there is no call to record</source>
        <translation>non ci sono chiamate da registrare</translation>
    </message>
    <message>
        <source>a recording request is already on its way</source>
        <translation>una richiesta di registrazione è già in corso</translation>
    </message>
    <message>
        <source>already recording</source>
        <translation>registrazione già attiva</translation>
    </message>
    <message>
        <source>not recording</source>
        <translation>nessuna registrazione attiva</translation>
    </message>
    <message>
        <source>starting the recording</source>
        <translation>avvio della registrazione</translation>
    </message>
    <message>
        <source>stopping the recording</source>
        <translation>interruzione della registrazione</translation>
    </message>
</context>
<context>
    <name>DialPad</name>
    <message>
        <source>Dial pad</source>
        <translation>Tastierino</translation>
    </message>
    <message>
        <source>Phone keys that type into the number field. Hold 0 to type +.</source>
        <translation>Tasti del telefono che scrivono nel campo del numero. Tieni premuto 0 per scrivere +.</translation>
    </message>
    <message>
        <source>Type + (international prefix); or hold 0</source>
        <translation>Scrivi + (prefisso internazionale), oppure tieni premuto 0</translation>
    </message>
    <message>
        <source>Backspace</source>
        <translation>Cancella</translation>
    </message>
    <message>
        <source>Delete the last character of the number</source>
        <translation>Cancella l&apos;ultimo carattere del numero</translation>
    </message>
    <message>
        <source>Delete the last character (Backspace)</source>
        <translation>Cancella l&apos;ultimo carattere (Backspace)</translation>
    </message>
    <message>
        <source>Star</source>
        <translation>Asterisco</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>Cancelletto</translation>
    </message>
    <message>
        <source>Plus</source>
        <translation>Più</translation>
    </message>
    <message>
        <source>Type %1 into the number field</source>
        <translation>Scrive %1 nel campo del numero</translation>
    </message>
    <message>
        <source>Type 0; hold to type +</source>
        <translation>Scrivi 0; tieni premuto per scrivere +</translation>
    </message>
    <message>
        <source>Type %1</source>
        <translation>Scrivi %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Notice</source>
        <translation>Avviso</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Chiudi</translation>
    </message>
    <message>
        <source>Dismiss notice</source>
        <translation>Chiudi l&apos;avviso</translation>
    </message>
    <message>
        <source>Hide this notice</source>
        <translation>Nasconde questo avviso</translation>
    </message>
    <message>
        <source>Number to call</source>
        <translation>Numero da chiamare</translation>
    </message>
    <message>
        <source>Type or paste a number; Enter calls it. Pasted text is reduced to its number.</source>
        <translation>Digita o incolla un numero; Invio lo chiama. Dal testo incollato viene preso solo il numero.</translation>
    </message>
    <message>
        <source>Type or paste a number, then press Enter to call</source>
        <translation>Digita o incolla un numero, poi premi Invio per chiamare</translation>
    </message>
    <message>
        <source>Number preview</source>
        <translation>Anteprima del numero</translation>
    </message>
    <message>
        <source>What will be dialled</source>
        <translation>Il numero che verrà composto</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Ultimo errore</translation>
    </message>
    <message>
        <source>The last problem reported</source>
        <translation>L&apos;ultimo problema segnalato</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connessione</translation>
    </message>
    <message>
        <source>Connection and login state</source>
        <translation>Stato della connessione e dell&apos;accesso</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Impostazioni…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Esci</translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation>&amp;Registra</translation>
    </message>
    <message>
        <source>&amp;Search log</source>
        <translation>&amp;Cerca nel registro</translation>
    </message>
    <message>
        <source>&amp;Paste number</source>
        <translation>I&amp;ncolla numero</translation>
    </message>
    <message>
        <source>&amp;Panel</source>
        <translation>&amp;Pannello</translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation>&amp;Chiamata</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>&amp;Log in…</source>
        <translation>&amp;Accedi…</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>&amp;Riconnetti</translation>
    </message>
    <message>
        <source>No phone number in the pasted text.</source>
        <translation>Nessun numero di telefono nel testo incollato.</translation>
    </message>
    <message>
        <source>Supervisor login on an agent desktop: this panel holds a Supervisor credential. Lock the screen when you leave the desk.</source>
        <translation>Accesso da supervisore su una postazione operatore: questo pannello conserva credenziali da supervisore. Blocca lo schermo quando lasci la postazione.</translation>
    </message>
    <message>
        <source>Calling %1…</source>
        <translation>Chiamata a %1 in corso…</translation>
    </message>
    <message>
        <source>In call from %1</source>
        <translation>In chiamata da %1</translation>
    </message>
    <message>
        <source>In call with %1</source>
        <translation>In chiamata con %1</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Pronto</translation>
    </message>
    <message>
        <source>Offline: set the server and user in Settings (Ctrl+,)</source>
        <translation>Non connesso: imposta server e utente nelle Impostazioni (Ctrl+,)</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Connessione a %1…</translation>
    </message>
    <message>
        <source>server</source>
        <translation>server</translation>
    </message>
    <message>
        <source>Offline: log in with Panel › Log in… (Ctrl+L)</source>
        <translation>Non connesso: accedi con Pannello › Accedi… (Ctrl+L)</translation>
    </message>
    <message>
        <source>Offline: reconnect with Panel › Reconnect (Ctrl+L)</source>
        <translation>Non connesso: riconnetti con Pannello › Riconnetti (Ctrl+L)</translation>
    </message>
    <message>
        <source>Logged in as %1 on %2</source>
        <translation>Connesso come %1 su %2</translation>
    </message>
    <message>
        <source>calls ring %1</source>
        <translation>le chiamate squillano su %1</translation>
    </message>
    <message>
        <source>Type a number, paste one, or use the pad</source>
        <translation>Digita o incolla un numero, oppure usa il tastierino</translation>
    </message>
    <message>
        <source>The last call to %1 may have been placed (no answer from the server). Call again?</source>
        <translation>L&apos;ultima chiamata a %1 potrebbe essere partita (il server non ha risposto). Chiamare di nuovo?</translation>
    </message>
    <message>
        <source>A call is in progress: hang up (Esc) before the next one.</source>
        <translation>Una chiamata è in corso: riaggancia (Esc) prima della prossima.</translation>
    </message>
    <message>
        <source>A call is being placed: wait for the server&apos;s answer.</source>
        <translation>Una chiamata sta partendo: attendi la risposta del server.</translation>
    </message>
    <message>
        <source>Call again?</source>
        <translation>Chiamare di nuovo?</translation>
    </message>
    <message>
        <source>Password of {0} on {1}:</source>
        <translation>Password di {0} su {1}:</translation>
    </message>
    <message>
        <source>No working keyring: the password cannot be remembered.</source>
        <translation>Nessun portachiavi funzionante: la password non può essere ricordata.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
</context>
<context>
    <name>NumberChooser</name>
    <message>
        <source>%1 numbers found. Call:</source>
        <translation>%1 numeri trovati. Chiama:</translation>
    </message>
    <message>
        <source>%1 numbers found. Paste:</source>
        <translation>%1 numeri trovati. Incolla:</translation>
    </message>
    <message>
        <source>Numbers found</source>
        <translation>Numeri trovati</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>Chiama %1</translation>
    </message>
    <message>
        <source>Paste %1</source>
        <translation>Incolla %1</translation>
    </message>
    <message>
        <source>More</source>
        <translation>Altri</translation>
    </message>
    <message>
        <source>The other numbers found</source>
        <translation>Gli altri numeri trovati</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <source>Dial none of them (Esc)</source>
        <translation>Non chiamarne nessuno (Esc)</translation>
    </message>
</context>
<context>
    <name>Panel</name>
    <message>
        <source>The settings could not be read: they were kept as {0} and the defaults are in use.</source>
        <translation>Le impostazioni non erano leggibili: sono state conservate come {0} e sono in uso quelle predefinite.</translation>
    </message>
    <message>
        <source>The call log could not be read: it was kept as {0} and a new one started; calls recovered from it: {1}.</source>
        <translation>Il registro chiamate non era leggibile: è stato conservato come {0} e ne è stato avviato uno nuovo; chiamate recuperate: {1}.</translation>
    </message>
    <message>
        <source>Cannot change starting at login: {0}</source>
        <translation>Impossibile cambiare l&apos;avvio all&apos;accesso: {0}</translation>
    </message>
</context>
<context>
    <name>RecordingChecker</name>
    <message>
        <source>the server listed recordings the panel cannot read</source>
        <translation>il server ha elencato registrazioni che il pannello non riesce a leggere</translation>
    </message>
    <message>
        <source>too many recordings in the window to check them all</source>
        <translation>troppe registrazioni nella finestra per verificarle tutte</translation>
    </message>
</context>
<context>
    <name>ScreenPop</name>
    <message>
        <source>Cannot open the customer&apos;s record: {0}</source>
        <translation>Impossibile aprire la scheda del cliente: {0}</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Not connected to the TVox server: the call was not placed.</source>
        <translation>Non connesso al server TVox: la chiamata non è partita.</translation>
    </message>
    <message>
        <source>Cannot write the call log: {0}</source>
        <translation>Impossibile scrivere nel registro chiamate: {0}</translation>
    </message>
    <message>
        <source>The panel stopped before the server answered.</source>
        <translation>Il pannello si è interrotto prima della risposta del server.</translation>
    </message>
    <message>
        <source>The panel quit before the server answered.</source>
        <translation>Il pannello è stato chiuso prima della risposta del server.</translation>
    </message>
    <message>
        <source>No answer from the server: the call to {0} may have been placed.</source>
        <translation>Nessuna risposta dal server: la chiamata a {0} potrebbe essere partita.</translation>
    </message>
    <message>
        <source>The server&apos;s answer was not understood: the call to {0} may have been placed.</source>
        <translation>Risposta del server incomprensibile: la chiamata a {0} potrebbe essere partita.</translation>
    </message>
    <message>
        <source>Call outcome unknown</source>
        <translation>Esito della chiamata sconosciuto</translation>
    </message>
    <message>
        <source>Call failed</source>
        <translation>Chiamata non riuscita</translation>
    </message>
    <message>
        <source>Cannot hang up: the server gave no id for this call.</source>
        <translation>Impossibile riagganciare: il server non ha fornito un ID per questa chiamata.</translation>
    </message>
    <message>
        <source>Cannot stop recording: the server gave no id for this call.</source>
        <translation>Impossibile interrompere la registrazione: il server non ha fornito un ID per questa chiamata.</translation>
    </message>
    <message>
        <source>Recording refused</source>
        <translation>Registrazione rifiutata</translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation>Connessione persa</translation>
    </message>
    <message>
        <source>Connected again to {0}</source>
        <translation>Di nuovo connesso a {0}</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connesso</translation>
    </message>
    <message>
        <source>Connected: TVox {0}, WebAPI {1}, {2} ({3}); round trip {4} ms</source>
        <translation>Connesso: TVox {0}, WebAPI {1}, {2} ({3}); tempo di risposta {4} ms</translation>
    </message>
    <message>
        <source>warning: the password travels unencrypted (http)</source>
        <translation>attenzione: la password viaggia in chiaro (http)</translation>
    </message>
    <message>
        <source>The server has no recording of the call to {0}.</source>
        <translation>Il server non ha la registrazione della chiamata a {0}.</translation>
    </message>
    <message>
        <source>Recording missing</source>
        <translation>Registrazione mancante</translation>
    </message>
    <message>
        <source>Cannot save the settings: {0}</source>
        <translation>Impossibile salvare le impostazioni: {0}</translation>
    </message>
    <message>
        <source>No working keyring: the password is kept until the panel quits.</source>
        <translation>Nessun portachiavi funzionante: la password resta in memoria fino alla chiusura del pannello.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Server &amp;&amp; login</source>
        <translation>Server &amp;&amp; accesso</translation>
    </message>
    <message>
        <source>Unchanged when empty</source>
        <translation>Invariata se vuota</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>The TVox login password</source>
        <translation>La password di accesso a TVox</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Impostazioni</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Prova connessione</translation>
    </message>
    <message>
        <source>Log in once with these settings and show the answer</source>
        <translation>Esegue un accesso di prova con queste impostazioni e mostra la risposta</translation>
    </message>
    <message>
        <source>Test result</source>
        <translation>Risultato della prova</translation>
    </message>
    <message>
        <source>The connection test</source>
        <translation>La prova di connessione</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Chiamate</translation>
    </message>
    <message>
        <source>Forget remembered tags</source>
        <translation>Dimentica le classificazioni salvate</translation>
    </message>
    <message>
        <source>Forget the job label and service code remembered for each number</source>
        <translation>Dimentica commessa e codice servizio ricordati per ogni numero</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Applicazione</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>Why the settings were refused</source>
        <translation>Perché le impostazioni non sono state accettate</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>Host name, address or WebAPI URL of the TVox server</source>
        <translation>Nome host, indirizzo o URL WebAPI del server TVox</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Utente:</translation>
    </message>
    <message>
        <source>Login user; needs Supervisor or Superuser rights</source>
        <translation>Utente di accesso; servono i permessi di Supervisor o Superuser</translation>
    </message>
    <message>
        <source>Agent:</source>
        <translation>Operatore:</translation>
    </message>
    <message>
        <source>Agent whose phone rings first; empty means the user</source>
        <translation>Operatore il cui telefono squilla per primo; se vuoto, l&apos;utente</translation>
    </message>
    <message>
        <source>Remember password</source>
        <translation>Ricorda la password</translation>
    </message>
    <message>
        <source>Keep it in the system keyring</source>
        <translation>La conserva nel portachiavi di sistema</translation>
    </message>
    <message>
        <source>Verify TLS certificate</source>
        <translation>Verifica il certificato TLS</translation>
    </message>
    <message>
        <source>Refuse servers with a bad certificate</source>
        <translation>Rifiuta i server con un certificato non valido</translation>
    </message>
    <message>
        <source>CA bundle:</source>
        <translation>Certificati CA:</translation>
    </message>
    <message>
        <source>Extra certificate authority file; may be empty</source>
        <translation>File aggiuntivo di autorità di certificazione; può restare vuoto</translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation>Proxy:</translation>
    </message>
    <message>
        <source>system (the computer&apos;s proxy settings), none, or http://host:port</source>
        <translation>system (le impostazioni proxy del computer), none, oppure http://host:porta</translation>
    </message>
    <message>
        <source>Connect timeout:</source>
        <translation>Timeout di connessione:</translation>
    </message>
    <message>
        <source>Seconds to wait for a connection</source>
        <translation>Secondi di attesa per la connessione</translation>
    </message>
    <message>
        <source>Answer timeout:</source>
        <translation>Timeout di risposta:</translation>
    </message>
    <message>
        <source>Seconds to wait for an answer</source>
        <translation>Secondi di attesa per la risposta</translation>
    </message>
    <message>
        <source>Access code:</source>
        <translation>Codice di accesso:</translation>
    </message>
    <message>
        <source>Sent with every call; may be empty</source>
        <translation>Inviato con ogni chiamata; può restare vuoto</translation>
    </message>
    <message>
        <source>Default job label:</source>
        <translation>Commessa predefinita:</translation>
    </message>
    <message>
        <source>Job label when none is typed</source>
        <translation>Commessa usata quando non ne viene digitata una</translation>
    </message>
    <message>
        <source>Default service code:</source>
        <translation>Codice servizio predefinito:</translation>
    </message>
    <message>
        <source>Service code when none is typed</source>
        <translation>Codice servizio usato quando non ne viene digitato uno</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>Paese:</translation>
    </message>
    <message>
        <source>Two-letter country for numbers without a prefix</source>
        <translation>Sigla di due lettere del paese per i numeri senza prefisso</translation>
    </message>
    <message>
        <source>International numbers:</source>
        <translation>Numeri internazionali:</translation>
    </message>
    <message>
        <source>How the prefix is sent</source>
        <translation>Come viene inviato il prefisso</translation>
    </message>
    <message>
        <source>Record every call</source>
        <translation>Registra ogni chiamata</translation>
    </message>
    <message>
        <source>Start recording each call placed</source>
        <translation>Avvia la registrazione di ogni chiamata effettuata</translation>
    </message>
    <message>
        <source>Recording name:</source>
        <translation>Nome della registrazione:</translation>
    </message>
    <message>
        <source>Template for recording file names</source>
        <translation>Modello per i nomi dei file di registrazione</translation>
    </message>
    <message>
        <source>Recording request:</source>
        <translation>Richiesta di registrazione:</translation>
    </message>
    <message>
        <source>Parameter order of recOn on the server</source>
        <translation>Ordine dei parametri di recOn sul server</translation>
    </message>
    <message>
        <source>Check calls every:</source>
        <translation>Controlla le chiamate ogni:</translation>
    </message>
    <message>
        <source>Seconds between checks; 0 is off</source>
        <translation>Secondi tra un controllo e l&apos;altro; 0 disattiva</translation>
    </message>
    <message>
        <source>Fewest digits:</source>
        <translation>Cifre minime:</translation>
    </message>
    <message>
        <source>Shorter text is not taken as a number</source>
        <translation>Un testo più corto non viene preso come numero</translation>
    </message>
    <message>
        <source>Most digits:</source>
        <translation>Cifre massime:</translation>
    </message>
    <message>
        <source>Longer text is not taken as a number</source>
        <translation>Un testo più lungo non viene preso come numero</translation>
    </message>
    <message>
        <source>Start in the tray</source>
        <translation>Avvia nell&apos;area di notifica</translation>
    </message>
    <message>
        <source>Start with the window hidden</source>
        <translation>Avvia con la finestra nascosta</translation>
    </message>
    <message>
        <source>Close to the tray</source>
        <translation>Chiudi nell&apos;area di notifica</translation>
    </message>
    <message>
        <source>Closing the window keeps the panel</source>
        <translation>Chiudendo la finestra il pannello resta attivo</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Lingua:</translation>
    </message>
    <message>
        <source>Language of the panel; changes at once</source>
        <translation>Lingua del pannello; cambia subito</translation>
    </message>
    <message>
        <source>Notify failed calls</source>
        <translation>Notifica le chiamate non riuscite</translation>
    </message>
    <message>
        <source>A message when a call fails</source>
        <translation>Un messaggio quando una chiamata non riesce</translation>
    </message>
    <message>
        <source>Notify refused recordings</source>
        <translation>Notifica le registrazioni rifiutate</translation>
    </message>
    <message>
        <source>When recording fails</source>
        <translation>Quando la registrazione non riesce</translation>
    </message>
    <message>
        <source>Notify unknown outcomes</source>
        <translation>Notifica gli esiti sconosciuti</translation>
    </message>
    <message>
        <source>When unsure a call went</source>
        <translation>Quando non è certo che la chiamata sia partita</translation>
    </message>
    <message>
        <source>Notify connection changes</source>
        <translation>Notifica i cambi di connessione</translation>
    </message>
    <message>
        <source>When lost or restored</source>
        <translation>Quando si perde o si ristabilisce</translation>
    </message>
    <message>
        <source>When a call starts, open:</source>
        <translation>All&apos;inizio di una chiamata, apri:</translation>
    </message>
    <message>
        <source>A web address, e.g. https://crm.example.com/search?phone={e164}; fields: {number} {e164} {callid} {agent} {service} {direction}</source>
        <translation>Un indirizzo web, ad es. https://crm.example.com/search?phone={e164}; campi: {number} {e164} {callid} {agent} {service} {direction}</translation>
    </message>
    <message>
        <source>When a call starts, run:</source>
        <translation>All&apos;inizio di una chiamata, esegui:</translation>
    </message>
    <message>
        <source>A program and its arguments (the same fields); never a shell</source>
        <translation>Un programma e i suoi argomenti (gli stessi campi); mai tramite shell</translation>
    </message>
    <message>
        <source>Open inbound calls:</source>
        <translation>Apri le chiamate in arrivo:</translation>
    </message>
    <message>
        <source>As soon as they ring, or when answered</source>
        <translation>Appena squillano, oppure alla risposta</translation>
    </message>
    <message>
        <source>Open for calls I place too</source>
        <translation>Apri anche per le chiamate che faccio</translation>
    </message>
    <message>
        <source>Also when the panel dials</source>
        <translation>Anche quando chiama il pannello</translation>
    </message>
    <message>
        <source>Start when I log in</source>
        <translation>Avvia all&apos;accesso</translation>
    </message>
    <message>
        <source>Starts the panel in the tray when you log in</source>
        <translation>Avvia il pannello nell&apos;area di notifica all&apos;accesso</translation>
    </message>
    <message>
        <source>Notify missing recordings</source>
        <translation>Notifica registrazioni mancanti</translation>
    </message>
    <message>
        <source>When the server has not stored a recording</source>
        <translation>Quando il server non ha salvato una registrazione</translation>
    </message>
    <message>
        <source>Send as typed</source>
        <translation>Invia come digitato</translation>
    </message>
    <message>
        <source>Turn 00 into +</source>
        <translation>Trasforma 00 in +</translation>
    </message>
    <message>
        <source>Turn + into 00</source>
        <translation>Trasforma + in 00</translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation>Rileva automaticamente</translation>
    </message>
    <message>
        <source>User, file name (older servers)</source>
        <translation>Utente, nome file (server meno recenti)</translation>
    </message>
    <message>
        <source>User, call id, file name (newer servers)</source>
        <translation>Utente, ID chiamata, nome file (server più recenti)</translation>
    </message>
    <message>
        <source>When answered</source>
        <translation>Alla risposta</translation>
    </message>
    <message>
        <source>As soon as they ring</source>
        <translation>Appena squillano</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Lingua di sistema</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Disattivato</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>es. %1</translation>
    </message>
    <message>
        <source>No working keyring on this system: the password is asked at each start.</source>
        <translation>Nessun portachiavi funzionante su questo sistema: la password viene chiesta a ogni avvio.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Sfoglia…</translation>
    </message>
    <message>
        <source>Browse</source>
        <translation>Sfoglia</translation>
    </message>
    <message>
        <source>Choose the CA bundle file</source>
        <translation>Scegli il file dei certificati CA</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Prova in corso…</translation>
    </message>
    <message>
        <source>CA bundle</source>
        <translation>Certificati CA</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Certificati (*.pem *.crt *.cer);;Tutti i file (*)</translation>
    </message>
    <message>
        <source>Forget remembered tags (%1)</source>
        <translation>Dimentica le classificazioni salvate (%1)</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>in call with %1, recording</source>
        <translation>in chiamata con %1, in registrazione</translation>
    </message>
    <message>
        <source>in call with %1</source>
        <translation>in chiamata con %1</translation>
    </message>
    <message>
        <source>dialling %1</source>
        <translation>chiamata a %1 in corso</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>pronto</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>connessione in corso</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>non connesso</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 su %2</translation>
    </message>
    <message>
        <source>[demo]</source>
        <translation>[demo]</translation>
    </message>
    <message>
        <source>TVox Panel — %1</source>
        <translation>TVox Panel — %1</translation>
    </message>
    <message>
        <source>Dial from clipboard (%1 numbers)</source>
        <translation>Chiama dagli appunti (%1 numeri)</translation>
    </message>
    <message>
        <source>Dial %1 from clipboard</source>
        <translation>Chiama %1 dagli appunti</translation>
    </message>
    <message>
        <source>No phone number in the clipboard</source>
        <translation>Nessun numero di telefono negli appunti</translation>
    </message>
    <message>
        <source>Recent numbers</source>
        <translation>Numeri recenti</translation>
    </message>
    <message>
        <source>Redial %1</source>
        <translation>Richiama %1</translation>
    </message>
    <message>
        <source>Redial last</source>
        <translation>Richiama l&apos;ultimo numero</translation>
    </message>
    <message>
        <source>Stop recording</source>
        <translation>Interrompi registrazione</translation>
    </message>
    <message>
        <source>Start recording</source>
        <translation>Avvia registrazione</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Riaggancia</translation>
    </message>
    <message>
        <source>Hide panel</source>
        <translation>Nascondi pannello</translation>
    </message>
    <message>
        <source>Show panel</source>
        <translation>Mostra pannello</translation>
    </message>
    <message>
        <source>Log in…</source>
        <translation>Accedi…</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>Riconnetti</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Impostazioni…</translation>
    </message>
    <message>
        <source>Start when I log in</source>
        <translation>Avvia all&apos;accesso</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Esci</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Type a number to call.</source>
        <translation>Digita un numero da chiamare.</translation>
    </message>
    <message>
        <source>This is not a phone number.</source>
        <translation>Questo non è un numero di telefono.</translation>
    </message>
    <message>
        <source>The number contains control characters or line breaks.</source>
        <translation>Il numero contiene caratteri di controllo o a capo.</translation>
    </message>
    <message>
        <source>Pauses and tones (&apos;;&apos; or &apos;,&apos;) cannot be dialled.</source>
        <translation>Pause e toni (&apos;;&apos; o &apos;,&apos;) non si possono comporre.</translation>
    </message>
    <message>
        <source>The number contains letters.</source>
        <translation>Il numero contiene lettere.</translation>
    </message>
    <message>
        <source>The number contains a character that cannot be dialled.</source>
        <translation>Il numero contiene un carattere che non si può comporre.</translation>
    </message>
    <message>
        <source>&apos;+&apos; may only stand at the start of the number.</source>
        <translation>Il &apos;+&apos; può stare solo all&apos;inizio del numero.</translation>
    </message>
    <message>
        <source>&apos;*&apos; and &apos;#&apos; cannot be part of an international number.</source>
        <translation>&apos;*&apos; e &apos;#&apos; non possono far parte di un numero internazionale.</translation>
    </message>
    <message>
        <source>The number has no digits.</source>
        <translation>Il numero non contiene cifre.</translation>
    </message>
    <message>
        <source>The number is too long (at most 32 digits).</source>
        <translation>Il numero è troppo lungo (al massimo 32 cifre).</translation>
    </message>
    <message>
        <source>This kind of link cannot be dialled.</source>
        <translation>Questo tipo di collegamento non si può chiamare.</translation>
    </message>
    <message>
        <source>The link does not hold a phone number.</source>
        <translation>Il collegamento non contiene un numero di telefono.</translation>
    </message>
    <message>
        <source>The link is malformed.</source>
        <translation>Il collegamento non è valido.</translation>
    </message>
    <message>
        <source>The number settings are invalid.</source>
        <translation>Le impostazioni dei numeri non sono valide.</translation>
    </message>
    <message>
        <source>This number cannot be dialled.</source>
        <translation>Questo numero non si può chiamare.</translation>
    </message>
    <message>
        <source>The server address is not valid: {0}</source>
        <translation>L&apos;indirizzo del server non è valido: {0}</translation>
    </message>
    <message>
        <source>The recording name template is not valid: {0}</source>
        <translation>Il modello del nome della registrazione non è valido: {0}</translation>
    </message>
    <message>
        <source>The CA certificate file cannot be used: {0} ({1}).</source>
        <translation>Il file dei certificati CA non è utilizzabile: {0} ({1}).</translation>
    </message>
    <message>
        <source>The server refuses this user&apos;s requests right after login: check that the user has Supervisor rights.</source>
        <translation>Il server rifiuta le richieste di questo utente subito dopo l&apos;accesso: verifica che abbia i diritti di supervisore.</translation>
    </message>
    <message>
        <source>Login refused: check the user name and password.</source>
        <translation>Accesso rifiutato: controlla nome utente e password.</translation>
    </message>
    <message>
        <source>No answer from the server: the request may have been carried out.</source>
        <translation>Nessuna risposta dal server: la richiesta potrebbe essere stata eseguita.</translation>
    </message>
    <message>
        <source>Cannot connect securely: the server certificate was not accepted.</source>
        <translation>Impossibile connettersi in modo sicuro: il certificato del server non è stato accettato.</translation>
    </message>
    <message>
        <source>Cannot reach the TVox server.</source>
        <translation>Impossibile raggiungere il server TVox.</translation>
    </message>
    <message>
        <source>The TVox server is in trouble (HTTP {0}).</source>
        <translation>Il server TVox ha un problema (HTTP {0}).</translation>
    </message>
    <message>
        <source>The server gave an answer the panel does not understand.</source>
        <translation>Il server ha dato una risposta che il pannello non comprende.</translation>
    </message>
    <message>
        <source>The call is over.</source>
        <translation>La chiamata è terminata.</translation>
    </message>
    <message>
        <source>The server refused the request&apos;s parameters.</source>
        <translation>Il server ha rifiutato i parametri della richiesta.</translation>
    </message>
    <message>
        <source>This TVox server does not offer this function.</source>
        <translation>Questo server TVox non offre questa funzione.</translation>
    </message>
    <message>
        <source>The server refused: {0}</source>
        <translation>Il server ha rifiutato: {0}</translation>
    </message>
    <message>
        <source>Unexpected error: {0}</source>
        <translation>Errore imprevisto: {0}</translation>
    </message>
</context>
<context>
    <name>tvox-call</name>
    <message>
        <source>Place and record TVox calls from a shell.</source>
        <translation>Effettua e registra chiamate TVox dal terminale.</translation>
    </message>
    <message>
        <source>TVox server: host, https://host or the full WebAPI URL</source>
        <translation>server TVox: host, https://host o l&apos;URL completo della WebAPI</translation>
    </message>
    <message>
        <source>WebAPI login user</source>
        <translation>utente di accesso alla WebAPI</translation>
    </message>
    <message>
        <source>agent whose phone places the call (default: --user)</source>
        <translation>operatore dal cui telefono parte la chiamata (predefinito: --user)</translation>
    </message>
    <message>
        <source>seconds a request may take in all, whatever the server does</source>
        <translation>secondi che una richiesta può durare in tutto, qualunque cosa faccia il server</translation>
    </message>
    <message>
        <source>proxy URL, or none (default: the system&apos;s proxy settings)</source>
        <translation>URL del proxy, oppure none (predefinito: le impostazioni proxy del sistema)</translation>
    </message>
    <message>
        <source>print log lines on standard error</source>
        <translation>stampa le righe di log sullo standard error</translation>
    </message>
    <message>
        <source>do not verify TLS certificates</source>
        <translation>non verificare i certificati TLS</translation>
    </message>
    <message>
        <source>CA bundle for the server certificate</source>
        <translation>certificati CA per il certificato del server</translation>
    </message>
    <message>
        <source>print results as JSON</source>
        <translation>stampa i risultati in JSON</translation>
    </message>
    <message>
        <source>read the password from standard input</source>
        <translation>legge la password dall&apos;input standard</translation>
    </message>
    <message>
        <source>server and WebAPI version</source>
        <translation>versione del server e della WebAPI</translation>
    </message>
    <message>
        <source>check credentials; print user and roles</source>
        <translation>verifica le credenziali; stampa utente e ruoli</translation>
    </message>
    <message>
        <source>place a call; print its call id</source>
        <translation>effettua una chiamata; stampa l&apos;ID della chiamata</translation>
    </message>
    <message>
        <source>record the call from the start</source>
        <translation>registra la chiamata dall&apos;inizio</translation>
    </message>
    <message>
        <source>recording file name</source>
        <translation>nome del file di registrazione</translation>
    </message>
    <message>
        <source>start recording</source>
        <translation>avvia la registrazione</translation>
    </message>
    <message>
        <source>stop recording</source>
        <translation>interrompe la registrazione</translation>
    </message>
    <message>
        <source>hang up a call</source>
        <translation>riaggancia una chiamata</translation>
    </message>
    <message>
        <source>the agent&apos;s current service calls</source>
        <translation>le chiamate di servizio in corso dell&apos;operatore</translation>
    </message>
    <message>
        <source>search recorded calls</source>
        <translation>cerca le chiamate registrate</translation>
    </message>
    <message>
        <source>from (default: today)</source>
        <translation>da (predefinito: oggi)</translation>
    </message>
    <message>
        <source>to (default: now)</source>
        <translation>a (predefinito: adesso)</translation>
    </message>
    <message>
        <source>part of the recording file name</source>
        <translation>parte del nome del file di registrazione</translation>
    </message>
    <message>
        <source>for each recorded call in the panel&apos;s log: verified, pending or missing</source>
        <translation>per ogni chiamata registrata nel registro del pannello: verificata, in attesa o mancante</translation>
    </message>
    <message>
        <source>not a date: {0} (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)</source>
        <translation>non è una data: {0} (usa AAAA-MM-GG o AAAA-MM-GGTHH:MM)</translation>
    </message>
    <message>
        <source>no password on standard input</source>
        <translation>nessuna password sull&apos;input standard</translation>
    </message>
    <message>
        <source>Password for {0}: </source>
        <translation>Password di {0}: </translation>
    </message>
    <message>
        <source>no password given</source>
        <translation>nessuna password inserita</translation>
    </message>
    <message>
        <source>no password: set TVOX_PASSWORD, use --password-stdin or save it in the panel</source>
        <translation>nessuna password: imposta TVOX_PASSWORD, usa --password-stdin o salvala nel pannello</translation>
    </message>
    <message>
        <source>no server: give --url or configure the panel</source>
        <translation>nessun server: indica --url o configura il pannello</translation>
    </message>
    <message>
        <source>no user: give --user or configure the panel</source>
        <translation>nessun utente: indica --user o configura il pannello</translation>
    </message>
    <message>
        <source>--timeout must be between 0 and 300 seconds</source>
        <translation>--timeout deve essere tra 0 e 300 secondi</translation>
    </message>
    <message>
        <source>CA bundle not found: {0}</source>
        <translation>certificati CA non trovati: {0}</translation>
    </message>
    <message>
        <source>--proxy must be a URL such as http://host:port, or none</source>
        <translation>--proxy deve essere un URL come http://host:porta, oppure none</translation>
    </message>
    <message>
        <source>bad server address: {0}</source>
        <translation>indirizzo del server non valido: {0}</translation>
    </message>
    <message>
        <source>cannot use the CA bundle {0}: {1}</source>
        <translation>impossibile usare il file CA {0}: {1}</translation>
    </message>
    <message>
        <source>warning: {0}</source>
        <translation>attenzione: {0}</translation>
    </message>
    <message>
        <source>TVox {0}, WebAPI {1}</source>
        <translation>TVox {0}, WebAPI {1}</translation>
    </message>
    <message>
        <source>cannot dial {0!r}: {1}</source>
        <translation>impossibile chiamare {0!r}: {1}</translation>
    </message>
    <message>
        <source>cannot dial {0!r}: a phone number has at most 15 digits</source>
        <translation>impossibile chiamare {0!r}: un numero di telefono ha al massimo 15 cifre</translation>
    </message>
    <message>
        <source>call placed (no call id returned)</source>
        <translation>chiamata effettuata (nessun ID chiamata restituito)</translation>
    </message>
    <message>
        <source>recording</source>
        <translation>registrazione avviata</translation>
    </message>
    <message>
        <source>recording stopped</source>
        <translation>registrazione interrotta</translation>
    </message>
    <message>
        <source>hung up</source>
        <translation>riagganciato</translation>
    </message>
    <message>
        <source>no current calls</source>
        <translation>nessuna chiamata in corso</translation>
    </message>
    <message>
        <source>the recording name template is not valid: {0}</source>
        <translation>il modello del nome della registrazione non è valido: {0}</translation>
    </message>
    <message>
        <source>--to is before --from</source>
        <translation>--to è precedente a --from</translation>
    </message>
    <message>
        <source>no recordings</source>
        <translation>nessuna registrazione</translation>
    </message>
    <message>
        <source>no call log yet: {0}</source>
        <translation>ancora nessun registro chiamate: {0}</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>verificata</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>in attesa</translation>
    </message>
    <message>
        <source>MISSING</source>
        <translation>MANCANTE</translation>
    </message>
    <message>
        <source>no recorded calls in the panel&apos;s log</source>
        <translation>nessuna chiamata registrata nel registro del pannello</translation>
    </message>
    <message>
        <source>authentication failed: {0}</source>
        <translation>autenticazione non riuscita: {0}</translation>
    </message>
    <message>
        <source>no answer, the request may have been carried out: {0}</source>
        <translation>nessuna risposta, la richiesta potrebbe essere stata eseguita: {0}</translation>
    </message>
    <message>
        <source>server unreachable: {0}</source>
        <translation>server non raggiungibile: {0}</translation>
    </message>
    <message>
        <source>unexpected answer from the server: {0}</source>
        <translation>risposta inattesa dal server: {0}</translation>
    </message>
    <message>
        <source>the server refused: {0}</source>
        <translation>il server ha rifiutato: {0}</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>interrotto</translation>
    </message>
    <message>
        <source>cannot read local files: {0}</source>
        <translation>impossibile leggere i file locali: {0}</translation>
    </message>
    <message>
        <source>failed, the request may have been carried out: {0}</source>
        <translation>non riuscito, la richiesta potrebbe essere stata eseguita: {0}</translation>
    </message>
</context>
<context>
    <name>tvox-panel</name>
    <message>
        <source>the panel closed the connection without answering</source>
        <translation>il pannello ha chiuso la connessione senza rispondere</translation>
    </message>
    <message>
        <source>the panel sent an answer that is not JSON</source>
        <translation>il pannello ha inviato una risposta che non è JSON</translation>
    </message>
    <message>
        <source>the panel sent an answer that is not a JSON object</source>
        <translation>il pannello ha inviato una risposta che non è un oggetto JSON</translation>
    </message>
    <message>
        <source>no panel is running</source>
        <translation>nessun pannello in esecuzione</translation>
    </message>
    <message>
        <source>the panel did not answer within {0} s</source>
        <translation>il pannello non ha risposto entro {0} s</translation>
    </message>
    <message>
        <source>cannot reach the panel: {0}</source>
        <translation>impossibile raggiungere il pannello: {0}</translation>
    </message>
    <message>
        <source>a link takes no further arguments</source>
        <translation>un collegamento non accetta altri argomenti</translation>
    </message>
    <message>
        <source>dial needs a number</source>
        <translation>dial richiede un numero</translation>
    </message>
    <message>
        <source>dial-text needs a text</source>
        <translation>dial-text richiede un testo</translation>
    </message>
    <message>
        <source>the text is too long (at most {0} bytes)</source>
        <translation>il testo è troppo lungo (al massimo {0} byte)</translation>
    </message>
    <message>
        <source>{0} takes no arguments</source>
        <translation>{0} non accetta argomenti</translation>
    </message>
    <message>
        <source>record needs on, off or toggle</source>
        <translation>record richiede on, off o toggle</translation>
    </message>
    <message>
        <source>status takes only --json</source>
        <translation>status accetta solo --json</translation>
    </message>
    <message>
        <source>{0} on {1}</source>
        <translation>{0} su {1}</translation>
    </message>
    <message>
        <source>in call with {0}, recording</source>
        <translation>in chiamata con {0}, in registrazione</translation>
    </message>
    <message>
        <source>in call with {0}</source>
        <translation>in chiamata con {0}</translation>
    </message>
    <message>
        <source>unknown number</source>
        <translation>numero sconosciuto</translation>
    </message>
    <message>
        <source>dialling {0}</source>
        <translation>chiamata a {0} in corso</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>pronto</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>connessione in corso</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>non connesso</translation>
    </message>
    <message>
        <source>; last error: {0}</source>
        <translation>; ultimo errore: {0}</translation>
    </message>
    <message>
        <source>the panel was stopped by signal {0}</source>
        <translation>il pannello è stato fermato dal segnale {0}</translation>
    </message>
    <message>
        <source>the panel exited with code {0}</source>
        <translation>il pannello è uscito con codice {0}</translation>
    </message>
    <message>
        <source>the panel did not start within {0} s</source>
        <translation>il pannello non si è avviato entro {0} s</translation>
    </message>
    <message>
        <source>the panel refused the command</source>
        <translation>il pannello ha rifiutato il comando</translation>
    </message>
    <message>
        <source>TVox Panel cannot start: {0}</source>
        <translation>TVox Panel non può avviarsi: {0}</translation>
    </message>
    <message>
        <source>a panel is already running; it was brought to the front</source>
        <translation>un pannello è già in esecuzione ed è stato portato in primo piano</translation>
    </message>
    <message>
        <source>{0} is not set</source>
        <translation>{0} non è impostata</translation>
    </message>
    <message>
        <source>the {0} platform plugin cannot be loaded</source>
        <translation>il plugin di piattaforma {0} non si può caricare</translation>
    </message>
    <message>
        <source>the {0} platform plugin needs libraries that are missing: {1}</source>
        <translation>al plugin di piattaforma {0} mancano queste librerie: {1}</translation>
    </message>
    <message>
        <source>no X server answers on DISPLAY {0}</source>
        <translation>nessun server X risponde su DISPLAY {0}</translation>
    </message>
    <message>
        <source>no Wayland compositor at {0}</source>
        <translation>nessun compositor Wayland su {0}</translation>
    </message>
    <message>
        <source>neither DISPLAY nor WAYLAND_DISPLAY is set</source>
        <translation>né DISPLAY né WAYLAND_DISPLAY sono impostate</translation>
    </message>
    <message>
        <source>no usable display: {0}</source>
        <translation>nessuno schermo utilizzabile: {0}</translation>
    </message>
    <message>
        <source>Qt cannot open a window without these libraries: {0}. Install them: sudo apt-get install {1}</source>
        <translation>Qt non può aprire finestre senza queste librerie: {0}. Installale: sudo apt-get install {1}</translation>
    </message>
    <message>
        <source>the panel sent an unreadable event</source>
        <translation>il pannello ha inviato un evento illeggibile</translation>
    </message>
    <message>
        <source>events takes only --json</source>
        <translation>events accetta solo --json</translation>
    </message>
</context>
</TS>
