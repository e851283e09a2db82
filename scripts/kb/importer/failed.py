"""The one exception of the importer: its text is the Chinese message for the organiser."""


class ImportFailed(Exception):
    """Nothing was written; str(exc) says why, in Chinese, naming the file."""
