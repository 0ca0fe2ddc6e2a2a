"""Re-employment analysis: the Jiamusi 2003 speech as data, and the evidence on its levers."""

__version__ = "0.1.0"
