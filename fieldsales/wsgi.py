"""WSGI entry point for gunicorn: `gunicorn fieldsales.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fieldsales.settings")
application = get_wsgi_application()
