"""The domain and its storage. Nothing here imports Qt."""
