"""Page views of appeals, by audience: ``staff`` (the console's queue and an appeal's page) and ``member`` (the
phone site's pages, for logged-in members and for workers who prove their mobile number with a texted code)."""
