"""The app around the tabs: the main window, settings, tray, Help, start-up pieces."""
