"""monitor: an event-sourced news-monitoring daemon with alerts."""

__version__ = "0.1.0"
