"""Small widgets and helpers every part uses (no app state)."""
