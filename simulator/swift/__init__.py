"""Swift runtime semantics that the analytics-swift and Intercom plugin ports depend on."""
