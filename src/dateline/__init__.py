"""dateline: who did what to whom, when and where, and who said what, from news articles."""

__version__ = "0.1.0"
