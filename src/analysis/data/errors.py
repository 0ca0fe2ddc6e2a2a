"""Errors of the data layer (own module so that datasets and schemas do not import each other)."""


class DatasetIntegrityError(ValueError):
    """A dataset differs from its manifest entry (shape, columns, checksum or schema)."""


class DatasetVersionWarning(UserWarning):
    """The installed source package is not the version pinned in the manifest."""


class UnknownDatasetError(KeyError, ValueError):
    """A dataset name that is not in the manifest."""

    def __str__(self) -> str:  # KeyError quotes its message; we want plain text
        return str(self.args[0])
