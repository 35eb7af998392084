"""The console pages of the members app: ``roster`` (members and transfers), ``applications`` (reviewing join
applications) and ``io`` (roster imports and exports)."""
