"""The console pages of orgs: ``orgs`` (the union tree: browse, create, edit, move, dissolve) and ``enterprises``
(the enterprise directory)."""
