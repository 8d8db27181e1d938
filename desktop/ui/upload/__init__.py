"""The Upload tab: the queue's list, its rows, the totals, adding files."""
