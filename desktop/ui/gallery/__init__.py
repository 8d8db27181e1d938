"""The Gallery tab: the grid, the info panel, the viewer, links and downloads."""
