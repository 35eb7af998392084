"""Page views of activities, by audience: ``staff`` (the console), ``member`` (the phone site), ``partner`` (the
partner portal)."""
