"""Data shipped with the app: service catalog, wilayah codes, translations, demo media."""

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent
