"""Page views of orgs: the console's (``staff``) union tree and enterprise directory."""
