"""The console pages of activities: ``activities`` (list, edit, lifecycle, review), ``series`` (series, partners,
proposals), ``results`` (the draw and the export) and ``checkin`` (the check-in desk and the screen)."""
