"""Presacral Consult: a consultation aid for presacral (retrorectal) tumors."""

__version__ = "0.3.0"
APP_NAME = "Presacral Consult"
ORG_NAME = "PresacralConsult"
