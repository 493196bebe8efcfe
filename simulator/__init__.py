"""Simulated iPhone running Segment's analytics-swift with the Intercom destination plugin.

The package runs YAML scenarios through a Python re-creation of analytics-swift, a port of
analytics-swift-intercom 1.0.1, a simulated Intercom iOS SDK and a fake Intercom workspace
behind respx, and reports every event, SDK call and HTTP request of the run.
"""

__version__ = "0.1.0"
