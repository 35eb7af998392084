"""The staff API of the members app: ``members`` (the roster and e-member cards, ``/members``), ``transfers``
(``/transfers``), ``applications`` (reviewing join applications) and ``io`` (roster imports and exports)."""
