"""
The bench's Wagtail baseline: Wagtail's project template trimmed to one page model with a
rich-text body, served by Wagtail's own page view. It runs from its own venv
(.venv/wagtail, made by bench/baselines/serve.py) and never ships.
"""
