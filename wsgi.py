"""Entry point for production servers: ``gunicorn wsgi:app``."""
from classroom import create_app

app = create_app()
