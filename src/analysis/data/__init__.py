"""Data layer: the public-datasets manifest and schemas, and the Chinese reports dataset."""
