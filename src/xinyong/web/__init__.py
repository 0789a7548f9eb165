"""The web: portal pages and the JSON API over one app factory."""
