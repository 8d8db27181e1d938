"""Memory-card import: the mount poll, the File menu's offer, the import dialog."""
