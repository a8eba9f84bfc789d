"""The window: tabs, dialogs and table models over the services in ``model``."""
