"""The analytics-swift release this SDK re-creates, reported in ``context.library``."""

LIBRARY_NAME = "analytics-swift"
LIBRARY_VERSION = "1.9.4"
USER_AGENT = f"analytics-ios/{LIBRARY_VERSION}"
