from wagtail import hooks

from accounts.admin_users import STAFF_BULK_ACTIONS

# After Wagtail's own user bulk actions (order 0), so these replace them in the registry.
for action_class in STAFF_BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class, order=100)
