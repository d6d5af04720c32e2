"""Events core announces for the apps above it, so that core itself imports none of them."""

from django.dispatch import Signal

# An addition, change or deletion made in the admin (`core.admin_site`). Sent with the model class
# as sender and `request`, `obj`, `action` ("create", "change" or "delete") and `detail` (field
# names, never values). The audit app records every one; a receiver that fails stops the change.
admin_changed = Signal()
