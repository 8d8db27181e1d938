"""The Qt side of the Qt-free client: the Service the views call, its worker tasks,
and the picture loaders (results reach the views as signals)."""
