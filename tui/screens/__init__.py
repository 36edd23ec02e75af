"""The app's screens: one per view, each owning its keys and handlers."""
