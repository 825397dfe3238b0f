"""crowdgallery: a static-site generator for crowdsourcing galleries."""

__version__ = "0.1.0"
