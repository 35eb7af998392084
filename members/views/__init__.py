"""Page views of the members app, by audience: ``staff`` (the console's roster, transfers, join applications and
imports/exports), ``member`` (a logged-in member's pages on the phone site) and ``public`` (joining online, the
set-password link and the card check, with no login)."""
