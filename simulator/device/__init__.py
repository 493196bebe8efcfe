"""The simulated phone: profile, virtual clock, storage and app lifecycle."""

from simulator.device.clock import VirtualClock
from simulator.device.device import AppProcess, Device, LifecycleError
from simulator.device.profile import DeviceProfile
from simulator.device.storage import DeviceStorage, UserDefaults

__all__ = [
    "AppProcess",
    "Device",
    "DeviceProfile",
    "DeviceStorage",
    "LifecycleError",
    "UserDefaults",
    "VirtualClock",
]
