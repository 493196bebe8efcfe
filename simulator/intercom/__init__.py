"""The Intercom destination plugin port and the simulated Intercom iOS SDK."""
