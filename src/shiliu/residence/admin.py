"""Nothing of this app is in the Django admin, on purpose: a declaration holds a resident's
personal data, and none of the three administrator duties (三员) reaches residents' records.
Declarations are read and confirmed in the workbench, with its scopes and its audit trail; what
configures them is in `org`'s admin (the tree, and the service points with names per language)
and `privacy`'s (the notice on residence declarations)."""
